//! Site: the built output as an ordered map of relative path -> bytes, in memory (no I/O).
//! Pages may be deferred: kept as their parts and made only when written (see [`Deferred`]).

pub(crate) mod html;
pub(crate) mod links;
pub mod url;

use std::collections::BTreeMap;
use std::sync::Arc;

/// The file every kumo-deck output folder carries, so `--out` knows it may replace the folder.
pub(crate) const MARKER: &str = ".kumo-deck-output";

/// A file whose bytes are made when they are wanted (a page spliced from its skeleton and its
/// slides): the writer of `dist/` then streams each page out instead of holding every page of
/// the site at once (at 10,000 slides the pages are 150 MB; their parts are shared).
pub trait Deferred: Send + Sync + std::fmt::Debug {
    /// Write the file's bytes to `out`, in order; the same bytes on every call.
    fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()>;
    /// How many bytes `write_to` writes.
    fn len(&self) -> usize;

    /// Whether the file is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, made in memory.
    fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len());
        // Writing to a Vec cannot fail.
        let _ = self.write_to(&mut v);
        v
    }
}

/// A built site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Relative paths with `/` separators, NFC, sorted.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files made when written (`BuildOptions::defer_pages`), under paths not in `files`.
    pub deferred: BTreeMap<String, Arc<dyn Deferred>>,
}

/// Equal sites have the same paths with the same bytes, however each file is held.
impl PartialEq for Site {
    fn eq(&self, other: &Site) -> bool {
        self.len() == other.len()
            && self.paths().zip(other.paths()).all(|(a, b)| a == b)
            && self
                .files
                .iter()
                .all(|(p, b)| other.bytes(p).as_deref() == Some(b.as_slice()))
            && self
                .deferred
                .iter()
                .all(|(p, d)| other.bytes(p).as_deref() == Some(d.to_bytes().as_slice()))
    }
}

impl Eq for Site {}

impl Site {
    /// Add or replace the file at `path` (relative, `/`-separated).
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        self.deferred.remove(&path);
        self.files.insert(path, bytes.into());
    }

    /// Put `file` at `path`, to be made when it is written.
    pub(crate) fn insert_deferred(&mut self, path: impl Into<String>, file: Arc<dyn Deferred>) {
        let path = path.into();
        self.files.remove(&path);
        self.deferred.insert(path, file);
    }

    /// The bytes of a file held in memory (`None` for a deferred one: see `bytes`).
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// The bytes of any file, deferred ones made on the spot.
    pub fn bytes(&self, path: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        match self.files.get(path) {
            Some(b) => Some(b.as_slice().into()),
            None => self.deferred.get(path).map(|d| d.to_bytes().into()),
        }
    }

    /// Whether the site has a file at `path`, deferred or not.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.deferred.contains_key(path)
    }

    /// Every path, sorted.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> = self.files.keys().map(String::as_str).collect();
        all.extend(self.deferred.keys().map(String::as_str));
        all.sort_unstable();
        all.into_iter()
    }

    /// Make every deferred file in memory (for callers that want plain bytes).
    pub fn materialise(&mut self) {
        for (path, d) in std::mem::take(&mut self.deferred) {
            self.files.insert(path, d.to_bytes());
        }
    }

    /// How many files the site has, deferred pages included.
    pub fn len(&self) -> usize {
        self.files.len() + self.deferred.len()
    }

    /// Whether the site has no files.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// SHA-256 (hex) of every path and its bytes, in order: equal digests, equal sites.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for path in self.paths() {
            let bytes = self.bytes(path).unwrap_or_default();
            for part in [path.as_bytes(), bytes.as_ref()] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part);
            }
        }
        crate::util::hex::encode(&h.finalize())
    }

    /// Total bytes of all files.
    pub fn size(&self) -> usize {
        let deferred: usize = self.deferred.values().map(|d| d.len()).sum();
        self.files.values().map(Vec::len).sum::<usize>() + deferred
    }
}
