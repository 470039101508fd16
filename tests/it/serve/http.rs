//! HTTP: pages and content types, path confinement (every traversal spelling 404s or 400s), a
//! foreign Host 403s, no CORS header for a foreign Origin, WebSockets from a foreign Origin or
//! without a token refused, garbage frames, loopback-only binding, stop.

use super::util::*;
use std::fs;

#[test]
fn pages_have_content_types_no_store_and_the_live_script() {
    let p = Project::new();
    let s = p.start();
    let home = get(&s, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let en = get(&s, "/en/");
    assert_eq!(en.status, 200);
    assert!(en.text().contains("ALPHA-EN") && en.text().contains("id=\"kumo-live\""));
    assert!(get(&s, "/ja/").text().contains("ALPHA-JA"));
    assert!(get(&s, "/en/doc.html").text().contains("GAMMA-EN"));
    let redirect = get(&s, "/en?x=1");
    assert_eq!(
        (redirect.status, redirect.header("location")),
        (301, Some("/en/?x=1"))
    );
    for (ext, ctype) in [
        ("css", "text/css; charset=utf-8"),
        ("js", "text/javascript; charset=utf-8"),
    ] {
        let href = asset_href(&en.text(), ext);
        let r = get(&s, &href);
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some(ctype)),
            "{href}"
        );
        assert!(
            !r.text().contains("kumo-live"),
            "script injected only into HTML"
        );
    }
    let missing = get(&s, "/en/missing.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let head = send(
        &s,
        "HEAD /en/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
    );
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(
        head.header("content-length"),
        Some(en.body.len().to_string().as_str())
    );
    let post = send(
        &s,
        "POST /en/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!(post.status, 405);
    assert!(
        !p.root.join("dist").exists(),
        "serve writes nothing to dist/"
    );
    s.stop();
}

#[test]
fn traversal_spellings_get_400_or_404_and_the_server_stays_up() {
    let p = Project::new();
    fs::create_dir_all(p.root.join("dist-leak")).unwrap();
    fs::write(p.root.join("dist-leak/x"), "LEAK").unwrap();
    fs::write(p.root.join("../outside.txt"), "LEAK").unwrap();
    let s = p.start();
    for target in [
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/..%2foutside.txt",
        "/%252e%252e/outside.txt",
        "/..\\outside.txt",
        "/dist-leak/x",
        "/content/en/01-a.md",
        "/deck.toml",
        "//etc/passwd",
        "/%00",
        "/C:/Windows/win.ini",
        "/__kumo/../deck.toml",
    ] {
        let r = get(&s, target);
        assert!(matches!(r.status, 400 | 404), "{target} -> {}", r.status);
        assert!(
            !r.text().contains("LEAK") && !r.text().contains("[title]"),
            "{target}"
        );
    }
    for garbage in [
        "\u{16}\u{3}\u{1}\u{0}\u{5}garbage\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET /\r\n\r\n",
        "\r\n\r\n\r\n",
    ] {
        let r = send(&s, garbage);
        assert!(
            r.status >= 400 || r.status == 0,
            "{garbage:?} -> {}",
            r.status
        );
    }
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: {{host}}\r\nX: {}\r\n\r\n",
        "a".repeat(70_000)
    );
    assert!(send(&s, &huge).status >= 400);
    assert_eq!(get(&s, "/en/").status, 200, "still serving");
    s.stop();
}

#[test]
fn foreign_hosts_and_origins_are_refused_and_no_cors_header_is_sent() {
    let p = Project::new();
    let s = p.start();
    let token = token_of(&get(&s, "/en/").text());
    let evil = send(
        &s,
        "GET /en/ HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(evil.status, 403);
    let no_host = send(&s, "GET /en/ HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(no_host.status, 403);
    for host in ["localhost:{port}", "127.0.0.1:{port}"] {
        let raw = format!("GET /en/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(send(&s, &raw).status, 200, "{host}");
    }
    let events = |extra: &str, tok: &str| {
        let raw = format!(
            "GET /__kumo/events?token={tok} HTTP/1.1\r\nHost: {{host}}\r\n{extra}Connection: close\r\n\r\n"
        );
        send(&s, &raw)
    };
    assert_eq!(
        events("Origin: https://evil.example\r\n", &token).status,
        403
    );
    assert_eq!(events("Origin: null\r\n", &token).status, 403);
    assert_eq!(events("", "").status, 403);
    assert_eq!(events("", "0123456789abcdef0123456789abcdef").status, 403);
    let rebound = send(
        &s,
        &format!(
            "GET /__kumo/events?token={token} HTTP/1.1\r\nHost: evil.example:{{port}}\r\n\r\n"
        ),
    );
    assert_eq!(rebound.status, 403);
    let mut ok = Events::open(&s, &token, Some("http://127.0.0.1:{port}"));
    ok.expect("hello");
    for path in ["/", "/en/", "/__kumo/error", "/nope"] {
        let raw = format!("GET {path} HTTP/1.1\r\nHost: {{host}}\r\nOrigin: https://evil.example\r\nConnection: close\r\n\r\n");
        let r = send(&s, &raw);
        assert!(
            r.headers
                .iter()
                .all(|(n, _)| !n.starts_with("access-control-")),
            "{path}"
        );
    }
    s.stop();
}

#[test]
fn stop_closes_streams_and_the_port() {
    let p = Project::new();
    let s = p.start();
    let addr = s.addr();
    let mut ev = p.events(&s);
    ev.expect("hello");
    s.stop();
    assert!(ev.at_end(), "event stream closed by stop");
    assert!(std::net::TcpStream::connect(addr).is_err(), "port closed");
}
