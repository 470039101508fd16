//! Integration tests of `kumo-deck build` on the `basic` fixture: pages, ids, switcher, split
//! edge cases, highlighting, escaping, relative links, determinism and atomic output.

use crate::support::*;
use std::fs;

#[test]
fn builds_both_languages_with_same_ids_in_order() {
    let p = fixture("basic");
    let out = p.build_ok();
    assert!(out.is_empty() || !out.contains("error"), "{out}");
    let ja = p.read("dist/ja/index.html");
    let en = p.read("dist/en/index.html");
    let ids = slide_ids(&ja);
    assert_eq!(ids, vec!["cover", "overview", "code", "langs"]);
    assert_eq!(slide_ids(&en), ids);
    assert!(ja.starts_with("<!DOCTYPE html>\n<html lang=\"ja\""));
    assert!(en.contains("<html lang=\"en\""));
    for f in ["dist/index.html", "dist/ja/doc.html", "dist/en/doc.html"] {
        assert!(p.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn slide_kinds_come_from_heading_classes() {
    let p = fixture("basic");
    p.build_ok();
    let ja = p.read("dist/ja/index.html");
    assert!(
        ja.contains("<section class=\"slide slide--title\" id=\"cover\""),
        "{ja}"
    );
    assert!(ja.contains("<section class=\"slide slide--content\" id=\"overview\""));
    // The id moved to the section: no duplicate id on the heading.
    assert_eq!(ja.matches("id=\"cover\"").count(), 1);
}

#[test]
fn language_switcher_targets_the_other_language() {
    let p = fixture("basic");
    p.build_ok();
    let ja = p.read("dist/ja/index.html");
    assert!(
        ja.contains("data-lang-switch href=\"../en/index.html\" hreflang=\"en\""),
        "{ja}"
    );
    let en_doc = p.read("dist/en/doc.html");
    assert!(en_doc.contains("data-lang-switch href=\"../ja/doc.html\" hreflang=\"ja\""));
    let home = p.read("dist/index.html");
    assert!(
        home.contains("hreflang=\"ja\" href=\"ja/index.html\""),
        "{home}"
    );
    assert!(home.contains("hreflang=\"en\" href=\"en/index.html\""));
}

#[test]
fn fence_with_rule_and_setext_heading_do_not_split() {
    let p = fixture("basic");
    p.build_ok();
    // Phrase breaks (<wbr>) aside.
    let ja = p.read("dist/ja/index.html").replace("<wbr>", "");
    // `---` inside the YAML fence stays in the code block of slide `code`.
    let code = ja
        .split("id=\"code\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(code.contains("kind"), "{code}");
    assert!(code.contains("---"));
    // The setext underline made a heading on slide `overview`.
    let overview = ja
        .split("id=\"overview\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(overview.contains("<h2>Setext の見出し</h2>"), "{overview}");
    assert!(overview.contains("本文が続く"));
}

#[test]
fn code_is_highlighted_with_classes_for_required_languages() {
    let p = fixture("basic");
    p.build_ok();
    let en = p.read("dist/en/index.html");
    for lang in ["yaml", "java", "shell", "json", "toml", "text"] {
        let marker = format!("data-lang=\"{lang}\"><code>");
        let block = en
            .split(&marker)
            .nth(1)
            .unwrap_or_else(|| panic!("no {lang} block"));
        let block = block.split("</code>").next().unwrap();
        assert!(!block.contains("style="), "{lang}: inline style");
        if lang != "text" {
            assert!(block.contains("class=\"hl-"), "{lang}: {block}");
        }
    }
    assert!(en.contains("plain &lt;text&gt;"), "plain text is escaped");
    let css = read_tree(&p.path().join("dist/assets"));
    let hl = css
        .keys()
        .find(|k| k.starts_with("highlight."))
        .expect("highlight css");
    let hl = String::from_utf8(css[hl].clone()).unwrap();
    assert!(hl.contains(".hl-") && hl.contains("prefers-color-scheme: dark"));
}

#[test]
fn notes_never_reach_the_audience_pages() {
    let p = fixture("basic");
    p.build_ok();
    for f in ["dist/ja/index.html", "dist/ja/doc.html"] {
        assert!(!p.read(f).contains("発表者用のメモ"), "{f}");
    }
    assert!(!p.read("dist/en/index.html").contains("Presenter note"));
}

#[test]
fn footnotes_are_per_slide() {
    let p = fixture("basic");
    p.build_ok();
    // Phrase breaks (<wbr>) aside.
    let ja = p.read("dist/ja/index.html").replace("<wbr>", "");
    assert!(ja.contains("<sup class=\"fnref\">1</sup>"));
    assert!(
        ja.contains("<ol class=\"footnotes\">\n<li value=\"1\"><p>注記です。</p>"),
        "{ja}"
    );
}

#[test]
fn all_links_are_relative_and_assets_exist() {
    let p = fixture("basic");
    p.build_ok();
    let tree = read_tree(&p.path().join("dist"));
    for (path, bytes) in &tree {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        for attr in ["href=\"", "src=\""] {
            for link in html
                .split(attr)
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
            {
                assert!(!link.starts_with('/'), "{path}: absolute link {link}");
                if link.starts_with('#') || link.contains("://") {
                    continue;
                }
                let base = std::path::Path::new(path).parent().unwrap();
                let target = normalize(&base.join(link.split('#').next().unwrap()));
                assert!(
                    tree.contains_key(&target),
                    "{path}: broken link {link} ({target})"
                );
            }
        }
    }
    let assets: Vec<_> = tree.keys().filter(|k| k.starts_with("assets/")).collect();
    assert!(assets
        .iter()
        .any(|a| a.starts_with("assets/deck.") && a.ends_with(".css")));
    assert!(
        assets.iter().all(|a| a.matches('.').count() >= 2),
        "fingerprinted: {assets:?}"
    );
}

fn normalize(p: &std::path::Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn two_builds_are_byte_identical() {
    let p = fixture("basic");
    p.build_ok();
    let first = read_tree(&p.path().join("dist"));
    fs::remove_dir_all(p.path().join("dist")).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kumo-deck"))
        .current_dir(p.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .arg("build")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(first, read_tree(&p.path().join("dist")));
}

/// `kumo-deck build` streams its pages (deferred, spliced as they are written): what lands in
/// dist/ is byte for byte the site the in-memory build makes, and a deferred site equals it.
#[test]
fn streamed_pages_equal_the_in_memory_site() {
    let p = fixture("basic");
    build_ok(p.path());
    let mut written = read_tree(&p.path().join("dist"));
    assert!(written.remove(".kumo-deck-output").is_some());
    let plain = kumo_deck::build(p.path(), &kumo_deck::BuildOptions::default());
    let plain = plain.site.expect("the fixture builds");
    assert!(plain.deferred.is_empty());
    assert_eq!(written, plain.files);
    let opts = kumo_deck::BuildOptions {
        defer_pages: true,
        ..Default::default()
    };
    let deferred = kumo_deck::build(p.path(), &opts).site.expect("builds");
    // The slide pages are deferred (the landing page is rendered whole).
    assert!(deferred.deferred.contains_key("en/presenter.html"));
    assert!(!deferred.files.contains_key("en/presenter.html"));
    assert_eq!(deferred, plain);
    assert_eq!(deferred.digest(), plain.digest());
    assert_eq!(deferred.size(), plain.size());
    assert_eq!(deferred.len(), plain.len());
    let mut again = deferred.clone();
    again.materialise();
    assert_eq!(again.files, plain.files);
}

#[test]
fn failed_build_leaves_previous_dist_intact() {
    let p = fixture("basic");
    p.build_ok();
    let before = read_tree(&p.path().join("dist"));
    p.write(
        "content/ja/01-intro.md",
        "+++\nsection = \n+++\n# x {#cover}\n",
    );
    let o = p.kumo(&["build"]);
    assert!(!o.status.success());
    assert_eq!(before, read_tree(&p.path().join("dist")));
    let leftovers: Vec<_> = fs::read_dir(p.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("kumo-staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn deleted_slide_file_disappears_from_output() {
    let p = fixture("basic");
    p.build_ok();
    assert!(p.read("dist/ja/index.html").contains("id=\"langs\""));
    // The intro links to the code slide; a dangling link would (rightly) fail the build.
    for lang in ["ja", "en"] {
        let intro = format!("content/{lang}/01-intro.md");
        let text = p.read(&intro).replace("](#code)", "](#overview)");
        p.write(&intro, &text);
    }
    fs::remove_file(p.path().join("content/ja/02-code.md")).unwrap();
    fs::remove_file(p.path().join("content/en/02-code.md")).unwrap();
    p.build_ok();
    let ja = p.read("dist/ja/index.html");
    assert!(!ja.contains("id=\"langs\"") && !ja.contains("id=\"code\""));
}

#[test]
fn bom_and_crlf_give_the_same_html() {
    let p = fixture("basic");
    p.build_ok();
    let lf = read_tree(&p.path().join("dist"));
    let src = p.read("content/ja/01-intro.md");
    let crlf = format!("\u{feff}{}", src.replace('\n', "\r\n"));
    p.write("content/ja/01-intro.md", &crlf);
    p.build_ok();
    assert_eq!(lf, read_tree(&p.path().join("dist")));
}

#[test]
fn fluent_isolation_marks_never_leak() {
    let p = fixture("basic");
    p.build_ok();
    for (path, bytes) in read_tree(&p.path().join("dist")) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{path}");
    }
}

#[test]
fn template_syntax_in_content_stays_literal_and_env_is_unreadable() {
    let p = fixture("basic");
    let md = "## 環境 {#envtest}\n\n{{ get_env(name=\"KUMO_CANARY\") }} {% include \"x\" %}\n";
    p.write("content/ja/03-env.md", md);
    p.write("content/en/03-env.md", &md.replace("環境", "Env"));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kumo-deck"))
        .current_dir(p.path())
        .env("KUMO_CANARY", "canary-4f1b9e")
        .arg("build")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let ja = p.read("dist/ja/index.html");
    assert!(
        ja.contains("{{ get_env(name=\"KUMO_CANARY\") }} {% include"),
        "{ja}"
    );
    for (path, bytes) in read_tree(&p.path().join("dist")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("canary-4f1b9e"),
            "{path}"
        );
    }
}

#[test]
fn nfd_file_names_sort_like_nfc() {
    let p = fixture("basic");
    // "ガ" in NFD is カ + combining dakuten; NFC sorts it after "カ" files either way.
    let nfd = "03-\u{30ab}\u{3099}.md";
    p.write(&format!("content/ja/{nfd}"), "## ガ {#ga}\n");
    p.write("content/ja/03-\u{30ab}.md", "## カ {#ka}\n");
    p.write("content/en/03-a.md", "## Ka {#ka}\n");
    p.write("content/en/03-b.md", "## Ga {#ga}\n");
    p.build_ok();
    let ids = slide_ids(&p.read("dist/ja/index.html"));
    assert_eq!(&ids[4..], ["ka", "ga"]);
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_project_is_refused() {
    let p = fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "## S {#secret}\n").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        p.path().join("content/ja/05-link.md"),
    )
    .unwrap();
    let o = p.kumo(&["build"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("symlink out of the project"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn out_dir_guards() {
    let p = fixture("basic");
    for bad in [".", "..", "content", "content/ja/x"] {
        let o = p.kumo(&["build", "--out", bad]);
        assert!(!o.status.success(), "--out {bad} accepted");
        assert!(stderr(&o).contains("refusing"), "{bad}: {}", stderr(&o));
    }
    let o = p.kumo(&["build", "--out", p.path().to_str().unwrap()]);
    assert!(!o.status.success());
    // A non-empty folder kumo-deck did not write is kept unless --force.
    p.write("precious/keep.txt", "keep");
    let o = p.kumo(&["build", "--out", "precious"]);
    assert!(!o.status.success());
    assert_eq!(p.read("precious/keep.txt"), "keep");
    let o = p.kumo(&["build", "--out", "precious", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(p.path().join("precious/ja/index.html").is_file());
    // Once marked, it is replaced without --force.
    let o = p.kumo(&["build", "--out", "precious"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn summary_line_on_success() {
    let p = fixture("basic");
    let o = p.kumo(&["build"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("ja: 4 slides") && out.contains("en: 4 slides"),
        "{out}"
    );
}

#[test]
fn staging_left_by_a_killed_build_is_cleaned_up() {
    let p = fixture("basic");
    // A staging folder of a process that no longer exists (pid far above pid_max).
    let stale = p.path().join(".dist.kumo-staging-4999999");
    fs::create_dir_all(stale.join("ja")).unwrap();
    fs::write(stale.join("ja/index.html"), "half written").unwrap();
    p.build_ok();
    assert!(!stale.exists(), "stale staging folder kept");
    assert!(p
        .read("dist/ja/index.html")
        .contains("<section class=\"slide"));
}

#[test]
fn render_cache_rerenders_only_changed_slides() {
    let p = fixture("basic");
    let opts = kumo_deck::BuildOptions::default();
    let mut cache = kumo_deck::render_cache::RenderCache::default();
    let first = kumo_deck::build_with_cache(p.path(), &opts, &mut cache);
    assert!(first.site.is_some(), "{}", first.diagnostics.render_all());
    assert_eq!(cache.stats(), (0, 8), "4 slides x 2 languages rendered");
    let second = kumo_deck::build_with_cache(p.path(), &opts, &mut cache);
    assert_eq!(cache.stats(), (8, 8), "nothing re-rendered");
    assert_eq!(first.site, second.site);
    let src = p
        .read("content/en/02-code.md")
        .replace("## Other languages", "## More languages");
    p.write("content/en/02-code.md", &src);
    let third = kumo_deck::build_with_cache(p.path(), &opts, &mut cache);
    assert_eq!(cache.stats(), (15, 9), "only the edited slide re-rendered");
    let en = String::from_utf8(third.site.unwrap().files["en/index.html"].clone()).unwrap();
    assert!(en.contains("More languages"));
    // Same result as a build without a cache.
    let fresh = kumo_deck::build(p.path(), &opts).site.unwrap();
    assert_eq!(fresh.files["en/index.html"], en.into_bytes());
}

#[test]
fn planned_pdfs_are_linked_from_deck_doc_and_home() {
    let p = fixture("basic");
    let mut opts = kumo_deck::BuildOptions::default();
    let plain = kumo_deck::build(p.path(), &opts).site.unwrap();
    let ja = String::from_utf8(plain.files["ja/index.html"].clone()).unwrap();
    assert!(!ja.contains(".pdf"), "no PDF, no link");
    // The pages learn only that the PDF is planned; the command fills its slot.
    opts.exports.insert("ja/basic.pdf".into());
    let out = kumo_deck::build(p.path(), &opts);
    let site = out
        .site
        .unwrap_or_else(|| panic!("{}", out.diagnostics.render_all()));
    assert_eq!(
        site.files["ja/basic.pdf"], b"",
        "an empty slot until filled"
    );
    for page in ["ja/index.html", "ja/doc.html"] {
        let html = String::from_utf8(site.files[page].clone()).unwrap();
        assert!(
            html.contains("<a href=\"basic.pdf\" type=\"application/pdf\">PDF版</a>"),
            "{page}"
        );
    }
    let home = String::from_utf8(site.files["index.html"].clone()).unwrap();
    assert!(home.contains("href=\"ja/basic.pdf\""), "{home}");
    assert!(
        !home.contains("en/basic.pdf"),
        "only the printed language is linked"
    );
}

#[test]
fn editor_temp_files_never_reach_the_output() {
    let p = fixture("basic");
    fs::create_dir_all(p.path().join("themes/default")).unwrap();
    for junk in [
        "deck.css~",
        "4913",
        ".deck.css.swp",
        "deck.css.bck",
        "x___jb_tmp___",
    ] {
        p.write(&format!("themes/default/{junk}"), "junk");
    }
    p.write("templates/home.html~", "{{ broken");
    p.write("content/ja/01-intro.md~", "## stale {#stale}\n");
    p.build_ok();
    let tree = read_tree(&p.path().join("dist"));
    let assets: Vec<_> = tree
        .keys()
        .filter(|k| k.starts_with("assets/") && !k.starts_with("assets/fonts/"))
        .collect();
    assert_eq!(
        assets.len(),
        5,
        "only charts.css, deck.css, deck.js, favicon.svg and highlight.css: {assets:?}"
    );
    let fonts = tree.keys().filter(|k| k.starts_with("assets/fonts/"));
    assert_eq!(
        fonts.count(),
        13,
        "eleven font files (Noto Sans JP, its ※ slice, Noto Sans) and two licences"
    );
}

#[test]
fn doc_only_slides_appear_in_the_document_view_alone() {
    let p = fixture("basic");
    for (lang, title) in [("ja", "出典について"), ("en", "About the sources")] {
        p.write(
            &format!("content/{lang}/09-sources.md"),
            &format!("## {title} {{#sources .doc-only}}\n\nSource remarks.\n"),
        );
    }
    p.build_ok();
    for lang in ["ja", "en"] {
        let doc = p.read(&format!("dist/{lang}/doc.html"));
        assert!(doc.contains("id=\"sources\""), "{doc}");
        assert!(doc.contains("Source remarks."));
        // Numbered like the deck: four slides, and the doc-only one is not "slide 5 of 5".
        assert!(doc.contains(" / 4") || doc.contains(" of 4"), "{doc}");
        assert!(!doc.contains(" / 5") && !doc.contains(" of 5"), "{doc}");
        // No "open in the deck" link to a slide the deck does not have.
        assert!(!doc.contains("index.html#sources"), "{doc}");
        for page in ["index.html", "presenter.html"] {
            let html = p.read(&format!("dist/{lang}/{page}"));
            assert!(!html.contains("Source remarks."), "{lang}/{page}");
            assert!(!html.contains("sources\""), "{lang}/{page}");
        }
        let deck = p.read(&format!("dist/{lang}/index.html"));
        assert_eq!(slide_ids(&deck), vec!["cover", "overview", "code", "langs"]);
    }
}

/// The `<section … id="{id}">…</section>` of a slide in a page (slides do not nest sections).
fn slide_html(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\""))
        .and_then(|at| page[..at].rfind("<section"))
        .unwrap_or_else(|| panic!("no slide `{id}`"));
    let end = start + page[start..].find("</section>").expect("a closed section");
    page[start..end + "</section>".len()].to_string()
}

/// Slide HTML, held in reviewed snapshots (`tests/it/snapshots/`): the markup the theme and
/// the browser tests rely on changes only on purpose. Highlighted code (classes, escaping) and
/// notes; lists, an in-deck link, raw HTML, a setext heading and a footnote.
#[test]
fn slide_html_snapshots() {
    let p = fixture("basic");
    let ja = p.built_page("ja/index.html");
    let en = p.built_page("en/index.html");
    insta::assert_snapshot!("code_slide_ja", slide_html(&ja, "code"));
    insta::assert_snapshot!("langs_slide_en", slide_html(&en, "langs"));
    insta::assert_snapshot!("overview_slide_en", slide_html(&en, "overview"));
}

/// The README's example of the fixture builder ("Tests"), kept compiling and passing.
#[test]
fn an_edited_heading_reaches_the_built_page() {
    let p = fixture("basic");
    p.replace("content/en/01-intro.md", "# Test deck", "# Edited cover");
    let warnings = p.build_ok();
    let en = p.read("dist/en/index.html");
    assert!(en.contains(">Edited cover</h1>"), "{warnings}\n{en}");
}
