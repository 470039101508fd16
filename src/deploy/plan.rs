//! The S3 sync plan, pure: local objects (content hash + headers) against what the bucket holds
//! (our stored hash + its headers) -> uploads, updates, unchanged and deletes; and the delete cap.
//!
//! The comparison never uses ETags or sizes or mtimes: ETags are not content hashes for
//! multipart or encrypted objects, and a same-size edit after a fresh checkout has an older
//! mtime, and a re-deploy with nothing changed must upload nothing. Headers are compared too,
//! so a Content-Type or Cache-Control change alone is re-uploaded.

use super::headers::Headers;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A local object as it should be in the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wanted {
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    pub headers: Headers,
    pub size: usize,
}

/// What the bucket holds for one key (from a HEAD request).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stored {
    /// Our hash from the object's metadata; `None` when it was not uploaded by kumo-deck.
    pub sha256: Option<String>,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
}

/// Why an existing object is uploaded again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Content,
    Headers,
    /// No kumo-deck hash in its metadata: the content cannot be compared.
    Unverified,
}

/// The sync plan. Keys are relative to the prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Keys absent from the bucket.
    pub new: Vec<String>,
    pub(crate) updates: Vec<(String, Change)>,
    pub unchanged: Vec<String>,
    /// Keys under the prefix with no local file (only with `--delete`).
    pub deletes: Vec<String>,
    /// Stale objects `--delete` leaves in place: (full key, why).
    pub kept: Vec<(String, String)>,
    /// Objects under the prefix before the run.
    pub(crate) remote_count: usize,
}

/// Limits on deletes: a plan deleting more than these fails unless `--max-deletes`/`--force`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeleteCap {
    /// Largest share of the objects under the prefix one run may delete (0..=1).
    pub max_share: f64,
    /// Largest number of objects one run may delete.
    pub max_count: usize,
    /// Delete past both limits.
    pub force: bool,
}

impl Default for DeleteCap {
    fn default() -> Self {
        DeleteCap {
            max_share: 0.5,
            max_count: 256,
            force: false,
        }
    }
}

/// Compare `local` with `remote`; stale remote keys are planned for deletion only if `delete`.
pub(crate) fn diff(
    local: &BTreeMap<String, Wanted>,
    remote: &BTreeMap<String, Stored>,
    delete: bool,
) -> Plan {
    let mut plan = Plan {
        remote_count: remote.len(),
        ..Plan::default()
    };
    for (key, want) in local {
        match remote.get(key) {
            None => plan.new.push(key.clone()),
            Some(have) => match change(want, have) {
                Some(c) => plan.updates.push((key.clone(), c)),
                None => plan.unchanged.push(key.clone()),
            },
        }
    }
    if delete {
        plan.deletes = remote
            .keys()
            .filter(|k| !local.contains_key(*k))
            .cloned()
            .collect();
    }
    plan
}

fn change(want: &Wanted, have: &Stored) -> Option<Change> {
    match &have.sha256 {
        None => Some(Change::Unverified),
        Some(h) if !h.eq_ignore_ascii_case(&want.sha256) => Some(Change::Content),
        Some(_)
            if have.content_type.as_deref() != Some(&want.headers.content_type)
                || have.cache_control.as_deref() != Some(&want.headers.cache_control) =>
        {
            Some(Change::Headers)
        }
        Some(_) => None,
    }
}

impl Plan {
    /// Keys to upload, in a safe order: everything but HTML first, then HTML, the root
    /// `index.html` last, so a page is never live before the assets it links to.
    pub(crate) fn upload_order(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.new.to_vec();
        keys.extend(self.updates.iter().map(|(k, _)| k.clone()));
        keys.sort_by_key(|k| {
            let html = k.ends_with(".html") || k.ends_with(".htm");
            (html, k == "index.html", k.clone())
        });
        keys
    }

    /// Move the planned deletes that `keep` gives a reason for (as `(full key, why)`) to `kept`.
    pub(crate) fn keep(&mut self, keep: impl Fn(&str) -> Option<(String, String)>) {
        let (kept, deletes): (Vec<String>, Vec<String>) =
            self.deletes.drain(..).partition(|k| keep(k).is_some());
        self.kept.extend(kept.iter().filter_map(|k| keep(k)));
        self.deletes = deletes;
    }

    /// Refuse deletes above the cap unless forced.
    pub(crate) fn check_deletes(&self, cap: &DeleteCap) -> Result<(), Diagnostic> {
        let n = self.deletes.len();
        if n == 0 || cap.force {
            return Ok(());
        }
        let share = n as f64 / self.remote_count.max(1) as f64;
        if n <= cap.max_count && share <= cap.max_share {
            return Ok(());
        }
        Err(Diagnostic::error(format!(
            "refusing to delete {n} of the {} objects under the prefix ({:.0}%; the limit is {:.0}% \
             and {} objects); nothing was changed",
            self.remote_count,
            share * 100.0,
            cap.max_share * 100.0,
            cap.max_count
        ))
        .hint("check the bucket and prefix, run with --dry-run to see the list, then pass --force (or raise --max-delete-share / --max-deletes)"))
    }

