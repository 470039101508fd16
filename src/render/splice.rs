//! Pages as skeletons with holes. When the templates print slide HTML and notes only verbatim
//! (`{{ s.html | safe }}`), a page is rendered with a placeholder in place of each slide's HTML,
//! and the slides are spliced into that skeleton afterwards. The skeleton depends only on the
//! deck's structure (ids, titles, order, strings), so serve reuses it across edits to slide
//! bodies; the link check scans each skeleton and each slide once instead of every page whole.
//!
//! Whether the templates allow this is decided from their syntax trees ([`safe`]); when in
//! doubt, pages are rendered whole, as before.
//!
//! This module is the whole partial rebuilder, behind three calls: `render_page` (the page
//! renderer gives it a view maker that puts slide text where a `Fill` says), `update` (the
//! cache keeps this build's skeletons) and `check_links` (the link check by parts). The scans
//! it reuses live in `Skeleton` and `SlideHtml`, which outlive a build in serve's cache.

mod safe;

use super::{Part, SlideHtml, Templates};
use crate::content::Deck;
use crate::diag::Diagnostic;
use crate::i18n::Strings;
use crate::site::links::{page_lang, PageScan, Scan, SlideRef};
use crate::site::Deferred;
use crate::site::Site;
use crate::util::par_map;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::{Arc, LazyLock, OnceLock};

pub(crate) use safe::splice_safe;

/// Skeletons by key (template, templates, strings and the page's view with placeholders).
pub(crate) type PageCache = HashMap<[u8; 32], Arc<Skeleton>>;

/// Opens a placeholder: a noncharacter, which never appears in interchanged text, plus a
/// per-process random nonce, so no author text can forge one.
const OPEN: char = '\u{FDD0}';
const CLOSE: char = '\u{FDD1}';

static NONCE: LazyLock<String> = LazyLock::new(|| {
    let mut b = [0u8; 8];
    // Without randomness the fixed nonce still needs a noncharacter in the author's text.
    let _ = getrandom::fill(&mut b);
    crate::util::hex::encode(&b)
});

/// The placeholder of hole `i`.
pub(crate) fn placeholder(i: usize) -> String {
    format!("{OPEN}{}-{i}{CLOSE}", *NONCE)
}

/// A page rendered as a skeleton with slides spliced in: what the link check scans instead of
/// the whole page.
pub(crate) struct PageParts {
    /// Site path (`en/index.html`).
    pub path: String,
    pub skeleton: Arc<Skeleton>,
    /// What fills each hole: the slide, which part of it, and the slide's (language, id).
    pub holes: Vec<(Arc<SlideHtml>, Part, SlideRef)>,
}

/// Where slide HTML goes in a view: straight in (`holes` is `None`), or a placeholder per
/// non-empty part, with the part recorded as a hole. Empty parts stay empty, so `{% if s.notes %}`
/// sees what it would see with the real text.
pub(crate) struct Fill {
    holes: Option<Vec<(Arc<SlideHtml>, Part, SlideRef)>>,
}

impl Fill {
    fn new(splice: bool) -> Self {
        Fill {
            holes: splice.then(Vec::new),
        }
    }

    /// What the view shows for `part` of `slide` (slide `id` of language `lang`).
    pub(crate) fn text(
        &mut self,
        slide: &Arc<SlideHtml>,
        part: Part,
        lang: &str,
        id: &str,
    ) -> String {
        let text = slide.text(part);
        match &mut self.holes {
            Some(holes) if !text.is_empty() => {
                holes.push((slide.clone(), part, (lang.to_string(), id.to_string())));
                placeholder(holes.len() - 1)
            }
            _ => text.to_string(),
        }
    }
}

/// One page to render: its site path and template, and what the template renders with.
pub(crate) struct Page<'a> {
    pub path: String,
    pub template: &'a str,
    pub templates: &'a Templates,
    pub strings: &'a Arc<Strings>,
    /// Fingerprint of the language's strings (part of the skeleton's key).
    pub strings_fp: &'a str,
    /// Keep a spliced page as its parts, made when it is written (`BuildOptions::defer_pages`).
    pub defer: bool,
}

