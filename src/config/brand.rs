//! `[brand]` of `deck.toml`: brand colours, a logo file of the project, footer text per language
//! and which slides show their number; typed, unknown keys rejected, validated once with each
//! error at the value it is about.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// `[brand]`: every key is optional; without it the default theme's navy and teal are used.
///
/// ```toml
/// [brand]
/// primary = "#13294b"          # heading bars, section slides (white text on it: 4.5:1 at least)
/// accent = "#0e7c86"           # rules, list markers, highlights (3:1 on white at least)
/// logo = "brand/logo.svg"      # a file of the project: SVG, PNG, JPEG or WebP
/// slide_numbers = "content"    # "content" (not on title, section, closing), "all" or "none"
/// [brand.footer]               # footer text per language (company, copyright)
/// ja = "© 2026 Example 株式会社"
/// en = "© 2026 Example K.K."
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Main colour (`#rrggbb`): heading bars, section slides, strong text.
    #[serde(default)]
    pub primary: Option<Spanned<String>>,
    /// Accent colour (`#rrggbb`): rules, list markers, the heading bar's underline.
    #[serde(default)]
    pub accent: Option<Spanned<String>>,
    /// Logo file relative to the project folder; fingerprinted into `assets/brand/`.
    #[serde(default)]
    pub logo: Option<Spanned<String>>,
    /// Footer text of every slide, per language code.
    #[serde(default)]
    pub footer: BTreeMap<String, Spanned<String>>,
    /// Which slides carry their number in the frame.
    #[serde(default)]
    pub slide_numbers: SlideNumbers,
}

/// `brand.slide_numbers`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlideNumbers {
    /// Content slides only: title, section and closing slides are unnumbered.
    #[default]
    Content,
    /// Every slide, the title slide too.
    All,
    /// No slide numbers.
    None,
}

impl SlideNumbers {
    /// Whether a slide of `kind` (`title`, `section`, `closing`, `content`) shows its number.
    pub fn shows(self, kind: &str) -> bool {
        match self {
            SlideNumbers::All => true,
            SlideNumbers::None => false,
            SlideNumbers::Content => kind == "content",
        }
    }
}

/// Logo file types a browser shows in `<img>`, by extension.
const LOGO_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "webp"];

impl Brand {
    /// Every problem of the table, located in `text` (the file at `path`); `languages` are the
    /// deck's.
    pub fn validate(&self, path: &Path, text: &str, languages: &[String]) -> Vec<Diagnostic> {
        let mut errs = Vec::new();
        let mut err = |at: usize, m: String, hint: &str| {
            let d = Diagnostic::error(m).in_file(path).at_offset(text, at);
            errs.push(if hint.is_empty() { d } else { d.hint(hint) });
        };
        // (key, colour, least contrast with white, what the white stands for)
        let colours = [
            ("primary", &self.primary, 4.5, "white text on it"),
            ("accent", &self.accent, 3.0, "it on a white slide"),
        ];
        for (key, value, least, what) in colours {
            let Some(v) = value else { continue };
            let at = v.span().start;
            match parse_hex(v.get_ref()) {
                None => err(
                    at,
                    format!("`brand.{key} = \"{}\"` is not a colour like \"#13294b\"", v.get_ref()),
                    "",
                ),
                Some(rgb) if contrast_with_white(rgb) < least => err(
                    at,
                    format!(
                        "`brand.{key} = \"{}\"` is too light: {what} has a contrast of {:.1}:1, {least}:1 is the least",
                        v.get_ref(),
                        contrast_with_white(rgb)
                    ),
                    "choose a darker shade of the colour",
                ),
                Some(_) => {}
            }
        }
        if let Some(logo) = &self.logo {
            if let Some(m) = logo_problem(logo.get_ref()) {
                err(logo.span().start, m, "");
            }
        }
        for (lang, v) in &self.footer {
            if !languages.contains(lang) {
                err(
                    v.span().start,
                    format!("`brand.footer.{lang}` is for a language not in `languages`"),
                    "",
                );
            } else if v.get_ref().chars().any(char::is_control) {
                err(
                    v.span().start,
                    format!("`brand.footer.{lang}` must be one line of text"),
                    "",
                );
            }
        }
        errs
    }

