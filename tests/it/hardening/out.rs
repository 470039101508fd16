//! `--out` only ever replaces a folder kumo-deck wrote (or an empty one), resolved through
//! symlinks; staging leftovers of crashed runs are removed.

use crate::support::*;
use std::fs;

#[test]
fn an_existing_file_is_never_replaced_even_with_force() {
    let p = fixture("basic");
    let root = p.path();
    fs::write(root.join("notes.txt"), "my notes\n").unwrap();
    for args in [
        &["build", "--out", "notes.txt"][..],
        &["build", "--out", "notes.txt", "--force"],
    ] {
        let o = kumo(root, args);
        assert!(!o.status.success(), "{args:?} replaced a file");
        assert!(stderr(&o).contains("not a folder"), "{}", stderr(&o));
        assert_eq!(read(root, "notes.txt"), "my notes\n");
    }
    let names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("kumo-staging")),
        "{names:?}"
    );
}

#[test]
fn a_symlink_to_a_file_outside_is_refused() {
    let p = fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("important.txt");
    fs::write(&victim, "keep\n").unwrap();
    std::os::unix::fs::symlink(&victim, p.path().join("site")).unwrap();
    let o = p.kumo(&["build", "--out", "site", "--force"]);
    assert!(!o.status.success());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep\n");
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 1);
    // A dangling link is refused too, not replaced by a folder.
    std::os::unix::fs::symlink(outside.path().join("gone"), p.path().join("dangling")).unwrap();
    let o = p.kumo(&["build", "--out", "dangling"]);
    assert!(!o.status.success(), "{}", stderr(&o));
    assert!(p.path().join("dangling").is_symlink());
}

#[test]
fn a_symlink_to_a_previous_output_is_followed() {
    let p = fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let real = outside.path().join("built");
    let o = p.kumo(&["build", "--out", real.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::os::unix::fs::symlink(&real, p.path().join("site")).unwrap();
    let o = p.kumo(&["build", "--out", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(p.path().join("site").is_symlink(), "the link itself stays");
    assert!(real.join("index.html").is_file());
}

#[test]
fn leftovers_of_crashed_runs_are_removed() {
    let p = fixture("basic");
    let root = p.path();
    // No process has these ids (above the kernel's pid limit).
    fs::create_dir_all(root.join(".dist.kumo-staging-99999999/ja")).unwrap();
    fs::write(
        root.join(".dist.kumo-staging-99999998"),
        "a file swapped in",
    )
    .unwrap();
    fs::create_dir_all(root.join(".dist.kumo-staging-99999997.old")).unwrap();
    fs::create_dir_all(root.join(".dist.kumo-pdf-99999996/ja")).unwrap();
    fs::write(root.join(".dist.kumo-staging-notapid"), "not ours").unwrap();
    build_ok(root);
    let left: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".dist."))
        .collect();
    assert_eq!(left, vec![".dist.kumo-staging-notapid".to_string()]);
}
