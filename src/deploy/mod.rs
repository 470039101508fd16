//! Deploy: publish an already built `dist/` to S3 ([`s3`]) or to a GitHub Pages branch ([`pages`]).
//!
//! Both targets start from [`LocalSite::read`], which refuses a missing, empty or foreign folder
//! before anything remote is contacted, and keys every file by its NFC path with `/` separators,
//! as in [`crate::site::Site`]. The marker file is bookkeeping for `output` and is not published.

pub(crate) mod aws_profile;
mod git;
pub mod headers;
pub mod names;
pub mod pages;
pub mod plan;
pub mod s3;
mod s3_client;
mod s3_raw;
mod s3_xml;

use crate::config::{Config, DeployConfig};
use crate::diag::Diagnostic;
use crate::site::MARKER;
use crate::source::Sources;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

pub use crate::util::redact;

/// Where to publish.
#[derive(Debug, Clone)]
pub enum Target {
    /// An S3 bucket (or an S3-compatible endpoint).
    S3(s3::S3Options),
    /// A branch of a git remote served by GitHub Pages.
    Pages(pages::PagesOptions),
}

/// One `deploy` run.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The built folder (default `<root>/dist`).
    pub dist: Option<PathBuf>,
    /// Show what would change; write nothing remote (nor any git ref).
    pub dry_run: bool,
    /// Where to publish, with that target's flags.
    pub target: Target,
}

/// What a run did, for the terminal.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The full plan (dry runs), one line per path.
    pub plan: Option<String>,
    /// One closing line.
    pub summary: String,
}

/// One file of the built site on disk.
#[derive(Debug, Clone)]
pub struct LocalFile {
    /// Where it is on disk (the name may be NFD there, e.g. on macOS).
    pub path: PathBuf,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The built folder, read whole: NFC key -> file.
#[derive(Debug, Clone)]
pub struct LocalSite {
    /// The folder that was read.
    pub dist: PathBuf,
    /// Every file under it, by its NFC `/`-separated key.
    pub files: BTreeMap<String, LocalFile>,
}

/// What a deploy reports while it works: log lines, and steps of a counted phase (uploads).
/// A closure taking `&str` is a `Progress` that writes a step as `[done/total] text`.
pub trait Progress {
    /// Report one log line.
    fn line(&mut self, text: &str);

    /// `done` of `total` finished; `text` says which one and how it went.
    fn step(&mut self, done: usize, total: usize, text: &str) {
        self.line(&format!("[{done}/{total}] {text}"));
    }
}

impl<F: FnMut(&str)> Progress for F {
    fn line(&mut self, text: &str) {
        self(text)
    }
}

/// Publish the built site of the project at `root`, reporting to `progress`.
pub fn run(
    root: &Path,
    opts: &DeployOptions,
    progress: &mut dyn Progress,
) -> Result<Report, Vec<Diagnostic>> {
    let dist = opts.dist.clone().unwrap_or_else(|| root.join("dist"));
    // The local side first: nothing remote is contacted for a missing or foreign dist.
    let site = LocalSite::read(&dist).map_err(|d| vec![d])?;
    let cfg = load_config(root)?;
    let one = |d: Diagnostic| vec![d];
    match &opts.target {
        Target::S3(s3o) => s3::deploy(&site, &cfg, s3o, opts.dry_run, progress).map_err(one),
        Target::Pages(po) => {
            pages::deploy(root, &site, &cfg, po, opts.dry_run, progress).map_err(one)
        }
    }
}

/// The `[deploy]` table of `deck.toml`, or the defaults when the folder has no `deck.toml`
/// (publishing a dist built elsewhere).
pub(crate) fn load_config(root: &Path) -> Result<DeployConfig, Vec<Diagnostic>> {
    let path = Path::new("deck.toml");
    let Ok(mut sources) = Sources::new(root) else {
        return Ok(DeployConfig::default());
    };
    if !sources.exists(path) {
        return Ok(DeployConfig::default());
    }
    let text = sources.read_text(path).map_err(|d| vec![d])?;
    Ok(Config::parse(path, &text)?.deploy)
}

impl LocalSite {
    /// Read every file of `dist`. Refuses a folder that is missing, empty, not written by
    /// kumo-deck (no marker), or holds symlinks or names that cannot be object keys.
    pub fn read(dist: &Path) -> Result<LocalSite, Diagnostic> {
        let refuse = |why: &str| {
            Diagnostic::error(format!("nothing to deploy: {} {why}", dist.display()))
                .hint("run `kumo-deck build` first, or pass --dist with the built folder")
        };
        if !dist.is_dir() {
            return Err(refuse("does not exist"));
        }
        if !dist.join(MARKER).is_file() {
            return Err(refuse(&format!(
                "was not written by kumo-deck (it has no `{MARKER}` marker file)"
            )));
        }
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dist).follow_links(false).min_depth(1) {
            let entry = entry.map_err(|e| {
                Diagnostic::error(format!("cannot read {}: {e}", dist.display())).in_file(dist)
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let key = object_key(dist, entry.path())?;
            if key == MARKER {
                continue;
            }
            let bytes = crate::source::read_regular(entry.path()).map_err(|e| {
                Diagnostic::error(format!("cannot read {}: {e}", entry.path().display()))
            })?;
            let file = LocalFile {
                path: entry.path().to_path_buf(),
                bytes,
            };
            if files.insert(key.clone(), file).is_some() {
                return Err(Diagnostic::error(format!(
                    "two files in {} have the same name after Unicode normalization: {key}",
                    dist.display()
                )));
            }
        }
        if files.is_empty() {
            return Err(refuse("is empty"));
        }
        Ok(LocalSite {
            dist: dist.to_path_buf(),
            files,
        })
    }

    /// Total bytes.
    pub fn size(&self) -> usize {
        self.files.values().map(|f| f.bytes.len()).sum()
    }
}

/// The NFC, `/`-separated key of `path` under `dist`; refuses symlinks and unusable names.
fn object_key(dist: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bad = |why: &str| {
        Diagnostic::error(format!("cannot publish {}: {why}", path.display()))
            .hint("dist/ should hold only what `kumo-deck build` wrote")
    };
    if path.is_symlink() {
        return Err(bad("it is a symbolic link"));
    }
    let rel = path.strip_prefix(dist).map_err(|_| bad("outside dist"))?;
    let mut parts = Vec::new();
    for c in rel.components() {
        let s = c
            .as_os_str()
            .to_str()
            .ok_or_else(|| bad("its name is not UTF-8"))?;
        if s.chars().any(char::is_control) {
            return Err(bad("its name holds a control character"));
        }
        parts.push(s.nfc().collect::<String>());
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_url_credentials() {
        let s = "fatal: unable to access 'https://x-access-token:ghp_abc@github.com/o/r.git/'";
        let r = redact(s);
        assert!(!r.contains("ghp_abc"), "{r}");
        assert!(r.contains("https://***@github.com/o/r.git/"), "{r}");
        assert_eq!(
            redact("see https://example.com/a@b"),
            "see https://example.com/a@b"
        );
    }
}