    /// One line per key, for `--dry-run`: `+` new, `~` update (with the reason), `-` delete,
    /// `=` unchanged; uploads show the headers they will carry.
    pub(crate) fn render(&self, local: &BTreeMap<String, Wanted>) -> String {
        let mut out = String::new();
        let meta = |k: &str| {
            local.get(k).map_or(String::new(), |w| {
                format!(
                    "  [{}; {}; {} B]",
                    w.headers.content_type, w.headers.cache_control, w.size
                )
            })
        };
        // Keys may come from whoever else wrote to the bucket: no raw control characters.
        let shown = |k: &str| crate::util::escape_controls(k, false).into_owned();
        for k in &self.new {
            let _ = writeln!(out, "+ upload     {k}{}", meta(k));
        }
        for (k, c) in &self.updates {
            let why = match c {
                Change::Content => "content",
                Change::Headers => "headers",
                Change::Unverified => "no hash",
            };
            let _ = writeln!(out, "~ update     {k} ({why}){}", meta(k));
        }
        for k in &self.deletes {
            let _ = writeln!(out, "- delete     {}", shown(k));
        }
        for (k, why) in &self.kept {
            let _ = writeln!(out, "! kept       {}  ({why})", shown(k));
        }
        for k in &self.unchanged {
            let _ = writeln!(out, "= unchanged  {k}");
        }
        let _ = write!(out, "{}", self.counts());
        out
    }

    /// `N new, N updated, N deleted, N unchanged`.
    pub(crate) fn counts(&self) -> String {
        let kept = match self.kept.len() {
            0 => String::new(),
            n => format!(", {n} kept"),
        };
        format!(
            "{} new, {} updated, {} deleted, {} unchanged{kept}",
            self.new.len(),
            self.updates.len(),
            self.deletes.len(),
            self.unchanged.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(sha: &str, ct: &str) -> Wanted {
        Wanted {
            sha256: sha.into(),
            headers: Headers {
                content_type: ct.into(),
                cache_control: "no-cache".into(),
            },
            size: 1,
        }
    }

    fn stored(sha: Option<&str>, ct: &str) -> Stored {
        Stored {
            sha256: sha.map(str::to_string),
            content_type: Some(ct.into()),
            cache_control: Some("no-cache".into()),
        }
    }

    #[test]
    fn diff_classifies_every_key() {
        let local: BTreeMap<_, _> = [
            ("a.html", want("1", "text/html")),
            ("b.css", want("2", "text/css")),
            ("c.js", want("3", "text/javascript")),
            ("d.txt", want("4", "text/plain")),
            ("e.txt", want("5", "text/plain")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let remote: BTreeMap<_, _> = [
            ("b.css", stored(Some("2"), "text/css")),
            ("c.js", stored(Some("X"), "text/javascript")),
            ("d.txt", stored(Some("4"), "application/octet-stream")),
            ("e.txt", stored(None, "text/plain")),
            ("old.html", stored(Some("9"), "text/html")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let p = diff(&local, &remote, true);
        assert_eq!(p.new, ["a.html"]);
        assert_eq!(
            p.updates,
            [
                ("c.js".to_string(), Change::Content),
                ("d.txt".to_string(), Change::Headers),
                ("e.txt".to_string(), Change::Unverified)
            ]
        );
        assert_eq!(p.unchanged, ["b.css"]);
        assert_eq!(p.deletes, ["old.html"]);
        assert!(diff(&local, &remote, false).deletes.is_empty());
    }

    #[test]
    fn html_uploads_last_and_root_index_very_last() {
        let p = Plan {
            new: vec![
                "index.html".into(),
                "ja/index.html".into(),
                "assets/x.css".into(),
            ],
            updates: vec![("a.pdf".into(), Change::Content)],
            ..Plan::default()
        };
        assert_eq!(
            p.upload_order(),
            ["a.pdf", "assets/x.css", "ja/index.html", "index.html"]
        );
    }

    #[test]
    fn delete_cap_by_share_and_count() {
        let plan = |deletes: usize, remote_count: usize| Plan {
            deletes: (0..deletes).map(|i| i.to_string()).collect(),
            remote_count,
            ..Plan::default()
        };
        let cap = DeleteCap::default();
        assert!(plan(5, 10).check_deletes(&cap).is_ok());
        assert!(plan(6, 10).check_deletes(&cap).is_err());
        assert!(plan(257, 10_000).check_deletes(&cap).is_err());
        let forced = DeleteCap { force: true, ..cap };
        assert!(plan(10, 10).check_deletes(&forced).is_ok());
    }
}
