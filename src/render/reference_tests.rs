//! Tests of a reference slide's link-check scan: derived from the HTML's pass only when that is
//! exactly the scan of the reference text.

use super::*;

/// Whether the reference scan of `slide` came from its HTML's pass, and equals the scan of
/// the reference text.
fn derived_scan_is_exact(slide: &SlideHtml) -> bool {
    let derived = slide.scans[2].get().is_some() || {
        slide.scan(Part::Html);
        slide.scans[2].get().is_some()
    };
    let scanned = Scan::html(&slide.text(Part::Reference), "");
    assert_eq!(
        slide.scan(Part::Reference),
        &scanned,
        "{}",
        slide.rendered.html
    );
    derived
}

#[test]
fn reference_scan_derived_only_when_exact() {
    let cases = [
        (
            "<h2 id=\"a\">T</h2><a href=\"#a\" aria-describedby=\"a\">x</a>",
            true,
        ),
        ("<p>no ids</p><img src=\"p.png\">", true),
        ("<!-- id=\"->x<a id=\"c\" href=\"#c\">-->", false),
        ("<a href='x id=\"y'>y</a>", false),
        ("<pre>id=\"q\"</pre> id=\"t\"", false),
        (
            "<section id=\"s\"><a href=\"x.html\">x</a></section>",
            false,
        ),
        ("<script>a id=\"x\"</script><b id=\"k\">", false),
        ("<b\tid=\"t\" ID=\"u\"><i id=x>", true),
    ];
    for (html, derivable) in cases {
        let slide = SlideHtml::new(RenderedSlide {
            html: html.to_string(),
            notes: String::new(),
            assets: Default::default(),
        });
        assert_eq!(derived_scan_is_exact(&slide), derivable, "{html}");
    }
}

/// Every slide of the bundled deck: the derived reference scan is the scanned one.
#[test]
fn reference_scans_of_the_bundled_deck_are_exact() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = crate::build(root, &crate::BuildOptions::default());
    let slides: Vec<&Arc<SlideHtml>> = out.languages.iter().flat_map(|l| &l.rendered).collect();
    assert!(slides.len() > 100, "{} slides", slides.len());
    let derived = slides.iter().filter(|s| derived_scan_is_exact(s)).count();
    // Not vacuous: nearly every slide's reference scan is derived.
    assert!(
        derived * 10 >= slides.len() * 9,
        "{derived} of {}",
        slides.len()
    );
}
