//! Scanning one HTML text for the link check: its ids and links in one pass over its tags, and
//! the scan of the same text with a prefix inserted into some attribute values (a presenter
//! page's reference slide) derived from that pass when the insertions provably change nothing
//! but ids.

use super::{Scan, ScanLink, SlideRef, URL_ATTRS};
use crate::site::html::{self, Attr, TagRef};
use std::borrow::Cow;
use std::sync::Arc;

impl Scan {
    /// Scan `html` (in language `lang`), and the scan of `html` with `prefix` inserted at each
    /// byte offset of `inserts` (ascending), when that follows from this one.
    ///
    /// It does when every offset is the start of a double-quoted attribute value of a tag the
    /// scan reads (not text, a comment or raw text), the prefix holds only ASCII letters, digits
    /// and `-`, and each such attribute is an `id` (not a `<section>`'s, which names the slide
    /// links belong to) or an `aria-*` one (never read): then the other text parses into the
    /// same tags, and only those ids change. Otherwise the second scan is `None`: scan the other
    /// text itself.
    pub fn html_and_prefixed(
        html: &str,
        lang: &str,
        inserts: &[usize],
        prefix: &str,
    ) -> (Scan, Option<Scan>) {
        let mut c = Collector::new(lang, inserts);
        c.derivable = prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        html::visit(html, |t| c.tag(t));
        c.finish(prefix)
    }
}

/// The state of one pass.
struct Collector<'a, 'i> {
    page_lang: &'i str,
    ids: Vec<String>,
    links: Vec<ScanLink>,
    /// The slide links belong to: the last `<section id>` (or `data-ref-id`) seen.
    slide: Option<Arc<SlideRef>>,
    /// The language of the innermost element seen with a `lang` (not an `<a>`'s or `<link>`'s).
    container_lang: Cow<'a, str>,
    inserts: &'i [usize],
    /// The first of `inserts` not yet matched to an attribute.
    next: usize,
    /// Whether the prefixed scan still follows from this one.
    derivable: bool,
    /// Indices in `ids` of the ids the prefix goes into.
    prefixed: Vec<usize>,
    /// Indices in the current tag's attributes of those with an insertion.
    marked: Vec<usize>,
}

impl<'a, 'i> Collector<'a, 'i> {
    fn new(page_lang: &'i str, inserts: &'i [usize]) -> Self {
        Collector {
            page_lang,
            ids: Vec::new(),
            links: Vec::new(),
            slide: None,
            container_lang: Cow::Owned(page_lang.to_string()),
            inserts,
            next: 0,
            derivable: true,
            prefixed: Vec::new(),
            marked: Vec::new(),
        }
    }

    fn tag(&mut self, t: &TagRef<'a, '_>) {
        self.match_inserts(t);
        self.tag_ids(t);
        match (t.name, attr(t, "lang")) {
            ("a" | "link", _) | (_, None) => {}
            (_, Some(l)) => self.container_lang = l.clone(),
        }
        if t.name == "section" {
            if let Some(id) = t.attr("id") {
                self.slide = Some(Arc::new((self.page_lang.to_string(), id.to_string())));
            } else if let Some(id) = t.attr("data-ref-id") {
                let lang = self.container_lang.to_string();
                self.slide = Some(Arc::new((lang, id.to_string())));
            }
        }
        if t.name == "base" {
            return; // would change how every other link resolves; we never write one
        }
        for a in t.attrs {
            let embedded = is_embedded(t, &a.name);
            let mut push = |v: &str| {
                self.links.push(ScanLink {
                    slide: self.slide.clone(),
                    value: v.trim().to_string(),
                    embedded,
                })
            };
            if URL_ATTRS.contains(&a.name.as_ref()) && (a.name != "data" || t.name == "object") {
                push(&a.value);
            } else if a.name == "srcset" {
                for candidate in a.value.split(',') {
                    push(candidate.split_whitespace().next().unwrap_or_default());
                }
            }
        }
    }

    /// The ids (and `<a name>`) of `t`, noting which take the prefix.
    fn tag_ids(&mut self, t: &TagRef<'a, '_>) {
        if let Some(k) = t.attrs.iter().position(|a| a.name == "id") {
            if self.marked.contains(&k) {
                self.prefixed.push(self.ids.len());
            }
            self.ids.push(t.attrs[k].value.to_string());
        }
        if let (true, Some(n)) = (t.name == "a", t.attr("name")) {
            self.ids.push(n.to_string());
        }
    }

    /// Match the insertions up to the end of `t` to its attribute values (`marked`); any that
    /// falls elsewhere, or into an attribute the scan reads, makes the prefixed scan underivable.
    fn match_inserts(&mut self, t: &TagRef<'a, '_>) {
        self.marked.clear();
        for (k, a) in t.attrs.iter().enumerate() {
            while self.inserts.get(self.next).is_some_and(|&p| p < a.value_at) {
                self.derivable = false;
                self.next += 1;
            }
            if self.inserts.get(self.next) == Some(&a.value_at) {
                self.next += 1;
                self.derivable &= a.double_quoted && harmless(t, a);
                self.marked.push(k);
            }
        }
    }

    fn finish(mut self, prefix: &str) -> (Scan, Option<Scan>) {
        self.derivable &= self.next == self.inserts.len();
        let scan = Scan {
            ids: self.ids,
            links: Arc::new(self.links),
        };
        let derived = self.derivable.then(|| {
            let mut ids = scan.ids.clone();
            for &i in &self.prefixed {
                ids[i] = format!("{prefix}{}", ids[i]);
            }
            Scan {
                ids,
                links: scan.links.clone(),
            }
        });
        (scan, derived)
    }
}

/// Whether a prefix in the value of `a` changes the scan only through the ids.
fn harmless(t: &TagRef, a: &Attr) -> bool {
    a.name.starts_with("aria-") || (a.name == "id" && t.name != "section")
}

/// The (first) attribute `name` of `t`, as held.
fn attr<'t, 'a>(t: &'t TagRef<'a, '_>, name: &str) -> Option<&'t Cow<'a, str>> {
    t.attrs.iter().find(|a| a.name == name).map(|a| &a.value)
}

/// Whether attribute `attr` of `t` loads a resource into the page (rather than linking away).
fn is_embedded(t: &TagRef, attr: &str) -> bool {
    match (t.name, attr) {
        ("a" | "area" | "form", _) => false,
        ("link", _) => t.attr("rel").is_some_and(|rel| {
            rel.split_whitespace().any(|r| {
                matches!(
                    r.to_ascii_lowercase().as_str(),
                    "stylesheet" | "icon" | "preload" | "modulepreload" | "manifest"
                )
            })
        }),
        _ => true,
    }
}
