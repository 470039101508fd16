//! Theme assets: the theme's files (project `themes/<name>/` over the built-in default theme)
//! plus the generated highlight stylesheet, fingerprinted by content hash into `assets/`.

use crate::diag::Diagnostic;
use crate::source::Sources;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in default theme, used for files the project's theme does not have.
const BUILTIN: &[(&str, &str)] = &[
    ("deck.css", include_str!("../../themes/default/deck.css")),
    ("deck.js", include_str!("../../themes/default/deck.js")),
];

/// Fingerprinted assets: logical name -> (path in the site, bytes).
#[derive(Debug, Default, Clone)]
pub struct Assets {
    pub files: BTreeMap<String, (String, Vec<u8>)>,
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

/// Collect the theme's files and the generated stylesheet.
pub fn collect(sources: &mut Sources, theme: &str) -> Result<Assets, Vec<Diagnostic>> {
    let mut raw: BTreeMap<String, Vec<u8>> = BUILTIN
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
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
        match sources.read_bytes(&f.rel) {
            Ok(b) => {
                raw.insert(f.name, b);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    raw.insert(
        "highlight.css".into(),
        crate::markdown::highlight::stylesheet().into_bytes(),
    );
    let files = raw
        .into_iter()
        .map(|(name, bytes)| {
            let path = format!("assets/{}", fingerprint(&name, &bytes));
            (name, (path, bytes))
        })
        .collect();
    Ok(Assets { files })
}

/// `deck.css` + bytes -> `deck.1a2b3c4d5e.css`.
pub fn fingerprint(name: &str, bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let short: String = hash[..5].iter().map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{short}.{ext}"),
        _ => format!("{name}.{short}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_keeps_extension_and_changes_with_content() {
        let a = fingerprint("fonts/x.woff2", b"a");
        assert!(a.starts_with("fonts/x.") && a.ends_with(".woff2"), "{a}");
        assert_ne!(a, fingerprint("fonts/x.woff2", b"b"));
    }
}