/// A page's HTML: made, or (`BuildOptions::defer_pages`) to be made when it is written.
pub(crate) enum Body {
    Bytes(Vec<u8>),
    Deferred(Arc<dyn Deferred>),
}

/// Render `page`: as a skeleton with its slides spliced in when the templates allow it (the
/// skeleton from `cache` when the page's structure is unchanged), else whole. `view` makes the
/// page's view, taking slide text from the `Fill` it is given. Returns the HTML, and the parts
/// when spliced.
pub(crate) fn render_page<V: serde::Serialize>(
    page: Page<'_>,
    cache: &PageCache,
    view: impl Fn(&mut Fill) -> V,
) -> Result<(Body, Option<PageParts>), Diagnostic> {
    let mut fill = Fill::new(page.templates.splice_safe());
    let v = view(&mut fill);
    if let Some(holes) = fill.holes {
        let json = serde_json::to_vec(&v)
            .map_err(|e| Diagnostic::error(format!("internal: view not serialisable: {e}")))?;
        let t = page.templates;
        let key = key(&[
            page.template.as_bytes(),
            t.fingerprint(),
            page.strings_fp.as_bytes(),
            &json,
        ]);
        let skeleton = match cache.get(&key) {
            Some(s) => Some(s.clone()),
            None => {
                let text = t.render(page.template, &v, page.strings.clone())?;
                Skeleton::new(text, holes.len(), key).map(Arc::new)
            }
        };
        if let Some(skeleton) = skeleton {
            let spliced = Arc::new(Spliced {
                skeleton: skeleton.clone(),
                fills: holes.iter().map(|(s, p, _)| (s.clone(), *p)).collect(),
            });
            // Made here, on this page's thread, unless the caller streams it out later.
            let html = if page.defer {
                Body::Deferred(spliced)
            } else {
                Body::Bytes(spliced.to_bytes())
            };
            let path = page.path;
            return Ok((
                html,
                Some(PageParts {
                    path,
                    skeleton,
                    holes,
                }),
            ));
        }
    }
    let v = view(&mut Fill::new(false));
    let html = page
        .templates
        .render(page.template, &v, page.strings.clone())?;
    Ok((Body::Bytes(html.into_bytes()), None))
}

/// Keep in `cache` exactly the skeletons of `parts` (this build's); returns how many of them
/// came from the cache.
pub(crate) fn update(cache: &mut PageCache, parts: &[PageParts]) -> usize {
    let reused = parts
        .iter()
        .filter(|p| cache.contains_key(&p.skeleton.key))
        .count();
    *cache = parts
        .iter()
        .map(|p| (p.skeleton.key, p.skeleton.clone()))
        .collect();
    reused
}

/// The link check over `site`, pages rendered from skeletons checked by their parts: each
/// skeleton and each slide scanned once (on all cores), the scans kept across serve's rebuilds.
pub(crate) fn check_links(site: &Site, parts: &[PageParts], decks: &[&Deck]) -> Vec<Diagnostic> {
    scan_parts(parts);
    let pages: Vec<PageScan> = parts
        .iter()
        .map(|p| PageScan {
            path: &p.path,
            own: p.skeleton.scan(page_lang(&p.path)),
            fragments: p
                .holes
                .iter()
                .map(|(s, part, owner)| (s.scan(*part), owner))
                .collect(),
        })
        .collect();
    crate::site::links::check_pages(site, decks, &pages)
}

/// Make the scans the link check needs that no earlier build made.
fn scan_parts(parts: &[PageParts]) {
    par_map(parts, |p| {
        p.skeleton.scan(page_lang(&p.path));
    });
    let mut seen = std::collections::HashSet::new();
    let slides: Vec<(&Arc<SlideHtml>, Part)> = parts
        .iter()
        .flat_map(|p| &p.holes)
        .filter(|(s, part, _)| seen.insert((Arc::as_ptr(s), *part)))
        .map(|(s, part, _)| (s, *part))
        .collect();
    par_map(&slides, |(s, part)| {
        s.scan(*part);
    });
}

