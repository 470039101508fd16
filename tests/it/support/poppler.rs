//! What the `pdf` tests read PDFs with (poppler-utils) and how they find the browser processes
//! and folders a run may leave behind.

use super::stderr;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Run a poppler tool; its absence is a setup error (CI installs poppler-utils).
pub fn tool(name: &str, args: &[&OsStr]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e} (install poppler-utils)"));
    assert!(o.status.success(), "{name} failed: {}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {key} in pdfinfo output:\n{info}"))
        .trim()
}

/// Pids of running processes whose command line mentions `needle` (zombies have none).
pub fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmd).contains(needle) {
            found.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(&cmd).replace('\0', " ")
            ));
        }
    }
    found
}

/// Our temporary browser folders left in `tmp`.
pub fn leftovers(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("kumo-deck-pdf-")
        })
        .collect()
}
