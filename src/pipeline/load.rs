//! The load stage: `deck.toml`, then the data, templates and every language's strings and deck,
//! each read through `Sources` and memoised in the render cache. Every part is read even when
//! another fails, so one build reports every load error and `check` sees every file.

use super::project::{LangSources, Project, TextFile};
use crate::config::Config;
use crate::content;
use crate::data::DataSet;
use crate::diag::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::directive::DirectiveTemplates;
use crate::render::{assets, Language, TemplateTexts, Templates};
use crate::render_cache::{self, RenderCache};
use crate::source::Sources;
use crate::util::Memo;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What the load stage made of the project's files.
pub(super) struct Loaded {
    pub data: Option<DataSet>,
    /// Fingerprint of the data and of the project's directive templates (render cache key).
    pub data_fp: String,
    pub directives: Arc<DirectiveTemplates>,
    pub langs: Vec<Language>,
}

/// The load stage's outcome: the project as read (always), what was made of it (unless an
/// error stopped it; then every error), and its warnings.
pub(super) struct Load {
    pub project: Project,
    pub loaded: Result<Loaded, Vec<Diagnostic>>,
    pub warnings: Vec<Diagnostic>,
    /// The data's as-of dates, when the data loaded (`check`'s age limit needs them even when
    /// the slides did not load).
    pub data_as_of: std::collections::BTreeMap<&'static str, chrono::NaiveDate>,
}

pub(super) fn config(sources: &mut Sources) -> Result<Config, Vec<Diagnostic>> {
    let cfg_path = Path::new("deck.toml");
    if !sources.exists(cfg_path) {
        return Err(vec![Diagnostic::error(
            "no deck.toml here: this is not a kumo-deck project",
        )
        .in_file(cfg_path)
        .hint("run kumo-deck from the project folder, or pass --root")]);
    }
    let cfg_text = sources.read_text(cfg_path).map_err(|e| vec![e])?;
    Config::parse(cfg_path, &cfg_text)
}

