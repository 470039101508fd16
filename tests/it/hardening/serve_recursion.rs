//! A running `serve` given a template that includes itself, then a self-recursive macro,
//! reports a located error in the overlay and keeps serving the last good build (issue 19,
//! class 2). The server runs in this test's process, so a stack overflow would end the test.

use crate::serve::util::*;

/// The first error of the overlay's report, after the `error` event.
fn located_error(ev: &mut Events, s: &kumo_deck::serve::Server) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_str(&ev.expect("error")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&get(s, "/__kumo/error").text()).unwrap();
    assert_eq!(
        json["errors"], report["errors"],
        "overlay and /__kumo/error agree"
    );
    report["errors"][0].clone()
}

#[test]
fn serve_survives_a_self_including_template_and_a_recursive_macro() {
    let p = Project::new();
    std::fs::create_dir_all(p.root.join("templates")).unwrap();
    let s = p.start();
    let mut ev = p.events(&s);
    ev.expect("hello");
    let good = get(&s, "/en/").text();
    assert!(good.contains("ALPHA-EN"), "{good}");

    p.write(
        "templates/home.html",
        "<p>hi</p>\n{% include \"home.html\" %}\n",
    );
    let e = located_error(&mut ev, &s);
    assert_eq!(e["file"], "templates/home.html", "{e}");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(12)),
        "{e}"
    );
    let page = get(&s, "/en/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("ALPHA-EN"),
        "last good build still served"
    );

    let macros = "{% macro boom(n) %}{{ self::boom(n=n) }}{% endmacro boom %}\n";
    p.write("templates/loop.html", macros);
    p.write(
        "templates/home.html",
        "{% import \"loop.html\" as l %}{{ l::boom(n=1) }}",
    );
    let e = located_error(&mut ev, &s);
    assert_eq!(e["file"], "templates/loop.html", "{e}");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(1), Some(29)),
        "{e}"
    );
    assert!(
        get(&s, "/en/").text().contains("ALPHA-EN"),
        "still the last good build"
    );

    std::fs::remove_file(p.root.join("templates/home.html")).unwrap();
    std::fs::remove_file(p.root.join("templates/loop.html")).unwrap();
    ev.expect("reload");
    let j: serde_json::Value = serde_json::from_str(&get(&s, "/__kumo/error").text()).unwrap();
    assert!(j["errors"].is_null(), "{j}");
    s.stop();
}
