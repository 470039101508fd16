//! Request targets -> site keys: percent-decoded once, NFC-normalised, confined to the site.
//!
//! The site is an in-memory map, so nothing here can reach the disk; the rules still reject
//! every traversal spelling (`..`, `%2e%2e`, `..%2f`, double-encoded, backslashes) so that a
//! lookup key is always a plain relative path, the same NFC key `output` writes and `deploy`
//! uploads (a name saved in NFD is served under its NFC spelling).

use crate::util::percent;
use unicode_normalization::UnicodeNormalization;

/// A request target that passed the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Decoded, NFC path without the leading `/` (empty for the root).
    pub path: String,
    /// The raw path ended in `/` (or was `/`): look up `index.html` below it.
    pub dir: bool,
    /// The raw query string, if any (kept for redirects, never decoded into the key).
    pub query: Option<String>,
}

impl Target {
    /// The site key to look up first.
    pub(crate) fn key(&self) -> String {
        match (self.dir, self.path.is_empty()) {
            (_, true) => "index.html".to_string(),
            (true, false) => format!("{}/index.html", self.path),
            (false, false) => self.path.clone(),
        }
    }

    /// The raw query parameter `name`, if present.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .as_deref()?
            .split('&')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    }
}

/// Parse an origin-form request target (`/path?query`). `Err` carries the reason for a 400.
pub(crate) fn parse_target(raw: &str) -> Result<Target, &'static str> {
    if !raw.starts_with('/') {
        return Err("only origin-form targets (`/path`) are served");
    }
    let (raw_path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (raw, None),
    };
    if raw_path.contains('#') || raw_path.contains('\\') {
        return Err("`#` and `\\` are not allowed in paths");
    }
    let lower = raw_path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err("encoded path separators are not allowed");
    }
    let decoded = decode_once(raw_path)?;
    if decoded.contains('%') {
        return Err("double percent-encoding is not allowed");
    }
    if decoded.chars().any(|c| c.is_control()) {
        return Err("control characters are not allowed in paths");
    }
    let body = &decoded[1..];
    let dir = body.is_empty() || body.ends_with('/');
    let trimmed = body.strip_suffix('/').unwrap_or(body);
    if !trimmed.is_empty() {
        for seg in trimmed.split('/') {
            if seg.is_empty() || seg == "." || seg == ".." {
                return Err("empty, `.` and `..` path segments are not allowed");
            }
        }
    }
    Ok(Target {
        path: trimmed.nfc().collect(),
        dir,
        query,
    })
}

/// Percent-decode once into UTF-8 (the one decoder the link check uses too).
fn decode_once(raw: &str) -> Result<String, &'static str> {
    percent::decode(raw).map_err(|e| match e {
        percent::Error::Malformed => "malformed percent-encoding",
        percent::Error::NotUtf8 => "the path is not UTF-8 after percent-decoding",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_map_to_keys() {
        assert_eq!(parse_target("/").unwrap().key(), "index.html");
        assert_eq!(parse_target("/ja/").unwrap().key(), "ja/index.html");
        let t = parse_target("/ja?x=1").unwrap();
        assert_eq!((t.key().as_str(), t.dir), ("ja", false));
        assert_eq!(t.param("x"), Some("1"));
        assert_eq!(parse_target("/assets/a.css").unwrap().key(), "assets/a.css");
    }

    #[test]
    fn encoded_names_are_decoded_once_and_nfc() {
        // "ガ" in NFD (カ + combining dakuten), percent-encoded.
        let t = parse_target("/img/%E3%82%AB%E3%82%99.svg").unwrap();
        assert_eq!(t.key(), "img/\u{30AC}.svg");
    }

    #[test]
    fn traversal_spellings_are_rejected() {
        for bad in [
            "/../outside.txt",
            "/%2e%2e/outside.txt",
            "/%2E%2E/outside.txt",
            "/..%2foutside.txt",
            "/..%2Foutside.txt",
            "/%252e%252e/outside.txt",
            "/..\\outside.txt",
            "/a/./b",
            "//etc/passwd",
            "/a//b",
            "/a%00b",
            "/a%zz",
            "/a%e3",
            "http://evil.example/",
            "*",
            "",
        ] {
            assert!(parse_target(bad).is_err(), "{bad} should be rejected");
        }
    }
}