    /// The CSS custom properties the colours set (validated `#rrggbb` values only).
    pub fn css_vars(&self) -> String {
        let mut out = String::new();
        if let Some(p) = self
            .primary
            .as_ref()
            .filter(|p| parse_hex(p.get_ref()).is_some())
        {
            out.push_str(&format!("--c-navy:{};", p.get_ref()));
        }
        if let Some(a) = self
            .accent
            .as_ref()
            .filter(|a| parse_hex(a.get_ref()).is_some())
        {
            out.push_str(&format!("--c-accent:{};", a.get_ref()));
        }
        out
    }

    /// The logo's logical asset name (`brand/logo.svg`) and its project path.
    pub fn logo_asset(&self) -> Option<(String, String)> {
        let path = self.logo.as_ref()?.get_ref();
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some((format!("brand/logo.{ext}"), path.clone()))
    }
}

/// What is wrong with a logo path, if anything (the file itself is read by the build).
fn logo_problem(path: &str) -> Option<String> {
    let p = Path::new(path);
    if path.is_empty()
        || p.is_absolute()
        || path.contains('\\')
        || p.components().any(|c| c.as_os_str() == "..")
    {
        return Some(format!(
            "`brand.logo = \"{path}\"` must be a path inside the project, like \"brand/logo.svg\""
        ));
    }
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !LOGO_TYPES.contains(&ext.as_str()) {
        return Some(format!(
            "`brand.logo = \"{path}\"`: a logo is an SVG, PNG, JPEG or WebP file"
        ));
    }
    None
}

/// `#rrggbb` -> (r, g, b).
fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.is_ascii())?;
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((c(0)?, c(2)?, c(4)?))
}

/// WCAG 2 contrast ratio of a colour with white.
fn contrast_with_white((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(text: &str) -> Result<Brand, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn numbers_follow_the_policy() {
        assert!(!SlideNumbers::Content.shows("title") && SlideNumbers::Content.shows("content"));
        assert!(SlideNumbers::All.shows("closing") && !SlideNumbers::None.shows("content"));
        assert!(brand("slide_numbers = \"some\"").is_err());
        assert!(
            brand("colour = \"#000000\"").is_err(),
            "unknown keys are rejected"
        );
    }

    #[test]
    fn errors_are_located_at_the_value() {
        let text = "primary = \"#13294b\"\naccent = \"#ffee00\"\nlogo = \"../x.svg\"\n[footer]\nfr = \"x\"\n";
        let b = brand(text).unwrap();
        let errs = b.validate(Path::new("deck.toml"), text, &["ja".into(), "en".into()]);
        let lines: Vec<usize> = errs.iter().map(|e| e.pos.unwrap().line).collect();
        assert_eq!(lines, vec![2, 3, 5], "{errs:?}");
        assert!(errs[0].message.contains("too light"), "{}", errs[0]);
        assert_eq!(b.css_vars(), "--c-navy:#13294b;--c-accent:#ffee00;");
    }

    #[test]
    fn colours_and_logos_are_checked() {
        assert_eq!(parse_hex("#13294b"), Some((0x13, 0x29, 0x4b)));
        assert_eq!(parse_hex("13294b"), None);
        assert_eq!(parse_hex("#1329"), None);
        assert!((contrast_with_white((0, 0, 0)) - 21.0).abs() < 0.01);
        assert!(logo_problem("brand/logo.svg").is_none());
        assert!(logo_problem("/etc/logo.svg").is_some());
        assert!(logo_problem("logo.gif").is_some());
        let b = brand("logo = \"brand/Mark.SVG\"").unwrap();
        assert_eq!(
            b.logo_asset(),
            Some(("brand/logo.svg".into(), "brand/Mark.SVG".into()))
        );
    }
}
