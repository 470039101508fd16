//! Link check of a built Site, cheap enough to run in every build: each internal `href`/`src`
//! resolves to a file of the site, each `#fragment` to an `id` on the target page, images and
//! assets exist, external URLs are well-formed, and no `javascript:` URL is left.
//!
//! Depends only on the Site and the loaded decks (to point at the Markdown line of a broken
//! link), so the pipeline can call it after rendering without a layering cycle.

use super::url::{self, Target};
use crate::content::Deck;
use crate::diag::{Diagnostic, Severity};
use crate::site::Site;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Attributes that hold one URL.
const URL_ATTRS: &[&str] = &["href", "src", "xlink:href", "poster", "data", "action"];

/// (language, slide id).
pub(crate) type SlideRef = (String, String);

/// The ids and links of one HTML text: a whole page, a page skeleton or a slide's fragment.
/// Scanned once and reused: a slide's fragment appears on several pages, and serve keeps the
/// scans of unchanged slides and page skeletons across rebuilds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Ids (and `<a name>`s) the text defines.
    ids: Vec<String>,
    /// Shared by a scan and the one derived from it ([`Scan::html_and_prefixed`]).
    links: Arc<Vec<ScanLink>>,
}

/// One link of a scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ScanLink {
    /// (language, id) of the slide the link sits in, to find its Markdown source: the last
    /// `<section id>` seen (in the page's language), or a presenter page's reference slide
    /// `<section data-ref-id>` (in the language of the last `lang` container).
    slide: Option<Arc<SlideRef>>,
    value: String,
    /// `src`-like (an embedded resource) rather than a navigation link.
    embedded: bool,
}

impl Scan {
    /// Scan `html`, written in language `lang` (the page's).
    pub fn html(html: &str, lang: &str) -> Scan {
        Scan::html_and_prefixed(html, lang, &[], "").0
    }

    /// The `url(...)` references of a stylesheet.
    pub fn css(css: &str) -> Scan {
        Scan {
            ids: Vec::new(),
            links: Arc::new(css_links(css)),
        }
    }
}

/// An HTML page of the site as the link check sees it: its own scan (the whole page, or the
/// page's skeleton) and the scans of the slide fragments spliced into it, each with its slide.
pub(crate) struct PageScan<'a> {
    pub path: &'a str,
    pub own: &'a Scan,
    pub fragments: Vec<(&'a Scan, &'a SlideRef)>,
}

/// Check every link of every page and stylesheet of `site` (the unit tests' entry).
#[cfg(test)]
pub(crate) fn check_site(site: &Site, decks: &[&Deck]) -> Vec<Diagnostic> {
    check_pages(site, decks, &[])
}

/// `check_site`, with the pages of `given` already scanned (by parts); every other page and
/// stylesheet of `site` is scanned here.
pub(crate) fn check_pages(site: &Site, decks: &[&Deck], given: &[PageScan]) -> Vec<Diagnostic> {
    let known: BTreeSet<&str> = given.iter().map(|p| p.path).collect();
    let scanned = scan_files(site, &known);
    let mut pages: Vec<PageScan> = scanned
        .iter()
        .map(|(path, scan)| PageScan {
            path,
            own: scan,
            fragments: Vec::new(),
        })
        .collect();
    pages.extend(given.iter().map(|p| PageScan {
        path: p.path,
        own: p.own,
        fragments: p.fragments.clone(),
    }));
    pages.sort_by(|a, b| a.path.cmp(b.path));
    // The ids of each HTML page: its own and its fragments'.
    let ids: PageIds = pages
        .iter()
        .filter(|p| p.path.ends_with(".html"))
        .map(|p| {
            let mut set: HashSet<&str> = p.own.ids.iter().map(String::as_str).collect();
            for (f, _) in &p.fragments {
                set.extend(f.ids.iter().map(String::as_str));
            }
            (p.path, set)
        })
        .collect();
    let mut problems: BTreeMap<(Option<SlideRef>, String, String), Problem> = BTreeMap::new();
    for page in &pages {
        let own = page.own.links.iter().map(|l| (l, l.slide.as_deref()));
        let parts = page
            .fragments
            .iter()
            .flat_map(|(f, owner)| f.links.iter().map(move |l| (l, Some(*owner))));
        for (link, slide) in own.chain(parts) {
            if let Some((severity, why)) = check_link(site, &ids, page.path, link) {
                let key = (slide.cloned(), link.value.clone(), why.clone());
                let p = problems.entry(key).or_insert_with(|| Problem {
                    severity,
                    pages: Vec::new(),
                });
                if !p.pages.iter().any(|x| x == page.path) {
                    p.pages.push(page.path.to_string());
                }
            }
        }
    }
    problems
        .into_iter()
        .map(|((slide, href, why), p)| p.diagnostic(decks, slide.as_ref(), &href, &why))
        .collect()
}

type PageIds<'a> = HashMap<&'a str, HashSet<&'a str>>;

