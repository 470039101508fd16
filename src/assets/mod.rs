//! Content assets: images and other files beside the slides. `content/assets/` holds
//! language-neutral files, `content/<lang>/assets/` the same relative paths for one language; a
//! reference `assets/x.png` from `content/<lang>/*.md` takes the language's file first, then the
//! neutral one. Each used file enters the Site once, under a content-hashed name in
//! `assets/media/`; huge rasters are published as resized variants instead (see `raster`).

pub(crate) mod cache;
pub(crate) mod publish;
pub(crate) mod raster;
pub(crate) mod svg;

use crate::diag::Diagnostic;
use crate::source::Sources;
use crate::util::fingerprint::Fingerprint;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

/// The folder name of assets, both in `content/` and in references (`assets/x.png`).
pub(crate) const FOLDER: &str = "assets";
/// Where used assets go in the site.
pub(crate) const SITE_DIR: &str = "assets/media";

/// What a file is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A raster image browsers show (`png`, `jpg`/`jpeg`, `gif`, `webp`, `avif`).
    Raster,
    Svg,
    /// Anything else (PDF, ZIP, CSV...): a download.
    Other,
}

impl Kind {
    fn of(name: &str) -> Kind {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "avif") => Kind::Raster,
            Some("svg") => Kind::Svg,
            _ => Kind::Other,
        }
    }
}

/// A smaller copy of a huge raster, made when the site is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    pub site_path: String,
}

/// One file of an asset folder.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Path relative to the project root, as on disk.
    pub rel: PathBuf,
    /// NFC path below the asset folder (`diagrams/flow.svg`).
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
    pub sha: [u8; 32],
    pub kind: Kind,
    /// Pixel size read from the file's header (SVG: its width/height or viewBox).
    pub size: Option<(u32, u32)>,
    /// Where the file goes in the site (`assets/media/flow.1a2b3c4d5e.svg`).
    pub site_path: String,
    /// Resized variants, largest last; when there are any, they are published instead.
    pub variants: Vec<Variant>,
}

/// Every asset of the project: neutral ones under `None`, per-language ones under the language.
#[derive(Debug, Default, Clone)]
pub(crate) struct Index {
    folders: BTreeMap<Option<String>, BTreeMap<String, Arc<Asset>>>,
    fingerprint: [u8; 32],
}

/// Where a reference was looked for when it was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotFound {
    pub looked_in: [PathBuf; 2],
}

impl NotFound {
    pub(crate) fn message(&self, reference: &str) -> String {
        format!(
            "`{reference}` not found: looked in {} and {}",
            slash(&self.looked_in[0]),
            slash(&self.looked_in[1])
        )
    }
}

impl Index {
    /// Read every file of `content/assets/` and `content/<lang>/assets/`.
    pub(crate) fn load(sources: &mut Sources, langs: &[String]) -> Result<Index, Vec<Diagnostic>> {
        let mut index = Index::default();
        let mut errors = Vec::new();
        let folders = std::iter::once(None).chain(langs.iter().map(|l| Some(l.clone())));
        for lang in folders {
            let dir = folder(lang.as_deref());
            let listed = sources.list_tree(&dir).map_err(|e| vec![e])?;
            let mut files = BTreeMap::new();
            for f in listed {
                match sources.read_bytes(&f.rel) {
                    Ok(bytes) => {
                        let a = Asset::new(f.rel, f.name, bytes);
                        files.insert(a.name.clone(), Arc::new(a));
                    }
                    Err(e) => errors.push(e),
                }
            }
            index.folders.insert(lang, files);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        index.fingerprint = index.digest();
        Ok(index)
    }

    /// Hash of every asset's folder, name and bytes: slides that show assets depend on it.
    pub(crate) fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        for (lang, files) in &self.folders {
            h.update(lang.as_deref().unwrap_or("").as_bytes());
            h.update([0]);
            for (name, a) in files {
                h.update(name.as_bytes());
                h.update([0]);
                h.update(a.sha);
            }
        }
        h.finalize().into()
    }

    /// The file `name` (NFC, below `assets/`) means in language `lang`.
    pub(crate) fn lookup(&self, lang: &str, name: &str) -> Result<&Arc<Asset>, NotFound> {
        let own = self.folders.get(&Some(lang.to_string()));
        own.and_then(|f| f.get(name))
            .or_else(|| self.folders.get(&None).and_then(|f| f.get(name)))
            .ok_or_else(|| NotFound {
                looked_in: [folder(Some(lang)).join(name), folder(None).join(name)],
            })
    }

    /// Every asset, in a fixed order.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Arc<Asset>> {
        self.folders.values().flat_map(|f| f.values())
    }

    /// A warning for each file no slide uses (it is not published).
    pub(crate) fn unused(&self, used: &BTreeSet<PathBuf>) -> Vec<Diagnostic> {
        self.all()
            .filter(|a| !used.contains(&a.rel))
            .map(|a| {
                Diagnostic::warning("asset is not used by any slide, so it is not published")
                    .in_file(&a.rel)
                    .hint("reference it as `assets/…` from a slide, or delete it")
            })
            .collect()
    }
}

