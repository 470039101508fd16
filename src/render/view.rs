//! View-models the templates see: typed, serialisable, no ad-hoc maps.

use serde::Serialize;
use std::collections::BTreeMap;

/// One slide as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SlideView {
    pub id: String,
    /// 1-based position in the deck.
    pub index: usize,
    /// `title`, `section`, `closing` or `content`.
    pub kind: &'static str,
    /// Extra classes from the slide's head.
    pub classes: Vec<String>,
    /// Plain-text title (first heading), may be empty.
    pub title: String,
    pub section: Option<String>,
    /// Audience HTML (trusted: rendered Markdown).
    pub html: String,
    /// Speaker notes HTML: filled only for the presenter page, empty on audience pages.
    pub notes: String,
    /// Whether the frame shows the slide's number (`brand.slide_numbers`).
    pub number: bool,
}

/// The brand settings of `deck.toml` as one page sees them.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct BrandView {
    /// The logo's fingerprinted path from the site root, when a logo is set.
    pub logo: Option<String>,
    /// Footer text in the page's language (may be empty).
    pub footer: String,
    /// CSS custom properties of the brand colours (validated `#rrggbb` values), may be empty.
    pub style: String,
}

/// A section of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView {
    pub title: Option<String>,
    pub slides: Vec<TocEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry {
    pub id: String,
    pub index: usize,
    pub title: String,
}

/// Another language of the same page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Alternate {
    pub lang: String,
    /// The language's name in that language (`English`, `日本語`).
    pub name: String,
    /// Relative link from the current page.
    pub href: String,
}

/// Everything a page template gets.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    pub lang: String,
    /// `deck`, `doc` or `home`.
    pub view: &'static str,
    /// The deck title in this language.
    pub deck_title: String,
    pub author: Option<String>,
    /// Prefix from this page to the site root (`""` or `"../"`).
    pub root: String,
    /// Logical asset name (`deck.css`) -> fingerprinted path from the site root.
    pub assets: BTreeMap<String, String>,
    pub alternates: Vec<Alternate>,
    /// Absolute canonical URL when a base URL is configured.
    pub canonical: Option<String>,
    pub slides: Vec<SlideView>,
    pub sections: Vec<SectionView>,
    pub total: usize,
    /// On the landing page: every language with its deck and document links.
    pub languages: Vec<HomeLang>,
    /// Presenter page only: the same slides in the reference (other) language, without notes;
    /// their `html` has its ids (and the aria attributes naming them) prefixed `ref-`.
    pub reference: Vec<SlideView>,
    /// Presenter page only: the reference language.
    pub reference_lang: Option<Alternate>,
    /// Link to this language's PDF from this page, when the site has one.
    pub pdf: Option<String>,
    /// The data files' as-of dates, formatted in the page's language: `pricing` (oldest price),
    /// `rates`, `lifecycle`, each when the project has it.
    pub data_as_of: BTreeMap<String, String>,
    /// Logo, footer text and colours from `[brand]`.
    pub brand: BrandView,
    /// Link to this language's PowerPoint file (`kumo-deck pptx`), when the site has one.
    pub pptx: Option<String>,
    /// Open Graph and Twitter card tags.
    pub social: super::social::SocialView,
    /// The theme's icon, when it has one (path from the site root).
    pub favicon: Option<super::social::Favicon>,
}

/// One language on the landing page, labelled in that language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomeLang {
    pub lang: String,
    pub name: String,
    /// Folder of the language from the site root (`ja/`).
    pub href: String,
    pub deck_title: String,
    pub deck_label: String,
    pub doc_label: String,
    /// The language's PDF, relative to `href`, when the site has one.
    pub pdf: Option<String>,
    pub pdf_label: String,
    /// The language's PowerPoint file, relative to `href`, when the site has one.
    pub pptx: Option<String>,
    pub pptx_label: String,
}
