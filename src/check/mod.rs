//! `kumo-deck check`: the build's diagnostics (run in memory through [`crate::build`], which
//! already checks slide parity and links) plus the checks a build does not need, made over the
//! project the build read ([`crate::pipeline::project`]): Fluent keys across languages and
//! templates, translations behind their source language, the data's age, and the layout.
//!
//! Order of work: build -> data age -> layout -> Fluent -> translation lock (accepting first
//! when asked). Nothing is loaded twice, so nothing is reported twice.

pub(crate) mod diff;
pub(crate) mod fluent;
pub mod layout;
pub mod translations;
pub(crate) mod usage;

// The link check runs inside every build, so it lives with the Site it checks.

use crate::config::BuildOptions;
use crate::diag::{Diagnostic, JsonDiagnostic};
use crate::pipeline::project::Project;
use crate::source::Sources;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use translations::{Accept, Lock, LOCK};

/// What `check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The build that `check` reads (root, output and language choices).
    pub build: BuildOptions,
    /// Record the current source slides in the lock before checking.
    pub accept: Option<Accept>,
    /// The day `check` runs on, for `[check] max_data_age_days` (`None`: no age check).
    pub today: Option<chrono::NaiveDate>,
    /// Also measure every slide in a headless browser (`--layout`).
    pub layout: Option<layout::LayoutOptions>,
}

/// Today's date in UTC from the system clock: `check`'s and `init`'s clock (never the build's).
pub fn today() -> chrono::NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days)))
        .unwrap_or_default()
}

/// Warnings for data older than `[check] max_data_age_days` on `today`.
fn data_age(built: &crate::BuildOutput, today: Option<chrono::NaiveDate>) -> Vec<Diagnostic> {
    let limit = built
        .config
        .as_ref()
        .and_then(|c| c.check.max_data_age_days);
    let (Some(limit), Some(today)) = (limit, today) else {
        return Vec::new();
    };
    let file = |what: &str| match what {
        "lifecycle" => "data/lifecycle.toml",
        _ => "data/pricing.toml",
    };
    built
        .data_as_of
        .iter()
        .filter_map(|(what, as_of)| {
            let age = (today - *as_of).num_days();
            (age > i64::from(limit)).then(|| {
                Diagnostic::warning(format!(
                    "the {what} data is as of {as_of}, {age} days ago: older than \
                     max_data_age_days = {limit} in deck.toml"
                ))
                .in_file(file(what))
                .hint("check the sources and update the figures and their as_of dates")
            })
        })
        .collect()
}

/// The outcome of `check`.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem found, errors and warnings, without duplicates.
    pub diagnostics: Vec<Diagnostic>,
    /// When `--accept` wrote the lock: how many translations it recorded, and where.
    pub accepted: Option<(usize, PathBuf)>,
    /// With `--layout`, when the browser ran: the number of findings of each kind.
    pub layout: Option<BTreeMap<String, usize>>,
    /// Things worth knowing that are neither errors nor warnings (never fail the check).
    pub notes: Vec<String>,
}

/// Check the project at `root`.
pub fn run(root: &Path, opts: &CheckOptions) -> Report {
    let built = crate::build(root, &opts.build);
    let mut report = Report::default();
    report.add(data_age(&built, opts.today));
    report.add(built.diagnostics.0.iter().cloned());
    if built
        .config
        .as_ref()
        .is_some_and(|c| c.base_url(&opts.build).is_none())
    {
        report.notes.push(
            "no base_url in deck.toml: pages leave out og:url and og:image, which need the site's absolute URL"
                .into(),
        );
    }
    let Some(project) = &built.project else {
        return report; // no usable deck.toml: the build said why
    };
    if let (Some(lo), Some(site)) = (&opts.layout, &built.site) {
        let decks: Vec<_> = built.languages.iter().map(|l| &l.deck).collect();
        match layout::check(site, &decks, lo) {
            Ok(l) => {
                report.add(l.diagnostics);
                report.layout = Some(l.counts);
            }
            Err(d) => report.add([d]),
        }
    }
    report.add(fluent::check(project));
    let lock = match Sources::new(root) {
        Ok(mut sources) => translation_lock(root, project, &mut sources, opts, &mut report),
        Err(e) => {
            report.add([e]);
            None
        }
    };
    report.add(translations::outdated(project, lock.as_ref()));
    report
}

