//! URLs found in built pages: classified (fragment, site-internal path, external), internal ones
//! resolved against the page they appear on, external ones checked for well-formedness.

use unicode_normalization::UnicodeNormalization;

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#id` on the same page (`None` for a bare `#` or an empty href: the page itself).
    SamePage(Option<String>),
    /// A file of the site (NFC, decoded, `/`-separated) and an optional fragment.
    Internal {
        /// The file's path in the site.
        path: String,
        /// The `#fragment` without its `#`, if any.
        fragment: Option<String>,
    },
    /// A well-formed http(s) or mailto URL.
    External,
    /// A `data:` URL (fine for images, never for links).
    Data,
}

/// Classify `href` found on page `page` (a site path such as `en/index.html`).
/// The error says what is wrong, for the author.
pub fn classify(page: &str, href: &str) -> Result<Target, String> {
    if href.chars().any(|c| c.is_control()) {
        return Err("contains a control character".into());
    }
    if let Some(scheme) = scheme(href) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => check_http(&href[scheme.len() + 1..]).map(|_| Target::External),
            "mailto" => check_mailto(&href[7..]).map(|_| Target::External),
            "data" => Ok(Target::Data),
            "javascript" | "vbscript" => Err("script URLs are not allowed".into()),
            s => Err(format!(
                "unsupported URL scheme `{s}:` (use https:, http: or mailto:)"
            )),
        };
    }
    if href.starts_with("//") {
        return Err(
            "protocol-relative URL: it breaks when dist/ is opened from disk; \
                    write https:// explicitly"
                .into(),
        );
    }
    if href.starts_with('/') || href.starts_with('\\') {
        return Err(
            "root-absolute path: links must be relative so the site works \
                    from any sub-path and from disk"
                .into(),
        );
    }
    if href.chars().any(char::is_whitespace) {
        return Err("contains whitespace (percent-encode it as %20)".into());
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f)?)),
        None => (href, None),
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Ok(Target::SamePage(fragment.filter(|f| !f.is_empty())));
    }
    let path = resolve(page, path)?;
    Ok(Target::Internal { path, fragment })
}

/// The scheme of an absolute URL (`https` of `https://...`), if `href` has one.
fn scheme(href: &str) -> Option<&str> {
    let colon = href.find(':')?;
    let s = &href[..colon];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(s)
}

/// `rest` is everything after `http:` / `https:`.
fn check_http(rest: &str) -> Result<(), String> {
    let Some(after) = rest.strip_prefix("//") else {
        return Err("missing `//` and host after the scheme".into());
    };
    if after.chars().any(char::is_whitespace) {
        return Err("contains whitespace (percent-encode it as %20)".into());
    }
    if let Some(c) = after
        .chars()
        .find(|c| matches!(c, '<' | '>' | '"' | '\\' | '`'))
    {
        return Err(format!("contains `{c}`, which is not allowed in a URL"));
    }
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = split_port(host_port)?;
    check_host(host)?;
    if let Some(p) = port {
        if p.is_empty() || p.parse::<u16>().is_err() {
            return Err(format!("port `{p}` is not a number from 0 to 65535"));
        }
    }
    check_percent(&after[end..])
}

fn split_port(host_port: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(v6) = host_port.strip_prefix('[') {
        let Some((addr, rest)) = v6.split_once(']') else {
            return Err("unclosed `[` in an IPv6 host".into());
        };
        let port = match rest {
            "" => None,
            r => Some(r.strip_prefix(':').ok_or("junk after an IPv6 host")?),
        };
        return Ok((if addr.is_empty() { "" } else { "[v6]" }, port));
    }
    Ok(match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    })
}

fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("has no host".into());
    }
    if host == "[v6]" {
        return Ok(());
    }
    for label in host.split('.') {
        let ok = !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(format!("host `{host}` is not a valid host name"));
        }
    }
    Ok(())
}

