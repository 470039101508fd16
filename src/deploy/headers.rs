//! HTTP headers of published objects: Content-Type per extension (set explicitly, never guessed
//! by the store) and Cache-Control (fingerprinted assets forever, everything else revalidated).

use crate::config::DeployConfig;

/// Cache-Control of fingerprinted assets: their name changes whenever their bytes do.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control of everything else (HTML, PDF, ...): always revalidate, so a deploy shows at once.
pub const NO_CACHE: &str = "no-cache";

/// The headers one object is published with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: String,
    pub cache_control: String,
}

/// Headers for the object at `key`, with the `[deploy]` overrides of `deck.toml` applied.
pub fn for_key(key: &str, cfg: &DeployConfig) -> Headers {
    let cache_control = if is_fingerprinted(key) {
        cfg.cache_control_assets.as_deref().unwrap_or(IMMUTABLE)
    } else {
        cfg.cache_control_default.as_deref().unwrap_or(NO_CACHE)
    };
    let ext = extension(key).to_ascii_lowercase();
    let content_type = cfg
        .content_types
        .get(&ext)
        .cloned()
        .unwrap_or_else(|| content_type(&ext).to_string());
    Headers {
        content_type,
        cache_control: cache_control.to_string(),
    }
}

/// The extension of the last path segment (`""` when it has none; a leading dot is no extension).
fn extension(key: &str) -> &str {
    let name = key.rsplit('/').next().unwrap_or(key);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    }
}

/// Content-Type for a lower-case extension. Text types carry `charset=utf-8`: every text file
/// kumo-deck writes is UTF-8, and without it browsers may guess Shift_JIS for Japanese pages.
pub fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// Whether `key` is a fingerprinted asset: `assets/…/<stem>.<10 hex>.<ext>` (or `<name>.<10 hex>`),
/// as written by `render::assets::fingerprint`.
pub fn is_fingerprinted(key: &str) -> bool {
    if !key.starts_with("assets/") {
        return false;
    }
    let name = key.rsplit('/').next().unwrap_or(key);
    let parts: Vec<&str> = name.split('.').collect();
    let is_hash =
        |s: &&str| s.len() == 10 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    match parts.as_slice() {
        [stem, hash] => !stem.is_empty() && is_hash(hash),
        [.., hash, _ext] if parts.len() >= 3 => is_hash(hash),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(key: &str) -> Headers {
        for_key(key, &DeployConfig::default())
    }

    #[test]
    fn content_types_are_explicit() {
        assert_eq!(h("ja/index.html").content_type, "text/html; charset=utf-8");
        assert_eq!(
            h("assets/a.svg").content_type,
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(h("assets/f.0123456789.woff2").content_type, "font/woff2");
        assert_eq!(h("x.WEBP").content_type, "image/webp");
        assert_eq!(h("ja/deck.pdf").content_type, "application/pdf");
        assert_eq!(
            h("data.json").content_type,
            "application/json; charset=utf-8"
        );
        assert_eq!(h("CNAME").content_type, "application/octet-stream");
        assert_eq!(h(".nojekyll").content_type, "application/octet-stream");
    }

    #[test]
    fn only_fingerprinted_assets_are_immutable() {
        assert_eq!(h("assets/deck.b10810ba0e.css").cache_control, IMMUTABLE);
        assert_eq!(
            h("assets/fonts/x.0123456789.woff2").cache_control,
            IMMUTABLE
        );
        assert_eq!(h("assets/deck.css").cache_control, NO_CACHE);
        assert_eq!(h("assets/deck.B10810BA0E.css").cache_control, NO_CACHE);
        assert_eq!(h("ja/b10810ba0e.html").cache_control, NO_CACHE);
        assert_eq!(h("index.html").cache_control, NO_CACHE);
    }

    #[test]
    fn config_overrides_apply() {
        let mut cfg = DeployConfig {
            cache_control_default: Some("max-age=60".into()),
            ..DeployConfig::default()
        };
        cfg.content_types
            .insert("md".into(), "text/plain; charset=utf-8".into());
        let h = for_key("notes.md", &cfg);
        assert_eq!(h.content_type, "text/plain; charset=utf-8");
        assert_eq!(h.cache_control, "max-age=60");
    }
}
