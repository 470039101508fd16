//! What a page says about itself to link previews (Open Graph and Twitter cards) and to the
//! browser tab (favicon). URLs in these tags must be absolute, so the image and page URL are
//! given only when the site's `base_url` is known.

use super::assets::Assets;
use crate::config::Config;
use serde::Serialize;

/// The Open Graph and Twitter card tags of one page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SocialView {
    pub title: String,
    pub description: String,
    /// `og:locale` (`ja_JP`), and the other languages' locales.
    pub locale: String,
    pub locale_alternates: Vec<String>,
    /// Absolute URL of the page (needs `base_url`).
    pub url: Option<String>,
    /// Absolute URL of the preview image (needs `base_url` and an image).
    pub image: Option<String>,
    /// `summary_large_image` with an image, else `summary`.
    pub card: &'static str,
}

/// The theme's icon: its path in the site and its type.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Favicon {
    pub href: String,
    pub mime: &'static str,
}

/// The tags of a page in `lang` at absolute `url`, whose preview image is at site path `image`.
pub(crate) fn social(
    config: &Config,
    lang: &str,
    image: Option<&str>,
    base: Option<&str>,
    url: Option<String>,
) -> SocialView {
    let title = config.title.get(lang).cloned().unwrap_or_default();
    let image = base.zip(image).map(|(b, i)| format!("{b}{}", encode(i)));
    SocialView {
        description: config
            .description
            .get(lang)
            .cloned()
            .unwrap_or_else(|| title.clone()),
        title,
        locale: locale(lang),
        locale_alternates: config
            .languages
            .iter()
            .filter(|l| *l != lang)
            .map(|l| locale(l))
            .collect(),
        url,
        card: if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
        image,
    }
}

/// The first of `favicon.svg`, `favicon.png`, `favicon.ico` the theme has.
pub(crate) fn favicon(assets: &Assets) -> Option<Favicon> {
    [
        ("favicon.svg", "image/svg+xml"),
        ("favicon.png", "image/png"),
        ("favicon.ico", "image/x-icon"),
    ]
    .into_iter()
    .find_map(|(name, mime)| {
        let (href, _) = assets.files.get(name)?;
        Some(Favicon {
            href: href.clone(),
            mime,
        })
    })
}

/// `ja` -> `ja_JP`, `en` -> `en_US`, `pt-BR` -> `pt_BR`: the territory Open Graph wants, for
/// languages given without one.
fn locale(lang: &str) -> String {
    if let Some((l, region)) = lang.split_once(['-', '_']) {
        return format!("{l}_{}", region.to_ascii_uppercase());
    }
    let region = match lang {
        "ja" => "JP",
        "en" => "US",
        "zh" => "CN",
        "ko" => "KR",
        "pt" => "BR",
        other => return format!("{other}_{}", other.to_ascii_uppercase()),
    };
    format!("{lang}_{region}")
}

fn encode(path: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?');
    percent_encoding::utf8_percent_encode(path, SET).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_have_a_territory() {
        assert_eq!(locale("ja"), "ja_JP");
        assert_eq!(locale("en"), "en_US");
        assert_eq!(locale("pt-br"), "pt_BR");
        assert_eq!(locale("fr"), "fr_FR");
    }
}
