//! Content types by file extension: the one table behind `serve`, the server `pdf` and
//! `check --layout` load pages from, and the `Content-Type` that `deploy` stores with objects.
//!
//! Text types carry `charset=utf-8`: every text file kumo-deck writes is UTF-8, and without it
//! browsers may guess Shift_JIS for Japanese pages. JavaScript is `text/javascript` (RFC 9239).

/// The type of HTML pages.
pub(crate) const HTML: &str = "text/html; charset=utf-8";
/// The type of plain-text answers and files.
pub(crate) const TEXT: &str = "text/plain; charset=utf-8";
/// The type of JSON documents.
pub(crate) const JSON: &str = "application/json; charset=utf-8";

/// The Content-Type for `path` (a site key or a file name), by the extension of its last
/// segment, in any case; `application/octet-stream` when there is none or it is unknown.
pub(crate) fn for_path(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => for_extension(&ext.to_ascii_lowercase()),
        _ => for_extension(""),
    }
}

/// The Content-Type for a lower-case extension (without the dot).
pub(crate) fn for_extension(ext: &str) -> &'static str {
    match ext {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => JSON,
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => TEXT,
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
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_extension_of_the_last_segment() {
        assert_eq!(for_path("ja/index.HTML"), HTML);
        assert_eq!(
            for_path("assets/deck.1a2b3c4d5e.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(for_path("x.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(for_path("d/r.1a2b3c4d5e.zip"), "application/zip");
        assert_eq!(for_path("t.CSV"), "text/csv; charset=utf-8");
        assert_eq!(for_path("data.json"), JSON);
        assert_eq!(for_path("a/f.0123456789.woff2"), "font/woff2");
        for none in ["noext", "CNAME", ".nojekyll", "v1.2/README", "x.unknown"] {
            assert_eq!(for_path(none), "application/octet-stream", "{none}");
        }
    }
}
