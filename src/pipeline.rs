//! The build pipeline: project files -> decks, data, strings -> rendered slides -> pages -> Site.
//! Pure over `Sources`: it returns the site, every diagnostic and the files it read.

use crate::config::{BuildOptions, Config};
use crate::content::{self, Deck};
use crate::data::DataSet;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::markdown::directive::DirectiveTemplates;
use crate::markdown::{self, Directives};
use crate::render::pages::{PageParts, RenderedSite};
use crate::render::{assets, Part, SlideHtml, Templates};
use crate::render_cache::{self, RenderCache};
use crate::site::links::{page_lang, PageScan};
use crate::site::Site;
use crate::source::Sources;
use crate::util::par_map;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::render::Language;

/// What `build` produced.
pub struct BuildOutput {
    /// The site, when there were no errors.
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    /// Files read, relative to the project root (the watch set for serve).
    pub read: BTreeSet<PathBuf>,
    /// Slide count per language, in configured order.
    pub slides: Vec<(String, usize)>,
    pub config: Option<Config>,
    /// Wall time of each phase that ran, in order (for benchmarks).
    pub timings: Vec<(&'static str, Duration)>,
    /// Slides rendered by this build (the others came from the cache).
    pub rendered: usize,
    /// Pages whose skeleton came from the cache.
    pub pages_reused: usize,
    /// The data files' as-of dates (`DataSet::as_of`), for `check`'s age limit.
    pub data_as_of: std::collections::BTreeMap<&'static str, chrono::NaiveDate>,
    /// Every language's slides and their rendered HTML, in configured order, when the build got
    /// that far: the model exports (`pptx`) are made from, so they never walk Markdown again.
    pub languages: Vec<Language>,
    /// Resized image variants made by this build (the others came from the resize cache).
    pub resized: usize,
}

/// Build the project at `root` in memory.
pub fn build(root: &Path, opts: &BuildOptions) -> BuildOutput {
    build_with_cache(root, opts, &mut RenderCache::default())
}

/// `build`, reusing slides rendered by earlier builds that share `cache` (serve).
pub fn build_with_cache(root: &Path, opts: &BuildOptions, cache: &mut RenderCache) -> BuildOutput {
    crate::markdown::highlight::preload();
    let mut out = BuildOutput {
        site: None,
        diagnostics: Diagnostics::default(),
        read: BTreeSet::new(),
        slides: Vec::new(),
        config: None,
        timings: Vec::new(),
        rendered: 0,
        pages_reused: 0,
        data_as_of: Default::default(),
        languages: Vec::new(),
        resized: 0,
    };
    let mut sources = match Sources::new(root) {
        Ok(s) => s,
        Err(e) => {
            out.diagnostics.push(e);
            return out;
        }
    };
    let result = run(&mut sources, opts, &mut out, cache);
    out.read = sources.read_paths().clone();
    match result {
        Ok(site) if !out.diagnostics.has_errors() => out.site = Some(site),
        Ok(_) => {}
        Err(errs) => out.diagnostics.extend(errs),
    }
    out
}

fn run(
    sources: &mut Sources,
    opts: &BuildOptions,
    out: &mut BuildOutput,
    cache: &mut RenderCache,
) -> Result<Site, Vec<Diagnostic>> {
    let mut clock = Instant::now();
    let mut lap = |out: &mut BuildOutput, phase: &'static str| {
        out.timings.push((phase, clock.elapsed()));
        clock = Instant::now();
    };
    let config = load_config(sources)?;
    out.config = Some(config.clone());
    lap(out, "config");
    let (data, data_fp) = load_data(sources, &config.languages, out)?;
    out.data_as_of = data.as_ref().map(DataSet::as_of).unwrap_or_default();
    lap(out, "data");
    let template_texts = Templates::read(sources)?;
    let (directives, directives_fp) = directive_templates(&template_texts)?;
    let mut langs = load_languages(sources, &config, cache)?;
    for l in &mut langs {
        l.data_as_of = data_dates(data.as_ref(), &l.strings)?;
    }
    lap(out, "load");
    let decks: Vec<&Deck> = langs.iter().map(|l| &l.deck).collect();
    let parity = content::parity::check(&decks);
    if !parity.is_empty() {
        return Err(parity);
    }
    let media = crate::assets::Index::load(sources, &config.languages)?;
    lap(out, "media");
    let data_fp = format!("{data_fp}{directives_fp}");
    let dirs = (data.as_ref(), &directives);
    let diags = render_slides(&mut langs, dirs, &data_fp, &media, cache, out);
    lap(out, "slides");
    let has_err = diags.iter().any(Diagnostic::is_error);
    out.diagnostics.extend(diags);
    if has_err {
        return Ok(Site::default());
    }
    let templates = load_templates(template_texts, cache)?;
    lap(out, "templates");
    let assets = load_assets(sources, &config, cache)?;
    let slides = langs.iter().flat_map(|l| &l.deck.slides);
    out.diagnostics
        .extend(crate::render::glyphs::missing(&assets.coverage, slides));
    lap(out, "assets");
    crate::media::choose_images(&config, &media, &mut langs)?;
    let mut rendered = crate::render::pages::render_site(
        &config,
        opts,
        &langs,
        &templates,
        &assets,
        &mut cache.pages,
    )
    .map_err(|e| vec![e])?;
    out.pages_reused = rendered.reused;
    lap(out, "pages");
    crate::media::publish(&config, opts, &media, &langs, &mut rendered.site, out)?;
    lap(out, "publish media");
    // A broken internal link or anchor fails the build: never publish a broken deck.
    out.diagnostics.extend(check_links(&rendered, &langs));
    lap(out, "links");
    out.languages = langs;
    Ok(rendered.site)
}