/// Read the lock, and record accepted slides in it first when asked.
fn translation_lock(
    root: &Path,
    project: &Project,
    sources: &mut Sources,
    opts: &CheckOptions,
    report: &mut Report,
) -> Option<Lock> {
    let lock_path = Path::new(LOCK);
    let mut lock = None;
    let mut unreadable = None;
    if sources.exists(lock_path) {
        match sources.read_text(lock_path).and_then(|t| Lock::parse(&t)) {
            Ok(l) => lock = Some(l),
            Err(e) => unreadable = Some(e),
        }
    }
    let Some(which) = &opts.accept else {
        report.add(unreadable);
        return lock;
    };
    // Accepting one slide over an unreadable lock (a merge conflict, say) would silently drop
    // every other entry; `--all` records every slide afresh, so it may (and mends the file).
    if unreadable.is_some() && *which != Accept::All {
        report.add(unreadable);
        report.add([Diagnostic::error(format!(
            "{LOCK} cannot be read, so accepting single slides would lose its other entries"
        ))
        .hint("fix the file, or run `kumo-deck check --all` to record every slide afresh")]);
        return None;
    }
    match translations::accept(project, lock.clone(), which)
        .and_then(|(l, n)| write_lock(root, &l).map(|()| (l, n)))
    {
        Ok((l, n)) => {
            report.accepted = Some((n, root.join(LOCK)));
            Some(l)
        }
        Err(e) => {
            report.add(unreadable);
            report.add([e]);
            lock
        }
    }
}

/// Write the lock atomically (a sibling temporary file renamed over it), so an interrupted
/// `--accept` never leaves half a lock. The one project file `check` writes.
fn write_lock(root: &Path, lock: &Lock) -> Result<(), Diagnostic> {
    let path = root.join(LOCK);
    let tmp = root.join(format!("{LOCK}.tmp-{}", std::process::id()));
    let fail = |e: std::io::Error| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::error(format!("cannot write {}: {e}", path.display()))
    };
    std::fs::write(&tmp, lock.render()).map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(fail)
}

impl Report {
    fn add(&mut self, diags: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diags);
    }

    /// How many of the diagnostics are errors (a non-zero count fails `check`).
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many of the diagnostics are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Whether the check failed: any error, or any warning when warnings are denied.
    pub fn failed(&self, deny_warnings: bool) -> bool {
        self.errors() > 0 || (deny_warnings && self.warnings() > 0)
    }

    /// "2 errors, 1 warning".
    pub fn summary(&self) -> String {
        let n = |k: usize, what: &str| format!("{k} {what}{}", if k == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            n(self.errors(), "error"),
            n(self.warnings(), "warning")
        )
    }

    /// Every diagnostic rendered for a terminal (source line and caret), then the summary.
    pub fn render_human(&self) -> String {
        let mut out: String = self.diagnostics.iter().map(Diagnostic::render).collect();
        if let Some(counts) = &self.layout {
            let n: usize = counts.values().sum();
            let at = layout::VIEWPORTS
                .map(|(w, h)| format!("{w}x{h}"))
                .join(" and ");
            out.push_str(&format!(
                "layout at {at}: {n} finding(s): {}\n",
                layout::summary(counts)
            ));
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        out.push_str(&format!("check: {}\n", self.summary()));
        out
    }

    /// The report as JSON for tools: counts and a flat list of diagnostics.
    pub fn render_json(&self) -> String {
        let doc = JsonReport {
            errors: self.errors(),
            warnings: self.warnings(),
            layout: self.layout.as_ref(),
            diagnostics: self.diagnostics.iter().map(JsonDiagnostic::from).collect(),
            notes: &self.notes,
        };
        serde_json::to_string_pretty(&doc).expect("plain data serialises") + "\n"
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    /// With `--layout`: findings of each kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    layout: Option<&'a BTreeMap<String, usize>>,
    /// In the one shape of [`JsonDiagnostic`].
    diagnostics: Vec<JsonDiagnostic>,
    notes: &'a [String],
}
