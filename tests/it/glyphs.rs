//! Characters no bundled font has: the build warns, naming the character, file, line and column,
//! and still builds; characters the bundled fonts have ("※", kana, kanji, Latin) pass silently.

use crate::support::fixture;

#[test]
fn a_character_no_bundled_font_has_is_a_warning_at_its_place() {
    let p = fixture("basic");
    let file = p.path().join("content/ja/01-intro.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let lines = text.lines().count();
    std::fs::write(
        &file,
        format!("{text}\n※ 注: タイ語の ก と 🙂 は入っていない\n"),
    )
    .unwrap();
    let err = p.build_ok();
    let line = lines + 2;
    assert!(
        err.contains(&format!(
            "content/ja/01-intro.md:{line}:11: no bundled font has `ก` (U+0E01)"
        )),
        "{err}"
    );
    assert!(err.contains("no bundled font has `🙂` (U+1F642)"), "{err}");
    assert!(!err.contains("`※`") && !err.contains("`注`"), "{err}");
}

#[test]
fn the_bundled_deck_uses_no_character_outside_the_bundled_fonts() {
    let root = crate::support::repo();
    let built = kumo_deck::build(root, &kumo_deck::BuildOptions::default());
    let missing: Vec<_> = built
        .diagnostics
        .0
        .iter()
        .filter(|d| d.message.starts_with("no bundled font has"))
        .map(|d| d.render())
        .collect();
    assert!(missing.is_empty(), "{}", missing.join(""));
}