impl Asset {
    fn new(rel: PathBuf, name: String, bytes: Vec<u8>) -> Asset {
        let sha = crate::util::hex::sha256(&bytes);
        let kind = Kind::of(&name);
        let size = match kind {
            Kind::Raster => imagesize::blob_size(&bytes)
                .ok()
                .and_then(|s| Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?))),
            Kind::Svg => svg::size(&String::from_utf8_lossy(&bytes)),
            Kind::Other => None,
        };
        let site_path = hashed_path(&name, Fingerprint::from_digest(&sha));
        let variants = match (kind, size) {
            (Kind::Raster, Some((w, h))) if raster::resizable(&name) => raster::plan(w, h)
                .into_iter()
                .map(|(vw, vh)| Variant {
                    width: vw,
                    height: vh,
                    site_path: hashed_path(
                        &suffixed(&name, &format!("-{vw}w")),
                        Fingerprint::from_digest(&raster::variant_key(&sha, vw, vh)),
                    ),
                })
                .collect(),
            _ => Vec::new(),
        };
        Asset {
            rel,
            name,
            bytes: Arc::new(bytes),
            sha,
            kind,
            size,
            site_path,
            variants,
        }
    }

    /// The path `src` uses: the frame-sized (smallest) variant when there are variants, else the
    /// file.
    pub(crate) fn src_path(&self) -> &str {
        self.variants
            .first()
            .map_or(self.site_path.as_str(), |v| v.site_path.as_str())
    }
}

/// The asset name a URL in a slide refers to (`assets/x.png` or `./assets/x.png`, percent-
/// decoded, NFC), with the rest of the URL (`#page=2`, `?v=1`) kept apart.
pub(crate) fn reference(url: &str) -> Option<(String, &str)> {
    let rest = url.strip_prefix("./").unwrap_or(url);
    let rest = rest.strip_prefix(FOLDER)?.strip_prefix('/')?;
    let end = rest.find(['#', '?']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(end);
    if path.is_empty() {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    Some((decoded.nfc().collect(), suffix))
}

/// `content/assets` or `content/<lang>/assets`.
fn folder(lang: Option<&str>) -> PathBuf {
    match lang {
        Some(l) => Path::new("content").join(l).join(FOLDER),
        None => Path::new("content").join(FOLDER),
    }
}

/// `diagrams/flow.svg` + hash -> `assets/media/diagrams/flow.1a2b3c4d5e.svg`.
fn hashed_path(name: &str, fp: Fingerprint) -> String {
    format!("{SITE_DIR}/{}", fp.apply(name))
}

/// `shot.png` + `-1920w` -> `shot-1920w.png`.
fn suffixed(name: &str, suffix: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}{suffix}.{ext}"),
        None => format!("{name}{suffix}"),
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_decoded_and_normalised() {
        assert_eq!(reference("assets/a b.png"), Some(("a b.png".into(), "")));
        assert_eq!(
            reference("./assets/r.pdf#page=2"),
            Some(("r.pdf".into(), "#page=2"))
        );
        let nfd = "assets/\u{30ab}\u{3099}.png"; // カ + combining dakuten
        assert_eq!(reference(nfd).unwrap().0, "\u{30ac}.png");
        assert_eq!(reference("assets/%E3%82%AC.png").unwrap().0, "\u{30ac}.png");
        for not in [
            "assets/",
            "x/assets/a.png",
            "https://x.example/assets/a.png",
            "assetsa",
        ] {
            assert_eq!(reference(not), None, "{not}");
        }
    }

    #[test]
    fn hashed_paths_keep_folders_and_extensions() {
        let p = hashed_path("d/flow.svg", Fingerprint::from_digest(&[0xab; 32]));
        assert_eq!(p, "assets/media/d/flow.ababababab.svg");
        assert!(crate::deploy::headers::is_fingerprinted(&p));
        assert_eq!(
            hashed_path("README", Fingerprint::from_digest(&[1; 32])),
            "assets/media/README.0101010101"
        );
    }

    #[test]
    fn lookup_prefers_the_language_and_names_both_places() {
        let mut index = Index::default();
        for (lang, bytes) in [
            (None, b"n".to_vec()),
            (Some("ja".to_string()), b"j".to_vec()),
        ] {
            let rel = folder(lang.as_deref()).join("x.png");
            let a = Arc::new(Asset::new(rel, "x.png".into(), bytes));
            index
                .folders
                .entry(lang)
                .or_default()
                .insert("x.png".into(), a);
        }
        assert_eq!(index.lookup("ja", "x.png").unwrap().bytes.as_slice(), b"j");
        assert_eq!(index.lookup("en", "x.png").unwrap().bytes.as_slice(), b"n");
        let e = index.lookup("en", "y.png").unwrap_err();
        assert_eq!(
            e.message("assets/y.png"),
            "`assets/y.png` not found: looked in content/en/assets/y.png and content/assets/y.png"
        );
    }
}
