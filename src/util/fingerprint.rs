//! Content-hashed file names: `deck.css` + bytes -> `deck.1a2b3c4d5e.css`. One type writes them
//! (theme assets, content assets and their resized variants) and parses them back (deploy's
//! cache headers, serve's stylesheet swap), so the two can never disagree on the format.

use super::hex;
use std::fmt;

/// Bytes of the digest kept in a name: 10 hex digits, enough that two versions of one file
/// never collide, short enough to read.
const BYTES: usize = 5;
/// Hex digits of a fingerprint in a name.
pub(crate) const DIGITS: usize = BYTES * 2;

/// The part of a content hash that goes into a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Fingerprint([u8; BYTES]);

impl Fingerprint {
    /// The fingerprint of `bytes` (SHA-256).
    pub(crate) fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint::from_digest(&hex::sha256(bytes))
    }

    /// The fingerprint of an already computed SHA-256 digest (a file's, or a variant's key).
    pub(crate) fn from_digest(digest: &[u8; 32]) -> Fingerprint {
        let mut short = [0; BYTES];
        short.copy_from_slice(&digest[..BYTES]);
        Fingerprint(short)
    }

    /// `path` with the fingerprint before the extension of its last segment:
    /// `fonts/x.woff2` -> `fonts/x.<fp>.woff2`; a name without one (`README`, `.nojekyll`) gets it
    /// at the end.
    pub(crate) fn apply(self, path: &str) -> String {
        let (dir, file) = split_dir(path);
        let file = match file.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{self}.{ext}"),
            _ => format!("{file}.{self}"),
        };
        format!("{dir}{file}")
    }

    /// The inverse of [`Fingerprint::apply`]: the path without its fingerprint, and the
    /// fingerprint; `None` when `path` is not a name `apply` writes.
    pub(crate) fn parse(path: &str) -> Option<(String, Fingerprint)> {
        let (dir, file) = split_dir(path);
        let (rest, last) = file.rsplit_once('.')?;
        // `<stem>.<fp>.<ext>`
        if let Some((stem, fp)) = rest.rsplit_once('.') {
            if !stem.is_empty() {
                if let Some(fp) = Fingerprint::from_hex(fp) {
                    return Some((format!("{dir}{stem}.{last}"), fp));
                }
            }
        }
        // `<name>.<fp>`, for a name `apply` gave no extension.
        let has_ext = rest.rsplit_once('.').is_some_and(|(s, _)| !s.is_empty());
        let fp = Fingerprint::from_hex(last).filter(|_| !rest.is_empty() && !has_ext)?;
        Some((format!("{dir}{rest}"), fp))
    }

    fn from_hex(s: &str) -> Option<Fingerprint> {
        if !hex::is_lower(s, DIGITS) {
            return None;
        }
        let mut out = [0; BYTES];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Fingerprint(out))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(&self.0))
    }
}

/// `a/b/c.css` -> (`a/b/`, `c.css`).
fn split_dir(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => path.split_at(i + 1),
        None => ("", path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: Fingerprint = Fingerprint([0x1a, 0x2b, 0x3c, 0x4d, 0x5e]);

    #[test]
    fn writes_before_the_extension_of_the_last_segment() {
        assert_eq!(FP.apply("deck.css"), "deck.1a2b3c4d5e.css");
        assert_eq!(FP.apply("fonts/x.woff2"), "fonts/x.1a2b3c4d5e.woff2");
        assert_eq!(FP.apply("a.tar.gz"), "a.tar.1a2b3c4d5e.gz");
        assert_eq!(FP.apply("README"), "README.1a2b3c4d5e");
        assert_eq!(FP.apply(".nojekyll"), ".nojekyll.1a2b3c4d5e");
        assert_eq!(FP.apply("v1.2/README"), "v1.2/README.1a2b3c4d5e");
        assert_eq!(Fingerprint::of(b"x").to_string().len(), DIGITS);
        assert_ne!(Fingerprint::of(b"a"), Fingerprint::of(b"b"));
    }

    #[test]
    fn parses_what_it_writes_and_nothing_else() {
        for name in [
            "deck.css",
            "assets/fonts/x.woff2",
            "a.tar.gz",
            "README",
            ".nojekyll",
            "v1.2/README",
            "x.0123456789",
        ] {
            assert_eq!(
                Fingerprint::parse(&FP.apply(name)),
                Some((name.to_string(), FP))
            );
        }
        for plain in [
            "deck.css",
            "assets/deck.B10810BA0E.css",
            "deck.aa.css",
            "deck.1a2b3c4d5.css",
            ".1a2b3c4d5e.css",
            "1a2b3c4d5e",
            "a.1a2b3c4d5e/x.css",
        ] {
            assert_eq!(Fingerprint::parse(plain), None, "{plain}");
        }
    }
}
