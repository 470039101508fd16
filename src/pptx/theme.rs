//! The export's look: colours read from the theme stylesheet's custom properties (the same ones
//! the deck uses), and the fonts PowerPoint is told to use (named, never embedded).

use super::highlight::hex_colour;

/// Colours as `RRGGBB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Colours {
    pub ink: String,
    pub background: String,
    pub navy: String,
    pub on_navy: String,
    pub accent: String,
    pub accent_bright: String,
    pub link: String,
    pub rule: String,
    pub zebra: String,
    pub th: String,
    pub code_bg: String,
    pub code_border: String,
    pub tint: String,
}

impl Default for Colours {
    /// The default theme's values, for a theme that does not set them.
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Colours {
            ink: s("1B2330"),
            background: s("FFFFFF"),
            navy: s("13294B"),
            on_navy: s("FFFFFF"),
            accent: s("0E7C86"),
            accent_bright: s("3FC1C9"),
            link: s("0B57A4"),
            rule: s("C9D1DC"),
            zebra: s("F3F6F9"),
            th: s("E4EAF2"),
            code_bg: s("F5F7FA"),
            code_border: s("D3DAE3"),
            tint: s("EEF3F8"),
        }
    }
}

impl Colours {
    /// Read `--c-*` custom properties from the theme's stylesheets (the first value of each
    /// wins, as in the deck's `:root`); unknown or non-hex values keep the default.
    pub(super) fn from_css<'a>(sheets: impl IntoIterator<Item = &'a str>) -> Colours {
        let mut c = Colours::default();
        let mut seen = std::collections::HashSet::new();
        for css in sheets {
            let css = super::highlight::strip_comments(css);
            for decl in css.split([';', '{', '}']) {
                let Some((k, v)) = decl.split_once(':') else {
                    continue;
                };
                let k = k.trim();
                let v = v.trim();
                let (Some(slot), Some(hex)) = (c.slot(k), hex_colour(v)) else {
                    continue;
                };
                if seen.insert(k.to_string()) {
                    *slot = hex;
                }
            }
        }
        c
    }

    fn slot(&mut self, prop: &str) -> Option<&mut String> {
        Some(match prop {
            "--c-ink" => &mut self.ink,
            "--c-slide-bg" => &mut self.background,
            "--c-navy" => &mut self.navy,
            "--c-on-navy" => &mut self.on_navy,
            "--c-accent" => &mut self.accent,
            "--c-accent-bright" => &mut self.accent_bright,
            "--c-link" => &mut self.link,
            "--c-rule" => &mut self.rule,
            "--c-zebra" => &mut self.zebra,
            "--c-th" => &mut self.th,
            "--c-code-bg" => &mut self.code_bg,
            "--c-code-border" => &mut self.code_border,
            "--c-tint" => &mut self.tint,
            _ => return None,
        })
    }
}

/// Font names written into every run (and the theme's font scheme). Named, not embedded:
/// these exist on Windows and on macOS with Office; PowerPoint substitutes elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fonts {
    /// Latin text.
    pub latin: &'static str,
    /// East Asian text (`<a:ea>`): Yu Gothic, under the Japanese name PowerPoint itself writes.
    pub ea: &'static str,
    /// Code.
    pub mono: &'static str,
}

pub(super) const FONTS: Fonts = Fonts {
    latin: "Arial",
    ea: "游ゴシック",
    mono: "Consolas",
};

/// A language's tag for `lang` attributes (`ja` -> `ja-JP`, `en` -> `en-US`).
pub(super) fn lang_tag(lang: &str) -> String {
    match lang {
        "ja" => "ja-JP".into(),
        "en" => "en-US".into(),
        "zh" => "zh-CN".into(),
        "ko" => "ko-KR".into(),
        l if l.contains('-') => l.to_string(),
        l => l.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_custom_properties_first_wins() {
        let c = Colours::from_css([
            ":root { --c-navy: #112233; /* x */ --c-accent: #abc; --c-ink: var(--x); }",
            ".dark { --c-navy: #000000; }",
        ]);
        assert_eq!(c.navy, "112233");
        assert_eq!(c.accent, "AABBCC");
        assert_eq!(c.ink, Colours::default().ink);
    }

    #[test]
    fn reads_the_default_theme_stylesheet() {
        // The shipped values equal the defaults, so change two to see they are read.
        let css = include_str!("../../themes/default/deck.css")
            .replace("--c-navy: #13294b", "--c-navy: #010203")
            .replace("--c-tint: #eef3f8", "--c-tint: #040506");
        let c = Colours::from_css([css.as_str()]);
        assert_eq!((c.navy.as_str(), c.tint.as_str()), ("010203", "040506"));
        assert_eq!(c.accent, "0E7C86");
    }
}
