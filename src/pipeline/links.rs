//! The link check over the rendered site. Pages rendered from skeletons are checked by their
//! parts: each skeleton and each slide scanned once, the scans kept inside them across serve's
//! rebuilds (see `render::splice`).

use crate::content::Deck;
use crate::diag::Diagnostic;
use crate::render::pages::{PageParts, RenderedSite};
use crate::render::{Language, Part, SlideHtml};
use crate::site::links::{page_lang, PageScan};
use crate::util::par_map;
use std::sync::Arc;

/// Every broken internal link or anchor of `rendered` (an error: never publish a broken deck).
pub(super) fn check(rendered: &RenderedSite, langs: &[Language]) -> Vec<Diagnostic> {
    scan_parts(&rendered.parts);
    let pages: Vec<PageScan> = rendered
        .parts
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
    let decks: Vec<&Deck> = langs.iter().map(|l| &l.deck).collect();
    crate::site::links::check_pages(&rendered.site, &decks, &pages)
}

/// Make the scans the link check needs that no earlier build made, on all cores.
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
