//! Theme assets: the theme's files (project `themes/<name>/` over the built-in default theme)
//! (its `js/` modules bundled into one `deck.js`, see [`super::script`]) plus the generated
//! highlight stylesheet, fingerprinted by content hash into `assets/`.
//! Relative `url(...)`s in stylesheets that name a theme file are rewritten to its
//! fingerprinted name, so fonts and images can be cached for ever and still never go stale.

use super::glyphs::known::{self, Known};
use crate::diag::Diagnostic;
use crate::source::Sources;
use crate::util::fingerprint::Fingerprint;
use crate::util::hex;
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in default theme, used for files the project's theme does not have.
pub(super) const BUILTIN: &[(&str, &[u8])] = &[
    ("deck.css", include_bytes!("../../themes/default/deck.css")),
    (
        "charts.css",
        include_bytes!("../../themes/default/charts.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/favicon.svg"),
    ),
    // Noto Sans JP (SIL OFL 1.1, see fonts/OFL.txt): TrueType outlines, which Chromium embeds in
    // PDFs as named CID fonts (the system's CFF Noto Sans CJK becomes unnamed Type 3 fonts).
    (
        "fonts/noto-sans-jp-japanese-400.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-japanese-400.woff2"),
    ),
    (
        "fonts/noto-sans-jp-japanese-700.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-japanese-700.woff2"),
    ),
    (
        "fonts/noto-sans-jp-latin-400.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-latin-400.woff2"),
    ),
    (
        "fonts/noto-sans-jp-latin-700.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-latin-700.woff2"),
    ),
    (
        "fonts/noto-sans-jp-arrows-400.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-arrows-400.woff2"),
    ),
    (
        "fonts/noto-sans-jp-arrows-700.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-arrows-700.woff2"),
    ),
    // "※": a numbered slice of the same Noto Sans JP package (no other subset has it).
    (
        "fonts/noto-sans-jp-marks-400.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-marks-400.woff2"),
    ),
    (
        "fonts/noto-sans-jp-marks-700.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-jp-marks-700.woff2"),
    ),
    // Noto Sans (SIL OFL 1.1), the Latin design Noto Sans JP was drawn to match: the English
    // deck's text and the Latin words of the Japanese one. @fontsource/noto-sans 5.3.0, latin.
    (
        "fonts/noto-sans-latin-400.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-latin-400.woff2"),
    ),
    (
        "fonts/noto-sans-latin-700.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-latin-700.woff2"),
    ),
    (
        "fonts/noto-sans-latin-400-italic.woff2",
        include_bytes!("../../themes/default/fonts/noto-sans-latin-400-italic.woff2"),
    ),
    (
        "fonts/OFL-NotoSans.txt",
        include_bytes!("../../themes/default/fonts/OFL-NotoSans.txt"),
    ),
    (
        "fonts/OFL.txt",
        include_bytes!("../../themes/default/fonts/OFL.txt"),
    ),
];

/// The compiled-in bytes of built-in theme file `name`.
pub(super) fn builtin(name: &str) -> Option<&'static [u8]> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// Fingerprinted assets: logical name -> (path in the site, bytes).
#[derive(Debug, Default, Clone)]
pub struct Assets {
    pub files: BTreeMap<String, (String, Vec<u8>)>,
    /// What the theme's bundled fonts can draw.
    pub coverage: super::glyphs::Coverage,
}

impl Assets {
    /// Logical name -> site path, for the templates.
    pub fn paths(&self) -> BTreeMap<String, String> {
        self.files
            .iter()
            .map(|(k, (p, _))| (k.clone(), p.clone()))
            .collect()
    }
}

