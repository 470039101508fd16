//! `kumo-deck pptx` checked with real clients: python-pptx reads back slides, titles, list
//! levels, tables (cost tables equal to the computed figures), code, pictures and notes;
//! LibreOffice Impress converts each file to PDF, where pdftotext finds the Japanese text.

use crate::support::poppler;
use crate::support::pptx::{pdf_text, read, to_pdf, tools_or_skip};
use crate::support::{browser_or_skip, fixture, kumo_command as kumo, lock, os, run, stderr};
use serde_json::Value;
use std::io::Read;
use std::path::Path;

const TOOLS: &[&str] = &["python-pptx", "soffice", "pdftotext"];

fn export(root: &Path, out: &Path) {
    let o = run(kumo(root, &[os("pptx"), os("--out"), out.as_os_str()], &[]));
    assert!(o.status.success(), "pptx failed: {}", stderr(&o));
}

/// The text of part `name` inside the package `file`.
fn part(file: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{b}')
        .collect()
}

struct Expect {
    lang: &'static str,
    tag: &'static str,
    titles: [&'static str; 6],
    lists: [&'static str; 4],
    link: &'static str,
    notes: &'static str,
    table: [[&'static str; 2]; 3],
    pdf: &'static [&'static str],
}

const EXPECT: [Expect; 2] = [
    Expect {
        lang: "ja",
        tag: "ja-JP",
        titles: [
            "クラウドの雲デッキ",
            "入れ子のリスト",
            "表とコード",
            "図と画像",
            "セクション",
            "まとめ",
        ],
        lists: [
            "第一階層の太字と斜体とcode",
            "第二階層のリンク",
            "第三階層",
            "まとめへ移動",
        ],
        link: "https://example.com/ja",
        notes: "話者ノート: ここで入れ子を説明します。",
        table: [["項目", "金額"], ["東京", "1,234.50"], ["大阪", "99.00"]],
        pdf: &["入れ子のリスト", "第三階層", "東京リージョンで動作します。"],
    },
    Expect {
        lang: "en",
        tag: "en-US",
        titles: [
            "The cloud deck",
            "Nested lists",
            "Table and code",
            "Figure and picture",
            "Section",
            "Summary",
        ],
        lists: [
            "First level with bold, italics and code",
            "Second level with a link",
            "Third level",
            "Go to the summary",
        ],
        link: "https://example.com/en",
        notes: "Speaker notes: explain the nesting here.",
        table: [
            ["Item", "Amount"],
            ["Tokyo", "1,234.50"],
            ["Osaka", "99.00"],
        ],
        pdf: &["Nested lists", "Third level"],
    },
];

#[test]
fn fixture_objects_read_back_in_python_pptx_and_libreoffice() {
    let Some(_) = browser_or_skip("pptx fixture") else {
        return;
    };
    if !tools_or_skip("pptx fixture", TOOLS) {
        return;
    }
    let _guard = lock();
    let project = fixture("pptx-basic");
    let root = project.path();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    export(root, &out);
    for e in &EXPECT {
        let file = out.join(e.lang).join("pptx-basic.pptx");
        check_fixture(&file, e);
        let text = squash(&pdf_text(&to_pdf(&file, tmp.path())));
        for want in e.pdf {
            assert!(
                text.contains(&squash(want)),
                "[{}] LibreOffice PDF lacks {want}: {text}",
                e.lang
            );
        }
    }
    // Deterministic: a second export gives the same bytes.
    let again = tmp.path().join("again");
    export(root, &again);
    for lang in ["ja", "en"] {
        let a = std::fs::read(out.join(lang).join("pptx-basic.pptx")).unwrap();
        let b = std::fs::read(again.join(lang).join("pptx-basic.pptx")).unwrap();
        assert!(a == b, "[{lang}] two exports differ");
    }
    check_links_and_keep(root, &out);
}

fn check_fixture(file: &Path, e: &Expect) {
    let v = read(file);
    let slides = v["slides"].as_array().unwrap();
    assert_eq!(
        (v["width"].as_i64(), v["height"].as_i64()),
        (Some(12_192_000), Some(6_858_000))
    );
    assert_eq!(v["author"], "Kumo Test Author");
    assert_eq!(v["language"], e.tag);
    let titles: Vec<&str> = slides
        .iter()
        .map(|s| s["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(titles, e.titles);
    let layouts: Vec<&str> = slides
        .iter()
        .map(|s| s["layout"].as_str().unwrap())
        .collect();
    assert_eq!(
        layouts,
        [
            "Title Slide",
            "Title and Content",
            "Title and Content",
            "Title and Content",
            "Section Header",
            "Closing"
        ]
    );
    let lists = &slides[1]["paras"];
    let got: Vec<(&str, i64)> = lists
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap(), p[1].as_i64().unwrap()))
        .collect();
    let want: Vec<(&str, i64)> = e.lists.iter().copied().zip([0, 1, 2, 0]).collect();
    assert_eq!(got, want, "[{}] list paragraphs and levels", e.lang);
    assert_eq!(slides[1]["links"][0], e.link);
    assert_eq!(slides[1]["notes"], e.notes);
    assert!(
        slides[2]["notes"].is_null(),
        "a slide without notes has no notes page"
    );
    let table: Vec<Vec<&str>> = slides[2]["tables"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(table, e.table.map(|r| r.to_vec()).to_vec());
    let code: Vec<&str> = slides[2]["code"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert_eq!(code, ["apiVersion: v1", "kind: Pod"]);
    let pics = slides[3]["pictures"].as_array().unwrap();
    let svg: Vec<bool> = pics.iter().map(|p| p["svg"].as_bool().unwrap()).collect();
    assert_eq!(
        svg,
        [false, true],
        "[{}] the PNG image, then the SVG figure with its fallback",
        e.lang
    );
    for (i, s) in slides.iter().enumerate() {
        assert_eq!(
            s["runs_without_ea"],
            0,
            "[{}] slide {} has runs without Latin and East Asian fonts",
            e.lang,
            i + 1
        );
        let langs = s["langs"].as_array().unwrap();
        assert!(
            langs.iter().all(|l| l == e.tag),
            "[{}] slide {} langs {langs:?}",
            e.lang,
            i + 1
        );
    }
    let xml = part(file, "ppt/slides/slide3.xml");
    assert!(xml.contains("algn=\"r\""), "numbers are right-aligned");
    assert!(
        xml.contains("<a:latin typeface=\"Consolas\"/>"),
        "code is monospace"
    );
    let xml = part(file, "ppt/slides/slide2.xml");
    assert!(xml.contains("<a:ea typeface=\"游ゴシック\"/>"), "{xml}");
    assert!(
        xml.contains("action=\"ppaction://hlinksldjump\""),
        "#summary jumps to the slide"
    );
    let fallback = part(file, "ppt/slides/_rels/slide4.xml.rels");
    assert!(
        fallback.contains(".png") && fallback.contains(".svg"),
        "{fallback}"
    );
}

/// The pages link the files, and a later plain build of the same deck keeps them.
fn check_links_and_keep(root: &Path, out: &Path) {
    let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    for p in ["ja/index.html", "ja/doc.html", "en/index.html"] {
        assert!(
            page(p).contains("href=\"pptx-basic.pptx\""),
            "{p} links the pptx"
        );
    }
    assert!(page("index.html").contains("href=\"ja/pptx-basic.pptx\""));
    let o = run(kumo(
        root,
        &[os("build"), os("--out"), out.as_os_str()],
        &[],
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        out.join("en/pptx-basic.pptx").exists(),
        "build keeps the pptx of the same deck"
    );
    assert!(page("en/index.html").contains("href=\"pptx-basic.pptx\""));
}

/// The cost-table slides of the bundled deck and their scenarios.
const COST: &[(&str, &str)] = &[
    ("uc1-cost-eks", "uc1-eks"),
    ("uc1-cost-rosa", "uc1-rosa"),
    ("uc2-cost-eks", "uc2-eks"),
    ("uc2-cost-rosa", "uc2-rosa"),
];

fn amount(cell: &str) -> rust_decimal::Decimal {
    let digits: String = cell
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|e| panic!("`{cell}` is not an amount: {e}"))
}

#[test]
fn bundled_deck_exports_both_languages() {
    let Some(_) = browser_or_skip("pptx bundled deck") else {
        return;
    };
    if !tools_or_skip("pptx bundled deck", TOOLS) {
        return;
    }
    let _guard = lock();
    let root = crate::support::repo();
    let model = kumo_deck::build(root, &Default::default());
    let data = data_set(root);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    export(root, &out);
    for l in &model.languages {
        let file = out.join(&l.lang).join("aws-containers-ecs-eks-rosa.pptx");
        let v = read(&file);
        let slides = v["slides"].as_array().unwrap();
        assert_eq!(
            slides.len(),
            l.deck.slides.len(),
            "[{}] slide count",
            l.lang
        );
        for (i, (s, js)) in l.deck.slides.iter().zip(slides).enumerate() {
            let got = squash(js["title"].as_str().unwrap_or(""));
            assert_eq!(
                got,
                squash(&s.title),
                "[{}] title of slide {}",
                l.lang,
                i + 1
            );
            let has_notes = !l.rendered[i].rendered.notes.trim().is_empty();
            assert_eq!(
                !js["notes"].is_null(),
                has_notes,
                "[{}] notes of slide {}",
                l.lang,
                i + 1
            );
            assert_eq!(
                js["runs_without_ea"],
                0,
                "[{}] slide {}: runs without fonts",
                l.lang,
                i + 1
            );
        }
        check_levels(&l.lang, l, slides);
        for (slide, scenario) in COST {
            let i = l.deck.slides.iter().position(|s| s.id == *slide).unwrap();
            check_cost(&slides[i], data.cost_table(scenario).unwrap(), &l.lang);
        }
        let pdf = to_pdf(&file, tmp.path());
        let text = squash(&pdf_text(&pdf));
        let info = poppler::tool("pdfinfo", &[pdf.as_os_str()]);
        assert_eq!(
            poppler::field(&info, "Pages"),
            l.deck.slides.len().to_string()
        );
        for s in &l.deck.slides[..3] {
            assert!(
                text.contains(&squash(&s.title)),
                "[{}] PDF lacks `{}`",
                l.lang,
                s.title
            );
        }
    }
}

fn data_set(root: &Path) -> kumo_deck::data::DataSet {
    let read = |n: &str| {
        (
            root.join("data").join(n),
            std::fs::read_to_string(root.join("data").join(n)).unwrap(),
        )
    };
    let (p, s, l) = (
        read("pricing.toml"),
        read("scenarios.toml"),
        read("lifecycle.toml"),
    );
    kumo_deck::data::load((&p.0, &p.1), Some((&s.0, &s.1)), Some((&l.0, &l.1))).unwrap()
}

/// Row i+1 of the slide's first table holds line i's amount; the row after the lines the total.
fn check_cost(slide: &Value, t: &kumo_deck::data::CostTable, lang: &str) {
    let rows = slide["tables"][0].as_array().unwrap();
    let last = |r: &Value| {
        r.as_array()
            .unwrap()
            .last()
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    for (i, line) in t.rows.iter().enumerate() {
        assert_eq!(
            amount(&last(&rows[i + 1])),
            line.amount,
            "[{lang}] {} line {i}",
            t.id
        );
    }
    assert_eq!(
        amount(&last(&rows[t.rows.len() + 1])),
        t.total,
        "[{lang}] {} total",
        t.id
    );
}

/// List levels: per level, as many paragraphs as the slides' HTML has list items that deep.
fn check_levels(lang: &str, l: &kumo_deck::pipeline::Language, slides: &[Value]) {
    let mut want = std::collections::BTreeMap::new();
    for r in &l.rendered {
        let html = &r.rendered.html;
        let mut depth = 0i64;
        let mut i = 0;
        while let Some(at) = html[i..].find('<') {
            let rest = &html[i + at..];
            if rest.starts_with("<ul") || rest.starts_with("<ol") {
                depth += 1;
            } else if rest.starts_with("</ul") || rest.starts_with("</ol") {
                depth -= 1;
            } else if rest.starts_with("<li") && depth >= 2 && !rest.starts_with("<li value") {
                *want.entry(depth - 1).or_insert(0) += 1;
            }
            i += at + 1;
        }
    }
    let mut got = std::collections::BTreeMap::new();
    for s in slides {
        for p in s["paras"].as_array().unwrap() {
            let level = p[1].as_i64().unwrap();
            if level > 0 {
                *got.entry(level).or_insert(0) += 1;
            }
        }
    }
    assert!(!want.is_empty(), "[{lang}] the deck has nested lists");
    assert_eq!(got, want, "[{lang}] paragraphs per list level");
}
