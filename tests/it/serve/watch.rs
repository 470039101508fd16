//! Watching: editor save sequences (vim, Helix, Emacs, JetBrains temp files: one rebuild, no
//! temp file published), deletes and re-creates, renamed folders, a checkout-sized burst (no
//! build of a half-applied tree), the polling fallback.

use super::util::*;
use std::fs;
use std::time::Duration;

#[test]
fn editor_save_sequences_each_rebuild_exactly_once() {
    let p = Project::new();
    // Longer than the default quiet period, so a test thread stalled on a busy machine
    // between two steps of one save cannot split it (editors need well under a millisecond).
    let s = p.start_with(|o| o.debounce = Duration::from_millis(200));
    let en = p.root.join("content/en");
    let f = en.join("01-a.md");
    let mut n = s.rebuild_count();
    let mut step = |name: &str, save: &dyn Fn(&str)| {
        let text = fs::read_to_string(&f)
            .unwrap()
            .replace("ALPHA", &format!("ALPHA-{name}"));
        save(&text);
        n += 1;
        wait_for(|| s.rebuild_count() >= n, "a rebuild");
        settle(&p);
        assert_eq!(s.rebuild_count(), n, "{name}: exactly one rebuild");
        let page = get(&s, "/en/").text();
        assert!(page.contains(&format!("ALPHA-{name}")), "{name}");
        assert!(!page.contains("4913") && !page.contains("___jb_"), "{name}");
    };
    step("vim", &|text| {
        fs::write(en.join(".01-a.md.swp"), "swap").unwrap();
        fs::write(en.join("4913"), "").unwrap();
        fs::remove_file(en.join("4913")).unwrap();
        fs::rename(&f, en.join("01-a.md~")).unwrap();
        fs::write(&f, text).unwrap();
        fs::remove_file(en.join("01-a.md~")).unwrap();
        fs::remove_file(en.join(".01-a.md.swp")).unwrap();
    });
    step("jetbrains", &|text| {
        fs::write(en.join("01-a.md___jb_tmp___"), text).unwrap();
        fs::rename(&f, en.join("01-a.md___jb_old___")).unwrap();
        fs::rename(en.join("01-a.md___jb_tmp___"), &f).unwrap();
        fs::remove_file(en.join("01-a.md___jb_old___")).unwrap();
    });
    step("emacs", &|text| {
        fs::write(en.join(".#01-a.md"), "user@host").unwrap();
        fs::write(en.join("#01-a.md#"), text).unwrap();
        fs::copy(&f, en.join("01-a.md~")).unwrap();
        fs::write(&f, text).unwrap();
        fs::remove_file(en.join("#01-a.md#")).unwrap();
        fs::remove_file(en.join(".#01-a.md")).unwrap();
    });
    step("helix", &|text| {
        fs::copy(&f, en.join("01-a.md.bck")).unwrap();
        fs::write(&f, text).unwrap();
        fs::remove_file(en.join("01-a.md.bck")).unwrap();
    });
    // Temp files alone never rebuild.
    let before = s.rebuild_count();
    fs::write(en.join("notes.md.swp"), "x").unwrap();
    fs::write(en.join("#scratch#"), "x").unwrap();
    fs::write(en.join("02-b.md~"), "x").unwrap();
    settle(&p);
    assert_eq!(
        s.rebuild_count(),
        before,
        "temp files alone rebuild nothing"
    );
    s.stop();
}

#[test]
fn deleted_slides_disappear_and_come_back() {
    let p = Project::new();
    let s = p.start();
    let mut ev = p.events(&s);
    ev.expect("hello");
    let ja = fs::read_to_string(p.root.join("content/ja/02-b.md")).unwrap();
    let en = fs::read_to_string(p.root.join("content/en/02-b.md")).unwrap();
    fs::remove_file(p.root.join("content/ja/02-b.md")).unwrap();
    fs::remove_file(p.root.join("content/en/02-b.md")).unwrap();
    ev.expect("reload");
    assert!(!get(&s, "/en/").text().contains("GAMMA-EN"));
    assert!(!get(&s, "/ja/doc.html").text().contains("GAMMA-JA"));
    p.write("content/ja/02-b.md", &ja);
    p.write("content/en/02-b.md", &en);
    ev.expect("reload");
    assert!(get(&s, "/en/").text().contains("GAMMA-EN"));
    s.stop();
}

#[test]
fn a_renamed_folder_serves_new_urls_and_404s_old_ones() {
    let p = Project::new();
    let s = p.start();
    let mut ev = p.events(&s);
    ev.expect("hello");
    let theme_css = asset_href(&get(&s, "/en/").text(), "css");
    fs::rename(p.root.join("themes"), p.root.join("themes.off")).unwrap();
    ev.expect("reload");
    let builtin_css = asset_href(&get(&s, "/en/").text(), "css");
    assert_ne!(theme_css, builtin_css);
    assert_eq!(get(&s, &theme_css).status, 404);
    assert_eq!(get(&s, &builtin_css).status, 200);
    fs::rename(p.root.join("themes.off"), p.root.join("themes")).unwrap();
    ev.expect("reload");
    assert_eq!(asset_href(&get(&s, "/en/").text(), "css"), theme_css);
    // The folder is watched again after coming back.
    p.replace("themes/default/deck.css", "#222", "#333");
    ev.expect("css");
    s.stop();
}

#[test]
fn a_burst_of_many_file_writes_is_one_or_two_rebuilds() {
    let p = Project::new();
    let s = p.start_with(|o| o.debounce = Duration::from_millis(300));
    let before = s.rebuild_count();
    for i in 0..150 {
        for lang in ["ja", "en"] {
            let body = format!("## Third {{#third}}\n\nGAMMA-{i}\n");
            p.write(&format!("content/{lang}/02-b.md"), &body);
        }
    }
    wait_for(
        || get(&s, "/en/").text().contains("GAMMA-149"),
        "the final content",
    );
    settle(&p);
    let n = s.rebuild_count() - before;
    assert!((1..=2).contains(&n), "{n} rebuilds");
    assert!(get(&s, "/ja/").text().contains("GAMMA-149"));
    s.stop();
}

#[test]
fn polling_fallback_sees_edits() {
    let p = Project::new();
    let s = p.start_with(|o| o.poll = true);
    let mut ev = p.events(&s);
    ev.expect("hello");
    p.replace("content/ja/01-a.md", "ALPHA-JA", "POLLED-JA");
    ev.expect("reload");
    assert!(get(&s, "/ja/").text().contains("POLLED-JA"));
    s.stop();
}

#[test]
fn no_build_runs_while_git_holds_its_index_lock() {
    let p = Project::new();
    fs::create_dir_all(p.root.join(".git")).unwrap();
    fs::write(p.root.join(".git/index.lock"), "").unwrap();
    let s = p.start();
    let before = s.rebuild_count();
    p.replace("content/en/01-a.md", "ALPHA-EN", "CHECKOUT-EN");
    settle(&p);
    assert_eq!(
        s.rebuild_count(),
        before,
        "waits for the checkout to finish"
    );
    fs::remove_file(p.root.join(".git/index.lock")).unwrap();
    wait_for(
        || s.rebuild_count() == before + 1,
        "the rebuild after the lock",
    );
    assert!(get(&s, "/en/").text().contains("CHECKOUT-EN"));
    s.stop();
}
