//! `serve` and content assets: the asset folders are watched (a new, changed or per-language
//! file rebuilds and reloads), and images and downloads are served with their content types.

use super::util::*;
use kumo_deck::serve::Server;
use std::fs;

fn svg(colour: &str) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 2\"><rect width=\"4\" height=\"2\" fill=\"{colour}\"/></svg>")
}

/// The `../assets/media/pic.….svg` path an English page shows, from the site root.
fn pic_path(s: &Server) -> String {
    let page = get(s, "/en/").text();
    let i = page
        .find("../assets/media/pic.")
        .expect("the page shows the picture");
    let rest = &page[i + 2..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[test]
fn asset_folders_are_watched_and_files_served_with_their_types() {
    let p = Project::new();
    fs::create_dir_all(p.root.join("content/assets")).unwrap();
    p.write("content/assets/pic.svg", &svg("red"));
    p.write("content/assets/data.csv", "a,b\n1,2\n");
    p.replace(
        "content/en/01-a.md",
        "Hello ALPHA-EN",
        "Hello ALPHA-EN\n\n![Picture](assets/pic.svg)\n\n[data](assets/data.csv)",
    );
    p.replace(
        "content/ja/01-a.md",
        "こんにちは ALPHA-JA",
        "こんにちは ALPHA-JA\n\n![絵](assets/pic.svg)",
    );
    let s = p.start();
    let mut ev = p.events(&s);
    ev.expect("hello");
    let first = pic_path(&s);
    let r = get(&s, &first);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("image/svg+xml; charset=utf-8")
    );
    let page = get(&s, "/en/").text();
    let i = page.find("../assets/media/data.").unwrap();
    let csv = &page[i + 2..i + 2 + page[i + 2..].find('"').unwrap()];
    assert_eq!(
        get(&s, csv).header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    // Editing the shared file: a rebuild, a new hashed name, the new bytes.
    p.write("content/assets/pic.svg", &svg("blue"));
    ev.expect("reload");
    let second = pic_path(&s);
    assert_ne!(second, first);
    assert!(get(&s, &second).text().contains("blue"));
    // A file for one language in a folder made while serving: that language switches to it.
    fs::create_dir_all(p.root.join("content/en/assets")).unwrap();
    p.write("content/en/assets/pic.svg", &svg("green"));
    ev.expect("reload");
    let third = pic_path(&s);
    assert!(get(&s, &third).text().contains("green"), "{third}");
    assert!(
        get(&s, "/ja/").text().contains(&second[1..]),
        "ja keeps the shared file"
    );
    s.stop();
}
