//! Sources: the only reader of project files. Decodes text (UTF-8, BOM and CRLF accepted), lists
//! folders in a stable NFC-sorted order, refuses symlinks that leave the project, and records
//! every path it read (the watch set for `serve`) with a hash of what it read (the build's
//! source digest, which exports made from a build are matched against).

use crate::diag::Diagnostic;
use crate::util::is_editor_temp;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// One file found by `list`: its path relative to the root and its NFC file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Listed {
    /// NFC-normalised name, the sort key and the name used in output paths.
    pub name: String,
    /// Path relative to the project root, as on disk.
    pub rel: PathBuf,
}

/// Reader of project files, rooted at the project folder.
#[derive(Debug)]
pub struct Sources {
    root: PathBuf,
    canonical_root: PathBuf,
    read: BTreeSet<PathBuf>,
    /// SHA-256 of each file's bytes as last read, when asked for (`hashing`): serve's
    /// rebuilds need no digest and skip the cost.
    hashes: Option<BTreeMap<PathBuf, [u8; 32]>>,
}

impl Sources {
    pub fn new(root: &Path) -> Result<Sources, Diagnostic> {
        let canonical_root = root.canonicalize().map_err(|e| {
            Diagnostic::error(format!("cannot open project folder: {e}")).in_file(root)
        })?;
        Ok(Sources {
            root: root.to_path_buf(),
            canonical_root,
            read: BTreeSet::new(),
            hashes: None,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every file read so far, relative to the root.
    pub fn read_paths(&self) -> &BTreeSet<PathBuf> {
        &self.read
    }

    /// A reader of the same project for another thread, with nothing read yet (hashing when
    /// this one is); `join` takes back what it read.
    pub(crate) fn fork(&self) -> Sources {
        Sources {
            root: self.root.clone(),
            canonical_root: self.canonical_root.clone(),
            read: BTreeSet::new(),
            hashes: self.hashes.as_ref().map(|_| BTreeMap::new()),
        }
    }

    /// Record what `fork` read as read by this reader.
    pub(crate) fn join(&mut self, fork: Sources) {
        self.read.extend(fork.read);
        if let (Some(mine), Some(theirs)) = (&mut self.hashes, fork.hashes) {
            mine.extend(theirs);
        }
    }

    /// Record a hash of every file read from now on, for `digest`.
    pub fn hashing(mut self) -> Sources {
        self.hashes.get_or_insert_with(BTreeMap::new);
        self
    }

    /// SHA-256 (hex) over every file read since `hashing`, by path: equal digests, equal
    /// inputs. `None` without `hashing`.
    pub fn digest(&self) -> Option<String> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for (path, hash) in self.hashes.as_ref()? {
            let path = path.as_os_str().as_encoded_bytes();
            h.update((path.len() as u64).to_le_bytes());
            h.update(path);
            h.update(hash);
        }
        Some(crate::util::hex::encode(&h.finalize()))
    }

    pub fn exists(&self, rel: &Path) -> bool {
        self.root.join(rel).exists()
    }

    /// Read a file as bytes, refusing paths that resolve outside the project.
    pub fn read_bytes(&mut self, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
        self.read_bytes_known(rel, |_| None)
    }

    /// `read_bytes`, `known` giving the SHA-256 of bytes whose digest is known without hashing
    /// them (the built-in theme's fonts, compared byte for byte) for `digest`.
    pub fn read_bytes_known(
        &mut self,
        rel: &Path,
        known: impl FnOnce(&[u8]) -> Option<[u8; 32]>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let full = self.root.join(rel);
        self.check_inside(rel, &full)?;
        self.read.insert(rel.to_path_buf());
        let bytes = read_regular(&full)
            .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(rel))?;
        if let Some(hashes) = &mut self.hashes {
            use sha2::Digest;
            let digest = known(&bytes).unwrap_or_else(|| sha2::Sha256::digest(&bytes).into());
            hashes.insert(rel.to_path_buf(), digest);
        }
        Ok(bytes)
    }

    /// Read a text file: UTF-8 (error with the byte offset otherwise), BOM dropped, CRLF -> LF.
    pub fn read_text(&mut self, rel: &Path) -> Result<String, Diagnostic> {
        let bytes = self.read_bytes(rel)?;
        decode_text(rel, bytes)
    }

    /// Files directly in folder `rel_dir` whose name ends in `.{ext}`, sorted by NFC name.
    /// A missing folder gives an empty list.
    pub fn list(&mut self, rel_dir: &Path, ext: &str) -> Result<Vec<Listed>, Diagnostic> {
        let dir = self.root.join(rel_dir);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        self.check_inside(rel_dir, &dir)?;
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).min_depth(1).max_depth(1) {
            let entry = entry.map_err(|e| {
                Diagnostic::error(format!("cannot list folder: {e}")).in_file(rel_dir)
            })?;
            let raw = entry.file_name().to_string_lossy().to_string();
            let name: String = raw.nfc().collect();
            if name.starts_with('.') || is_editor_temp(&name) || !name.ends_with(&format!(".{ext}"))
            {
                continue;
            }
            let rel = rel_dir.join(entry.file_name());
            if entry.path_is_symlink() {
                self.check_inside(&rel, entry.path())?;
            }
            if !entry.path().is_file() {
                special(&rel, entry.path())?;
                continue;
            }
            out.push(Listed { name, rel });
        }
        out.sort();
        unique_names(rel_dir, out)
    }

