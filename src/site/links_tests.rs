//! Tests of the link check: what is reported where, and what is not.

use super::*;

fn site(files: &[(&str, &str)]) -> Site {
    let mut s = Site::default();
    for (p, t) in files {
        s.insert(*p, t.as_bytes());
    }
    s
}

fn messages(s: &Site) -> Vec<String> {
    check_site(s, &[]).into_iter().map(|d| d.message).collect()
}

#[test]
fn good_links_pass() {
    let s = site(&[
        (
            "index.html",
            "<a id=top href=\"ja/\">ja</a><a href=\"ja/index.html#a\">a</a><a href=#top>t</a>\
             <link rel=stylesheet href=\"assets/d.css\"><img srcset=\"ja/p.png 1x, ja/p.png 2x\">",
        ),
        (
            "ja/index.html",
            "<section id=a><a href=\"../index.html#top\">up</a></section>",
        ),
        ("ja/p.png", ""),
        (
            "assets/d.css",
            "@font-face { src: url(\"f.woff2\") } a { background: url(data:x) }",
        ),
        ("assets/f.woff2", ""),
    ]);
    assert_eq!(messages(&s), Vec::<String>::new());
}

#[test]
fn broken_links_are_errors_and_remote_resources_warnings() {
    let s = site(&[
        (
            "index.html",
            "<a href=ja>folder</a><a href=\"ja/index.html#b\">b</a><img src=\"https://x.example/p.png\">",
        ),
        ("ja/index.html", "<section id=a></section>"),
        ("assets/d.css", "a { background: url('missing.png') }"),
    ]);
    let d = check_site(&s, &[]);
    let m: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert!(m.iter().any(|m| m.contains("ja is a folder")), "{m:?}");
    assert!(
        m.iter()
            .any(|m| m.contains("no element with id `b` on ja/index.html")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|m| m.contains("assets/missing.png is not in the built site")),
        "{m:?}"
    );
    let remote = d.iter().find(|d| d.message.contains("x.example")).unwrap();
    assert!(!remote.is_error(), "{remote}");
}
