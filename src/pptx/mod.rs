//! `pptx`: an editable PowerPoint file per language (`<lang>/<name>.pptx`), made from the build's
//! model (each slide's kind, rendered HTML and notes), never from a second walk of the Markdown.
//!
//! Titles and body text are placeholders, lists keep their levels, tables (computed ones too)
//! are real tables, code is monospace text in the highlighter's colours, notes go to the notes
//! pages. Figures are pictures: inline SVG as SVG with a PNG fallback, both from the same
//! headless Chromium as `pdf` ([`raster`]). The package is written with quick-xml and zip with
//! a fixed timestamp and sorted parts ([`package`]), so two exports are byte-identical.

mod figures;
mod highlight;
pub(crate) mod html;
mod inline;
mod layout;
pub(crate) mod media;
pub(crate) mod model;
mod package;
mod parts;
pub(crate) mod raster;
mod read;
mod slide;
mod table;
mod text;
mod theme;
mod xml;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::pipeline::Language;
use crate::site::Site;
use figures::RenderedFigures;
use highlight::CodeColours;
use model::{Content, Para};
use package::{Media, Parts};
use slide::SlideIn;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;
use text::{Base, TextCtx};
use theme::Colours;
use xml::Rels;

/// What to export.
#[derive(Debug, Clone)]
pub struct PptxOptions {
    /// Languages; empty means every configured language.
    pub langs: Vec<String>,
    /// Browser for figures (else `$CHROME`, else the usual names on `PATH`).
    pub chrome: Option<PathBuf>,
    /// Give up on a figure's browser render after this long.
    pub timeout: Duration,
}

impl Default for PptxOptions {
    fn default() -> Self {
        PptxOptions {
            langs: Vec::new(),
            chrome: None,
            timeout: Duration::from_secs(30),
        }
    }
}

/// One exported file.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The deck's language code.
    pub lang: String,
    /// Site path, `<lang>/<name>.pptx`.
    pub path: String,
    /// The `.pptx` file's bytes.
    pub bytes: Vec<u8>,
    /// Slides in the deck.
    pub slides: usize,
    /// Exported anyway, but worth telling (pictures that could not be found).
    pub warnings: Vec<String>,
}

/// A language's slides read into content, with the figures they need rendered.
struct Deck<'a> {
    pub(crate) lang: &'a Language,
    pub(crate) contents: Vec<Content>,
    notes: Vec<Vec<Para>>,
}

/// Export every chosen language of the built `site` from its `languages` (the build's model).
pub fn export(
    languages: &[Language],
    site: &Site,
    config: &Config,
    opts: &PptxOptions,
) -> Result<Vec<Exported>, Diagnostic> {
    let chosen = choose(languages, config, opts)?;
    let colours_code = CodeColours::from_theme();
    let decks: Vec<Deck> = chosen
        .iter()
        .map(|l| Deck {
            lang: l,
            contents: l
                .rendered
                .iter()
                .map(|r| model::slide(&r.rendered.html, &colours_code))
                .collect(),
            notes: l
                .rendered
                .iter()
                .map(|r| model::notes(&r.rendered.notes, &colours_code))
                .collect(),
        })
        .collect();
    let (figures, keys) = figures::collect(&decks, site);
    let raster_opts = raster::Options {
        chrome: opts.chrome.clone(),
        timeout: opts.timeout,
    };
    let rendered = raster::render(site, &figures, &raster_opts)?;
    let by_key: BTreeMap<(usize, usize, usize), &raster::Rendered> =
        keys.into_iter().zip(rendered.iter()).collect();
    decks
        .iter()
        .enumerate()
        .map(|(d, deck)| package_of(d, deck, site, config, &by_key))
        .collect()
}

/// The site paths `export` makes for `config` and `opts` (`ja/deck.pptx`): planned before the
/// build renders its pages, so the pages link the files that will be beside them.
pub fn planned(config: &Config, opts: &PptxOptions) -> Vec<String> {
    let langs = if opts.langs.is_empty() {
        &config.languages
    } else {
        &opts.langs
    };
    langs
        .iter()
        .map(|l| format!("{l}/{}.pptx", config.name))
        .collect()
}

fn choose<'a>(
    languages: &'a [Language],
    config: &Config,
    opts: &PptxOptions,
) -> Result<Vec<&'a Language>, Diagnostic> {
    let wanted = if opts.langs.is_empty() {
        config.languages.clone()
    } else {
        opts.langs.clone()
    };
    wanted
        .iter()
        .map(|w| {
            languages.iter().find(|l| &l.lang == w).ok_or_else(|| {
                Diagnostic::error(format!(
                    "`--lang {w}`: the deck has no language `{w}` (it has {})",
                    config.languages.join(", ")
                ))
            })
        })
        .collect()
}

/// Each slide's number (from 1) by its id: what in-deck links point at.
fn slide_numbers(deck: &Deck) -> BTreeMap<String, usize> {
    deck.lang
        .deck
        .slides
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i + 1))
        .collect()
}