    /// Every file under folder `rel_dir` (recursively), sorted by NFC relative path.
    pub fn list_tree(&mut self, rel_dir: &Path) -> Result<Vec<Listed>, Diagnostic> {
        let dir = self.root.join(rel_dir);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        self.check_inside(rel_dir, &dir)?;
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).min_depth(1) {
            let entry = entry.map_err(|e| {
                Diagnostic::error(format!("cannot list folder: {e}")).in_file(rel_dir)
            })?;
            let sub = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel = rel_dir.join(sub);
            if entry.path_is_symlink() {
                self.check_inside(&rel, entry.path())?;
            }
            if !entry.file_type().is_file() && !entry.path().is_file() {
                if !is_hidden(sub) {
                    special(&rel, entry.path())?;
                }
                continue;
            }
            let name: String = sub.to_string_lossy().replace('\\', "/").nfc().collect();
            if name
                .split('/')
                .any(|c| c.starts_with('.') || is_editor_temp(c))
            {
                continue;
            }
            out.push(Listed { name, rel });
        }
        out.sort();
        unique_names(rel_dir, out)
    }

    fn check_inside(&self, rel: &Path, full: &Path) -> Result<(), Diagnostic> {
        let Ok(real) = full.canonicalize() else {
            return Ok(()); // missing files are reported by the read itself
        };
        if real.starts_with(&self.canonical_root) {
            Ok(())
        } else {
            Err(Diagnostic::error(format!(
                "refusing to follow a symlink out of the project (to {})",
                real.display()
            ))
            .in_file(rel)
            .hint("copy the file into the project instead of linking to it"))
        }
    }
}

/// `listed` (sorted), or an error when two files have the same NFC name: they would be one
/// output path, and one of them would be silently dropped (macOS saves NFD, Linux keeps both).
fn unique_names(dir: &Path, listed: Vec<Listed>) -> Result<Vec<Listed>, Diagnostic> {
    for pair in listed.windows(2) {
        if pair[0].name == pair[1].name {
            return Err(Diagnostic::error(format!(
                "`{}` and `{}` are the same name in different Unicode normalisations",
                pair[0].rel.display(),
                pair[1].rel.display()
            ))
            .in_file(dir.join(&pair[1].name))
            .hint("keep one of them (save file names in NFC)"));
        }
    }
    Ok(listed)
}

/// An error for a FIFO, socket or device among the files a listing takes (folders pass).
fn special(rel: &Path, full: &Path) -> Result<(), Diagnostic> {
    match fs::metadata(full) {
        Ok(m) if !m.is_dir() && !m.is_file() => Err(Diagnostic::error(
            "refusing to read a FIFO, socket or device: the build reads regular files only",
        )
        .in_file(rel)),
        _ => Ok(()),
    }
}

/// A path with a hidden or editor-temporary part (never read).
fn is_hidden(sub: &Path) -> bool {
    sub.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('.') || is_editor_temp(&c)
    })
}

/// Read `path` if it is a regular file. A FIFO, socket or device is refused instead of read:
/// reading a FIFO blocks until someone writes to it, which hung the build. Opened without
/// blocking and checked on the open handle, so the check and the read see the same file.
pub(crate) fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (a FIFO, socket, device or folder)",
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Decode bytes as UTF-8 text; drop a BOM; normalise CRLF and lone CR to LF.
pub(crate) fn decode_text(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).to_string();
        Diagnostic::error(format!("invalid UTF-8 at byte offset {offset}"))
            .in_file(rel)
            .at_offset(&text, offset)
            .hint("save the file as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fork_reads_for_its_parent() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [("a.txt", "a"), ("b.txt", "b")] {
            fs::write(dir.path().join(name), text).unwrap();
        }
        let read_both = |split: bool| {
            let mut s = Sources::new(dir.path()).unwrap().hashing();
            let mut fork = s.fork();
            s.read_bytes(Path::new("a.txt")).unwrap();
            let other = if split { &mut fork } else { &mut s };
            other.read_bytes(Path::new("b.txt")).unwrap();
            s.join(fork);
            (s.read_paths().clone(), s.digest())
        };
        let (read, digest) = read_both(true);
        assert_eq!(read.len(), 2, "{read:?}");
        assert_eq!((read, digest), read_both(false));
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode_text(Path::new("a.md"), b"\xef\xbb\xbfa\r\nb\r\n".to_vec()).unwrap();
        assert_eq!(t, "a\nb\n");
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let e = decode_text(Path::new("a.md"), b"ok\n\xff".to_vec()).unwrap_err();
        assert!(e.message.contains("offset 3"), "{e}");
        assert_eq!(e.pos.unwrap().line, 2);
    }
}
