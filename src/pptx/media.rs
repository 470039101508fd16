//! Images from slide HTML: an `<img src>` resolved in the built site (relative to the deck
//! page) or decoded from a `data:` URL; the format and pixel size read from the bytes.

use crate::site::Site;
use base64::Engine;

/// Picture formats a package can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Png,
    Jpeg,
    Gif,
    Svg,
}

impl Format {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }
}

/// The format of `bytes`, from their first bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(Format::Gif);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg").then_some(Format::Svg)
}

/// Pixel size of a PNG, JPEG or GIF.
pub(crate) fn pixel_size(bytes: &[u8]) -> Option<(f64, f64)> {
    let be32 = |i: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?))
    };
    let be16 = |i: usize| -> Option<u16> {
        Some(u16::from_be_bytes(bytes.get(i..i + 2)?.try_into().ok()?))
    };
    match sniff(bytes)? {
        Format::Png => Some((f64::from(be32(16)?), f64::from(be32(20)?))),
        Format::Gif => {
            let le = |i: usize| -> Option<u16> {
                Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?))
            };
            Some((f64::from(le(6)?), f64::from(le(8)?)))
        }
        Format::Jpeg => {
            let mut i = 2;
            while i + 9 < bytes.len() {
                if bytes[i] != 0xFF {
                    return None;
                }
                let marker = bytes[i + 1];
                let len = usize::from(be16(i + 2)?);
                // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
                if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
                    return Some((f64::from(be16(i + 7)?), f64::from(be16(i + 5)?)));
                }
                i += 2 + len;
            }
            None
        }
        Format::Svg => None,
    }
}

/// The bytes an `<img src>` of the page `<lang>/index.html` points at.
pub(crate) fn resolve(src: &str, lang: &str, site: &Site) -> Result<Vec<u8>, String> {
    if let Some(rest) = src.strip_prefix("data:") {
        return data_url(rest);
    }
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//") {
        return Err(format!(
            "`{src}` is not in the site (remote pictures are not fetched)"
        ));
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let joined = if let Some(abs) = path.strip_prefix('/') {
        abs.to_string()
    } else {
        format!("{lang}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let key = parts.join("/");
    site.get(&key)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| format!("`{src}` is not in the built site (looked for {key})"))
}

/// The payload of `data:[<type>][;base64],<data>`.
fn data_url(rest: &str) -> Result<Vec<u8>, String> {
    let (meta, data) = rest.split_once(',').ok_or("a data: URL without a comma")?;
    if meta.ends_with(";base64") {
        let clean: String = data.chars().filter(|c| !c.is_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(clean)
            .map_err(|e| format!("bad base64 in a data: URL: {e}"))
    } else {
        Ok(percent_encoding::percent_decode_str(data).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_data_urls_and_site_paths() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x20\0\0\0\x10";
        let url = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        );
        let bytes = resolve(&url, "ja", &Site::default()).unwrap();
        assert_eq!(pixel_size(&bytes), Some((32.0, 16.0)));
        let svg = resolve(
            "data:image/svg+xml,%3Csvg%20viewBox='0 0 1 1'/%3E",
            "ja",
            &Site::default(),
        )
        .unwrap();
        assert_eq!(sniff(&svg), Some(Format::Svg));
        let mut site = Site::default();
        site.insert("assets/a.1234.png", png.to_vec());
        assert!(resolve("../assets/a.1234.png?x", "ja", &site).is_ok());
        assert!(resolve("../assets/none.png", "ja", &site).is_err());
        assert!(resolve("https://example.com/a.png", "ja", &site).is_err());
    }
}
