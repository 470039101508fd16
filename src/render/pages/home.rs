//! The language-choice page (`index.html`): one entry per language with its deck, document and
//! exports, in the first language's page frame.

use super::super::assets::Assets;
use super::super::social::{favicon, social};
use super::super::view::{Alternate, HomeLang, PageView};
use super::super::Language;
use super::{brand_view, export_name, pdf_name};
use crate::config::{BuildOptions, Config};
use crate::diag::Diagnostic;

pub(super) fn home_page(
    config: &Config,
    opts: &BuildOptions,
    langs: &[Language],
    assets: &Assets,
    base: Option<&str>,
) -> Result<PageView, Diagnostic> {
    let first = &langs[0];
    let languages = langs
        .iter()
        .map(|l| home_lang(config, opts, l))
        .collect::<Result<Vec<_>, _>>()?;
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
        data_as_of: first.data_as_of.clone(),
        brand: brand_view(config, assets, &first.lang),
        pptx: None,
        social: social(
            config,
            &first.lang,
            first.image.as_deref(),
            base,
            base.map(String::from),
        ),
        favicon: favicon(assets),
    })
}

/// One language's entry: its name, deck title and the labels of what it offers.
fn home_lang(config: &Config, opts: &BuildOptions, l: &Language) -> Result<HomeLang, Diagnostic> {
    let get = |k: &str| {
        l.strings
            .get0(k)
            .map_err(|e| Diagnostic::error(format!("template `home.html`: {e}")))
    };
    Ok(HomeLang {
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
        pptx: export_name(config, opts, &l.lang, "pptx"),
        pptx_label: match export_name(config, opts, &l.lang, "pptx") {
            Some(_) => get("view-pptx")?,
            None => String::new(),
        },
    })
}
