//! Integration tests of content assets on the `assets` fixture: the lookup rule (language folder,
//! then neutral), located errors, hashed names shared across languages, unused files, alt text,
//! resizing with its cache, SVG with script, downloads, NFD names, link-preview tags,
//! determinism.

use crate::support::*;
use kumo_deck::{build, BuildOptions};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Run the binary with the resize cache in `cache` (never the user's).
fn kumo_cached(root: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kumo-deck"))
        .current_dir(root)
        .env("KUMO_DECK_CACHE", cache)
        .args(args)
        .output()
        .expect("run kumo-deck")
}

fn media(root: &Path) -> Vec<String> {
    read_tree(&root.join("dist/assets/media"))
        .into_keys()
        .collect()
}

/// The `<img …>` tags of a page.
fn imgs(html: &str) -> Vec<&str> {
    html.split("<img ")
        .skip(1)
        .map(|s| &s[..s.find('>').unwrap()])
        .collect()
}

#[test]
fn language_file_overrides_the_shared_one_and_shared_files_are_published_once() {
    let p = fixture("assets");
    let err = p.build_ok();
    assert!(!err.contains("warning"), "{err}");
    let files = media(p.path());
    // Two shot.png (ja's own, the neutral one for en), one logo, the PDF and the CSV.
    let shots: Vec<_> = files.iter().filter(|f| f.starts_with("shot.")).collect();
    assert_eq!(shots.len(), 2, "{files:?}");
    assert_eq!(files.iter().filter(|f| f.starts_with("logo.")).count(), 1);
    let ja = p.read("dist/ja/index.html");
    let en = p.read("dist/en/index.html");
    let src = |html: &str| {
        let i = html.find("../assets/media/shot.").unwrap();
        html[i..i + 40].split('"').next().unwrap().to_string()
    };
    let (ja_shot, en_shot) = (src(&ja), src(&en));
    assert_ne!(ja_shot, en_shot);
    let ja_bytes = fs::read(p.path().join("dist").join(&ja_shot[3..])).unwrap();
    let own = fs::read(p.path().join("content/ja/assets/shot.png")).unwrap();
    assert_eq!(ja_bytes, own, "ja shows its own screenshot");
    let en_bytes = fs::read(p.path().join("dist").join(&en_shot[3..])).unwrap();
    assert_eq!(
        en_bytes,
        fs::read(p.path().join("content/assets/shot.png")).unwrap()
    );
    // The same logo URL from both languages and every view.
    let logo = format!(
        "../assets/media/{}",
        files.iter().find(|f| f.starts_with("logo.")).unwrap()
    );
    for page in [
        "ja/index.html",
        "en/index.html",
        "ja/doc.html",
        "en/presenter.html",
    ] {
        assert!(p.read(&format!("dist/{page}")).contains(&logo), "{page}");
    }
}

#[test]
fn images_carry_size_lazy_loading_async_decoding_and_figures() {
    let p = fixture("assets");
    p.build_ok();
    let en = p.read("dist/en/index.html");
    let tags = imgs(&en);
    let cover = tags.iter().find(|t| t.contains("alt=\"Logo\"")).unwrap();
    assert!(cover.contains("width=\"320\" height=\"160\""), "{cover}");
    assert!(
        !cover.contains("loading="),
        "first slides load at once: {cover}"
    );
    let beside = tags
        .iter()
        .find(|t| t.contains("alt=\"Architecture\""))
        .unwrap();
    assert!(beside.contains("loading=\"lazy\""), "{beside}");
    assert!(tags.iter().filter(|t| t.contains("alt=\"")).count() >= 4);
    assert!(tags
        .iter()
        .all(|t| t.contains("decoding=\"async\"") || t.contains("alt=\"\"")));
    // An image alone in a paragraph is a figure; its title is the caption.
    assert!(
        en.contains("<figcaption>The console</figcaption></figure>"),
        "{en}"
    );
    assert!(en.contains("<figure class=\"media\"><img src=\"../assets/media/shot."));
    // The decorative marker gives an empty alt.
    let bleed = &en[en.find("id=\"bleed\"").unwrap()..];
    assert!(imgs(bleed)[0].contains("alt=\"\""), "{bleed}");
    assert!(en.contains("class=\"slide slide--content image-right\""));
}

#[test]
fn downloads_are_linked_with_hashed_names() {
    let p = fixture("assets");
    p.build_ok();
    let ja = p.read("dist/ja/doc.html");
    let files = media(p.path());
    let pdf = files
        .iter()
        .find(|f| f.starts_with("docs/report."))
        .unwrap();
    assert!(
        ja.contains(&format!("href=\"../assets/media/{pdf}\"")),
        "{ja}"
    );
    let h =
        kumo_deck::deploy::headers::for_key(&format!("assets/media/{pdf}"), &Default::default());
    assert_eq!(h.content_type, "application/pdf");
    assert!(h.cache_control.contains("immutable"), "{h:?}");
    let csv = files.iter().find(|f| f.starts_with("table.")).unwrap();
    let h =
        kumo_deck::deploy::headers::for_key(&format!("assets/media/{csv}"), &Default::default());
    assert_eq!(h.content_type, "text/csv; charset=utf-8");
    assert!(
        ja.contains("src=\"../assets/media/logo."),
        "raw <img> rewritten"
    );
    // Speaker notes resolve assets too (the presenter page shows them).
    let presenter = p.read("dist/en/presenter.html");
    let notes = &presenter[presenter.find("presenter-notes-body").unwrap()..];
    assert!(
        notes.contains(&format!("href=\"../assets/media/{pdf}\"")),
        "{notes}"
    );
    assert!(
        notes.contains("<img src=\"../assets/media/logo."),
        "{notes}"
    );
}

#[test]
fn missing_image_is_a_located_error_naming_both_places() {
    let p = fixture("assets");
    p.build_ok();
    let before = read_tree(&p.path().join("dist"));
    let md = "content/en/01-slides.md";
    let text = p
        .read(md)
        .replace("assets/shot.png \"The", "assets/nope.png \"The");
    p.write(md, &text);
    let o = p.kumo(&["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let line = text.lines().position(|l| l.contains("nope.png")).unwrap() + 1;
    assert!(err.contains(&format!("{md}:{line}:1")), "{err}");
    assert!(
        err.contains("looked in content/en/assets/nope.png and content/assets/nope.png"),
        "{err}"
    );
    assert_eq!(
        read_tree(&p.path().join("dist")),
        before,
        "dist/ left as it was"
    );
}

#[test]
fn missing_alt_text_is_a_warning_that_deny_warnings_fails() {
    let p = fixture("assets");
    let md = "content/ja/01-slides.md";
    let text = p.read(md).replace("![管理画面]", "![]");
    p.write(md, &text);
    let line = text.lines().position(|l| l.starts_with("![](")).unwrap() + 1;
    let err = p.build_ok();
    assert!(err.contains("has no alt text"), "{err}");
    assert!(err.contains(&format!("{md}:{line}:")), "{err}");
    let o = p.kumo(&["check", "--deny-warnings"]);
    assert!(!o.status.success());
    // Decorative images (`![-]`, raw `alt=""`) are fine: the fixture has both and no warning.
    let clean = fixture("assets");
    let o = kumo(clean.path(), &["check", "--deny-warnings"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn unused_files_are_not_published_and_warned_about() {
    let p = fixture("assets");
    fs::write(p.path().join("content/assets/spare.png"), b"x").unwrap();
    let err = p.build_ok();
    assert!(err.contains("content/assets/spare.png"), "{err}");
    assert!(err.contains("not used by any slide"), "{err}");
    assert!(!media(p.path()).iter().any(|f| f.starts_with("spare")));
}

#[test]
fn svg_with_script_is_refused_with_its_place() {
    let p = fixture("assets");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n<rect width=\"10\" height=\"10\"/>\n<script>alert(1)</script></svg>\n";
    fs::write(p.path().join("content/assets/logo.svg"), svg).unwrap();
    let o = p.kumo(&["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("content/assets/logo.svg:3:1"), "{err}");
    assert!(err.contains("<script>"), "{err}");
    let evt = "<svg viewBox=\"0 0 10 10\"><rect onclick=\"x()\" width=\"1\"/></svg>";
    fs::write(p.path().join("content/assets/logo.svg"), evt).unwrap();
    let err = stderr(&p.kumo(&["build"]));
    assert!(err.contains("event attribute `onclick`"), "{err}");
}

#[test]
fn nfd_file_names_are_published_in_nfc() {
    let p = fixture("assets");
    let nfd = "\u{30ab}\u{3099}\u{30e1}\u{30e9}.png"; // ガメラ with a combining mark
    let nfc = "\u{30ac}\u{30e1}\u{30e9}.png";
    fs::copy(
        p.path().join("content/assets/shot.png"),
        p.path().join("content/assets").join(nfd),
    )
    .unwrap();
    for (md, alt) in [
        ("content/ja/01-slides.md", "画"),
        ("content/en/01-slides.md", "A"),
    ] {
        let text = p.read(md) + &format!("\n![{alt}](assets/{nfd})\n");
        p.write(md, &text);
    }
    p.build_ok();
    let files = media(p.path());
    let stem = &nfc[..nfc.len() - 4];
    assert!(files.iter().any(|f| f.starts_with(stem)), "{files:?}");
    assert!(!files.iter().any(|f| f.contains('\u{3099}')), "{files:?}");
    let en = p.read("dist/en/index.html");
    assert!(
        en.contains("../assets/media/%E3%82%AC%E3%83%A1%E3%83%A9."),
        "{en}"
    );
}

/// A `w` x `h` PNG with a gradient (so resizing has something to do).
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[test]
fn huge_png_becomes_a_srcset_of_cached_variants_and_the_original_is_untouched() {
    let p = fixture("assets");
    let cache = tempfile::tempdir().unwrap();
    let big = png(4200, 300);
    fs::write(p.path().join("content/assets/wide.png"), &big).unwrap();
    for md in ["content/ja/01-slides.md", "content/en/01-slides.md"] {
        p.write(md, &(p.read(md) + "\n![wide](assets/wide.png)\n"));
    }
    let opts = BuildOptions {
        image_cache: Some(cache.path().to_path_buf()),
        ..Default::default()
    };
    let first = build(p.path(), &opts);
    assert!(
        !first.diagnostics.has_errors(),
        "{}",
        first.diagnostics.render_all()
    );
    assert_eq!(first.resized, 2, "one frame-sized and one 2x variant");
    let site = first.site.unwrap();
    let variants: Vec<&String> = site.files.keys().filter(|k| k.contains("wide-")).collect();
    assert_eq!(variants.len(), 2, "{variants:?}");
    assert!(
        !site.files.keys().any(|k| k.contains("/wide.")),
        "original not published"
    );
    for (v, w) in variants.iter().zip(["1920", "3840"]) {
        assert!(v.contains(&format!("wide-{w}w.")), "{v}");
        let s = imagesize::blob_size(site.get(v).unwrap()).unwrap();
        assert_eq!(s.width.to_string(), w);
    }
    let ja = String::from_utf8(site.get("ja/index.html").unwrap().to_vec()).unwrap();
    let tag = imgs(&ja)
        .into_iter()
        .find(|t| t.contains("alt=\"wide\""))
        .unwrap();
    assert!(
        tag.contains(" 1920w, ") && tag.contains(" 3840w\""),
        "{tag}"
    );
    assert!(tag.contains("width=\"3840\" height=\"274\""), "{tag}");
    assert_eq!(
        fs::read(p.path().join("content/assets/wide.png")).unwrap(),
        big
    );
    // A second build takes the variants from the cache and gives the same bytes.
    let second = build(p.path(), &opts);
    assert_eq!(second.resized, 0);
    assert_eq!(second.site.unwrap().digest(), site.digest());
    assert!(fs::read_dir(cache.path()).unwrap().count() > 0);
}

#[test]
fn rebuilds_with_images_are_byte_identical() {
    let p = fixture("assets");
    let cache = tempfile::tempdir().unwrap();
    fs::write(p.path().join("content/assets/wide.png"), png(4000, 50)).unwrap();
    let md = "content/en/01-slides.md";
    p.write(md, &(p.read(md) + "\n![wide](assets/wide.png)\n"));
    let md = "content/ja/01-slides.md";
    p.write(md, &(p.read(md) + "\n![広い](assets/wide.png)\n"));
    let o = kumo_cached(p.path(), cache.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = read_tree(&p.path().join("dist"));
    // From an empty cache again, then from the cache: the same bytes both times.
    let fresh = tempfile::tempdir().unwrap();
    for c in [fresh.path(), cache.path()] {
        let o = kumo_cached(p.path(), c, &["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(read_tree(&p.path().join("dist")), a);
    }
}

#[test]
fn link_preview_tags_need_a_base_url() {
    let p = fixture("assets");
    p.build_ok();
    let ja = p.read("dist/ja/index.html");
    assert!(
        ja.contains("<meta property=\"og:title\" content=\"画像のデッキ\">"),
        "{ja}"
    );
    assert!(ja.contains("<meta property=\"og:description\" content=\"画像とファイルのテスト\">"));
    assert!(ja.contains("<meta property=\"og:locale\" content=\"ja_JP\">"));
    assert!(ja.contains("<meta property=\"og:locale:alternate\" content=\"en_US\">"));
    assert!(!ja.contains("og:image") && !ja.contains("og:url"), "{ja}");
    assert!(ja.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(
        ja.contains("<link rel=\"icon\" href=\"../assets/favicon."),
        "{ja}"
    );
    let o = p.kumo(&["check"]);
    let out = String::from_utf8_lossy(&o.stdout).to_string() + &stderr(&o);
    assert!(out.contains("note: no base_url"), "{out}");

    let o = kumo(
        p.path(),
        &["build", "--base-url", "https://deck.example/sub/"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let ja = p.read("dist/ja/index.html");
    let en = p.read("dist/en/doc.html");
    // The first raster image of the language's slides: ja's own screenshot, en's the shared one.
    let img = |html: &str| {
        let i = html.find("og:image\" content=\"").unwrap() + 19;
        html[i..].split('"').next().unwrap().to_string()
    };
    assert!(img(&ja).starts_with("https://deck.example/sub/assets/media/shot."));
    assert_ne!(img(&ja), img(&en));
    assert!(p.path().join("dist").join(&img(&ja)[25..]).is_file());
    assert!(
        en.contains("<meta property=\"og:url\" content=\"https://deck.example/sub/en/doc.html\">")
    );
    assert!(en.contains("content=\"summary_large_image\""));
    // An image set in deck.toml wins, and must exist.
    let toml = p
        .read("deck.toml")
        .replace("[title]", "image = \"assets/card.png\"\n\n[title]");
    p.write("deck.toml", &toml);
    let err = stderr(&p.kumo(&["build"]));
    assert!(
        err.contains("looked in content/ja/assets/card.png and content/assets/card.png"),
        "{err}"
    );
}
