//! `deck.toml`: the project configuration (typed, defaults, unknown keys rejected, validated once),
//! and `BuildOptions`, the command-line overrides kept in a separate type.

mod brand;
mod validate;

pub use brand::{Brand, SlideNumbers};

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
    /// Description per language code, for search results and link previews (`og:description`).
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    /// The image of link previews (`og:image`): an `assets/…` reference, resolved per language
    /// like one in a slide. Default: the first raster image of the language's slides.
    #[serde(default)]
    pub image: Option<String>,
    /// Publishing settings for `kumo-deck deploy`.
    #[serde(default)]
    pub deploy: DeployConfig,
    /// Limits of `kumo-deck check`.
    #[serde(default)]
    pub check: CheckConfig,
    /// Brand colours, logo, footer text and slide numbers of the theme.
    #[serde(default)]
    pub brand: Brand,
}

/// `[check]`: `max_data_age_days = 365` makes `check` warn when a data file's as-of date (the
/// oldest price, rate or the lifecycle file's `as_of`) is older than that on the day it runs.
/// Builds never read the clock.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    #[serde(default)]
    /// Warn when a data file's as-of date is older than this many days (`None`: never).
    pub max_data_age_days: Option<u32>,
}

/// `[deploy]`: settings of `kumo-deck deploy`; every key is optional.
///
/// ```toml
/// [deploy]
/// cname = "deck.example.com"                 # GitHub Pages custom domain (CNAME file)
/// cache_control_assets = "public, max-age=31536000, immutable"  # fingerprinted assets/
/// cache_control_default = "no-cache"         # HTML, PDF and everything else
/// [deploy.content_types]                     # Content-Type per extension, over the built-in table
/// webmanifest = "application/manifest+json"
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployConfig {
    /// Custom domain of a GitHub Pages site, written to `CNAME` on the pages branch.
    #[serde(default)]
    pub cname: Option<String>,
    /// Cache-Control of fingerprinted assets (default `public, max-age=31536000, immutable`).
    #[serde(default)]
    pub(crate) cache_control_assets: Option<String>,
    /// Cache-Control of everything else (default `no-cache`).
    #[serde(default)]
    pub(crate) cache_control_default: Option<String>,
    /// Content-Type per lower-case file extension (without the dot).
    #[serde(default)]
    pub(crate) content_types: BTreeMap<String, String>,
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
    /// Public URL the site is served from (`--base-url`), overriding `deck.toml`'s.
    pub base_url: Option<String>,
    /// Allow replacing a non-empty output folder that is not a previous kumo-deck output.
    pub force: bool,
    /// Exports planned beside the pages (site paths: `ja/deck.pdf`, `en/deck.pptx`): pages link
    /// `<lang>/<name>.pdf` (`.pptx`) when it is among them, and the site holds an empty slot for
    /// each, filled by the command that made the export before the site is written.
    pub exports: std::collections::BTreeSet<String>,
    /// Folder of the resize cache of huge images (default: `crate::assets::cache::ImageCache::from_env`).
    pub image_cache: Option<PathBuf>,
    /// Leave spliced pages deferred in the Site (`site::Deferred`), for a caller that streams
    /// them to disk (`build`) instead of holding every page in memory.
    pub defer_pages: bool,
}

impl Config {
    /// Parse and validate `deck.toml` text.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let cfg: Config = toml::from_str(text).map_err(|e| vec![toml_error(path, text, &e)])?;
        let mut errs = cfg.validate(path, text);
        errs.extend(cfg.brand.validate(path, text, &cfg.languages));
        if errs.is_empty() {
            Ok(cfg)
        } else {
            Err(errs)
        }
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

/// A bare DNS name such as `deck.example.com` (for `CNAME`).
pub fn is_host_name(s: &str) -> bool {
    s.len() <= 253
        && s.contains('.')
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

pub(crate) fn is_lang_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 12
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// A TOML error located at its span in `text`.
pub(crate) fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
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
        let text = "name = \"x\"\n\nthme = \"x\"\n[title]\nja = \"a\"\nen = \"b\"\n";
        let e = Config::parse(Path::new("deck.toml"), text).unwrap_err();
        assert_eq!(e[0].pos.unwrap().line, 3, "{}", e[0]);
        assert!(e[0].message.contains("thme"), "{}", e[0]);
    }

    #[test]
    fn requires_title_per_language() {
        let text = "[title]\nja = \"a\"\n";
        let e = Config::parse(Path::new("deck.toml"), text).unwrap_err();
        assert!(e[0].message.contains("title.en"), "{}", e[0]);
        assert_eq!(e[0].pos.unwrap().line, 1, "the [title] header: {}", e[0]);
    }

    #[test]
    fn semantic_errors_point_at_their_key() {
        let text = "name = \"ok\"\nlanguages = [\"ja\", \"EN\"]\n\n[title]\nja = \"a\"\nEN = \"b\"\n\n[deploy]\n  cname = \"https://x/\"\n";
        let e = Config::parse(Path::new("deck.toml"), text).unwrap_err();
        let at = |needle: &str| {
            let d = e.iter().find(|d| d.message.contains(needle)).unwrap();
            d.pos.map(|p| (p.line, p.col))
        };
        assert_eq!(at("not a language code"), Some((2, 1)));
        assert_eq!(at("cname"), Some((9, 3)));
        let text = "theme = \"../x\"\n[title]\nja = \"a\"\nen = \"b\"\n";
        let e = Config::parse(Path::new("deck.toml"), text).unwrap_err();
        assert_eq!(e[0].pos.map(|p| p.line), Some(1), "{}", e[0]);
    }

    #[test]
    fn deploy_table_is_optional_typed_and_validated() {
        let base = "[title]\nja = \"a\"\nen = \"b\"\n";
        let cfg = Config::parse(Path::new("deck.toml"), base).unwrap();
        assert!(cfg.deploy.cname.is_none() && cfg.deploy.content_types.is_empty());
        let table = "[deploy]\ncname = \"deck.example.com\"\n";
        let good = format!("{base}{table}[deploy.content_types]\nmd = \"text/markdown\"\n");
        let cfg = Config::parse(Path::new("deck.toml"), &good).unwrap();
        assert_eq!(cfg.deploy.cname.as_deref(), Some("deck.example.com"));
        for bad in [
            "[deploy]\ncname = \"https://deck.example.com/\"\n",
            "[deploy]\ncache_control_default = \"\"\n",
            "[deploy.content_types]\n\".MD\" = \"text/plain\"\n",
            "[deploy]\nbucket = \"x\"\n",
        ] {
            let e = Config::parse(Path::new("deck.toml"), &format!("{base}{bad}")).unwrap_err();
            assert!(
                e[0].message.contains("deploy") || e[0].message.contains("bucket"),
                "{}",
                e[0]
            );
        }
    }
}