/// Read and parse the data and languages of `config`, and the directive templates among `texts`
/// (the template texts as `Templates::read` read them, or its errors).
pub(super) fn inputs(
    sources: &mut Sources,
    config: &Config,
    texts: Result<&TemplateTexts, &Vec<Diagnostic>>,
    cache: &mut RenderCache,
) -> Load {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let (data_texts, data) = data(sources);
    let data = match data.and_then(|texts| parse_data(&texts, &config.languages)) {
        Ok((data, fp, w)) => {
            warnings.extend(w);
            Some((data, fp))
        }
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let texts = texts.map_err(|e| errors.extend(e.iter().cloned())).ok();
    let data_as_of = match &data {
        Some((Some(d), _)) => d.as_of(),
        _ => Default::default(),
    };
    let directives = texts.and_then(|t| {
        let d = directive_templates(t, &mut cache.directives);
        d.map_err(|e| errors.extend(e)).ok()
    });
    let (langs, loaded) = languages(sources, config, cache);
    let project = Project {
        config: config.clone(),
        langs,
        templates: project_templates(texts),
        data: data_texts,
    };
    let loaded = match (data, texts, directives, loaded) {
        (Some((data, data_fp)), Some(_), Some((directives, dfp)), Ok(langs))
            if errors.is_empty() =>
        {
            let data_fp = format!("{data_fp}{dfp}");
            with_dates(data, data_fp, directives, langs)
        }
        (.., langs) => {
            errors.extend(langs.err().unwrap_or_default());
            Err(errors)
        }
    };
    Load {
        project,
        loaded,
        warnings,
        data_as_of,
    }
}

/// `Loaded`, each language given the data's as-of dates in its own format.
fn with_dates(
    data: Option<DataSet>,
    data_fp: String,
    directives: Arc<DirectiveTemplates>,
    mut langs: Vec<Language>,
) -> Result<Loaded, Vec<Diagnostic>> {
    for l in &mut langs {
        l.data_as_of = super::slides::data_dates(data.as_ref(), &l.strings)?;
    }
    Ok(Loaded {
        data,
        data_fp,
        directives,
        langs,
    })
}

/// The project's own templates (those read from `templates/`), for `check`.
fn project_templates(texts: Option<&TemplateTexts>) -> Vec<(String, TextFile)> {
    let Some(texts) = texts else {
        return Vec::new();
    };
    texts
        .iter()
        .filter_map(|(name, (text, path))| Some((name.clone(), (path.clone()?, text.clone()))))
        .collect()
}

/// Every configured language's sources, and the languages made of them (or every error of
/// every language).
fn languages(
    sources: &mut Sources,
    config: &Config,
    cache: &mut RenderCache,
) -> (Vec<LangSources>, Result<Vec<Language>, Vec<Diagnostic>>) {
    let mut errors = Vec::new();
    let mut read = Vec::new();
    let mut langs = Vec::new();
    for lang in &config.languages {
        let (src, made) = language(sources, lang, cache);
        match made {
            Ok(l) => langs.push(l),
            Err(mut e) => errors.append(&mut e),
        }
        read.extend(src);
    }
    if !errors.is_empty() {
        return (read, Err(errors));
    }
    // Forget files that are gone (only after a load that read every file).
    cache.files.sweep();
    (read, Ok(langs))
}

/// One language: its sources as read (`None` without a content folder), and the language.
fn language(
    sources: &mut Sources,
    lang: &str,
    cache: &mut RenderCache,
) -> (Option<LangSources>, Result<Language, Vec<Diagnostic>>) {
    let dir = Path::new("content").join(lang);
    if !sources.exists(&dir) {
        let e = Diagnostic::error(format!("content folder for language `{lang}` is missing"))
            .in_file(&dir)
            .hint(
                "every language in deck.toml needs content/<lang>/ with its slides and strings.ftl",
            );
        return (None, Err(vec![e]));
    }
    let mut errors = Vec::new();
    let mut ftl = Vec::new();
    for f in sources.list(&dir, "ftl").unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    }) {
        match sources.read_text(&f.rel) {
            Ok(t) => ftl.push((f.rel, t)),
            Err(e) => errors.push(e),
        }
    }
    let strings_fp =
        crate::util::hex::encode(&render_cache::fingerprint(ftl.iter().map(|f| f.1.as_str())));
    let inputs: Vec<&[u8]> = ftl
        .iter()
        .flat_map(|(path, text)| [path.as_os_str().as_encoded_bytes(), text.as_bytes()])
        .collect();
    let strings = cache.strings.get_or_try(lang.to_string(), &inputs, || {
        Strings::parse(lang, &ftl).map(Arc::new)
    });
    let deck = content::load_deck_with(sources, lang, &mut cache.files);
    let src = LangSources {
        lang: lang.to_string(),
        ftl,
        deck: deck.as_ref().ok().cloned(),
    };
    let made = match (strings, deck) {
        (Ok(strings), Ok(deck)) if errors.is_empty() => Ok(Language {
            lang: lang.to_string(),
            strings,
            deck,
            rendered: Vec::new(),
            strings_fp,
            data_as_of: Default::default(),
            image: None,
        }),
        (s, d) => {
            errors.extend(s.err().unwrap_or_default());
            errors.extend(d.err().unwrap_or_default());
            Err(errors)
        }
    };
    (Some(src), made)
}

/// The data files the project has (`None` for an absent optional one), when it has a data
/// folder: what was read, and the texts in order or the read errors.
type DataTexts = Vec<(std::path::PathBuf, Option<String>)>;

fn data(sources: &mut Sources) -> (Vec<TextFile>, Result<Option<DataTexts>, Vec<Diagnostic>>) {
    let dir = Path::new("data");
    if !sources.exists(dir) {
        return (Vec::new(), Ok(None));
    }
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    for name in ["pricing.toml", "scenarios.toml", "lifecycle.toml"] {
        let rel = dir.join(name);
        // Only the price list is required; scenarios and lifecycles are optional files.
        if name != "pricing.toml" && !sources.exists(&rel) {
            texts.push((rel, None));
            continue;
        }
        match sources.read_text(&rel) {
            Ok(t) => texts.push((rel, Some(t))),
            Err(e) => errors.push(e),
        }
    }
    let read = texts
        .iter()
        .filter_map(|(p, t)| Some((p.clone(), t.clone()?)))
        .collect();
    match errors.is_empty() {
        true => (read, Ok(Some(texts))),
        false => (read, Err(errors)),
    }
}

