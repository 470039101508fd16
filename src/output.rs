//! Output: the only writer of `dist/`. Builds into a staging folder beside the target and swaps
//! it in atomically (Linux `renameat2(RENAME_EXCHANGE)`, else two renames), so a failed or killed
//! build leaves the previous output whole. `--out` is refused where a swap would destroy sources.
//! Files unchanged since the previous output are linked from it, not written again ([`reuse`]).

mod reuse;

use crate::diag::Diagnostic;
use crate::site::{Site, MARKER};
use std::fs;
use std::path::{Path, PathBuf};

/// Check that `out` is a safe place to replace, given the project `root`.
pub fn check_out_dir(root: &Path, out: &Path, force: bool) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Err(Diagnostic::error(format!(
            "refusing to write output to {}: {why}",
            out.display()
        ))
        .hint("choose a dedicated folder such as `dist`"))
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs = absolute(out);
    // Whatever `out` resolves to must be a folder (or nothing yet): a file, a FIFO or a
    // dangling link is never replaced, not even with --force (it was never an output).
    if let Err(why) = replaceable_kind(&abs) {
        return refuse(&why);
    }
    if abs.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if home.canonicalize().map(|h| h == abs).unwrap_or(false) || abs == home {
            return refuse("it is the home folder");
        }
    }
    if root.starts_with(&abs) {
        return refuse("it is the project folder or a folder above it");
    }
    for src in [
        "content",
        "templates",
        "themes",
        "data",
        "src",
        ".git",
        "tests",
    ] {
        if abs.starts_with(root.join(src)) {
            return refuse(&format!("it is inside the source folder `{src}`"));
        }
    }
    if abs.is_dir() && !abs.join(MARKER).exists() && !force {
        let non_empty = fs::read_dir(&abs)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if non_empty {
            return Err(Diagnostic::error(format!(
                "refusing to replace {}: it is not empty and was not written by kumo-deck",
                out.display()
            ))
            .hint("pass --force to replace it anyway, or choose an empty folder"));
        }
    }
    Ok(())
}

/// `Ok` if `abs` (already resolved through symlinks) is absent or a real folder.
fn replaceable_kind(abs: &Path) -> Result<(), String> {
    match fs::symlink_metadata(abs) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) if m.file_type().is_symlink() => {
            Err("it is a symbolic link to nothing (or to a loop)".into())
        }
        Ok(_) => Err("it exists and is not a folder (only a folder kumo-deck wrote, or an empty one, is replaced)".into()),
    }
}

/// Canonical path of `p`, resolving what exists and appending the rest.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

/// The exports (`pdf`'s PDFs, `pptx`'s files) in an output folder, recorded in its marker file
/// so a later build of the same deck can keep them (and one of a changed deck drops them
/// instead of shipping stale ones). The marker's lines keep their first names (`pdf-source`,
/// `pdf <path>`, for every kind of export) so earlier outputs stay readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// `BuildOutput::source` of the build the exports were made from.
    pub source: String,
    /// Site paths of the exports (`ja/deck.pdf`, `ja/deck.pptx`).
    pub exports: Vec<String>,
}

const MARKER_TEXT: &str = "written by kumo-deck; this folder is replaced on every build\n";

/// The PDFs recorded in the marker of the output folder `out`, if any.
pub fn printed(out: &Path) -> Option<Printed> {
    let bytes = crate::source::read_regular(&out.join(MARKER)).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let source = text
        .lines()
        .find_map(|l| l.strip_prefix("pdf-source "))?
        .to_string();
    let exports = text
        .lines()
        .filter_map(|l| l.strip_prefix("pdf "))
        .map(str::to_string)
        .collect();
    Some(Printed { source, exports })
}

/// Write `site` to `out` atomically.
pub fn write(site: &Site, out: &Path) -> Result<(), Diagnostic> {
    write_printed(site, out, None)
}

