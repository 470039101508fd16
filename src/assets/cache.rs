//! The resize cache: variants of huge images on disk, keyed by the hash of the source bytes, size
//! and resizer version, outside the source tree (`KUMO_DECK_CACHE`, else the user's cache folder),
//! so rebuilds and `serve` do not resize again. The one reader and writer of files outside the
//! project and `dist/` in a build; a cache that cannot be written only costs time.

use std::fs;
use std::path::{Path, PathBuf};

/// Where resized variants are kept; `None` keeps nothing (every build resizes again).
#[derive(Debug, Clone, Default)]
pub(crate) struct ImageCache {
    dir: Option<PathBuf>,
}

/// What `get_or_make` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Got {
    Cached,
    Made,
}

impl ImageCache {
    /// A cache in `dir` (created on first write).
    pub(crate) fn at(dir: impl Into<PathBuf>) -> ImageCache {
        ImageCache {
            dir: Some(dir.into()),
        }
    }

    /// The cache named by `KUMO_DECK_CACHE`, else `$XDG_CACHE_HOME/kumo-deck`, else
    /// `~/.cache/kumo-deck`, each with `images/` below it.
    pub(crate) fn from_env() -> ImageCache {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let base = var("KUMO_DECK_CACHE")
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("kumo-deck")))
            .or_else(|| var("HOME").map(|h| h.join(".cache").join("kumo-deck")));
        ImageCache {
            dir: base.map(|b| b.join("images")),
        }
    }

    /// The bytes stored under `key` (a file name), or `make()`'s, stored for next time.
    pub(crate) fn get_or_make(
        &self,
        key: &str,
        make: impl FnOnce() -> Result<Vec<u8>, String>,
    ) -> Result<(Vec<u8>, Got), String> {
        let Some(dir) = &self.dir else {
            return make().map(|b| (b, Got::Made));
        };
        let path = dir.join(key);
        if let Ok(bytes) = fs::read(&path) {
            if !bytes.is_empty() {
                return Ok((bytes, Got::Cached));
            }
        }
        let bytes = make()?;
        store(dir, &path, &bytes);
        Ok((bytes, Got::Made))
    }
}

/// Write atomically (a unique temporary file renamed over the entry), so a build running at the
/// same time never reads half a file. Failures are ignored: the cache is only a shortcut.
fn store(dir: &Path, path: &Path, bytes: &[u8]) {
    if fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into()),
        std::process::id()
    ));
    if fs::write(&tmp, bytes).is_ok() && fs::rename(&tmp, path).is_err() {
        let _ = fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lookup_comes_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::at(dir.path().join("images"));
        let made = cache.get_or_make("k.png", || Ok(b"v".to_vec())).unwrap();
        assert_eq!(made, (b"v".to_vec(), Got::Made));
        let again = cache.get_or_make("k.png", || Err("must not run".into()));
        assert_eq!(again.unwrap(), (b"v".to_vec(), Got::Cached));
        let none = ImageCache::default().get_or_make("k.png", || Ok(b"w".to_vec()));
        assert_eq!(none.unwrap().1, Got::Made);
    }
}
