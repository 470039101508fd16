//! `kumo-deck pdf` through a real headless Chromium, checked with poppler-utils (pdfinfo, pdffonts,
//! pdftotext, pdftohtml): pages, size, fonts, text, outline, links, metadata, blocked requests,
//! a missing browser or CJK font. Time-outs and signals: pdf_process.rs.

use crate::support::poppler::{field, leftovers, processes_mentioning, tool};
use crate::support::{browser_or_skip, fixture, kumo_command as kumo, lock, os, run, stderr};
use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

struct Expect {
    lang: &'static str,
    title: &'static str,
    slides: [&'static str; 3],
    text: &'static [&'static str],
}

const EXPECT: [Expect; 2] = [
    Expect {
        lang: "ja",
        title: "PDF テスト用デッキ",
        slides: ["クラウドの雲デッキ", "コンテナの選択肢", "まとめ"],
        text: &[
            "日本語の表示を確認するためのスライドです。",
            "東京リージョンで動作します。",
            "Tokyo region works.",
        ],
    },
    Expect {
        lang: "en",
        title: "PDF test deck",
        slides: ["The cloud deck", "Container choices", "Summary"],
        text: &[
            "A slide to check how the text renders.",
            "Plain English text here.",
        ],
    },
];

#[test]
fn prints_one_tagged_16_9_page_per_slide_with_outline_links_and_fonts() {
    let Some(chrome) = browser_or_skip("pdf prints") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let args = [
        os("pdf"),
        os("--out"),
        out.as_os_str(),
        os("--chrome"),
        chrome.as_os_str(),
        os("--handout"),
    ];
    let tmpdir = [("TMPDIR", tmp.path().as_os_str())];
    let o = run(kumo(fixture("pdf-basic").path(), &args, &tmpdir));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for step in [
        "launching",
        "[ja] loading",
        "[ja] waiting for fonts",
        "[ja] printing",
        "[en] wrote",
    ] {
        assert!(err.contains(step), "no progress `{step}` in:\n{err}");
    }
    assert!(!err.contains("warning"), "{err}");
    for e in &EXPECT {
        let handout = out.join(e.lang).join("pdf-basic-handout.pdf");
        let info = tool("pdfinfo", &[handout.as_os_str()]);
        // three slides without notes share one A4 page of the handout
        assert_eq!(field(&info, "Pages"), "1", "handout: {info}");
        assert!(
            field(&info, "Page size").ends_with("(A4)"),
            "handout: {info}"
        );
        let pdf = out.join(e.lang).join("pdf-basic.pdf");
        check_info(&pdf, e);
        check_fonts(&pdf, e);
        let text = tool("pdftotext", &[pdf.as_os_str(), os("-")]);
        for t in e.text.iter().chain(&e.slides) {
            assert!(
                text.contains(t),
                "[{}] `{t}` not in the text:\n{text}",
                e.lang
            );
        }
        check_outline_and_links(&pdf, e);
    }
    // A plain build of the same deck into the same folder keeps the PDFs (and their links).
    let printed = std::fs::read(out.join("ja/pdf-basic.pdf")).unwrap();
    let again = [os("build"), os("--out"), out.as_os_str()];
    let o = run(kumo(fixture("pdf-basic").path(), &again, &tmpdir));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out.join("ja/pdf-basic.pdf")).unwrap(),
        printed
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("ja/pdf-basic.pdf"), "{home}");
    assert_eq!(
        processes_mentioning(&tmp.path().to_string_lossy()),
        Vec::<String>::new()
    );
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );
}

fn check_info(pdf: &Path, e: &Expect) {
    let info = tool("pdfinfo", &[pdf.as_os_str()]);
    assert_eq!(field(&info, "Pages"), "3", "{info}");
    assert!(
        field(&info, "Page size").starts_with("960 x 540 pts"),
        "{info}"
    );
    assert_eq!(field(&info, "Tagged"), "yes", "{info}");
    assert_eq!(field(&info, "Title"), e.title, "{info}");
    assert_eq!(field(&info, "Author"), "Kumo Test Author", "{info}");
    let raw = std::fs::read(pdf).unwrap();
    let lang = format!("/Lang ({})", e.lang);
    assert!(
        raw.windows(lang.len()).any(|w| w == lang.as_bytes()),
        "no {lang}"
    );
}

/// Every font embedded with a Unicode map and a name; Japanese through the theme's Noto Sans JP
/// (TrueType outlines, so a named CID font: Skia writes CFF-outline fonts such as the system's
/// Noto Sans CJK as unnamed Type 3 fonts), never a Latin fallback.
fn check_fonts(pdf: &Path, e: &Expect) {
    let fonts = tool("pdffonts", &[pdf.as_os_str()]);
    let rows: Vec<Vec<&str>> = fonts
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(!rows.is_empty(), "{fonts}");
    for r in &rows {
        let n = r.len();
        assert_eq!(
            (r[n - 5], r[n - 3]),
            ("yes", "yes"),
            "not embedded with Unicode:\n{fonts}"
        );
    }
    assert!(!fonts.contains("DejaVu"), "{fonts}");
    assert!(!fonts.contains("Type 3"), "unnamed Type 3 fonts:\n{fonts}");
    if e.lang == "ja" {
        let jp = rows
            .iter()
            .any(|r| r[0].ends_with("+NotoSansJP-Regular") && r[1..3] == ["CID", "TrueType"]);
        assert!(jp, "no embedded Noto Sans JP subset in:\n{fonts}");
    }
}