/// Scans of every page and stylesheet of `site` not in `skip`, made on all cores (files are
/// independent), in path order.
fn scan_files<'a>(site: &'a Site, skip: &BTreeSet<&str>) -> Vec<(&'a str, Scan)> {
    let files: Vec<&str> = site
        .paths()
        .filter(|p| (p.ends_with(".html") || p.ends_with(".css")) && !skip.contains(p))
        .collect();
    crate::util::par_map(&files, |path| {
        (
            *path,
            scan_file(path, &site.bytes(path).unwrap_or_default()),
        )
    })
}

fn scan_file(path: &str, bytes: &[u8]) -> Scan {
    let text = String::from_utf8_lossy(bytes);
    if path.ends_with(".html") {
        Scan::html(&text, page_lang(path))
    } else {
        Scan::css(&text)
    }
}

/// The language of a page: its top folder (`en/index.html` -> `en`).
pub(crate) fn page_lang(path: &str) -> &str {
    path.split('/').next().unwrap_or_default()
}

/// A broken link, grouped over the pages that show the same slide.
struct Problem {
    severity: Severity,
    pages: Vec<String>,
}

impl Problem {
    fn diagnostic(
        &self,
        decks: &[&Deck],
        slide: Option<&SlideRef>,
        href: &str,
        why: &str,
    ) -> Diagnostic {
        let msg = format!("bad link `{href}` on {}: {why}", self.pages.join(", "));
        let mut d = match self.severity {
            Severity::Error => Diagnostic::error(msg),
            Severity::Warning => Diagnostic::warning(msg),
        };
        let source = slide.and_then(|(lang, id)| {
            let deck = decks.iter().find(|d| &d.lang == lang)?;
            let s = deck.slides.iter().find(|s| &s.id == id)?;
            let at = find_in_source(&s.source, href)?;
            Some((s, at))
        });
        match source {
            Some((s, at)) => {
                d = d.in_file(&s.file).at_offset(&s.file_text, s.offset + at);
            }
            None => {
                d = d.hint("the link comes from a template or generated content, not a slide");
            }
        }
        d
    }
}

/// Where `href` is written in a slide's Markdown: as a link target (`](href`, `"href"`,
/// `'href'`, `<href>`) first, anywhere otherwise; as written, %-decoded or HTML-escaped.
fn find_in_source(source: &str, href: &str) -> Option<usize> {
    let mut forms = vec![href.to_string()];
    if let Ok(decoded) = url::percent_decode(href) {
        forms.push(decoded);
    }
    forms.push(html_escape::encode_double_quoted_attribute(href).into_owned());
    for form in &forms {
        for (open, close) in [("](", ""), ("\"", "\""), ("'", "'"), ("<", ">")] {
            if let Some(i) = source.find(&format!("{open}{form}{close}")) {
                return Some(i + open.len());
            }
        }
    }
    forms.iter().find_map(|f| source.find(f.as_str()))
}

/// `url(...)` references of a stylesheet.
fn css_links(css: &str) -> Vec<ScanLink> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let raw = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        out.push(ScanLink {
            slide: None,
            value: raw.to_string(),
            embedded: true,
        });
        rest = &rest[end..];
    }
    out
}

/// What is wrong with `link`, if anything.
fn check_link(
    site: &Site,
    ids: &PageIds,
    page: &str,
    link: &ScanLink,
) -> Option<(Severity, String)> {
    let err = |m: String| Some((Severity::Error, m));
    match url::classify(page, &link.value) {
        Err(why) => err(why),
        Ok(Target::External) if link.embedded => Some((
            Severity::Warning,
            "fetched from the network when the page is viewed; put the file in the theme".into(),
        )),
        Ok(Target::External) => None,
        Ok(Target::Data) if link.embedded => None,
        Ok(Target::Data) => err("a `data:` URL cannot be opened as a link".into()),
        Ok(Target::SamePage(None)) => None,
        Ok(Target::SamePage(Some(f))) => missing_id(ids, page, &f)
            .map(|(s, _)| (s, format!("no element with id `{f}` on the page"))),
        Ok(Target::Internal { path, fragment }) => {
            if !site.contains(&path) {
                return err(missing_file(site, &path));
            }
            match fragment.filter(|f| !f.is_empty()) {
                Some(f) => missing_id(ids, &path, &f),
                None => None,
            }
        }
    }
}

fn missing_id(ids: &PageIds, page: &str, fragment: &str) -> Option<(Severity, String)> {
    match ids.get(page) {
        Some(set) if set.contains(fragment) => None,
        Some(_) => Some((
            Severity::Error,
            format!("no element with id `{fragment}` on {page}"),
        )),
        None => Some((
            Severity::Error,
            format!("{page} is not an HTML page, so it has no `#{fragment}`"),
        )),
    }
}

fn missing_file(site: &Site, path: &str) -> String {
    let folder = format!("{path}/");
    if site.paths().any(|k| k.starts_with(&folder)) {
        format!("{path} is a folder; link to {path}/index.html or {path}/")
    } else {
        format!("{path} is not in the built site")
    }
}

mod collect;

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;
