//! `[brand]` in deck.toml through the public pipeline: the `brand` fixture's colours, logo,
//! footer text and slide-number policy in the built pages, and located errors for bad values.

use crate::support::*;

#[test]
fn brand_settings_reach_every_page() {
    let p = fixture("brand");
    p.build_ok();
    let assets: Vec<String> = std::fs::read_dir(p.path().join("dist/assets/brand"))
        .expect("the logo is published under assets/brand/")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(assets.len(), 1, "{assets:?}");
    let logo = &assets[0];
    assert!(
        logo.starts_with("logo.") && logo.ends_with(".svg"),
        "{logo}"
    );
    let ja = p.read("dist/ja/index.html");
    let en = p.read("dist/en/index.html");
    for (html, footer) in [
        (&ja, "© 2026 Example 株式会社"),
        (&en, "© 2026 Example Corp."),
    ] {
        assert!(
            html.contains(":root { --c-navy:#5a1e6e;--c-accent:#b0470c; }"),
            "{html}"
        );
        let img = format!("<img class=\"slide-logo\" src=\"../assets/brand/{logo}\" alt=\"\">");
        assert_eq!(html.matches(&img).count(), 4, "one logo per slide");
        let text = format!("<span class=\"slide-footer-text\">{footer}</span>");
        assert_eq!(html.matches(&text).count(), 4, "{html}");
        // slide_numbers = "all": the title slide is numbered too
        assert!(
            html.contains("<span class=\"slide-number\">1</span>"),
            "{html}"
        );
        assert!(html.contains(&format!(
            "<link rel=\"icon\" href=\"../assets/brand/{logo}\">"
        )));
    }
    let presenter = p.read("dist/en/presenter.html");
    assert!(presenter.contains("slide-footer-text\">© 2026 Example Corp.<"));
}

#[test]
fn default_policy_numbers_content_slides_only() {
    let p = fixture("basic");
    p.build_ok();
    let en = p.read("dist/en/index.html");
    // cover is a title slide: no number; the three others are content slides
    assert!(
        !en.contains("<span class=\"slide-number\">1</span>"),
        "{en}"
    );
    for n in 2..=4 {
        assert!(
            en.contains(&format!("<span class=\"slide-number\">{n}</span>")),
            "{n}"
        );
    }
    assert!(!en.contains("slide-logo") && !en.contains("slide-footer-text"));
    assert!(
        en.contains("<link rel=\"icon\" href=\"../assets/favicon."),
        "{en}"
    );
}

#[test]
fn bad_brand_values_are_located_errors() {
    let p = fixture("brand");
    let toml = p
        .read("deck.toml")
        .replace("\"#5a1e6e\"", "\"#f0f0f0\"")
        .replace("brand/mark.svg", "brand/missing.svg");
    p.write("deck.toml", &toml);
    let o = p.kumo(&["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let line = toml.lines().position(|l| l.starts_with("primary")).unwrap() + 1;
    assert!(err.contains(&format!("deck.toml:{line}:11")), "{err}");
    assert!(err.contains("too light"), "{err}");
    assert!(
        !p.path().join("dist").exists(),
        "a failed build writes nothing"
    );
    // with a good colour, the missing logo is the error, naming the file
    p.write("deck.toml", &toml.replace("\"#f0f0f0\"", "\"#5a1e6e\""));
    let o = p.kumo(&["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("brand/missing.svg") && err.contains("brand.logo"),
        "{err}"
    );
}
