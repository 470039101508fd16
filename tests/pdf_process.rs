//! `kumo-deck pdf` against a page that never settles: the step time-out, and SIGTERM, SIGINT or
//! SIGKILL mid-print, and a SIGSTOPped browser never leave a browser process or its profile
//! behind (no orphaned or defunct Chromium).

mod common;
mod pdf_util;

use pdf_util::{kumo, leftovers, lock, os, processes_mentioning, stderr};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// `kumo-deck pdf` on the deck whose script never returns, with its own TMPDIR (so the
/// browser's profile folder, and every process using it, can be found).
fn start_hanging(tmp: &Path, chrome: &Path, timeout: &str) -> Child {
    start("pdf-hang", tmp, chrome, timeout)
}

fn start(fixture: &str, tmp: &Path, chrome: &Path, timeout: &str) -> Child {
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
    let mut c = kumo(
        &common::fixture(fixture),
        &args,
        &[("TMPDIR", tmp.as_os_str())],
    );
    c.stdout(Stdio::null()).stderr(Stdio::piped());
    c.spawn().expect("start kumo-deck pdf")
}

/// Wait until no running process mentions `needle`; the ones left after `limit`.
fn gone_within(needle: &str, limit: Duration) -> Vec<String> {
    let start = Instant::now();
    loop {
        let left = processes_mentioning(needle);
        if left.is_empty() || start.elapsed() > limit {
            return left;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_page_that_never_loads_times_out_and_leaves_no_browser() {
    let Some(chrome) = common::browser_or_skip("pdf time-out") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let o = start_hanging(tmp.path(), &chrome, "5")
        .wait_with_output()
        .unwrap();
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
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
    let Some(chrome) = common::browser_or_skip("pdf signals") else {
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
        let start = Instant::now();
        while processes_mentioning(&needle).len() < 2 {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the browser never started"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // Mid-load.
        std::thread::sleep(Duration::from_millis(500));
        // SAFETY: kill(2) on our own child.
        unsafe { libc::kill(child.id() as i32, sig) };
        let status = child.wait().unwrap();
        assert_eq!(status.code(), code, "signal {sig}: {status:?}");
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
    let Some(chrome) = common::browser_or_skip("pdf SIGSTOP") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let needle = tmp.path().to_string_lossy().into_owned();
    let child = start("pdf-basic", tmp.path(), &chrome, "5");
    let start = Instant::now();
    let browser = loop {
        if let Some(pid) = child_mentioning(child.id(), &needle) {
            break pid;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no browser");
        std::thread::sleep(Duration::from_millis(10));
    };
    // SAFETY: kill(2) on the browser our child started.
    unsafe { libc::kill(browser, libc::SIGSTOP) };
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
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
