//! `kumo-deck init` on targets it must not write into: a non-empty folder, a file, a symlink to
//! nothing, a place nobody can write. Each is a clear error naming the path, exit 1, and nothing
//! is left behind; an empty folder is fine.

use crate::support::*;
use std::path::Path;

fn init_fails(target: &Path, want: &str) -> String {
    let o = kumo(Path::new("/"), &["init", target.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(want), "wanted `{want}` in\n{err}");
    err
}

#[test]
fn init_refuses_anything_but_a_new_or_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    write(&full, "notes.txt", "mine");
    init_fails(&full, "is not empty");
    assert_eq!(
        read_tree(&full).len(),
        1,
        "init wrote into a non-empty folder"
    );

    let file = tmp.path().join("file");
    std::fs::write(&file, "mine").unwrap();
    init_fails(&file, "is a file, not a folder");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");

    let dangling = tmp.path().join("dangling");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
    init_fails(&dangling, "symlink to nothing");
    assert!(!tmp.path().join("nowhere").exists(), "followed the symlink");

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = kumo(
        Path::new("/"),
        &["init", empty.to_str().unwrap(), "--langs", "en"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(empty.join("deck.toml").is_file());
}

#[test]
fn init_where_nothing_can_be_written_fails_cleanly_and_leaves_nothing() {
    // procfs refuses new folders even to root, so this holds whoever runs the tests.
    let target = Path::new("/proc/self/kumo-deck-init/deck");
    let err = init_fails(target, "cannot write /proc/self/kumo-deck-init");
    assert!(!err.contains("created"), "{err}");
    // Under a file: the first folder cannot be made, and nothing is written.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("f"), "mine").unwrap();
    init_fails(&tmp.path().join("f/deck"), "cannot write");
    assert_eq!(read_tree(tmp.path()).len(), 1);
}