fn load_config(sources: &mut Sources) -> Result<Config, Vec<Diagnostic>> {
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

/// Every configured language, with every error of every language.
fn load_languages(
    sources: &mut Sources,
    config: &Config,
    cache: &mut RenderCache,
) -> Result<Vec<Language>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut langs = Vec::new();
    for lang in &config.languages {
        match load_language(sources, lang, cache) {
            Ok(l) => langs.push(l),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Forget files that are gone (only after a load that read every file).
    cache.files.sweep();
    Ok(langs)
}

/// A slide's place in a build: its cached rendering, or the cache key of a rendering to do.
type Slot = Result<(Arc<SlideHtml>, Vec<Diagnostic>), [u8; 32]>;

/// Render every slide of every language (from the cache where the slide, its strings and the
/// data are unchanged); returns what rendering reported, in slide order.
fn render_slides(
    langs: &mut [Language],
    (data, templates): (Option<&DataSet>, &DirectiveTemplates),
    data_fp: &str,
    media: &crate::assets::Index,
    cache: &mut RenderCache,
    out: &mut BuildOutput,
) -> Vec<Diagnostic> {
    let mut used = std::collections::HashSet::new();
    let misses = cache.stats().1;
    // Slot per slide: the cached result, or the index of the job that renders it.
    let mut slots: Vec<Vec<Slot>> = Vec::new();
    let media_fp = hex(media.fingerprint());
    for l in langs.iter() {
        // Images on the first slides load at once, the others lazily: two environments.
        let env = |eager: &str| {
            render_cache::fingerprint([data_fp, l.strings_fp.as_str(), &media_fp, eager])
        };
        let envs = [env(""), env("eager")];
        let row = l.deck.slides.iter().enumerate().map(|(i, s)| {
            let eager = i < crate::media::EAGER_SLIDES;
            let key = RenderCache::key(s, &l.lang, &envs[usize::from(eager)]);
            used.insert(key);
            cache.lookup(&key).ok_or(key)
        });
        slots.push(row.collect());
    }
    let rendered = render_misses(langs, (data, templates), media, &slots);
    let mut rendered = rendered.into_iter();
    let mut diags = Vec::new();
    for (l, row) in langs.iter_mut().zip(slots) {
        l.rendered = Vec::with_capacity(row.len());
        for slot in row {
            let (r, d) = slot.unwrap_or_else(|key| {
                let (r, d) = rendered.next().expect("one rendering per miss");
                cache.store(key, r, d)
            });
            diags.extend(d);
            l.rendered.push(r);
        }
        out.slides.push((l.lang.clone(), l.deck.slides.len()));
    }
    cache.retain(&used);
    out.rendered = cache.stats().1 - misses;
    diags
}

/// Render the slides `slots` marks as misses, on all cores; the results in slot order.
/// Jobs alternate languages slide by slide, so a slide and its translation land on the same
/// thread and share highlighted code through `Highlights` instead of racing for it.
fn render_misses(
    langs: &[Language],
    (data, templates): (Option<&DataSet>, &DirectiveTemplates),
    media: &crate::assets::Index,
    slots: &[Vec<Slot>],
) -> Vec<(markdown::RenderedSlide, Vec<Diagnostic>)> {
    let dirs: Vec<DataDirectives> = langs
        .iter()
        .map(|l| DataDirectives {
            data,
            strings: &l.strings,
            templates,
        })
        .collect();
    let longest = slots.iter().map(Vec::len).max().unwrap_or(0);
    let mut jobs = Vec::new();
    for i in 0..longest {
        for (li, row) in slots.iter().enumerate() {
            if matches!(row.get(i), Some(Err(_))) {
                jobs.push((li, i));
            }
        }
    }
    let highlights = markdown::highlight::Highlights::default();
    let render = |&(li, i): &(usize, usize)| {
        let mut d = Vec::new();
        let l = &langs[li];
        let m = markdown::Media {
            index: Some(media),
            lang: &l.lang,
            eager: i < crate::media::EAGER_SLIDES,
        };
        let r = markdown::render_slide(&l.deck.slides[i], &dirs[li], &highlights, &m, &mut d);
        // Japanese breaks between phrases only (`<wbr>` + the theme's `keep-all`).
        if !(l.lang == "ja" || l.lang.starts_with("ja-")) {
            return (r, d);
        }
        let r = markdown::RenderedSlide {
            html: markdown::phrase::break_phrases(&r.html),
            notes: markdown::phrase::break_phrases(&r.notes),
            assets: r.assets,
        };
        (r, d)
    };
    // A rebuild after an edit renders a slide or two: threads would only add their start-up
    // (and a wait for a core on a busy machine) to serve's save-to-reload time.
    let done: Vec<_> = if jobs.len() < 16 {
        jobs.iter().map(render).collect()
    } else {
        par_map(&jobs, render)
    };
    // Back from (slide, language) order to (language, slide) order.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&j| (jobs[j].0, jobs[j].1));
    let mut done: Vec<Option<_>> = done.into_iter().map(Some).collect();
    order.into_iter().filter_map(|j| done[j].take()).collect()
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

/// The directive templates in effect (built-ins and the project's `templates/directives/`),
/// with a fingerprint of the project's ones (slides are rendered again when they change).
fn directive_templates(
    texts: &crate::render::TemplateTexts,
) -> Result<(DirectiveTemplates, String), Vec<Diagnostic>> {
    let overrides: Vec<(String, String)> = texts
        .iter()
        .filter(|(name, (_, path))| path.is_some() && name.starts_with("directives/"))
        .map(|(name, (text, _))| (name.clone(), text.clone()))
        .collect();
    let fp = hex(&render_cache::fingerprint(
        overrides.iter().flat_map(|(n, t)| [n.as_str(), t.as_str()]),
    ));
    let t = DirectiveTemplates::new(&overrides).map_err(|(name, message)| {
        vec![Diagnostic::error(format!("template `{name}`: {message}"))
            .in_file(Path::new("templates").join(&name))]
    })?;
    Ok((t, fp))
}

fn load_templates(
    texts: crate::render::TemplateTexts,
    cache: &mut RenderCache,
) -> Result<Arc<Templates>, Vec<Diagnostic>> {
    let inputs = named(texts.iter().map(|(name, (text, _))| (name, text)));
    cache
        .templates
        .get_or_try((), &inputs, || Templates::parse(&texts).map(Arc::new))
}

fn load_assets(
    sources: &mut Sources,
    config: &Config,
    cache: &mut RenderCache,
) -> Result<Arc<assets::Assets>, Vec<Diagnostic>> {
    let mut raw = assets::read(sources, &config.theme)?;
    // The brand logo is a project file published beside the theme's (`brand.logo`).
    if let Some((name, path)) = config.brand.logo_asset() {
        let bytes = sources
            .read_bytes(Path::new(&path))
            .map_err(|e| vec![e.hint("`brand.logo` in deck.toml names this file")])?;
        raw.insert(name, bytes);
    }
    let inputs = named(raw.iter());
    cache.assets.get_or_try((), &inputs, || {
        Ok::<_, Vec<Diagnostic>>(Arc::new(assets::fingerprint_all(raw.clone())))
    })
}

/// The link check over the rendered site: pages rendered from skeletons are checked by their
/// parts (each skeleton and each slide scanned once, scans kept across serve's rebuilds).
fn check_links(rendered: &RenderedSite, langs: &[Language]) -> Vec<Diagnostic> {
    scan_parts(&rendered.parts);
    let pages: Vec<PageScan> = rendered
        .parts
        .iter()
        .map(|p| PageScan {
            path: &p.path,
            own: p.skeleton.scan(page_lang(&p.path)),
            fragments: p
                .holes
                .iter()
                .map(|(s, part, owner)| (s.scan(*part), owner))
                .collect(),
        })
        .collect();
    let decks: Vec<&Deck> = langs.iter().map(|l| &l.deck).collect();
    crate::site::links::check_pages(&rendered.site, &decks, &pages)
}

/// Make the scans the link check needs that no earlier build made, on all cores.
fn scan_parts(parts: &[PageParts]) {
    par_map(parts, |p| {
        p.skeleton.scan(page_lang(&p.path));
    });
    let mut seen = std::collections::HashSet::new();
    let slides: Vec<(&Arc<SlideHtml>, Part)> = parts
        .iter()
        .flat_map(|p| &p.holes)
        .filter(|(s, part, _)| seen.insert((Arc::as_ptr(s), *part)))
        .map(|(s, part, _)| (s, *part))
        .collect();
    par_map(&slides, |(s, part)| {
        s.scan(*part);
    });
}

fn load_language(
    sources: &mut Sources,
    lang: &str,
    cache: &mut RenderCache,
) -> Result<Language, Vec<Diagnostic>> {
    let dir = Path::new("content").join(lang);
    if !sources.exists(&dir) {
        return Err(vec![Diagnostic::error(format!(
            "content folder for language `{lang}` is missing"
        ))
        .in_file(&dir)
        .hint(
            "every language in deck.toml needs content/<lang>/ with its slides and strings.ftl",
        )]);
    }
    let mut errors = Vec::new();
    let mut ftl = Vec::new();
    for f in sources.list(&dir, "ftl").map_err(|e| vec![e])? {
        match sources.read_text(&f.rel) {
            Ok(t) => ftl.push((f.rel, t)),
            Err(e) => errors.push(e),
        }
    }
    let strings_fp = hex(&render_cache::fingerprint(ftl.iter().map(|f| f.1.as_str())));
    let inputs: Vec<&[u8]> = ftl
        .iter()
        .flat_map(|(path, text)| [path.as_os_str().as_encoded_bytes(), text.as_bytes()])
        .collect();
    let strings = cache.strings.get_or_try(lang.to_string(), &inputs, || {
        Strings::parse(lang, &ftl).map(Arc::new)
    });
    let deck = content::load_deck_with(sources, lang, &mut cache.files);
    match (strings, deck) {
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
    }
}

/// Load `data/*.toml` when the project has a data folder.
/// Also returns a fingerprint of the data texts (for the render cache). Warnings (exchange rates
/// naming a language the deck does not have) go to `out`.
fn load_data(
    sources: &mut Sources,
    languages: &[String],
    out: &mut BuildOutput,
) -> Result<(Option<DataSet>, String), Vec<Diagnostic>> {
    let dir = Path::new("data");
    if !sources.exists(dir) {
        return Ok((None, String::new()));
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
    if !errors.is_empty() {
        return Err(errors);
    }
    let p = |i: usize| texts[i].1.as_deref().map(|t| (texts[i].0.as_path(), t));
    let fp = hex(&render_cache::fingerprint(
        texts.iter().map(|t| t.1.as_deref().unwrap_or("\0none")),
    ));
    let pricing = p(0).unwrap_or((Path::new("data/pricing.toml"), ""));
    let data = crate::data::load(pricing, p(1), p(2))?;
    let (path, text) = pricing;
    out.diagnostics
        .extend(data.pricing.check_rate_languages(languages, path, text));
    Ok((Some(data), fp))
}

/// Directive fences rendered from the data set in one language.
struct DataDirectives<'a> {
    data: Option<&'a DataSet>,
    strings: &'a Strings,
    templates: &'a DirectiveTemplates,
}

impl Directives for DataDirectives<'_> {
    fn is_directive(&self, name: &str) -> bool {
        markdown::directive::is_directive(name)
    }

    fn render(&self, name: &str, arg: &str) -> Result<String, String> {
        match self.data {
            Some(d) => markdown::directive::render(name, arg, d, self.strings, self.templates),
            None => Err(format!(
                "`{name}` needs the project's data/ folder (pricing.toml, and scenarios.toml or lifecycle.toml)"
            )),
        }
    }
}

/// The data's as-of dates formatted in one language (for `{{ data_as_of }}` in templates).
fn data_dates(
    data: Option<&DataSet>,
    strings: &Strings,
) -> Result<std::collections::BTreeMap<String, String>, Vec<Diagnostic>> {
    let dates = data.map(DataSet::as_of).unwrap_or_default();
    dates
        .into_iter()
        .map(|(k, d)| Ok((k.to_string(), strings.format_date(d)?)))
        .collect::<Result<_, String>>()
        .map_err(|e| vec![Diagnostic::error(e).in_file(Path::new("content").join(&strings.lang))])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
