//! Pages: the deck view, document view per language and the landing page, assembled from the
//! rendered slides into the Site together with the fingerprinted assets.

use super::assets::Assets;
use super::social::{favicon, social};
use super::splice::{self, Body, Fill, PageCache};
use super::view::{Alternate, BrandView, PageView, SectionView, SlideView, TocEntry};
use super::{Language, Part, Templates};
use crate::config::{BuildOptions, Config, SlideNumbers};
use crate::diag::Diagnostic;
use crate::site::Site;

pub(crate) use splice::PageParts;

mod home;
use home::home_page;

/// The rendered site and, for each page rendered from a skeleton, its parts.
pub(crate) struct RenderedSite {
    pub site: Site,
    pub parts: Vec<PageParts>,
    /// Pages whose skeleton came from the cache.
    pub reused: usize,
}

/// Render every page of the site. Skeletons in `cache` are reused when a page's structure is
/// unchanged; afterwards the cache holds exactly the skeletons of this build.
pub(crate) fn render_site(
    config: &Config,
    opts: &BuildOptions,
    langs: &[Language],
    templates: &Templates,
    assets: &Assets,
    cache: &mut PageCache,
) -> Result<RenderedSite, Diagnostic> {
    let base = config.base_url(opts);
    let ctx = PageCtx {
        config,
        opts,
        langs,
        assets,
        base: base.as_deref(),
        templates,
        cache,
    };
    // Pages are independent: render them on all cores, insert in a fixed order. The theme's
    // files are copied into the site beside them.
    let jobs: Vec<(&Language, [&'static str; 3])> = langs
        .iter()
        .flat_map(|l| PAGES.iter().map(move |p| (l, *p)))
        .collect();
    let (mut site, rendered) = std::thread::scope(|scope| {
        let site = scope.spawn(|| {
            let mut site = Site::default();
            for (path, bytes) in assets.files.values() {
                site.insert(path.clone(), bytes.clone());
            }
            // The slots of planned exports: the link check sees them, their command fills them.
            for path in &opts.exports {
                site.insert(path.clone(), Vec::new());
            }
            site
        });
        let rendered = crate::util::par_map(&jobs, |(l, page)| ctx.render(l, page));
        let site = site.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (site, rendered)
    });
    let mut parts = Vec::new();
    for r in rendered {
        let (path, body, p) = r?;
        match body {
            Body::Bytes(b) => site.insert(path, b),
            Body::Deferred(d) => site.insert_deferred(path, d),
        }
        parts.extend(p);
    }
    let reused = splice::update(cache, &parts);
    if let Some(first) = langs.first() {
        let home = home_page(config, opts, langs, assets, base.as_deref())?;
        let html = templates.render("home.html", &home, first.strings.clone())?;
        site.insert("index.html", html);
    }
    Ok(RenderedSite {
        site,
        parts,
        reused,
    })
}

/// (site path, HTML, parts when spliced) of one page.
type RenderedPage = (String, Body, Option<PageParts>);

/// (view, template, file) of every page of a language.
const PAGES: [[&str; 3]; 3] = [
    ["deck", "deck.html", "index.html"],
    ["doc", "doc.html", "doc.html"],
    ["presenter", "presenter.html", "presenter.html"],
];

/// What every page of the site is rendered from.
struct PageCtx<'a> {
    config: &'a Config,
    opts: &'a BuildOptions,
    langs: &'a [Language],
    assets: &'a Assets,
    base: Option<&'a str>,
    templates: &'a Templates,
    cache: &'a PageCache,
}

impl PageCtx<'_> {
    /// Render `page` of language `l`: (site path, HTML, parts when spliced).
    fn render(&self, l: &Language, page: &[&'static str; 3]) -> Result<RenderedPage, Diagnostic> {
        let path = format!("{}/{}", l.lang, page[2]);
        let target = splice::Page {
            path: path.clone(),
            template: page[1],
            templates: self.templates,
            strings: &l.strings,
            strings_fp: &l.strings_fp,
            defer: self.opts.defer_pages,
        };
        let (html, parts) =
            splice::render_page(target, self.cache, |fill| self.view(l, page, fill))?;
        Ok((path, html, parts))
    }

    /// The view of `page` (one of `PAGES`) in language `l`.
    fn view(&self, l: &Language, page: &[&'static str; 3], fill: &mut Fill) -> PageView {
        let ([view, _, file], config) = (*page, self.config);
        let presenter = view == "presenter";
        let reference = self
            .langs
            .iter()
            .find(|o| o.lang != l.lang)
            .filter(|_| presenter);
        let numbers = config.brand.slide_numbers;
        let slides = slide_views(l, Views::of(view), false, numbers, fill);
        PageView {
            lang: l.lang.clone(),
            view,
            deck_title: config.title.get(&l.lang).cloned().unwrap_or_default(),
            author: config.author.clone(),
            root: "../".into(),
            assets: self.assets.paths(),
            alternates: alternates(l, self.langs, file),
            canonical: self.base.map(|b| format!("{b}{}/{file}", l.lang)),
            sections: sections(&slides),
            // The deck's count: a doc-only slide is not "slide n of total".
            total: slides
                .iter()
                .filter(|s| !s.classes.iter().any(|c| c == DOC_ONLY))
                .count(),
            slides,
            languages: Vec::new(),
            reference: reference
                .map(|r| slide_views(r, Views::of(view), true, numbers, fill))
                .unwrap_or_default(),
            reference_lang: reference.map(|r| Alternate {
                lang: r.lang.clone(),
                name: r
                    .strings
                    .get0("language-name")
                    .unwrap_or_else(|_| r.lang.clone()),
                href: format!("../{}/presenter.html", r.lang),
            }),
            pdf: pdf_name(config, self.opts, &l.lang),
            data_as_of: l.data_as_of.clone(),
            brand: brand_view(config, self.assets, &l.lang),
            pptx: export_name(config, self.opts, &l.lang, "pptx"),
            social: social(
                config,
                &l.lang,
                l.image.as_deref(),
                self.base,
                self.base.map(|b| format!("{b}{}/{file}", l.lang)),
            ),
            favicon: favicon(self.assets),
        }
    }
}

/// The class of a slide shown only in the document view (for example notes on sources): the deck,
/// the presenter view and so the PDF leave it out, and number the other slides without it.
pub(crate) const DOC_ONLY: &str = "doc-only";

/// What a page shows of the slides: notes (the presenter page) and doc-only slides (the document).
#[derive(Clone, Copy)]
struct Views {
    notes: bool,
    doc_only: bool,
}

impl Views {
    fn of(view: &str) -> Views {
        Views {
            notes: view == "presenter",
            doc_only: view == "doc",
        }
    }
}

/// `[brand]` for a page in `lang`.
fn brand_view(config: &Config, assets: &Assets, lang: &str) -> BrandView {
    let brand = &config.brand;
    BrandView {
        logo: brand
            .logo_asset()
            .and_then(|(name, _)| assets.files.get(&name).map(|(path, _)| path.clone())),
        footer: brand
            .footer
            .get(lang)
            .map(|f| f.get_ref().clone())
            .unwrap_or_default(),
        style: brand.css_vars(),
    }
}

/// The slides of a language as views: notes only on the presenter page, doc-only slides only in
/// the document view, the reference form of the HTML when `reference` (then without notes).
fn slide_views(
    l: &Language,
    views: Views,
    reference: bool,
    numbers: SlideNumbers,
    fill: &mut Fill,
) -> Vec<SlideView> {
    let html_part = if reference {
        Part::Reference
    } else {
        Part::Html
    };
    let with_notes = views.notes && !reference;
    l.deck
        .slides
        .iter()
        .zip(&l.rendered)
        .filter(|(s, _)| views.doc_only || !s.classes.iter().any(|c| c == DOC_ONLY))
        .enumerate()
        .map(|(i, (s, r))| SlideView {
            id: s.id.clone(),
            index: i + 1,
            kind: s.kind.as_str(),
            classes: s.classes.clone(),
            title: if s.title.is_empty() {
                s.id.clone()
            } else {
                s.title.clone()
            },
            section: s.section.clone(),
            html: fill.text(r, html_part, &l.lang, &s.id),
            notes: if with_notes {
                fill.text(r, Part::Notes, &l.lang, &s.id)
            } else {
                String::new()
            },
            number: numbers.shows(s.kind.as_str()),
        })
        .collect()
}

/// Consecutive slides with the same section form one TOC group.
fn sections(slides: &[SlideView]) -> Vec<SectionView> {
    let mut out: Vec<SectionView> = Vec::new();
    for s in slides {
        let entry = TocEntry {
            id: s.id.clone(),
            index: s.index,
            title: s.title.clone(),
        };
        match out.last_mut() {
            Some(last) if last.title == s.section => last.slides.push(entry),
            _ => out.push(SectionView {
                title: s.section.clone(),
                slides: vec![entry],
            }),
        }
    }
    out
}

/// The other languages' versions of `file`, linked relatively.
fn alternates(l: &Language, langs: &[Language], file: &str) -> Vec<Alternate> {
    langs
        .iter()
        .filter(|o| o.lang != l.lang)
        .map(|o| Alternate {
            lang: o.lang.clone(),
            name: o
                .strings
                .get0("language-name")
                .unwrap_or_else(|_| o.lang.clone()),
            href: format!("../{}/{file}", o.lang),
        })
        .collect()
}

/// `<name>.pdf` when the site carries `<lang>/<name>.pdf` (printed by `kumo-deck pdf`).
fn pdf_name(config: &Config, opts: &BuildOptions, lang: &str) -> Option<String> {
    export_name(config, opts, lang, "pdf")
}

/// `<name>.<ext>` when the site carries `<lang>/<name>.<ext>` (`kumo-deck pdf`, `pptx`).
fn export_name(config: &Config, opts: &BuildOptions, lang: &str, ext: &str) -> Option<String> {
    let name = format!("{}.{ext}", config.name);
    opts.exports
        .contains(&format!("{lang}/{name}"))
        .then_some(name)
}
