//! What a rebuild changed, for the browser: nothing, only stylesheets (swapped in place), or
//! anything else (a reload).

use crate::site::Site;
use crate::util::fingerprint::Fingerprint;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How the browser should take a new build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Change {
    /// Byte-identical output: nothing to tell.
    Unchanged,
    /// Only stylesheets changed: `[old site path, new site path]` pairs.
    Css(Vec<(String, String)>),
    /// Anything else.
    Reload,
}

/// Compare two builds. A stylesheet swap is chosen only when every changed source file is a
/// theme `.css` file *and* the outputs differ by nothing but those stylesheets and the
/// fingerprinted links to them; any doubt means a reload.
pub(super) fn classify(old: &Site, new: &Site, changed: &[PathBuf]) -> Change {
    if old == new {
        return Change::Unchanged;
    }
    if changed.is_empty() || !changed.iter().all(|p| is_theme_css(p)) {
        return Change::Reload;
    }
    match css_swaps(old, new) {
        Some(swaps) if !swaps.is_empty() && explained_by(old, new, &swaps) => Change::Css(swaps),
        _ => Change::Reload,
    }
}

fn is_theme_css(p: &Path) -> bool {
    p.starts_with("themes") && p.extension().is_some_and(|e| e == "css")
}

/// Pair each stylesheet that disappeared with the one that appeared under the same name.
fn css_swaps(old: &Site, new: &Site) -> Option<Vec<(String, String)>> {
    let gone: Vec<&String> = old
        .files
        .keys()
        .filter(|k| k.ends_with(".css") && !new.files.contains_key(*k))
        .collect();
    let mut came: BTreeSet<&String> = new
        .files
        .keys()
        .filter(|k| k.ends_with(".css") && !old.files.contains_key(*k))
        .collect();
    let mut swaps = Vec::new();
    for g in gone {
        let partner = *came.iter().find(|c| unhashed(c) == unhashed(g))?;
        came.remove(partner);
        swaps.push((g.clone(), partner.clone()));
    }
    came.is_empty().then_some(swaps)
}

/// `assets/deck.1a2b3c4d5e.css` -> `assets/deck.css` (a name without a fingerprint is itself).
fn unhashed(path: &str) -> String {
    Fingerprint::parse(path).map_or_else(|| path.to_string(), |(name, _)| name)
}

/// Every other file is identical, or is HTML that becomes identical once the old stylesheet
/// names are replaced by the new ones.
fn explained_by(old: &Site, new: &Site, swaps: &[(String, String)]) -> bool {
    let swapped: BTreeSet<&str> = swaps
        .iter()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    let keys: BTreeSet<&String> = old.files.keys().chain(new.files.keys()).collect();
    keys.into_iter()
        .filter(|k| !swapped.contains(k.as_str()))
        .all(|k| match (old.files.get(k), new.files.get(k)) {
            (Some(a), Some(b)) if a == b => true,
            (Some(a), Some(b)) if k.ends_with(".html") => relinked(a, swaps).as_deref() == Some(b),
            _ => false,
        })
}

fn relinked(html: &[u8], swaps: &[(String, String)]) -> Option<Vec<u8>> {
    let mut text = std::str::from_utf8(html).ok()?.to_string();
    for (a, b) in swaps {
        let (a, b) = (base_name(a), base_name(b));
        text = text.replace(a, b);
    }
    Some(text.into_bytes())
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        let mut s = Site::default();
        for (k, v) in files {
            s.insert(*k, v.as_bytes());
        }
        s
    }

    #[test]
    fn css_only_change_is_a_swap() {
        let old = site(&[
            ("a.html", "<link href=\"assets/deck.aaaaaaaaaa.css\">"),
            ("assets/deck.aaaaaaaaaa.css", "x"),
        ]);
        let new = site(&[
            ("a.html", "<link href=\"assets/deck.bbbbbbbbbb.css\">"),
            ("assets/deck.bbbbbbbbbb.css", "y"),
        ]);
        let changed = [PathBuf::from("themes/default/deck.css")];
        let want = vec![(
            "assets/deck.aaaaaaaaaa.css".to_string(),
            "assets/deck.bbbbbbbbbb.css".to_string(),
        )];
        assert_eq!(classify(&old, &new, &changed), Change::Css(want));
    }

    #[test]
    fn other_differences_reload() {
        let old = site(&[
            ("a.html", "<link href=\"deck.aaaaaaaaaa.css\">A"),
            ("deck.aaaaaaaaaa.css", "x"),
        ]);
        let new = site(&[
            ("a.html", "<link href=\"deck.bbbbbbbbbb.css\">B"),
            ("deck.bbbbbbbbbb.css", "y"),
        ]);
        let css = [PathBuf::from("themes/default/deck.css")];
        assert_eq!(classify(&old, &new, &css), Change::Reload);
        let md = [PathBuf::from("content/en/a.md")];
        assert_eq!(classify(&old, &old.clone(), &md), Change::Unchanged);
        let new2 = site(&[("a.html", "B")]);
        assert_eq!(classify(&old, &new2, &md), Change::Reload);
    }
}
