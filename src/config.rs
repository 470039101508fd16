//! `deck.toml`: the project configuration (typed, defaults, unknown keys rejected, validated once),
//! and `BuildOptions`, the command-line overrides kept in a separate type.

use crate::diag::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The project configuration read from `deck.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Short ASCII name of the deck, used in file names (PDF export).
    #[serde(default = "default_name")]
    pub name: String,
    /// Deck title per language code.
    pub title: BTreeMap<String, String>,
    /// Languages in display order; the first is the default.
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// The language translations follow (for `check`).
    #[serde(default)]
    pub source_language: Option<String>,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Absolute URL the site is published at (canonical links only; all links stay relative).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Author for document metadata.
    #[serde(default)]
    pub author: Option<String>,
}

fn default_name() -> String {
    "deck".into()
}
fn default_languages() -> Vec<String> {
    vec!["ja".into(), "en".into()]
}
fn default_theme() -> String {
    "default".into()
}

/// Command-line overrides of the configuration for one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output folder (default `<root>/dist`).
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Allow replacing a non-empty output folder that is not a previous kumo-deck output.
    pub force: bool,
}

impl Config {
    /// Parse and validate `deck.toml` text.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let cfg: Config = toml::from_str(text).map_err(|e| vec![toml_error(path, text, &e)])?;
        let errs = cfg.validate(path);
        if errs.is_empty() {
            Ok(cfg)
        } else {
            Err(errs)
        }
    }

    fn validate(&self, path: &Path) -> Vec<Diagnostic> {
        let mut errs = Vec::new();
        let mut err = |m: String| errs.push(Diagnostic::error(m).in_file(path));
        if self.languages.is_empty() {
            err("`languages` must name at least one language".into());
        }
        for (i, l) in self.languages.iter().enumerate() {
            if !is_lang_code(l) {
                err(format!("`{l}` is not a language code like `ja` or `en`"));
            }
            if self.languages[..i].contains(l) {
                err(format!("language `{l}` is listed twice"));
            }
            if !self.title.contains_key(l) {
                err(format!(
                    "`title.{l}` is missing: every language needs a title"
                ));
            }
        }
        if let Some(src) = &self.source_language {
            if !self.languages.contains(src) {
                err(format!(
                    "`source_language = \"{src}\"` is not in `languages`"
                ));
            }
        }
        if !is_safe_name(&self.name) {
            err(format!(
                "`name = \"{}\"` must be ASCII letters, digits, `-` or `_`",
                self.name
            ));
        }
        if !is_safe_name(&self.theme) {
            err(format!(
                "`theme = \"{}\"` must be a plain folder name",
                self.theme
            ));
        }
        if let Some(u) = &self.base_url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                err(format!(
                    "`base_url = \"{u}\"` must start with https:// or http://"
                ));
            }
        }
        errs
    }

    /// The effective base URL, with the CLI override applied, ending in `/`.
    pub fn base_url(&self, opts: &BuildOptions) -> Option<String> {
        let u = opts.base_url.as_ref().or(self.base_url.as_ref())?;
        Some(if u.ends_with('/') {
            u.clone()
        } else {
            format!("{u}/")
        })
    }
}

fn is_lang_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 12
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

fn is_safe_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A TOML error located at its span in `text`.
pub fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let msg = e.message().trim().to_string();
    let d = Diagnostic::error(format!("invalid TOML: {msg}")).in_file(path);
    match e.span() {
        Some(span) => d.at_offset(text, span.start),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_keys_with_line() {
        let text = "name = \"x\"\n[title]\nja = \"a\"\nen = \"b\"\n\nthme = \"x\"\n";
        let e = Config::parse(Path::new("deck.toml"), text).unwrap_err();
        assert_eq!(e[0].pos.unwrap().line, 6, "{}", e[0]);
        assert!(e[0].message.contains("thme"), "{}", e[0]);
    }

    #[test]
    fn requires_title_per_language() {
        let text = "[title]\nja = \"a\"\n";
        let e = Config::parse(Path::new("deck.toml"), text).unwrap_err();
        assert!(e[0].message.contains("title.en"), "{}", e[0]);
    }
}
