//! The build's steps for content assets (see `assets`): the link-preview image of each language,
//! and publishing the files the slides use into the Site, with a warning for every file no slide
//! uses.

use crate::assets::cache::ImageCache;
use crate::assets::{self, publish::publish as publish_used, Asset, Index, Kind};
use crate::config::{BuildOptions, Config};
use crate::diag::Diagnostic;
use crate::render::Language;
use crate::site::Site;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Images on this many first slides load at once; on the others, lazily.
pub(crate) const EAGER_SLIDES: usize = 2;

/// Set each language's link-preview image: `image` of `deck.toml`, else the first raster image
/// its slides show.
pub(crate) fn choose_images(
    config: &Config,
    index: &Index,
    langs: &mut [Language],
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for l in langs.iter_mut() {
        l.image = match configured(config, index, &l.lang) {
            Some(Ok(a)) => Some(a.src_path().to_string()),
            Some(Err(e)) => {
                errors.push(e);
                None
            }
            None => first_raster(index, l).map(|a| a.src_path().to_string()),
        };
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The `image` of `deck.toml` in language `lang`, when set.
fn configured(
    config: &Config,
    index: &Index,
    lang: &str,
) -> Option<Result<Arc<Asset>, Diagnostic>> {
    let reference = config.image.as_deref()?;
    let (name, _) = assets::reference(reference)?;
    let err = |m: String| Diagnostic::error(m).in_file("deck.toml");
    Some(match index.lookup(lang, &name) {
        Ok(a) if a.kind == Kind::Raster => Ok(a.clone()),
        Ok(a) => Err(err(format!(
            "`image = \"{reference}\"` is {}: link previews need a PNG, JPEG, GIF or WebP image",
            a.rel.display()
        ))),
        Err(e) => Err(err(e.message(reference))),
    })
}

fn first_raster<'a>(index: &'a Index, l: &Language) -> Option<&'a Arc<Asset>> {
    l.rendered
        .iter()
        .flat_map(|r| &r.rendered.assets)
        .find_map(|rel| {
            index
                .all()
                .find(|a| &a.rel == rel && a.kind == Kind::Raster)
        })
}

/// What `publish` did: how many resized variants it made (the others came from the resize
/// cache), and a warning for each unused asset.
pub(crate) struct Published {
    pub resized: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Put every used asset into `site` (resized variants from the resize cache where it has them);
/// warn about the unused ones.
pub(crate) fn publish(
    config: &Config,
    opts: &BuildOptions,
    index: &Index,
    langs: &[Language],
    site: &mut Site,
) -> Result<Published, Vec<Diagnostic>> {
    let mut used: BTreeSet<PathBuf> = langs
        .iter()
        .flat_map(|l| {
            l.rendered
                .iter()
                .flat_map(|r| r.rendered.assets.iter().cloned())
        })
        .collect();
    for l in langs {
        if let Some(Ok(a)) = configured(config, index, &l.lang) {
            used.insert(a.rel.clone());
        }
    }
    let diagnostics = index.unused(&used);
    let cache = opts
        .image_cache
        .clone()
        .map_or_else(ImageCache::from_env, ImageCache::at);
    let published = publish_used(index, &used, &cache)?;
    for (path, bytes) in published.files {
        site.insert(path, bytes);
    }
    Ok(Published {
        resized: published.resized,
        diagnostics,
    })
}
