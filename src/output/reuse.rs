//! The previous output's unchanged files, reused: a file whose bytes equal those of the previous
//! output's file at the same path is hard-linked into the staging folder instead of written.
//! Creating a file is most of what writing `dist/` costs on ext4 (an inode found and set up,
//! then freed again when the previous output is removed), and a rebuild changes few files.
//!
//! The previous files are only read and linked, never opened for writing, so a failed or killed
//! build still leaves the previous output byte for byte whole. Only regular files with one link,
//! reached through real folders of the previous output (no symbolic link on the way), are
//! reused: after the swap the new output shares its files with nothing else.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The reusable files of a previous output folder: relative path -> length.
#[derive(Default)]
pub(super) struct Previous {
    dir: PathBuf,
    files: HashMap<String, u64>,
}

impl Previous {
    /// The regular, singly linked files under `dir` (none when it is absent or unreadable).
    pub(super) fn scan(dir: &Path) -> Previous {
        let mut files = HashMap::new();
        walk(dir, "", &mut files);
        Previous {
            dir: dir.to_path_buf(),
            files,
        }
    }

    /// Put the bytes `write` writes (`len` of them) at `path`, the staging file of `rel`: a
    /// link to the previous output's file when it holds the same bytes, else a new file.
    pub(super) fn put(
        &self,
        rel: &str,
        path: &Path,
        len: usize,
        write: impl Fn(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.files.get(rel) == Some(&(len as u64)) {
            let old = self.dir.join(rel);
            if same_bytes(&old, &write) && fs::hard_link(&old, path).is_ok() {
                return Ok(());
            }
        }
        let mut w = BufWriter::with_capacity(1 << 18, fs::File::create(path)?);
        write(&mut w)?;
        w.flush()
    }
}

/// Record the reusable files under `dir` (at `rel`) in `files`; symbolic links are not followed.
fn walk(dir: &Path, rel: &str, files: &mut HashMap<String, u64>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&e.path(), &path, files),
            Ok(t) if t.is_file() => {
                if let Ok(m) = e.metadata() {
                    if single_link(&m) {
                        files.insert(path, m.len());
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(unix)]
fn single_link(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.nlink() == 1
}

/// Without a link count, nothing is reused.
#[cfg(not(unix))]
fn single_link(_: &fs::Metadata) -> bool {
    false
}

/// Whether the file at `old` holds exactly the bytes `write` writes (compared as they are
/// written, without making them in memory).
fn same_bytes(old: &Path, write: &impl Fn(&mut dyn Write) -> io::Result<()>) -> bool {
    let Ok(file) = fs::File::open(old) else {
        return false;
    };
    let mut cmp = Compare {
        old: io::BufReader::with_capacity(1 << 16, file),
        buf: vec![0; 1 << 16],
    };
    let mut rest = [0u8; 1];
    write(&mut cmp).is_ok() && matches!(cmp.old.read(&mut rest), Ok(0))
}

/// A writer that fails as soon as what is written departs from `old`.
struct Compare<R> {
    old: R,
    buf: Vec<u8>,
}

impl<R: Read> Write for Compare<R> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(self.buf.len());
        self.old.read_exact(&mut self.buf[..n])?;
        if self.buf[..n] == data[..n] {
            Ok(n)
        } else {
            Err(io::Error::other("differs"))
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_equal_files_and_writes_the_others() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        fs::create_dir_all(old.join("a")).unwrap();
        fs::create_dir_all(new.join("a")).unwrap();
        fs::write(old.join("a/same"), "same bytes").unwrap();
        fs::write(old.join("a/longer"), "same bytes!").unwrap();
        fs::write(old.join("a/other"), "samE bytes").unwrap();
        let prev = Previous::scan(&old);
        for name in ["same", "longer", "other", "absent"] {
            let rel = format!("a/{name}");
            let put = |w: &mut dyn Write| w.write_all(b"same bytes");
            prev.put(&rel, &new.join(&rel), 10, put).unwrap();
            assert_eq!(fs::read(new.join(&rel)).unwrap(), b"same bytes", "{rel}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = |p: PathBuf| fs::metadata(p).unwrap().ino();
            assert_eq!(ino(old.join("a/same")), ino(new.join("a/same")));
            assert_ne!(ino(old.join("a/other")), ino(new.join("a/other")));
        }
        // The previous files are as they were.
        assert_eq!(fs::read(old.join("a/longer")).unwrap(), b"same bytes!");
        assert_eq!(fs::read(old.join("a/other")).unwrap(), b"samE bytes");
    }

    #[cfg(unix)]
    #[test]
    fn never_reuses_through_a_link_or_a_shared_file() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, outside) = (tmp.path().join("old"), tmp.path().join("outside"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("f"), "x").unwrap();
        std::os::unix::fs::symlink(&outside, old.join("dir")).unwrap();
        std::os::unix::fs::symlink(outside.join("f"), old.join("link")).unwrap();
        fs::write(old.join("shared"), "x").unwrap();
        fs::hard_link(old.join("shared"), outside.join("shared")).unwrap();
        let prev = Previous::scan(&old);
        assert!(prev.files.is_empty(), "{:?}", prev.files.keys());
    }
}