fn check_outline_and_links(pdf: &Path, e: &Expect) {
    let xml = tool(
        "pdftohtml",
        &[os("-xml"), os("-i"), os("-stdout"), pdf.as_os_str()],
    );
    let items: Vec<&str> = xml
        .split("<item page=\"")
        .skip(1)
        .filter_map(|s| s.split_once('>')?.1.split_once("</item>").map(|x| x.0))
        .collect();
    assert_eq!(items, e.slides, "outline of {}:\n{xml}", e.lang);
    let host = if e.lang == "ja" {
        "aws.amazon.com/jp/"
    } else {
        "aws.amazon.com/"
    };
    assert!(
        xml.contains(&format!("<a href=\"https://{host}")),
        "no external link:\n{xml}"
    );
    assert!(xml.contains(".html#3\">"), "no link to slide 3:\n{xml}");
}

#[test]
fn a_missing_browser_or_a_snap_stub_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let project = fixture("pdf-basic");
    let root = project.path();
    let base = [os("pdf"), os("--out"), out.as_os_str()];
    let with = |extra: &[&OsStr], env: &[(&str, &OsStr)]| {
        let args: Vec<&OsStr> = base.iter().copied().chain(extra.iter().copied()).collect();
        run(kumo(root, &args, env))
    };
    let o = with(&[os("--chrome"), os("/nonexistent/chromium")], &[]);
    let err = stderr(&o);
    assert!(
        !o.status.success() && err.contains("/nonexistent/chromium"),
        "{err}"
    );
    assert!(err.contains("apt-get install chromium"), "{err}");

    let o = with(&[], &[("CHROME", os("/nonexistent/chrome"))]);
    assert!(
        !o.status.success() && stderr(&o).contains("from CHROME"),
        "{}",
        stderr(&o)
    );

    // Ubuntu's transitional package: a script that only asks for the snap.
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let stub = bin.join("chromium-browser");
    std::fs::write(&stub, "#!/bin/sh\necho \"Command '$0' requires the chromium snap to be installed.\nPlease install it with:\n\nsnap install chromium\"\nexit 1\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut c = kumo(root, &base, &[("PATH", bin.as_os_str())]);
    c.env_remove("CHROME");
    let o = run(c);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("no Chromium found") && err.contains("snap"),
        "{err}"
    );
    assert!(err.contains("apt-get install chromium"), "{err}");
    assert!(!out.join("ja/pdf-basic.pdf").exists());
}

#[test]
fn without_a_japanese_font_it_fails_loudly() {
    let Some(chrome) = browser_or_skip("pdf without CJK font") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("fonts.conf");
    let cache = tmp.path().join("fc-cache");
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>{}</cachedir></fontconfig>\n",
        cache.display()
    );
    std::fs::write(&conf, xml).unwrap();
    let out = tmp.path().join("dist");
    let args = [
        os("pdf"),
        os("--lang"),
        os("ja"),
        os("--out"),
        out.as_os_str(),
        os("--chrome"),
        chrome.as_os_str(),
    ];
    let o = run(kumo(
        fixture("pdf-basic").path(),
        &args,
        &[("FONTCONFIG_FILE", conf.as_os_str())],
    ));
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("not rendered with a Japanese font") && err.contains("fonts-noto-cjk"),
        "{err}"
    );
    assert!(!out.join("ja/pdf-basic.pdf").exists());
}

