//! Live reload: the reload only after the swap, a broken template keeps the last good build with
//! an escaped error overlay that clears on the fix, the first build failing, stylesheet swaps.

use super::util::*;

#[test]
fn an_edit_sends_reload_only_after_the_new_build_is_served() {
    let p = Project::new();
    let s = p.start();
    let mut ev = p.events(&s);
    let hello = ev.expect("hello");
    p.replace("content/en/01-a.md", "ALPHA-EN", "ALPHA2-EN");
    let reload = ev.expect("reload");
    assert_ne!(build_of(&reload), build_of(&hello));
    let page = get(&s, "/en/").text();
    assert!(
        page.contains("ALPHA2-EN"),
        "new content served as soon as reload is sent"
    );
    assert!(page.contains(&format!("data-build=\"{}\"", build_of(&reload))));
    s.stop();
}

#[test]
fn a_broken_edit_keeps_the_last_good_build_and_reports_the_error() {
    let p = Project::new();
    let s = p.start();
    let mut ev = p.events(&s);
    ev.expect("hello");
    p.replace(
        "content/en/01-a.md",
        "section = \"Intro\"",
        "section = = oops",
    );
    let err = ev.expect("error");
    let report: serde_json::Value = serde_json::from_str(&err).unwrap();
    assert_eq!(
        report["errors"][0]["file"], "content/en/01-a.md",
        "{report}"
    );
    assert_eq!(report["errors"][0]["line"], 2, "{report}");
    assert!(report["errors"][0]["column"].is_u64(), "{report}");
    let page = get(&s, "/en/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("ALPHA-EN"),
        "last good build still served"
    );
    let json = get(&s, "/__kumo/error");
    assert_eq!(
        json.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let j: serde_json::Value = serde_json::from_str(&json.text()).unwrap();
    assert_eq!(j["errors"][0]["file"], "content/en/01-a.md");
    assert_eq!(j["errors"][0]["line"], 2);
    // A page opened now learns about the error as soon as it connects.
    let mut late = p.events(&s);
    late.expect("hello");
    late.expect("error");
    p.replace(
        "content/en/01-a.md",
        "section = = oops",
        "section = \"Fixed\"",
    );
    ev.expect("reload");
    let j: serde_json::Value = serde_json::from_str(&get(&s, "/__kumo/error").text()).unwrap();
    assert!(j["errors"].is_null(), "{j}");
    s.stop();
}

#[test]
fn a_failed_first_build_serves_an_escaped_error_page_until_fixed() {
    let p = Project::new();
    let bad = "+++\n\"<img src=x onerror=alert(1)>\" = 1\n+++\n# Third {#third}\n\nGAMMA-EN\n";
    p.write("content/en/02-b.md", bad);
    let s = p.start();
    let page = get(&s, "/en/");
    assert_eq!(page.status, 500);
    assert!(
        page.text().contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        page.text()
    );
    assert!(
        !page.text().contains("<img src=x"),
        "the message is never raw HTML"
    );
    assert!(page.text().contains("id=\"kumo-live\""));
    let mut ev = p.events(&s);
    let err = ev.expect("error");
    assert!(err.contains("content/en/02-b.md"), "{err}");
    p.write("content/en/02-b.md", "## Third {#third}\n\nGAMMA-EN\n");
    ev.expect("reload");
    assert!(get(&s, "/en/").text().contains("GAMMA-EN"));
    s.stop();
}

#[test]
fn a_css_only_change_swaps_stylesheets_without_reload() {
    let p = Project::new();
    let s = p.start();
    let mut ev = p.events(&s);
    ev.expect("hello");
    let old = asset_href(&get(&s, "/en/").text(), "css");
    p.replace("themes/default/deck.css", "#222", "#444");
    let data: serde_json::Value = serde_json::from_str(&ev.expect("css")).unwrap();
    let swap = &data["swaps"][0];
    assert_eq!(format!("/{}", swap[0].as_str().unwrap()), old);
    let new = format!("/{}", swap[1].as_str().unwrap());
    let css = get(&s, &new);
    assert!(css.text().contains("#444"), "{}", css.text());
    let page = get(&s, "/en/").text();
    assert!(page.contains(new.trim_start_matches('/')));
    assert!(page.contains(&format!(
        "data-build=\"{}\"",
        data["build"].as_str().unwrap()
    )));
    s.stop();
}