fn check_mailto(addr: &str) -> Result<(), String> {
    let to = addr.split('?').next().unwrap_or_default();
    if to.chars().any(char::is_whitespace) {
        return Err("mailto: address contains whitespace".into());
    }
    let decoded = percent_decode(to)?;
    let ok = decoded.split(',').all(|a| match a.split_once('@') {
        Some((l, d)) => !l.is_empty() && !d.is_empty() && !d.contains('@'),
        None => false,
    });
    if ok {
        Ok(())
    } else {
        Err("mailto: needs an address like name@example.com".into())
    }
}

/// Every `%` starts a two-digit hex escape (what the escapes decode to is not checked).
fn check_percent(s: &str) -> Result<(), String> {
    match crate::util::percent::decode(s) {
        Err(crate::util::percent::Error::Malformed) => Err(MALFORMED.into()),
        _ => Ok(()),
    }
}

const MALFORMED: &str = "`%` must be followed by two hex digits";

/// Join relative `path` to the folder of `page`, resolving `.` and `..`, decoding `%XX`, NFC.
/// A trailing `/` means the folder's `index.html`.
pub fn resolve(page: &str, path: &str) -> Result<String, String> {
    let mut parts: Vec<String> = page.split('/').map(str::to_string).collect();
    parts.pop(); // the page's own file name
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("leaves the site (too many `..`)".into());
                }
            }
            "" if last => parts.push("index.html".into()),
            "" => {}
            s => parts.push(percent_decode(s)?),
        }
    }
    if segments.last().is_some_and(|s| *s == "." || *s == "..") {
        parts.push("index.html".into());
    }
    Ok(parts.join("/").nfc().collect())
}

/// Decode `%XX` escapes as UTF-8.
pub fn percent_decode(s: &str) -> Result<String, String> {
    use crate::util::percent::{decode, Error};
    decode(s).map_err(|e| match e {
        Error::Malformed => MALFORMED.to_string(),
        Error::NotUtf8 => format!("`{s}` does not decode to UTF-8"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(page: &str, href: &str) -> (String, Option<String>) {
        match classify(page, href).unwrap() {
            Target::Internal { path, fragment } => (path, fragment),
            t => panic!("{href}: {t:?}"),
        }
    }

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(internal("en/index.html", "doc.html").0, "en/doc.html");
        assert_eq!(
            internal("en/index.html", "../ja/index.html#a?b"),
            ("ja/index.html".into(), Some("a?b".into()))
        );
        assert_eq!(internal("index.html", "ja/").0, "ja/index.html");
        assert_eq!(internal("en/doc.html", "./x.png?v=1").0, "en/x.png");
        assert_eq!(internal("en/a.html", "..").0, "index.html");
        assert_eq!(internal("a.html", "%E3%82%B9.svg").0, "ス.svg".to_string());
        assert!(classify("index.html", "../x").is_err());
    }

    #[test]
    fn fragments_and_same_page() {
        assert_eq!(
            classify("a.html", "#x").unwrap(),
            Target::SamePage(Some("x".into()))
        );
        assert_eq!(classify("a.html", "#").unwrap(), Target::SamePage(None));
        assert_eq!(classify("a.html", "").unwrap(), Target::SamePage(None));
    }

    #[test]
    fn external_urls() {
        for ok in [
            "https://aws.amazon.com/eks/pricing/",
            "http://example.com:8080/a?b=c#d",
            "https://[::1]:3000/",
            "https://ja.wikipedia.org/wiki/%E3%82%B9",
            "mailto:someone@example.com?subject=Hi",
            "HTTPS://EXAMPLE.COM",
        ] {
            assert_eq!(classify("a.html", ok), Ok(Target::External), "{ok}");
        }
        for bad in [
            "https://",
            "https:example.com",
            "https://exa mple.com/",
            "https://example..com/",
            "https://example.com:99999/",
            "https://example.com/%zz",
            "mailto:",
            "mailto:nobody",
            "javascript:alert(1)",
            "ftp://example.com/",
            "//cdn.example.com/x.js",
            "/assets/x.css",
        ] {
            assert!(classify("a.html", bad).is_err(), "{bad}");
        }
    }
}
