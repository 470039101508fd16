//! `kumo-deck pdf` against a page that never settles: the step time-out, and SIGTERM, SIGINT or
//! SIGKILL mid-print, and a SIGSTOPped browser never leave a browser process or its profile
//! behind (no orphaned or defunct Chromium).

use crate::support::poppler::{leftovers, processes_mentioning};
use crate::support::process::Background;
use crate::support::{
    browser_or_skip, copy_tree, kumo_command as kumo, lock, os, repo, wait_until, PATIENCE,
};
use std::path::Path;
use std::time::{Duration, Instant};

/// `kumo-deck pdf` on the deck whose script never returns, with its own TMPDIR (so the
/// browser's profile folder, and every process using it, can be found).
fn start_hanging(tmp: &Path, chrome: &Path, timeout: &str) -> Background {
    start("pdf-hang", tmp, chrome, timeout)
}

/// `kumo-deck pdf` on a copy of `fixture` inside `tmp` (so the copy lives as long as the run).
fn start(fixture: &str, tmp: &Path, chrome: &Path, timeout: &str) -> Background {
    let root = tmp.join("project");
    copy_tree(&repo().join("tests/fixtures").join(fixture), &root);
    let out = tmp.join("dist");
    let args = [
        os("pdf"),
        os("--out"),
        out.as_os_str(),
        os("--chrome"),
        chrome.as_os_str(),
        os("--timeout"),
        os(timeout),
    ];
    Background::spawn(kumo(&root, &args, &[("TMPDIR", tmp.as_os_str())]))
}

/// Wait until no running process mentions `needle`; the ones left after `limit`.
fn gone_within(needle: &str, limit: Duration) -> Vec<String> {
    let start = Instant::now();
    loop {
        let left = processes_mentioning(needle);
        if left.is_empty() || start.elapsed() > limit {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_page_that_never_loads_times_out_and_leaves_no_browser() {
    let Some(chrome) = browser_or_skip("pdf time-out") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let (code, err) = start_hanging(tmp.path(), &chrome, "5").finish();
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("step `load` timed out after 5 s"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(25),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(
        processes_mentioning(&tmp.path().to_string_lossy()),
        Vec::<String>::new()
    );
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );
}

#[test]
fn sigterm_or_sigkill_mid_print_leaves_no_browser() {
    let Some(chrome) = browser_or_skip("pdf signals") else {
        return;
    };
    let _g = lock();
    for (sig, code) in [
        (libc::SIGTERM, Some(143)),
        (libc::SIGINT, Some(130)),
        (libc::SIGKILL, None),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let needle = tmp.path().to_string_lossy().into_owned();
        let mut child = start_hanging(tmp.path(), &chrome, "60");
        // Mid-load: the browser runs and the page has started loading (the progress line).
        wait_until("the browser", Duration::from_secs(30), || {
            processes_mentioning(&needle).len() >= 2
        });
        child.wait_line("the load step", PATIENCE, |l| {
            l.contains("[en] loading").then_some(())
        });
        assert_eq!(child.stop(sig), code, "signal {sig}");
        let left = gone_within(&needle, Duration::from_secs(5));
        assert!(
            left.is_empty(),
            "signal {sig}: browser processes left:\n{}",
            left.join("\n")
        );
        if sig != libc::SIGKILL {
            assert!(
                leftovers(tmp.path()).is_empty(),
                "{:?}",
                leftovers(tmp.path())
            );
        }
    }
}

/// The pid of a child of `parent` whose command line mentions `needle`.
fn child_mentioning(parent: u32, needle: &str) -> Option<i32> {
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
        // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, r)| r.split_whitespace().nth(1));
        let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        if ppid == Some(&parent.to_string()) && String::from_utf8_lossy(&cmd).contains(needle) {
            return Some(pid);
        }
    }
    None
}

#[test]
fn a_stopped_browser_fails_at_the_time_limit_and_is_killed() {
    let Some(chrome) = browser_or_skip("pdf SIGSTOP") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let needle = tmp.path().to_string_lossy().into_owned();
    let child = start("pdf-basic", tmp.path(), &chrome, "5");
    let start = Instant::now();
    let browser = crate::support::wait_for("the browser", Duration::from_secs(30), || {
        child_mentioning(child.pid(), &needle)
    });
    // SAFETY: kill(2) on the browser our child started.
    unsafe { libc::kill(browser, libc::SIGSTOP) };
    let (code, err) = child.finish();
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("timed out after 5 s"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(25),
        "{:?}",
        start.elapsed()
    );
    let left = gone_within(&needle, Duration::from_secs(5));
    assert!(
        left.is_empty(),
        "browser processes left:\n{}",
        left.join("\n")
    );
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );
}
