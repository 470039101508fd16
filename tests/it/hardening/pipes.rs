//! A closed stdout or stderr ends a command quietly: no panic, the exit code of the work.

use std::process::{Command, Stdio};

fn run_closed(root: &std::path::Path, args: &[&str], close_stdout: bool) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kumo-deck"));
    cmd.current_dir(root).args(args).stdin(Stdio::null());
    if close_stdout {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    } else {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    // The reader goes away before the command has printed anything.
    let err_pipe = child.stderr.take();
    drop(child.stdout.take());
    let seen = if close_stdout {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err_pipe.unwrap(), &mut s).unwrap();
        s
    } else {
        drop(err_pipe);
        String::new()
    };
    let code = child.wait().unwrap().code().unwrap_or(-1);
    (code, seen)
}

#[test]
fn build_into_a_closed_stdout_succeeds_quietly() {
    let p = crate::support::fixture("basic");
    let (code, err) = run_closed(p.path(), &["build"], true);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(p.path().join("dist/index.html").is_file());
}

#[test]
fn a_failing_build_into_a_closed_stderr_exits_1_not_a_panic() {
    let p = crate::support::fixture("basic");
    crate::support::write(
        p.path(),
        "content/ja/99-bad.md",
        "+++\ntitle = \n+++\n# x {#x}\n",
    );
    for _ in 0..3 {
        let (code, _) = run_closed(p.path(), &["build"], false);
        assert_eq!(code, 1, "a panic exits 101");
    }
    let (code, _) = run_closed(p.path(), &["check"], true);
    assert_eq!(code, 1);
}
