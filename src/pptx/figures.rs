//! The pictures of slides: which figures need the browser (inline SVG, SVG images), and each
//! picture block's parts in the package (raster, SVG, size), with a warning for a missing one.

use super::media;
use super::model::{Block, Source};
use super::package::Media;
use super::raster;
use super::slide::PicRef;
use super::Deck;
use crate::site::Site;
use std::collections::BTreeMap;

/// Rendered figures by (deck, slide, block).
pub(super) type RenderedFigures<'a> = BTreeMap<(usize, usize, usize), &'a raster::Rendered>;

/// Figures that need the browser: inline SVG, and SVG images. Keys: (deck, slide, block).
pub(super) fn collect(
    decks: &[Deck],
    site: &Site,
) -> (Vec<raster::Figure>, Vec<(usize, usize, usize)>) {
    let mut figures = Vec::new();
    let mut keys = Vec::new();
    for (d, deck) in decks.iter().enumerate() {
        for (s, c) in deck.contents.iter().enumerate() {
            for (b, block) in c.blocks.iter().enumerate() {
                let Block::Picture(p) = block else { continue };
                let markup = match &p.source {
                    Source::InlineSvg(src, _) => src.clone(),
                    Source::Url(u) => {
                        let svg = media::resolve(u, &deck.lang.lang, site)
                            .is_ok_and(|b| media::sniff(&b) == Some(media::Format::Svg));
                        if !svg {
                            continue;
                        }
                        format!(
                            "<img src=\"{}\" alt=\"\">",
                            html_escape::encode_double_quoted_attribute(u)
                        )
                    }
                };
                figures.push(raster::Figure {
                    lang: deck.lang.lang.clone(),
                    markup,
                });
                keys.push((d, s, b));
            }
        }
    }
    (figures, keys)
}

/// The pictures of slide `s` of deck `d`: media parts added, one entry per block.
pub(super) fn pictures(
    key: (usize, usize),
    deck: &Deck,
    site: &Site,
    figures: &RenderedFigures,
    media: &mut Media,
    warnings: &mut Vec<String>,
) -> Vec<Option<PicRef>> {
    let (d, s) = key;
    let slide_id = &deck.lang.deck.slides[s].id;
    deck.contents[s]
        .blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let Block::Picture(p) = block else { return None };
            if let Some(r) = figures.get(&(d, s, b)) {
                let png = media.add(&r.png, "png");
                let svg_bytes = match &p.source {
                    Source::InlineSvg(..) => r.svg.clone().map(String::into_bytes),
                    Source::Url(u) => media::resolve(u, &deck.lang.lang, site).ok(),
                };
                let svg = svg_bytes.map(|b| media.add(&b, "svg"));
                return Some(PicRef { png, svg, size: p.size.unwrap_or(r.size) });
            }
            let Source::Url(u) = &p.source else { return None };
            match media::resolve(u, &deck.lang.lang, site) {
                Ok(bytes) => match media::sniff(&bytes) {
                    Some(f) if f != media::Format::Svg => {
                        let size = p.size.or_else(|| media::pixel_size(&bytes)).unwrap_or((640.0, 360.0));
                        Some(PicRef { png: media.add(&bytes, f.ext()), svg: None, size })
                    }
                    _ => {
                        warnings.push(format!("slide `{slide_id}`: `{u}` is not a PNG, JPEG, GIF or SVG picture; left out"));
                        None
                    }
                },
                Err(e) => {
                    warnings.push(format!("slide `{slide_id}`: {e}; left out"));
                    None
                }
            }
        })
        .collect()
}
