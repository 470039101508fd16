//! Rebuilds that reuse earlier work (serve's render cache: slides, files, strings, templates and
//! page skeletons) give exactly what a build from nothing gives, whatever was edited.

use crate::support::{edit, Project};
use kumo_deck::render_cache::RenderCache;
use kumo_deck::{build, build_with_cache, BuildOptions, BuildOutput};
use std::fs;
use std::path::Path;

/// Insert `what` after the first line of `text` that starts with `prefix`.
fn after_line(text: &str, prefix: &str, what: &str) -> String {
    let at = match text.starts_with(prefix) {
        true => 0,
        false => {
            text.find(&format!("\n{prefix}"))
                .unwrap_or_else(|| panic!("no line starting {prefix:?}"))
                + 1
        }
    };
    let end = at + text[at..].find('\n').unwrap() + 1;
    format!("{}{what}{}", &text[..end], &text[end..])
}

fn same(label: &str, warm: &BuildOutput, cold: &BuildOutput) {
    assert_eq!(
        warm.diagnostics.render_all(),
        cold.diagnostics.render_all(),
        "{label}: diagnostics differ"
    );
    match (&warm.site, &cold.site) {
        (Some(w), Some(c)) => {
            for (path, bytes) in &c.files {
                assert!(
                    w.files.get(path) == Some(bytes),
                    "{label}: {path} differs from a build from nothing"
                );
            }
            assert_eq!(w.files.len(), c.files.len(), "{label}: file lists differ");
        }
        (None, None) => {}
        _ => panic!("{label}: one build failed and the other did not"),
    }
}

