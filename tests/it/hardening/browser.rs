//! The capabilities that drive a browser besides `pdf` (whose own cases are in pdf_process.rs):
//! `check --layout` on a page that never settles fails at its time limit and leaves no browser
//! behind; `pptx` without a browser fails clearly, before writing anything.

use crate::support::*;
use std::time::{Duration, Instant};

/// The browser, or a loud skip (a failure under KUMO_REQUIRE_BROWSER=1).
fn browser() -> Option<String> {
    let found = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).is_file());
    if found.is_none() {
        assert_ne!(
            std::env::var("KUMO_REQUIRE_BROWSER").as_deref(),
            Ok("1"),
            "KUMO_REQUIRE_BROWSER=1 but no Chromium was found"
        );
        eprintln!("SKIPPED: no Chromium for the layout time-out test");
    }
    found.map(str::to_string)
}

/// Processes whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmd) = std::fs::read(e.path().join("cmdline")) {
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.contains(needle) {
                out.push(cmd);
            }
        }
    }
    out
}

#[test]
fn check_layout_on_a_page_that_never_settles_fails_at_its_time_limit() {
    let Some(chrome) = browser() else {
        return;
    };
    let p = fixture("pdf-hang");
    let tmp = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kumo-deck"))
        .current_dir(p.path())
        .args(["check", "--layout", "--chrome", &chrome, "--timeout", "5"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let took = start.elapsed();
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(!o.status.success(), "{all}");
    assert!(!all.contains("panicked"), "{all}");
    assert!(took < Duration::from_secs(60), "took {took:?}\n{all}");
    let needle = tmp.path().to_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !processes_mentioning(&needle).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        processes_mentioning(&needle),
        Vec::<String>::new(),
        "a browser survived"
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "left in TMPDIR: {left:?}");
}

#[test]
fn pptx_without_a_browser_fails_clearly_and_writes_nothing() {
    let p = fixture("pptx-basic");
    let out = p.path().join("decks");
    let o = kumo(
        p.path(),
        &[
            "pptx",
            "--out",
            out.to_str().unwrap(),
            "--chrome",
            "/nonexistent/chromium",
        ],
    );
    let err = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("/nonexistent/chromium"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let pptx = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pptx"))
        .count();
    assert_eq!(pptx, 0, "a pptx was written without a browser");
}
