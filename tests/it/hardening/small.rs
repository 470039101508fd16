//! The smaller classes: non-regular files, NUL bytes, control characters in messages, exact
//! decimals, located `deck.toml` errors.

use crate::support::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run kumo-deck with a time limit; a hang is a failure, not a stuck test.
fn kumo_within(root: &std::path::Path, args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kumo-deck"))
        .current_dir(root)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{args:?} hung for {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), stderr(&out))
}

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn fifos_are_refused_not_read() {
    for rel in [
        "deck.toml",
        "data/pricing.toml",
        "content/ja/05-fifo.md",
        "templates/home.html",
    ] {
        let p = fixture("basic");
        let path = p.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        mkfifo(&path);
        let (code, err) = kumo_within(p.path(), &["build"], Duration::from_secs(30));
        assert_eq!(code, 1, "{rel}: {err}");
        assert!(err.contains(rel), "{rel}: {err}");
        assert!(err.contains("FIFO"), "{rel}: {err}");
    }
}

#[test]
fn a_fifo_in_dist_is_refused_by_deploy() {
    let p = fixture("basic");
    p.build_ok();
    mkfifo(&p.path().join("dist/ja/pipe.html"));
    let (code, err) = kumo_within(
        p.path(),
        &[
            "deploy",
            "s3://bucket/x",
            "--dry-run",
            "--endpoint",
            "http://127.0.0.1:9",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("pipe.html"), "{err}");
}

#[test]
fn nul_bytes_never_reach_the_html() {
    let p = fixture("basic");
    let md = "# nul {#nul}\n\nbefore\0after `co\0de`\n";
    p.write("content/ja/05-nul.md", md);
    p.write("content/en/05-nul.md", md);
    p.build_ok();
    for (rel, bytes) in read_tree(&p.path().join("dist")) {
        if rel.ends_with(".html") {
            assert!(!bytes.contains(&0), "{rel} holds a NUL byte");
        }
    }
    assert!(p.read("dist/ja/index.html").contains("before\u{fffd}after"));
}

#[test]
fn control_characters_in_names_and_lines_are_escaped() {
    let p = fixture("basic");
    let name = "content/ja/\u{1b}[2Jevil.md";
    p.write(
        name,
        "+++\ntitle = \"\u{1b}]0;pwned\u{7}\" x\n+++\n# e {#e}\n",
    );
    let o = p.kumo(&["build"]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("\\u{1b}[2Jevil.md"), "{err}");
}

#[test]
fn amounts_a_decimal_would_round_are_refused() {
    let p = fixture("basic").with_bundled("data");
    let toml = p.read("data/pricing.toml");
    let line = toml.lines().position(|l| l == "amount = \"0.10\"").unwrap() + 1;
    let amount = format!("amount = \"0.{}\"", "1".repeat(29));
    p.write(
        "data/pricing.toml",
        &toml.replacen("amount = \"0.10\"", &amount, 1),
    );
    let o = p.kumo(&["build"]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains(&format!("data/pricing.toml:{line}:")), "{err}");
    assert!(err.contains("28 decimal places"), "{err}");
}

#[test]
fn deck_toml_semantic_errors_have_line_and_column() {
    let p = fixture("basic");
    let deck = p
        .read("deck.toml")
        .replace("name = \"basic\"", "name = \"has space\"");
    p.write("deck.toml", &deck);
    let o = p.kumo(&["build"]);
    assert!(stderr(&o).contains("deck.toml:1:1:"), "{}", stderr(&o));
}

#[test]
fn file_names_equal_after_normalisation_are_an_error() {
    let p = fixture("basic").with_bundled("themes");
    // ガ in NFC (one code point) and NFD (カ + combining dakuten).
    p.write("themes/default/\u{30ac}.svg", "<svg/>");
    p.write("themes/default/\u{30ab}\u{3099}.svg", "<svg></svg>");
    let o = p.kumo(&["build"]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("Unicode normalisations"), "{err}");
}
