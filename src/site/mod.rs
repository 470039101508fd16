//! Site: the built output as an ordered map of relative path -> bytes, in memory (no I/O).

pub mod html;
pub mod links;
pub mod url;

use std::collections::BTreeMap;

/// The file every kumo-deck output folder carries, so `--out` knows it may replace the folder.
pub const MARKER: &str = ".kumo-deck-output";

/// A built site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// Relative paths with `/` separators, NFC, sorted.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// SHA-256 (hex) of every path and its bytes, in order: equal digests, equal sites.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for (path, bytes) in &self.files {
            for part in [path.as_bytes(), bytes] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part);
            }
        }
        crate::util::hex::encode(&h.finalize())
    }

    /// Total bytes of all files.
    pub fn size(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}