#[test]
fn warm_rebuilds_equal_builds_from_nothing_after_every_kind_of_edit() {
    let deck = Project::bundled();
    let root = deck.path();
    let opts = BuildOptions::default();
    let mut cache = RenderCache::default();
    let first = build_with_cache(root, &opts, &mut cache);
    assert!(first.site.is_some(), "{}", first.diagnostics.render_all());
    type Edit = (&'static str, Box<dyn Fn(&Path)>);
    let edits: Vec<Edit> = vec![
        (
            "a slide's body",
            Box::new(|r| {
                edit(r, "content/en/90-closing.md", |t| {
                    after_line(&t, "## ", "\nAn added paragraph.\n")
                })
            }),
        ),
        (
            "a slide's title (the tables of contents change)",
            Box::new(|r| {
                edit(r, "content/en/10-overview.md", |t| {
                    t.replacen("\n## ", "\n## Edited ", 1)
                })
            }),
        ),
        (
            "notes added to a slide",
            Box::new(|r| {
                edit(r, "content/ja/90-closing.md", |t| {
                    after_line(&t, "## ", "\n```notes\n追加のノート。\n```\n")
                })
            }),
        ),
        (
            "a string",
            Box::new(|r| {
                edit(r, "content/en/strings.ftl", |t| {
                    t.replacen("nav-home = ", "nav-home = Start: ", 1)
                })
            }),
        ),
        (
            "a page template",
            Box::new(|r| {
                edit(r, "templates/deck.html", |t| {
                    t.replacen("</main>", "</main><!-- edited -->", 1)
                })
            }),
        ),
        (
            "the theme",
            Box::new(|r| {
                edit(r, "themes/default/deck.css", |t| {
                    format!("{t}\n.edited {{ color: red }}\n")
                })
            }),
        ),
        (
            "the data",
            Box::new(|r| edit(r, "data/pricing.toml", |t| format!("{t}\n# edited\n"))),
        ),
        (
            "a template that uses slide HTML other than verbatim (pages rendered whole)",
            Box::new(|r| {
                edit(r, "templates/doc.html", |t| {
                    t.replacen(
                        "{{ s.html | safe }}",
                        "{{ s.html | replace(from='<p>', to='<p class=\"x\">') | safe }}",
                        1,
                    )
                })
            }),
        ),
        (
            "a slide's body again, with pages rendered whole",
            Box::new(|r| {
                edit(r, "content/en/20-usecase1.md", |t| {
                    after_line(&t, "## ", "\nAnother added paragraph.\n")
                })
            }),
        ),
        (
            "a file deleted in both languages",
            Box::new(|r| {
                for lang in ["ja", "en"] {
                    fs::remove_file(r.join(format!("content/{lang}/70-byos.md"))).unwrap();
                }
            }),
        ),
        (
            "a directive template (kept parsed across rebuilds until it changes)",
            Box::new(|r| {
                edit(r, "templates/directives/cost-table.html", |t| {
                    t.replacen(
                        "<figure class=\"computed",
                        "<figure data-edited class=\"computed",
                        1,
                    )
                })
            }),
        ),
        (
            "a directive template removed (the built-in one again)",
            Box::new(|r| fs::remove_file(r.join("templates/directives/cost-table.html")).unwrap()),
        ),
        (
            "a broken link (the build fails)",
            Box::new(|r| {
                edit(r, "content/en/90-closing.md", |t| {
                    after_line(&t, "## ", "\n[nowhere](#no-such-slide)\n")
                })
            }),
        ),
    ];
    for (label, apply) in edits {
        apply(root);
        let warm = build_with_cache(root, &opts, &mut cache);
        let cold = build(root, &opts);
        same(label, &warm, &cold);
    }
    let doc = fs::read_to_string(root.join("templates/doc.html")).unwrap();
    assert!(
        doc.contains("<p class="),
        "the fallback template was not in place"
    );
}

#[test]
fn a_template_that_transforms_slide_html_gets_the_transformed_html() {
    let deck = Project::bundled();
    let root = deck.path();
    edit(root, "templates/doc.html", |t| {
        t.replacen(
            "{{ s.html | safe }}",
            "{{ s.html | replace(from='<p>', to='<p class=\"marked\">') | safe }}",
            1,
        )
    });
    let out = build(root, &BuildOptions::default());
    let site = out
        .site
        .unwrap_or_else(|| panic!("{}", out.diagnostics.render_all()));
    let doc = String::from_utf8(site.files["en/doc.html"].clone()).unwrap();
    let deck_page = String::from_utf8(site.files["en/index.html"].clone()).unwrap();
    assert!(doc.contains("<p class=\"marked\">"), "doc.html");
    assert!(!deck_page.contains("<p class=\"marked\">"), "index.html");
    assert!(!doc.contains('\u{FDD0}') && !deck_page.contains('\u{FDD0}'));
}

#[test]
fn an_edit_to_one_slide_renders_only_what_depends_on_it() {
    let deck = Project::bundled();
    let root = deck.path();
    let opts = BuildOptions::default();
    let mut cache = RenderCache::default();
    let first = build_with_cache(root, &opts, &mut cache);
    let slides: usize = first.slides.iter().map(|(_, n)| n).sum();
    assert!(slides > 150, "the bundled deck has {slides} slides");
    assert_eq!(
        first.rendered, slides,
        "the first build renders every slide"
    );
    assert_eq!(first.pages_reused, 0);
    // The closing slide is the last of its file: nothing after it moves.
    edit(root, "content/en/90-closing.md", |t| {
        format!("{t}\nAn added paragraph.\n")
    });
    let body = build_with_cache(root, &opts, &mut cache);
    assert_eq!(body.rendered, 1, "{}", body.diagnostics.render_all());
    assert_eq!(body.pages_reused, 6, "every skeleton is reused");
    assert!(
        String::from_utf8_lossy(&body.site.as_ref().unwrap().files["en/index.html"])
            .contains("An added paragraph.")
    );
    // A new title changes the tables of contents: the English pages and the Japanese presenter
    // page (which shows the English slides beside its own) get new skeletons.
    edit(root, "content/en/90-closing.md", |t| {
        t.replacen("## Thank you", "## Thank you all", 1)
    });
    let title = build_with_cache(root, &opts, &mut cache);
    assert_eq!(title.rendered, 1);
    assert_eq!(title.pages_reused, 2, "ja/index.html and ja/doc.html");
    // Nothing changed: nothing is rendered.
    let again = build_with_cache(root, &opts, &mut cache);
    assert_eq!((again.rendered, again.pages_reused), (0, 6));
}
