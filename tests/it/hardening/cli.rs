//! Every command-line value is checked before use, with a hint: no panic, no request sent,
//! no credential echoed.

use crate::support::*;

fn deploy_fails(root: &std::path::Path, args: &[&str], expect: &str) -> String {
    let mut all = vec!["deploy"];
    all.extend_from_slice(args);
    let o = kumo(root, &all);
    let err = stderr(&o);
    assert!(
        matches!(o.status.code(), Some(1 | 2)),
        "{args:?}: {:?}\n{err}",
        o.status
    );
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(
        err.contains(expect),
        "{args:?}: wanted `{expect}` in\n{err}"
    );
    err
}

#[test]
fn endpoints_ports_and_targets_are_validated() {
    let p = fixture("basic");
    p.build_ok();
    let root = p.path();
    let t = "s3://bucket/site";
    deploy_fails(
        root,
        &[t, "--dry-run", "--endpoint", "127.0.0.1:18500"],
        "no scheme",
    );
    deploy_fails(root, &[t, "--dry-run", "--endpoint", "not a url"], "hint");
    deploy_fails(
        root,
        &[t, "--dry-run", "--endpoint", "http://127.0.0.1:99999"],
        "port",
    );
    deploy_fails(root, &["s3://bucket//x", "--dry-run"], "empty");
    deploy_fails(root, &["s3://bucket/./x", "--dry-run"], "empty");
    deploy_fails(root, &[t, "--dry-run", "--region", "us east"], "region");
}

#[test]
fn credentials_in_an_endpoint_are_never_printed() {
    let p = fixture("basic");
    p.build_ok();
    for ep in [
        "http://user:PWs3cret99@127.0.0.1:1",
        "http://user:PWs3cret99@s3.example.com",
        "https://user:PWs3cret99@s3.example.com:99999",
    ] {
        let err = deploy_fails(
            p.path(),
            &["s3://bucket/x", "--dry-run", "--endpoint", ep],
            "",
        );
        assert!(!err.contains("PWs3cret99"), "{ep}: {err}");
    }
}

#[test]
fn branch_and_remote_names_are_checked_as_git_does() {
    let p = fixture("basic");
    p.build_ok();
    for b in ["HEAD", "-f", "a..b", "x.lock", "a b", "@"] {
        let flag = format!("--branch={b}");
        deploy_fails(p.path(), &["pages", "--no-push", &flag], "branch");
    }
    deploy_fails(
        p.path(),
        &["pages", "--remote=--upload-pack=touch pwned", "--dry-run"],
        "remote",
    );
    assert!(!p.path().join("pwned").exists());
    deploy_fails(
        p.path(),
        &["pages", "--cname", "https://x.example/"],
        "domain",
    );
}