/// The package of one deck.
fn package_of(
    d: usize,
    deck: &Deck,
    site: &Site,
    config: &Config,
    figures: &RenderedFigures,
) -> Result<Exported, Diagnostic> {
    let lang = &deck.lang.lang;
    let tag = theme::lang_tag(lang);
    // The other language's tag, for runs in it (PowerPoint's proofing language).
    let alt = if lang == "en" { "ja-JP" } else { "en-US" }.to_string();
    let colours = Colours::from_css(stylesheets(site, lang).iter().map(String::as_str));
    let ids = slide_numbers(deck);
    let text = DeckText {
        tag: &tag,
        alt: &alt,
        colours: &colours,
        ids: &ids,
    };
    let mut parts = Parts::new();
    let mut media = Media::default();
    let mut warnings = Vec::new();
    let mut notes_count = 0;
    for (i, (s, content)) in deck.lang.deck.slides.iter().zip(&deck.contents).enumerate() {
        let pics = figures::pictures((d, i), deck, site, figures, &mut media, &mut warnings);
        let input = SlideIn {
            kind: s.kind,
            content,
            pics: &pics,
            colours: &colours,
        };
        if slide_parts(&mut parts, &text, i + 1, &input, &deck.notes[i]) {
            notes_count += 1;
        }
    }
    let title = config.title.get(lang).cloned().unwrap_or_default();
    fixed_parts(
        &mut parts,
        deck.lang.deck.slides.len(),
        notes_count,
        &colours,
        &title,
        config.author.as_deref().unwrap_or(""),
        &tag,
    );
    parts.append(&mut media.parts);
    let bytes = package::zip(parts)
        .map_err(|e| Diagnostic::error(format!("cannot write the {lang} pptx package: {e}")))?;
    Ok(Exported {
        lang: lang.clone(),
        path: format!("{lang}/{}.pptx", config.name),
        bytes,
        slides: deck.lang.deck.slides.len(),
        warnings,
    })
}

/// What every text part of one deck shares: its language tags, colours and slide numbers.
struct DeckText<'a> {
    tag: &'a str,
    alt: &'a str,
    colours: &'a Colours,
    ids: &'a BTreeMap<String, usize>,
}

/// Slide `n`'s part and relationships, and its notes page when it has notes (then `true`).
fn slide_parts(
    parts: &mut Parts,
    text: &DeckText,
    n: usize,
    input: &SlideIn,
    notes: &[Para],
) -> bool {
    let mut rels = Rels::default();
    rels.add(
        "slideLayout",
        &format!("../slideLayouts/slideLayout{}.xml", layout_of(input.kind)),
        false,
    );
    let mut ctx = TextCtx {
        lang: text.tag,
        alt_lang: text.alt,
        link_colour: &text.colours.link,
        slides: text.ids,
        rels,
    };
    parts.insert(
        format!("ppt/slides/slide{n}.xml"),
        slide::write(input, &mut ctx),
    );
    let has_notes = !notes.is_empty();
    if has_notes {
        ctx.rels.add(
            "notesSlide",
            &format!("../notesSlides/notesSlide{n}.xml"),
            false,
        );
        notes_parts(parts, text, n, notes);
    }
    parts.insert(
        format!("ppt/slides/_rels/slide{n}.xml.rels"),
        ctx.rels.xml(),
    );
    has_notes
}

/// Slide `n`'s notes page and its relationships.
fn notes_parts(parts: &mut Parts, text: &DeckText, n: usize, notes: &[Para]) {
    let mut nrels = Rels::default();
    nrels.add("notesMaster", "../notesMasters/notesMaster1.xml", false);
    nrels.add("slide", &format!("../slides/slide{n}.xml"), false);
    let mut nctx = TextCtx {
        rels: nrels,
        lang: text.tag,
        alt_lang: text.alt,
        link_colour: &text.colours.link,
        slides: text.ids,
    };
    let base = Base {
        size: 1200,
        colour: &text.colours.ink,
        bold: false,
        tight: false,
    };
    parts.insert(
        format!("ppt/notesSlides/notesSlide{n}.xml"),
        package::notes_slide(notes, base, &mut nctx),
    );
    parts.insert(
        format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
        nctx.rels.xml(),
    );
}

fn layout_of(kind: crate::content::SlideKind) -> usize {
    use crate::content::SlideKind::*;
    match kind {
        Title => 1,
        Content => 2,
        Section => 3,
        Closing => 4,
    }
}

#[allow(clippy::too_many_arguments)]
fn fixed_parts(
    parts: &mut Parts,
    slides: usize,
    notes: usize,
    c: &Colours,
    title: &str,
    author: &str,
    tag: &str,
) {
    let mut put = |k: &str, v: Vec<u8>| {
        parts.insert(k.to_string(), v);
    };
    put("_rels/.rels", parts::root_rels());
    put(
        "docProps/core.xml",
        parts::core(&parts::Core {
            title,
            author,
            lang: tag,
        }),
    );
    put("docProps/app.xml", parts::app(slides, notes));
    put("ppt/presentation.xml", parts::presentation(slides));
    put(
        "ppt/_rels/presentation.xml.rels",
        parts::presentation_rels(slides),
    );
    put("ppt/presProps.xml", parts::pres_props());
    put("ppt/viewProps.xml", parts::view_props());
    put("ppt/tableStyles.xml", parts::table_styles());
    put("ppt/theme/theme1.xml", parts::theme(c, "kumo-deck"));
    put("ppt/theme/theme2.xml", parts::theme(c, "kumo-deck notes"));
    put("ppt/slideMasters/slideMaster1.xml", parts::master(c));
    put(
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        parts::master_rels(),
    );
    for i in 1..=parts::LAYOUTS.len() {
        put(
            &format!("ppt/slideLayouts/slideLayout{i}.xml"),
            parts::layout(i, c),
        );
        put(
            &format!("ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"),
            parts::layout_rels(),
        );
    }
    put("ppt/notesMasters/notesMaster1.xml", parts::notes_master());
    put(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        parts::notes_master_rels(),
    );
}

/// The text of the stylesheets the deck page of `lang` links, in order.
fn stylesheets(site: &Site, lang: &str) -> Vec<String> {
    let page = site
        .get(&format!("{lang}/index.html"))
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    crate::site::html::tags(&page)
        .into_iter()
        .filter(|t| t.name == "link" && t.attr("rel") == Some("stylesheet"))
        .filter_map(|t| t.attr("href").map(str::to_string))
        .filter_map(|h| media::resolve(&h, lang, site).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}
