//! Render: Tera templates (built-in ones overridable per file from the project's `templates/`),
//! autoescape on for every template, `get_env` removed, and a per-language `t()` function over
//! the Fluent strings.

pub(crate) mod assets;
mod cycles;
pub(crate) mod glyphs;
pub(crate) mod pages;
pub(crate) mod script;
pub(crate) mod social;
pub(crate) mod splice;
pub(crate) mod view;

use crate::diag::Diagnostic;
use crate::i18n::{Arg, Strings};
use crate::markdown::RenderedSlide;
use crate::site::links::Scan;
use crate::source::Sources;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use tera::{Context, Tera, Value};

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

/// Template name -> (text, the project file it came from; `None` for a built-in one).
pub(crate) type TemplateTexts = BTreeMap<String, (String, Option<std::path::PathBuf>)>;

/// Parsed templates, ready to render pages of any language.
pub struct Templates {
    tera: Tera,
    /// Hash of every template's name and text.
    fingerprint: [u8; 32],
    /// Whether pages can be rendered as skeletons with slides spliced in (`splice`).
    splice_safe: bool,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("splice_safe", &self.splice_safe)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// The texts of every template by name (with the project file each came from, if any).
    pub fn read(sources: &mut Sources) -> Result<TemplateTexts, Vec<Diagnostic>> {
        let mut all: TemplateTexts = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), (t.to_string(), None)))
            .collect();
        let mut errors = Vec::new();
        for f in sources
            .list_tree(Path::new("templates"))
            .map_err(|e| vec![e])?
        {
            match sources.read_text(&f.rel) {
                Ok(t) => {
                    all.insert(f.name, (t, Some(f.rel)));
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(all)
    }

    /// Parse the templates `all` (from `read`).
    pub fn parse(all: &TemplateTexts) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        // Autoescape every template whatever its extension ("" is a suffix of every name).
        tera.autoescape_on(vec![""]);
        tera.set_escape_fn(escape_html);
        let list: Vec<(String, String)> = all
            .iter()
            .map(|(n, (t, _))| (n.clone(), t.clone()))
            .collect();
        let deep = cycles::check_nesting(all);
        if !deep.is_empty() {
            return Err(deep);
        }
        if let Err(e) = tera.add_raw_templates(list) {
            return Err(vec![template_error(&e, all)]);
        }
        let loops = cycles::check_cycles(&tera, all);
        if !loops.is_empty() {
            return Err(loops);
        }
        tera.register_function("get_env", disabled_get_env);
        let texts: Vec<&[u8]> = all
            .iter()
            .flat_map(|(n, (t, _))| [n.as_bytes(), t.as_bytes()])
            .collect();
        Ok(Templates {
            splice_safe: splice::splice_safe(&tera),
            fingerprint: splice::key(&texts),
            tera,
        })
    }

    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    pub fn splice_safe(&self) -> bool {
        self.splice_safe
    }

    /// Render `template` with `view` for a language whose strings are `strings`.
    pub fn render<T: serde::Serialize>(
        &self,
        template: &str,
        view: &T,
        strings: Arc<Strings>,
    ) -> Result<String, Diagnostic> {
        let mut tera = self.tera.clone();
        tera.register_function("t", TFunction { strings });
        let ctx = Context::from_serialize(view)
            .map_err(|e| Diagnostic::error(format!("internal: view not serialisable: {e}")))?;
        tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(format!("template `{template}`: {}", error_chain(&e)))
                .in_file(Path::new("templates").join(template))
        })
    }
}

/// `t(key="nav-next", n=3)`: a Fluent message of the page's language.
struct TFunction {
    strings: Arc<Strings>,
}

impl tera::Function for TFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = match args.get("key") {
            Some(Value::String(k)) => k.clone(),
            _ => return Err("t() needs a string argument `key`".into()),
        };
        let mut fargs = BTreeMap::new();
        for (k, v) in args.iter().filter(|(k, _)| k.as_str() != "key") {
            let a = match v {
                Value::Number(n) if n.is_i64() => Arg::Int(n.as_i64().unwrap_or(0)),
                Value::String(s) => Arg::Str(s.clone()),
                other => Arg::Str(other.to_string()),
            };
            fargs.insert(k.clone(), a);
        }
        self.strings
            .get(&key, &fargs)
            .map(Value::String)
            .map_err(tera::Error::msg)
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// Escape for text and quoted attributes alike (`&<>"'`), leaving `/` readable in URLs.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\0' => out.push('\u{fffd}'),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn disabled_get_env(_: &HashMap<String, Value>) -> tera::Result<Value> {
    Err("get_env() is disabled: templates must not read the build machine's environment".into())
}

/// Flatten a Tera error and its sources into one line.
fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}

/// A template parse error, located when Tera names the template and a `--> line:col`.
fn template_error(e: &tera::Error, all: &TemplateTexts) -> Diagnostic {
    let msg = error_chain(e);
    let named = all.iter().find(|(n, _)| msg.contains(&format!("'{n}'")));
    let mut d = Diagnostic::error(format!("template error: {msg}"));
    if let Some((name, (text, path))) = named {
        let file = path
            .clone()
            .unwrap_or_else(|| Path::new("(built-in templates)").join(name));
        d = d.in_file(file);
        if let Some((line, col)) = arrow_position(&msg) {
            d = d.at(line, col).with_source(text);
        }
    }
    d
}

/// Find `--> 12:5` in a pest error message.
fn arrow_position(msg: &str) -> Option<(usize, usize)> {
    let rest = &msg[msg.find("--> ")? + 4..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':'))?;
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
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

    #[test]
    fn finds_pest_arrow() {
        assert_eq!(arrow_position("x\n --> 3:14\n  |"), Some((3, 14)));
        assert_eq!(arrow_position("nothing"), None);
    }
}