/// The data set of `texts` (none without a data folder), a fingerprint of the texts (for the
/// render cache) and warnings (exchange rates naming a language the deck does not have).
fn parse_data(
    texts: &Option<DataTexts>,
    languages: &[String],
) -> Result<(Option<DataSet>, String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Some(texts) = texts else {
        return Ok((None, String::new(), Vec::new()));
    };
    let p = |i: usize| texts[i].1.as_deref().map(|t| (texts[i].0.as_path(), t));
    let fp = crate::util::hex::encode(&render_cache::fingerprint(
        texts.iter().map(|t| t.1.as_deref().unwrap_or("\0none")),
    ));
    let pricing = p(0).unwrap_or((Path::new("data/pricing.toml"), ""));
    let data = crate::data::load(pricing, p(1), p(2))?;
    let (path, text) = pricing;
    let warnings = data.pricing.check_rate_languages(languages, path, text);
    Ok((Some(data), fp, warnings))
}

/// The directive templates in effect (built-ins and the project's `templates/directives/`),
/// with a fingerprint of the project's ones (slides are rendered again when they change); kept
/// in `memo` while the project's ones stay the same.
fn directive_templates(
    texts: &TemplateTexts,
    memo: &mut Memo<(), Arc<DirectiveTemplates>>,
) -> Result<(Arc<DirectiveTemplates>, String), Vec<Diagnostic>> {
    let overrides: TemplateTexts = texts
        .iter()
        .filter(|(name, (_, path))| path.is_some() && name.starts_with("directives/"))
        .map(|(name, text)| (name.clone(), text.clone()))
        .collect();
    let fp = crate::util::hex::encode(&render_cache::fingerprint(
        overrides
            .iter()
            .flat_map(|(n, (t, _))| [n.as_str(), t.as_str()]),
    ));
    let inputs = named(overrides.iter().map(|(n, (t, _))| (n, t)));
    let t = memo.get_or_try((), &inputs, || {
        DirectiveTemplates::new(&overrides).map(Arc::new)
    })?;
    Ok((t, fp))
}

/// Names and contents, in order: what a memoised value is made from.
fn named<'a, B: AsRef<[u8]> + 'a>(
    items: impl IntoIterator<Item = (&'a String, &'a B)>,
) -> Vec<&'a [u8]> {
    items
        .into_iter()
        .flat_map(|(name, bytes)| [name.as_bytes(), bytes.as_ref()])
        .collect()
}

/// The parsed templates of `texts`, kept in `memo` while the texts stay the same.
pub(super) fn templates(
    texts: &TemplateTexts,
    memo: &mut Memo<(), Arc<Templates>>,
) -> Result<Arc<Templates>, Vec<Diagnostic>> {
    let inputs = named(texts.iter().map(|(name, (text, _))| (name, text)));
    memo.get_or_try((), &inputs, || Templates::parse(texts).map(Arc::new))
}

/// The theme's files and the brand logo, read (fingerprinting them is `assets`, which needs no
/// `Sources` and so can run beside the slides).
pub(super) fn theme_files(
    sources: &mut Sources,
    config: &Config,
) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut raw = assets::read(sources, &config.theme)?;
    // The brand logo is a project file published beside the theme's (`brand.logo`).
    if let Some((name, path)) = config.brand.logo_asset() {
        let bytes = sources
            .read_bytes(Path::new(&path))
            .map_err(|e| vec![e.hint("`brand.logo` in deck.toml names this file")])?;
        raw.insert(name, bytes);
    }
    Ok(raw)
}

/// The theme's files `raw` fingerprinted, kept in `memo` while they stay the same.
pub(super) fn assets(
    raw: BTreeMap<String, Vec<u8>>,
    memo: &mut Memo<(), Arc<assets::Assets>>,
) -> Arc<assets::Assets> {
    if !memo.keeps() {
        // Nothing to compare with or keep: the files move into the assets uncopied.
        return Arc::new(assets::fingerprint_all(raw));
    }
    let inputs = named(raw.iter());
    let Ok(made) = memo.get_or_try((), &inputs, || {
        Ok::<_, std::convert::Infallible>(Arc::new(assets::fingerprint_all(raw.clone())))
    });
    made
}
