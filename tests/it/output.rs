//! A `build` after `pdf` keeps the PDFs when the deck is the one they were printed from, and
//! drops them (with a note) when it changed: a stale PDF is never published.

use crate::support::*;
use kumo_deck::{build, BuildOptions};
use std::fs;

#[test]
fn pdfs_survive_a_rebuild_of_the_same_deck_and_not_of_a_changed_one() {
    let p = fixture("basic");
    let root = p.path();
    build_ok(root);
    // What `pdf` leaves behind: the PDF and, in the marker, the build it was printed from.
    let digest = build(root, &BuildOptions::default()).source.unwrap();
    fs::write(root.join("dist/ja/basic.pdf"), b"%PDF-1.7\n%%EOF\n").unwrap();
    let marker = root.join("dist/.kumo-deck-output");
    let mut text = fs::read_to_string(&marker).unwrap();
    text.push_str(&format!("pdf-source {digest}\npdf ja/basic.pdf\n"));
    fs::write(&marker, text).unwrap();

    build_ok(root);
    assert_eq!(
        fs::read(root.join("dist/ja/basic.pdf")).unwrap(),
        b"%PDF-1.7\n%%EOF\n"
    );
    let home = read(root, "dist/index.html");
    assert!(home.contains("href=\"ja/basic.pdf\""), "{home}");
    let kept = fs::read_to_string(&marker).unwrap();
    assert!(kept.contains("pdf ja/basic.pdf"), "{kept}");
    let twice = read_tree(&root.join("dist"));
    build_ok(root);
    assert_eq!(read_tree(&root.join("dist")), twice, "deterministic");

    // The deck changes: the PDF no longer shows it.
    let md = root.join("content/ja/01-intro.md");
    let changed = fs::read_to_string(&md).unwrap() + "\n追加の段落。\n";
    fs::write(&md, changed).unwrap();
    let o = kumo(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("printed from an earlier version"),
        "{}",
        stderr(&o)
    );
    assert!(!root.join("dist/ja/basic.pdf").exists());
    assert!(!read(root, "dist/index.html").contains("basic.pdf"));
    assert!(!fs::read_to_string(&marker).unwrap().contains("pdf"));
}