/// The theme's files (the project's over the built-in ones) and the generated stylesheet, by
/// logical name.
pub(crate) fn read(
    sources: &mut Sources,
    theme: &str,
) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut raw: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let dir = Path::new("themes").join(theme);
    if theme != "default" && !sources.exists(&dir) {
        return Err(vec![Diagnostic::error(format!(
            "theme `{theme}` not found (looked for {})",
            dir.display()
        ))
        .in_file("deck.toml")]);
    }
    let mut errors = Vec::new();
    for f in sources.list_tree(&dir).map_err(|e| vec![e])? {
        // The source digest takes a built-in font's SHA-256 from the table, not hashed again.
        let known = |b: &[u8]| Some(known::proven(&f.name, b)?.sha256);
        match sources.read_bytes_known(&f.rel, known) {
            Ok(b) => {
                raw.insert(f.name, b);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The built-in files the project's theme does not have (copied only then: the default
    // theme's fonts are 2 MB, and a project's copy of the theme replaces them all).
    for (name, bytes) in BUILTIN.iter().chain(super::script::BUILTIN_JS) {
        raw.entry(name.to_string())
            .or_insert_with(|| bytes.to_vec());
    }
    super::script::bundle(&mut raw);
    raw.insert(
        "highlight.css".into(),
        crate::markdown::highlight::stylesheet().into_bytes(),
    );
    Ok(raw)
}

/// Fingerprint every file of `raw` into `assets/`, rewriting stylesheets' `url()`s.
pub(crate) fn fingerprint_all(raw: BTreeMap<String, Vec<u8>>) -> Assets {
    // The fonts' coverage (brotli, unless they are the built-in ones) is read while the files
    // are hashed.
    // Which files are built-in fonts, proven once (2 MB compared) for the coverage and the hash.
    let known: BTreeMap<&str, Known> = raw
        .iter()
        .filter_map(|(name, bytes)| Some((name.as_str(), known::proven(name, bytes)?)))
        .collect();
    let (coverage, mut paths) = std::thread::scope(|scope| {
        let coverage = scope
            .spawn(|| super::glyphs::Coverage::of_fonts(&raw, |name, _| known.get(name)?.ranges()));
        let paths = fingerprint_files(&raw, &known);
        let coverage = coverage
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (coverage, paths)
    });
    // The bytes move over (the default theme's fonts are 2 MB); stylesheets are rewritten ones.
    let files = raw
        .into_iter()
        .filter_map(|(name, bytes)| {
            let (path, rewritten) = paths.remove(&name)?;
            Some((name, (path, rewritten.unwrap_or(bytes))))
        })
        .collect();
    Assets { files, coverage }
}

/// Logical name -> (site path, the rewritten bytes of a stylesheet) of every file of `raw`.
type Paths = BTreeMap<String, (String, Option<Vec<u8>>)>;

/// The site path of every file of `raw`, and each stylesheet's bytes with `url()`s rewritten.
fn fingerprint_files(raw: &BTreeMap<String, Vec<u8>>, known: &BTreeMap<&str, Known>) -> Paths {
    // Everything but stylesheets first: stylesheets name them.
    let mut files = Paths::new();
    let (css, other): (Vec<_>, Vec<_>) = raw.iter().partition(|(n, _)| n.ends_with(".css"));
    for (name, bytes) in other {
        // A built-in font's digest is known (its bytes compared, not hashed again).
        let digest = match known.get(name.as_str()) {
            Some(known) => known.sha256,
            None => hex::sha256(bytes),
        };
        let path = format!("assets/{}", Fingerprint::from_digest(&digest).apply(name));
        files.insert(name.clone(), (path, None));
    }
    for (name, bytes) in css {
        let text = String::from_utf8_lossy(bytes);
        let bytes = rewrite_urls(name, &text, &files).into_bytes();
        let path = format!("assets/{}", fingerprint(name, &bytes));
        files.insert(name.clone(), (path, Some(bytes)));
    }
    files
}

/// `url(fonts/a.woff2)` in stylesheet `css_name` -> `url(fonts/a.1a2b3c4d5e.woff2)` when the
/// theme has `fonts/a.woff2` (relative to the stylesheet); every other `url()` is left as it is
/// (the link check reports those that lead nowhere).
fn rewrite_urls<B>(css_name: &str, css: &str, files: &BTreeMap<String, (String, B)>) -> String {
    let dir = css_name.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let raw = &rest[..end];
        let inner = raw.trim();
        let quote = inner.chars().next().filter(|c| *c == '"' || *c == '\'');
        let url = inner.trim_matches(|c| c == '"' || c == '\'');
        match resolve(dir, url).and_then(|name| files.get(&name)) {
            Some((path, _)) => {
                let file = path.rsplit_once('/').map_or(path.as_str(), |(_, f)| f);
                let folder = url.rsplit_once('/').map_or("", |(d, _)| d);
                let q = quote.map(String::from).unwrap_or_default();
                match folder {
                    "" => out.push_str(&format!("{q}{file}{q}")),
                    f => out.push_str(&format!("{q}{f}/{file}{q}")),
                }
            }
            None => out.push_str(raw),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The theme file a relative URL in a stylesheet in folder `dir` names, if it is a plain
/// relative path (no scheme, query or fragment) that stays inside the theme.
fn resolve(dir: &str, url: &str) -> Option<String> {
    if url.is_empty() || url.contains([':', '?', '#', '\\']) || url.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in url.split('/') {
        match p {
            "" | "." => return None,
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `deck.css` + bytes -> `deck.1a2b3c4d5e.css` (see [`Fingerprint`]).
pub(crate) fn fingerprint(name: &str, bytes: &[u8]) -> String {
    Fingerprint::of(bytes).apply(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheet_urls_name_fingerprinted_theme_files() {
        let mut files = BTreeMap::new();
        for name in ["fonts/a.woff2", "img/b.png"] {
            let path = format!("assets/{}", fingerprint(name, b"x"));
            files.insert(name.to_string(), (path, b"x".to_vec()));
        }
        let css = "@font-face{src:url(fonts/a.woff2) format(\"woff2\")}\n\
                   a{background:url( \"img/b.png\" )}\nb{background:url(data:x)}\n\
                   c{background:url(missing.png)}\nd{background:url(https://x.example/a.png)}";
        let out = rewrite_urls("deck.css", css, &files);
        let a = fingerprint("a.woff2", b"x");
        let b = fingerprint("b.png", b"x");
        assert!(out.contains(&format!("url(fonts/{a})")), "{out}");
        assert!(out.contains(&format!("url(\"img/{b}\")")), "{out}");
        for kept in [
            "url(data:x)",
            "url(missing.png)",
            "url(https://x.example/a.png)",
        ] {
            assert!(out.contains(kept), "{out}");
        }
        // A stylesheet in a folder resolves relative to it, never out of the theme.
        let nested = rewrite_urls("css/x.css", "a{src:url(../fonts/a.woff2)}", &files);
        assert_eq!(nested, format!("a{{src:url(../fonts/{a})}}"));
        let out = rewrite_urls("x.css", "a{src:url(../fonts/a.woff2)}", &files);
        assert_eq!(out, "a{src:url(../fonts/a.woff2)}");
    }

    #[test]
    fn built_in_files_are_fingerprinted_by_their_bytes() {
        let raw: BTreeMap<String, Vec<u8>> = BUILTIN
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        let mut changed = raw.clone();
        let font = changed
            .get_mut("fonts/noto-sans-jp-japanese-400.woff2")
            .unwrap();
        *font.last_mut().unwrap() ^= 1;
        for raw in [raw, changed] {
            let files = fingerprint_all(raw.clone()).files;
            assert_eq!(files.len(), raw.len());
            for (name, (path, bytes)) in &files {
                assert_eq!(
                    path,
                    &format!("assets/{}", fingerprint(name, bytes)),
                    "{name}"
                );
                if !name.ends_with(".css") {
                    assert_eq!(bytes, &raw[name], "{name}");
                }
            }
        }
    }

    #[test]
    fn the_source_digest_of_a_theme_with_built_in_fonts_is_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let fonts = dir.path().join("themes/default/fonts");
        std::fs::create_dir_all(&fonts).unwrap();
        let same = "fonts/noto-sans-jp-marks-400.woff2";
        let mut changed = builtin("fonts/noto-sans-jp-marks-700.woff2")
            .unwrap()
            .to_vec();
        changed[100] ^= 1;
        std::fs::write(
            dir.path().join("themes/default").join(same),
            builtin(same).unwrap(),
        )
        .unwrap();
        std::fs::write(fonts.join("noto-sans-jp-marks-700.woff2"), &changed).unwrap();
        let mut sources = Sources::new(dir.path()).unwrap().hashing();
        let raw = read(&mut sources, "default").unwrap();
        assert_eq!(raw[same], builtin(same).unwrap());
        // The same files read and hashed one by one give the same digest.
        let mut plain = Sources::new(dir.path()).unwrap().hashing();
        for f in plain.list_tree(Path::new("themes/default")).unwrap() {
            plain.read_bytes(&f.rel).unwrap();
        }
        assert_eq!(sources.digest(), plain.digest());
        assert!(sources.digest().is_some());
    }

    #[test]
    fn fingerprint_keeps_extension_and_changes_with_content() {
        let a = fingerprint("fonts/x.woff2", b"a");
        assert!(a.starts_with("fonts/x.") && a.ends_with(".woff2"), "{a}");
        assert_ne!(a, fingerprint("fonts/x.woff2", b"b"));
    }
}
