//! HTTP headers of published objects: Content-Type per extension (set explicitly from
//! [`mime`], never guessed by the store) and Cache-Control (fingerprinted assets forever,
//! everything else revalidated).

use crate::config::DeployConfig;
use crate::util::fingerprint::Fingerprint;
use crate::util::mime;

/// Cache-Control of fingerprinted assets: their name changes whenever their bytes do.
pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control of everything else (HTML, PDF, ...): always revalidate, so a deploy shows at once.
pub(crate) const NO_CACHE: &str = "no-cache";

/// The headers one object is published with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    /// The `Content-Type` value, with a charset for text.
    pub content_type: String,
    /// The `Cache-Control` value: long-lived for fingerprinted files, revalidated otherwise.
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
        .unwrap_or_else(|| mime::for_extension(&ext).to_string());
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

/// Whether `key` is a fingerprinted asset: under `assets/`, with a name
/// [`Fingerprint::apply`] wrote (`<stem>.<10 hex>.<ext>` or `<name>.<10 hex>`).
pub(crate) fn is_fingerprinted(key: &str) -> bool {
    key.starts_with("assets/") && Fingerprint::parse(key).is_some()
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
