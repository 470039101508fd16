//! Publishing the used assets: their site paths and bytes (variants of huge rasters made or taken
//! from the resize cache, on all cores), SVG files that can run script or reach outside the file
//! refused with the place in the SVG, and raster files whose header cannot be read refused.

use super::cache::{Got, ImageCache};
use super::{raster, svg, Asset, Index, Kind};
use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The files the used assets put into the site.
#[derive(Debug, Default)]
pub(crate) struct Published {
    /// Site path -> bytes; a file used by several languages appears once.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Variants resized by this build (the others came from the cache).
    pub resized: usize,
}

/// The site files of every asset in `used` (project-relative paths).
pub(crate) fn publish(
    index: &Index,
    used: &BTreeSet<PathBuf>,
    cache: &ImageCache,
) -> Result<Published, Vec<Diagnostic>> {
    let assets: Vec<&Arc<Asset>> = index.all().filter(|a| used.contains(&a.rel)).collect();
    let mut errors: Vec<Diagnostic> = assets
        .iter()
        .filter_map(|a| refuse_svg(a).or_else(|| refuse_raster(a)))
        .collect();
    let mut out = Published::default();
    // One job per image, so each is decoded at most once (and not at all when cached).
    let resized: Vec<&Arc<Asset>> = assets
        .iter()
        .copied()
        .filter(|a| !a.variants.is_empty())
        .collect();
    let made = crate::util::par_map(&resized, |a| variants(cache, a));
    for (a, r) in resized.iter().zip(made) {
        for (v, r) in a.variants.iter().zip(r) {
            match r {
                Ok((bytes, got)) => {
                    out.resized += usize::from(got == Got::Made);
                    out.files.insert(v.site_path.clone(), bytes);
                }
                Err(e) => errors.push(
                    Diagnostic::error(format!("cannot make the {}px wide copy: {e}", v.width))
                        .in_file(&a.rel)
                        .hint("the image is over twice the 1920x1080 frame, so kumo-deck resizes it; re-save it as PNG or JPEG, or make it smaller"),
                ),
            }
        }
    }
    for a in assets.iter().filter(|a| a.variants.is_empty()) {
        out.files.insert(a.site_path.clone(), a.bytes.to_vec());
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The variants of `a`, from the cache or resized from the image decoded once.
fn variants(cache: &ImageCache, a: &Asset) -> Vec<Result<(Vec<u8>, Got), String>> {
    let decoded = std::cell::OnceCell::new();
    let ext = a
        .name
        .rsplit_once('.')
        .map_or("bin", |(_, e)| e)
        .to_ascii_lowercase();
    a.variants
        .iter()
        .map(|v| {
            let key = crate::util::hex::encode(&raster::variant_key(&a.sha, v.width, v.height));
            cache.get_or_make(&format!("{key}.{ext}"), || {
                let img = decoded.get_or_init(|| raster::decode(&a.name, &a.bytes));
                raster::encode_resized(
                    &a.name,
                    img.as_ref().map_err(Clone::clone)?,
                    v.width,
                    v.height,
                )
            })
        })
        .collect()
}

/// An error located in the SVG file when it can run script.
fn refuse_svg(a: &Asset) -> Option<Diagnostic> {
    if a.kind != Kind::Svg {
        return None;
    }
    let text = String::from_utf8_lossy(&a.bytes);
    let (at, what, hint) = match svg::find_script(&text) {
        Some((at, what)) => (
            at,
            what,
            "remove the script or event attribute: images on slides never need to run code",
        ),
        None => {
            let (at, what) = svg::find_external(&text)?;
            (at, what, "embed what the SVG needs (as data: or inline shapes): an SVG on a slide cannot load other files, and one opened on its own must not")
        }
    };
    Some(
        Diagnostic::error(format!("SVG file holds {what}; refusing to publish it"))
            .in_file(&a.rel)
            .at_offset(&text, at)
            .hint(hint),
    )
}

/// An error when a raster image's header cannot be read: the file is damaged (a cut-off
/// download) or not the format its name says, and every browser would show it broken.
fn refuse_raster(a: &Asset) -> Option<Diagnostic> {
    if a.kind != Kind::Raster || a.size.is_some() {
        return None;
    }
    Some(
        Diagnostic::error(
            "cannot read this image's size: the file is damaged or not the format its name says",
        )
        .in_file(&a.rel)
        .hint("open it in an image editor and save it again as PNG, JPEG, WebP, GIF or AVIF"),
    )
}
