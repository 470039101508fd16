//! Render: Tera templates (built-in ones overridable per file from the project's `templates/`,
//! see [`templates`]), the slides as pages show them, and the pages, assets and links of the site.

pub(crate) mod assets;
pub(crate) mod glyphs;
pub(crate) mod pages;
pub(crate) mod script;
pub(crate) mod social;
pub(crate) mod splice;
pub(crate) mod templates;
pub(crate) mod view;

pub(crate) use templates::TemplateTexts;
pub(crate) use templates::Templates;

use crate::i18n::Strings;
use crate::markdown::RenderedSlide;
use crate::site::links::Scan;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The built-in templates; a project file with the same name in `templates/` replaces one.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("deck.html", include_str!("../../templates/deck.html")),
    ("doc.html", include_str!("../../templates/doc.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    (
        "presenter.html",
        include_str!("../../templates/presenter.html"),
    ),
];

/// One language, loaded and its slides rendered: what pages are made of.
pub struct Language {
    /// The language code.
    pub lang: String,
    /// Its Fluent strings.
    pub strings: Arc<Strings>,
    /// Its slides, as loaded.
    pub deck: crate::content::Deck,
    /// Each slide's HTML, in deck order.
    pub rendered: Vec<Arc<SlideHtml>>,
    /// Fingerprint of the language's Fluent files (render cache key part).
    pub strings_fp: String,
    /// The data files' as-of dates in this language (`pricing`, `rates`, `lifecycle`), for
    /// `{{ data_as_of.pricing }}` in templates.
    pub data_as_of: BTreeMap<String, String>,
    /// Site path of the language's link-preview image (`og:image`), if it has one.
    pub image: Option<String>,
}

/// A slide rendered once, shared by every page that shows it (and, in serve, by rebuilds that
/// did not change it): its HTML and notes, and what pages and the link check derive from them,
/// each made on first use. The reference form is never kept: it is made as it is written.
#[derive(Debug)]
pub struct SlideHtml {
    pub rendered: RenderedSlide,
    reference_len: OnceLock<usize>,
    scans: [OnceLock<Scan>; 3],
}

/// A part of a slide that pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Html = 0,
    Notes = 1,
    /// The HTML as a presenter page's reference slide: ids (and the aria attributes that point
    /// at them) prefixed `ref-`, so they do not clash with the page's own slides.
    Reference = 2,
}

/// What precedes `="` in the attributes whose values a reference slide prefixes with `ref-`.
const REF_ATTRS: [&str; 3] = [" id", "aria-labelledby", "aria-describedby"];

/// What a reference slide puts at the start of those values.
const REF_PREFIX: &str = "ref-";

/// The byte offsets of `html` where a reference slide inserts [`REF_PREFIX`]: after each ` id="`,
/// `aria-labelledby="` and `aria-describedby="`, in order (the inserted `ref-` never completes
/// or breaks another of them).
fn reference_inserts(html: &str, mut at: impl FnMut(usize)) {
    let mut from = 0;
    while let Some(rel) = html[from..].find("=\"") {
        let end = from + rel + 2;
        if REF_ATTRS.iter().any(|a| html[..end - 2].ends_with(a)) {
            at(end);
        }
        from = end;
    }
}

/// `html` as a reference slide, piece by piece, to `out`: the same bytes as replacing
/// ` id="`, `aria-labelledby="` and `aria-describedby="` by themselves plus `ref-` in turn,
/// without a copy of the slide.
fn reference_pieces<'a>(html: &'a str, mut out: impl FnMut(&'a str)) {
    let mut last = 0;
    reference_inserts(html, |end| {
        out(&html[last..end]);
        out(REF_PREFIX);
        last = end;
    });
    out(&html[last..]);
}

impl SlideHtml {
    pub fn new(rendered: RenderedSlide) -> SlideHtml {
        SlideHtml {
            rendered,
            reference_len: OnceLock::new(),
            scans: Default::default(),
        }
    }

    /// The text of `part` (the reference form is made on each call: prefer `write`).
    pub fn text(&self, part: Part) -> Cow<'_, str> {
        match part {
            Part::Html => Cow::Borrowed(&self.rendered.html),
            Part::Notes => Cow::Borrowed(&self.rendered.notes),
            Part::Reference => {
                let mut s = String::with_capacity(self.len(part));
                reference_pieces(&self.rendered.html, |p| s.push_str(p));
                Cow::Owned(s)
            }
        }
    }

    /// Bytes in `part`.
    pub fn len(&self, part: Part) -> usize {
        match part {
            Part::Html => self.rendered.html.len(),
            Part::Notes => self.rendered.notes.len(),
            Part::Reference => *self.reference_len.get_or_init(|| {
                let mut n = 0;
                reference_pieces(&self.rendered.html, |p| n += p.len());
                n
            }),
        }
    }

    /// Whether `part` is empty.
    pub fn is_empty(&self, part: Part) -> bool {
        self.len(part) == 0
    }

    /// Write `part` to `out`.
    pub fn write(&self, part: Part, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match part {
            Part::Html | Part::Notes => out.write_all(self.text(part).as_bytes()),
            Part::Reference => {
                let mut result = Ok(());
                reference_pieces(&self.rendered.html, |p| {
                    if result.is_ok() {
                        result = out.write_all(p.as_bytes());
                    }
                });
                result
            }
        }
    }

    /// The ids and links of `part` (its links belong to this slide wherever it is shown). The
    /// reference form's scan comes with the HTML's, from the same pass, when it provably can
    /// (`Scan::html_and_prefixed`); else from scanning the reference text.
    pub fn scan(&self, part: Part) -> &Scan {
        let html = &self.rendered.html;
        match part {
            Part::Notes => self.scans[1].get_or_init(|| Scan::html(&self.rendered.notes, "")),
            Part::Html => self.scans[0].get_or_init(|| {
                let mut inserts = Vec::new();
                reference_inserts(html, |at| inserts.push(at));
                let (scan, reference) = Scan::html_and_prefixed(html, "", &inserts, REF_PREFIX);
                if let Some(r) = reference {
                    let _ = self.scans[2].set(r);
                }
                scan
            }),
            Part::Reference => {
                self.scan(Part::Html);
                self.scans[2].get_or_init(|| Scan::html(&self.text(part), ""))
            }
        }
    }
}

#[cfg(test)]
mod reference_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference form as it was made before it was streamed: three replacements in turn.
    fn replaced(html: &str) -> String {
        html.replace(" id=\"", " id=\"ref-")
            .replace("aria-labelledby=\"", "aria-labelledby=\"ref-")
            .replace("aria-describedby=\"", "aria-describedby=\"ref-")
    }

    #[test]
    fn reference_form_equals_the_three_replacements() {
        let cases = [
            "",
            "plain text, no attributes",
            "<section id=\"a\" aria-labelledby=\"a-t\"><h2 id=\"a-t\">T</h2></section>",
            "<p aria-describedby=\"x\" data-id=\"y\" xid=\"z\">=\"=\"\"</p>",
            "<a id=\"aria-describedby=\"\"> id=\" id=\"=\" <b\tid=\"t\">",
            " id=\"",
            "=\"",
            "日本語 <span id=\"日\">本</span>",
        ];
        for html in cases {
            let slide = SlideHtml::new(RenderedSlide {
                html: html.to_string(),
                notes: String::new(),
                assets: Default::default(),
            });
            let want = replaced(html);
            assert_eq!(slide.text(Part::Reference), want, "{html}");
            assert_eq!(slide.len(Part::Reference), want.len(), "{html}");
            let mut written = Vec::new();
            slide.write(Part::Reference, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), want, "{html}");
        }
    }
}