/// `write`, recording in the marker which PDFs of `site` were printed from which site.
pub(crate) fn write_printed(
    site: &Site,
    out: &Path,
    printed: Option<&Printed>,
) -> Result<(), Diagnostic> {
    let ctx = |what: &str, p: &Path, e: std::io::Error| {
        Diagnostic::error(format!("{what} {}: {e}", p.display()))
    };
    let out = absolute(out);
    let parent = out.parent().unwrap_or(Path::new(".")).to_path_buf();
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if let Err(why) = replaceable_kind(&out) {
        return Err(Diagnostic::error(format!(
            "refusing to write output to {}: {why}",
            out.display()
        )));
    }
    fs::create_dir_all(&parent).map_err(|e| ctx("cannot create", &parent, e))?;
    clean_stale(&parent, &name);
    let staging = parent.join(format!(".{name}.kumo-staging-{}", std::process::id()));
    let previous = reuse::Previous::scan(&out);
    let result =
        write_tree(site, &staging, printed, &previous).and_then(|_| swap_in(&staging, &out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map_err(|(p, e)| ctx("cannot write", &p, e))
}

fn write_tree(
    site: &Site,
    dir: &Path,
    printed: Option<&Printed>,
    previous: &reuse::Previous,
) -> Result<(), (PathBuf, std::io::Error)> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let create = |rel: &str| -> Result<PathBuf, (PathBuf, std::io::Error)> {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(|e| (p.to_path_buf(), e))?;
        }
        Ok(path)
    };
    // No fsync per file: the swap is atomic against a failed or killed build (the kernel
    // keeps what was written), and syncing every page made writing dist/ wait on the disk.
    // Deferred pages are made as they are written (or compared with the previous output's),
    // each through its own buffer (never a whole page in memory). Files and pages alike on all
    // cores: each is written, or compared and linked, on its own.
    enum Item<'a> {
        File(&'a [u8]),
        Page(&'a dyn crate::site::Deferred),
    }
    let files = site.files.iter().map(|(r, b)| (r, Item::File(b)));
    let pages = site
        .deferred
        .iter()
        .map(|(r, p)| (r, Item::Page(p.as_ref())));
    let items: Vec<_> = files.chain(pages).collect();
    let written = crate::util::par_map(&items, |(rel, item)| {
        let path = create(rel)?;
        let put = match item {
            Item::File(bytes) => previous.put(rel, &path, bytes.len(), |w| w.write_all(bytes)),
            Item::Page(page) => previous.put(rel, &path, page.len(), |w| page.write_to(w)),
        };
        put.map_err(|e| (path, e))
    });
    written.into_iter().collect::<Result<(), _>>()?;
    let marker = dir.join(MARKER);
    let mut text = MARKER_TEXT.to_string();
    if let Some(p) = printed {
        text.push_str(&format!("pdf-source {}\n", p.source));
        for export in &p.exports {
            text.push_str(&format!("pdf {export}\n"));
        }
    }
    fs::write(&marker, text).map_err(|e| (marker, e))
}

/// Put `staging` at `out`; the old output, if any, is removed afterwards.
fn swap_in(staging: &Path, out: &Path) -> Result<(), (PathBuf, std::io::Error)> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(|e| (out.to_path_buf(), e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous output.
            let _ = fs::remove_dir_all(staging);
            return Ok(());
        }
    }
    // Named from the whole file name: `with_extension` would cut `.dist.kumo-staging-1` to
    // `.dist.old`, which `clean_stale` does not recognise.
    let mut old = staging.as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    fs::rename(out, &old).map_err(|e| (out.to_path_buf(), e))?;
    fs::rename(staging, out).map_err(|e| (out.to_path_buf(), e))?;
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Whether process `pid` (decimal digits) still runs: its `/proc` entry on Linux, elsewhere
/// `kill(pid, 0)` (which fails with `ESRCH` only for a process that is gone).
fn process_exists(pid: &str) -> bool {
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc").join(pid).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let Ok(pid) = pid.parse::<libc::pid_t>() else {
            return false;
        };
        // SAFETY: kill with signal 0 only checks whether the process exists.
        pid > 0
            && (unsafe { libc::kill(pid, 0) } == 0
                || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH))
    }
}

/// Remove staging and PDF scratch folders left by killed builds (their process is gone), and
/// anything a swap left under those names (a file or a link is removed, never followed).
pub(crate) fn clean_stale(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.kumo-staging-"),
        format!(".{name}.kumo-pdf-"),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let me = std::process::id().to_string();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        let Some(pid) = prefixes.iter().find_map(|p| n.strip_prefix(p.as_str())) else {
            continue;
        };
        let pid = pid.trim_end_matches(".old");
        if !pid.bytes().all(|b| b.is_ascii_digit()) || pid.is_empty() {
            continue;
        }
        if pid != me && process_exists(pid) {
            continue;
        }
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        let _ = if is_dir {
            fs::remove_dir_all(e.path())
        } else {
            fs::remove_file(e.path())
        };
    }
}
