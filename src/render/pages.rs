//! Pages: the deck view, document view per language and the landing page, assembled from the
//! rendered slides into the Site together with the fingerprinted assets.

use super::assets::Assets;
use super::view::{Alternate, HomeLang, PageView, SectionView, SlideView, TocEntry};
use super::Language;
use super::Templates;
use crate::config::{BuildOptions, Config};
use crate::diag::Diagnostic;
use crate::site::Site;

/// Render every page of the site.
pub fn render_site(
    config: &Config,
    opts: &BuildOptions,
    langs: &[Language],
    templates: &Templates,
    assets: &Assets,
) -> Result<Site, Diagnostic> {
    let mut site = Site::default();
    for (path, bytes) in assets.files.values() {
        site.insert(path.clone(), bytes.clone());
    }
    for (path, bytes) in &opts.attachments {
        site.insert(path.clone(), bytes.clone());
    }
    let base = config.base_url(opts);
    let ctx = PageCtx {
        config,
        opts,
        langs,
        assets,
        base: base.as_deref(),
    };
    // Pages are independent: render them on all cores, insert in a fixed order.
    let jobs: Vec<(&Language, [&'static str; 3])> = langs
        .iter()
        .flat_map(|l| PAGES.iter().map(move |p| (l, *p)))
        .collect();
    let rendered: Vec<Result<(String, String), Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(l, page)| {
                let ctx = &ctx;
                scope.spawn(move || {
                    let view = ctx.view(l, page);
                    let html = templates.render(page[1], &view, l.strings.clone())?;
                    Ok((format!("{}/{}", l.lang, page[2]), html))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Diagnostic::error("page rendering panicked")))
            })
            .collect()
    });
    for r in rendered {
        let (path, html) = r?;
        site.insert(path, html);
    }
    if let Some(first) = langs.first() {
        let home = home_page(config, opts, langs, assets, base.as_deref())?;
        let html = templates.render("home.html", &home, first.strings.clone())?;
        site.insert("index.html", html);
    }
    Ok(site)
}

/// The slides of a language as views; notes only when `with_notes` (the presenter page).
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
}

impl PageCtx<'_> {
    /// The view of `page` (one of `PAGES`) in language `l`.
    fn view(&self, l: &Language, page: &[&'static str; 3]) -> PageView {
        let ([view, _, file], config) = (*page, self.config);
        let presenter = view == "presenter";
        let reference = self
            .langs
            .iter()
            .find(|o| o.lang != l.lang)
            .filter(|_| presenter);
        let slides = slide_views(l, presenter);
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
            total: slides.len(),
            slides,
            languages: Vec::new(),
            reference: reference.map(|r| slide_views(r, false)).unwrap_or_default(),
            reference_lang: reference.map(|r| Alternate {
                lang: r.lang.clone(),
                name: r
                    .strings
                    .get0("language-name")
                    .unwrap_or_else(|_| r.lang.clone()),
                href: format!("../{}/presenter.html", r.lang),
            }),
            pdf: pdf_name(config, self.opts, &l.lang),
        }
    }
}

fn slide_views(l: &Language, with_notes: bool) -> Vec<SlideView> {
    l.deck
        .slides
        .iter()
        .zip(&l.rendered)
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
            html: r.html.clone(),
            notes: if with_notes {
                r.notes.clone()
            } else {
                String::new()
            },
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
    let name = format!("{}.pdf", config.name);
    opts.attachments
        .contains_key(&format!("{lang}/{name}"))
        .then_some(name)
}

fn home_page(
    config: &Config,
    opts: &BuildOptions,
    langs: &[Language],
    assets: &Assets,
    base: Option<&str>,
) -> Result<PageView, Diagnostic> {
    let first = &langs[0];
    let mut languages = Vec::new();
    for l in langs {
        let get = |k: &str| {
            l.strings
                .get0(k)
                .map_err(|e| Diagnostic::error(format!("template `home.html`: {e}")))
        };
        languages.push(HomeLang {
            lang: l.lang.clone(),
            name: get("language-name")?,
            href: format!("{}/", l.lang),
            deck_title: config.title.get(&l.lang).cloned().unwrap_or_default(),
            deck_label: get("view-deck")?,
            doc_label: get("view-doc")?,
            pdf: pdf_name(config, opts, &l.lang),
            // Only needed (and only required in the strings) when there is a PDF.
            pdf_label: match pdf_name(config, opts, &l.lang) {
                Some(_) => get("view-pdf")?,
                None => String::new(),
            },
        });
    }
    Ok(PageView {
        lang: first.lang.clone(),
        view: "home",
        deck_title: config.title.get(&first.lang).cloned().unwrap_or_default(),
        author: config.author.clone(),
        root: String::new(),
        assets: assets.paths(),
        alternates: langs
            .iter()
            .map(|l| Alternate {
                lang: l.lang.clone(),
                name: l.strings.get0("language-name").unwrap_or_default(),
                href: format!("{}/index.html", l.lang),
            })
            .collect(),
        canonical: base.map(|b| b.to_string()),
        slides: Vec::new(),
        sections: Vec::new(),
        total: 0,
        languages,
        reference: Vec::new(),
        reference_lang: None,
        pdf: None,
    })
}