/// Requests for `file://`, another loopback port or a `..` path are blocked, and a web font that
/// 404s leaves visible fallback text and a warning.
#[test]
fn requests_outside_the_site_are_blocked() {
    let Some(chrome) = browser_or_skip("pdf blocking") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let project = fixture("pdf-basic");
    let root = project.path();
    let built = kumo_deck::build(root, &kumo_deck::BuildOptions::default());
    let (mut site, config) = (built.site.expect("fixture builds"), built.config.unwrap());
    // Another local server that must see nothing.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    other.set_nonblocking(true).unwrap();
    let port = other.local_addr().unwrap().port();
    let hostile = format!(
        "<img src=\"file:///etc/hostname\"><iframe src=\"file:///etc/\"></iframe>\
         <img src=\"http://127.0.0.1:{port}/img.png\"><img src=\"http://localhost:{port}/b.png\">\
         <img src=\"../../../../etc/passwd\"><link rel=\"stylesheet\" href=\"http://127.0.0.1:{port}/x.css\">\
         <script>fetch(\"http://127.0.0.1:{port}/f\").catch(() => 0);\
         try {{ new WebSocket(\"ws://127.0.0.1:{port}/ws\"); }} catch (e) {{}}</script>\
         <style>@font-face {{ font-family: \"Kumo Gone\"; src: url(\"../assets/gone.woff2\"); }}</style>\
         <p style=\"font-family: 'Kumo Gone', sans-serif\">Fallback text stays visible</p></main>"
    );
    let page = site.files.get_mut("en/index.html").unwrap();
    let html = String::from_utf8(page.clone())
        .unwrap()
        .replacen("</main>", &hostile, 1);
    *page = html.into_bytes();
    kumo_deck::output::write(&site, &out).unwrap();
    let opts = kumo_deck::pdf::PdfOptions {
        langs: vec!["en".into()],
        chrome: Some(chrome),
        ..Default::default()
    };
    let done = kumo_deck::pdf::print_site(&site, &config, &out, &opts, &mut |_| {}).unwrap();
    if let Ok((s, _)) = other.accept() {
        panic!(
            "a request reached another localhost port: {}",
            first_line(s)
        );
    }
    let warnings = done[0].warnings.join("\n");
    for url in [
        format!("http://127.0.0.1:{port}/img.png"),
        format!("http://localhost:{port}/b.png"),
    ] {
        assert!(
            warnings.contains(&format!("blocked a request outside the site: {url}")),
            "{warnings}"
        );
    }
    assert!(
        warnings.contains("did not load: file:///etc/hostname"),
        "{warnings}"
    );
    assert!(
        warnings.contains("web font `Kumo Gone` did not load"),
        "{warnings}"
    );
    let text = tool("pdftotext", &[done[0].path.as_os_str(), os("-")]);
    assert!(!text.contains("root:"), "{text}");
    assert!(text.contains("Fallback text stays visible"), "{text}");
}

/// The request line a client sent on `s` (for the failure message).
fn first_line(mut s: std::net::TcpStream) -> String {
    use std::io::Read;
    let _ = s.set_nonblocking(false);
    let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
    let mut head = [0u8; 512];
    let n = s.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Issue 19: `pdf --lang en` after `pdf --lang ja` keeps the still-valid Japanese PDF and its
/// link; the browser writes nothing outside its own temporary folder (no
/// `org.chromium.Chromium.*` in the temp dir, nothing in `~/.config`).
#[test]
fn printing_one_language_keeps_the_other_and_the_browser_stays_confined() {
    let Some(chrome) = browser_or_skip("pdf --lang keeps the other language") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let env = [
        ("TMPDIR", tmp.path().as_os_str()),
        ("HOME", home.path().as_os_str()),
    ];
    for lang in ["ja", "en"] {
        let args = [
            os("pdf"),
            os("--out"),
            out.as_os_str(),
            os("--chrome"),
            chrome.as_os_str(),
            os("--lang"),
            os(lang),
        ];
        let o = run(kumo(fixture("pdf-basic").path(), &args, &env));
        assert!(o.status.success(), "pdf --lang {lang}: {}", stderr(&o));
    }
    let pdfs = |lang: &str| -> Vec<String> {
        std::fs::read_dir(out.join(lang))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".pdf"))
            .collect()
    };
    let (ja, en) = (pdfs("ja"), pdfs("en"));
    assert_eq!((ja.len(), en.len()), (1, 1), "ja {ja:?} en {en:?}");
    let ja_page = std::fs::read_to_string(out.join("ja/index.html")).unwrap();
    assert!(
        ja_page.contains(&ja[0]),
        "the Japanese page lost its PDF link"
    );
    let strays: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("org.chromium") || n.starts_with(".org.chromium"))
        .collect();
    assert!(strays.is_empty(), "left in the temp dir: {strays:?}");
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );
    assert!(
        !home.path().join(".config/chromium").exists(),
        "wrote ~/.config/chromium"
    );
    assert!(
        !home.path().join(".cache/chromium").exists(),
        "wrote ~/.cache/chromium"
    );
}

#[test]
fn embeds_content_images_including_lazily_loaded_ones() {
    let Some(chrome) = browser_or_skip("pdf embeds images") else {
        return;
    };
    let _g = lock();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let args = [
        os("pdf"),
        os("--lang"),
        os("en"),
        os("--out"),
        out.as_os_str(),
        os("--chrome"),
        chrome.as_os_str(),
    ];
    let tmpdir = [("TMPDIR", tmp.path().as_os_str())];
    let o = run(kumo(fixture("assets").path(), &args, &tmpdir));
    assert!(o.status.success(), "{}", stderr(&o));
    let list = tool(
        "pdfimages",
        &[os("-list"), out.join("en/assets.pdf").as_os_str()],
    );
    // The screenshot is on slide 2 (loaded at once) and slide 5 (lazy in the browser).
    let pages: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| l.contains(" 160 ") && l.contains(" 90 "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(pages, ["2", "5"], "{list}");
}