/// A rendered page with holes.
#[derive(Debug)]
pub struct Skeleton {
    /// Its key in the `PageCache`.
    pub key: [u8; 32],
    text: String,
    /// Byte range of each placeholder in `text` and the hole it stands for, in order.
    holes: Vec<(Range<usize>, usize)>,
    scan: OnceLock<Scan>,
}

impl Skeleton {
    /// Find the placeholders of `text`; `None` when one names a hole beyond `holes` (the
    /// template did something unexpected, so the page is rendered whole instead).
    pub fn new(text: String, holes: usize, key: [u8; 32]) -> Option<Skeleton> {
        let open = format!("{OPEN}{}-", *NONCE);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(rel) = text[from..].find(&open) {
            let start = from + rel;
            let digits = start + open.len();
            let len = text[digits..].find(CLOSE)?;
            let i: usize = text[digits..digits + len].parse().ok()?;
            if i >= holes {
                return None;
            }
            let end = digits + len + CLOSE.len_utf8();
            found.push((start..end, i));
            from = end;
        }
        Some(Skeleton {
            key,
            text,
            holes: found,
            scan: OnceLock::new(),
        })
    }

    /// The page: the skeleton with each placeholder replaced by `fill[i]`.
    pub fn splice(&self, fill: &[&str]) -> String {
        let mut out = Vec::with_capacity(self.len(|i| fill[i].len()));
        // Writing to a Vec cannot fail.
        let _ = self.write_with(&mut out, |i, out| out.write_all(fill[i].as_bytes()));
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    /// Write the page to `out`, each placeholder replaced by what `fill(hole, out)` writes.
    pub fn write_with(
        &self,
        out: &mut dyn Write,
        mut fill: impl FnMut(usize, &mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut at = 0;
        for (range, i) in &self.holes {
            out.write_all(&self.text.as_bytes()[at..range.start])?;
            fill(*i, out)?;
            at = range.end;
        }
        out.write_all(&self.text.as_bytes()[at..])
    }

    /// Bytes in the page when hole `i` is filled with `fill_len(i)` bytes.
    pub fn len(&self, fill_len: impl Fn(usize) -> usize) -> usize {
        let holes: usize = self.holes.iter().map(|(_, i)| fill_len(*i)).sum();
        let placeholders: usize = self.holes.iter().map(|(r, _)| r.len()).sum();
        self.text.len() - placeholders + holes
    }

    /// The links and ids of the skeleton itself (made once), for a page in language `lang`.
    pub fn scan(&self, lang: &str) -> &Scan {
        self.scan.get_or_init(|| Scan::html(&self.text, lang))
    }
}

/// A page as its skeleton and what fills each hole, made when it is written (`Deferred`): the
/// slides are shared with every other page that shows them, so the page costs no copy of them.
#[derive(Debug)]
pub(crate) struct Spliced {
    pub skeleton: Arc<Skeleton>,
    /// What fills hole `i`: a part of a slide.
    pub fills: Vec<(Arc<SlideHtml>, Part)>,
}

impl Deferred for Spliced {
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        self.skeleton.write_with(out, |i, out| {
            let (slide, part) = &self.fills[i];
            slide.write(*part, out)
        })
    }

    fn len(&self) -> usize {
        self.skeleton.len(|i| {
            let (slide, part) = &self.fills[i];
            slide.len(*part)
        })
    }
}

/// The cache key of a skeleton.
pub(crate) fn key(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_every_placeholder() {
        let text = format!(
            "<a>{}</a><b>{}{}</b>",
            placeholder(1),
            placeholder(0),
            placeholder(1)
        );
        let s = Skeleton::new(text, 2, [0; 32]).unwrap();
        assert_eq!(
            s.splice(&["X", "<p>y</p>"]),
            "<a><p>y</p></a><b>X<p>y</p></b>"
        );
        assert!(Skeleton::new(placeholder(2), 2, [0; 32]).is_none());
        let plain = Skeleton::new("no holes \u{FDD0} here".into(), 0, [0; 32]).unwrap();
        assert_eq!(plain.splice(&[]), "no holes \u{FDD0} here");
    }
}
