//! The build pipeline: project files -> decks, data, strings -> rendered slides -> pages -> Site.
//! Pure over `Sources`: it returns the site, every diagnostic and the files it read.

use crate::config::{BuildOptions, Config};
use crate::content::{self, Deck};
use crate::data::DataSet;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
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
    /// Resized image variants made by this build (the others came from the resize cache).
    pub resized: usize,
}

/// Build the project at `root` in memory.
pub fn build(root: &Path, opts: &BuildOptions) -> BuildOutput {
    build_with_cache(root, opts, &mut RenderCache::default())
}

/// `build`, reusing slides rendered by earlier builds that share `cache` (serve).
pub fn build_with_cache(root: &Path, opts: &BuildOptions, cache: &mut RenderCache) -> BuildOutput {
    let mut out = BuildOutput {
        site: None,
        diagnostics: Diagnostics::default(),
        read: BTreeSet::new(),
        slides: Vec::new(),
        config: None,
        timings: Vec::new(),
        rendered: 0,
        pages_reused: 0,
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
    lap(out, "data");
    let mut langs = load_languages(sources, &config, cache)?;
    lap(out, "load");
    let decks: Vec<&Deck> = langs.iter().map(|l| &l.deck).collect();
    let parity = content::parity::check(&decks);
    if !parity.is_empty() {
        return Err(parity);
    }
    let media = crate::assets::Index::load(sources, &config.languages)?;
    lap(out, "media");
    let diags = render_slides(&mut langs, data.as_ref(), &data_fp, &media, cache, out);
    lap(out, "slides");
    let has_err = diags.iter().any(Diagnostic::is_error);
    out.diagnostics.extend(diags);
    if has_err {
        return Ok(Site::default());
    }
    let templates = load_templates(sources, cache)?;
    lap(out, "templates");
    let assets = load_assets(sources, &config.theme, cache)?;
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

/// Render every slide of every language (from the cache where the slide, its strings and the
/// data are unchanged); returns what rendering reported.
fn render_slides(
    langs: &mut [Language],
    data: Option<&DataSet>,
    data_fp: &str,
    media: &crate::assets::Index,
    cache: &mut RenderCache,
    out: &mut BuildOutput,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut used = std::collections::HashSet::new();
    let misses = cache.stats().1;
    for l in langs {
        let dirs = DataDirectives {
            data,
            strings: &l.strings,
        };
        // Images on the first slides load at once, the others lazily: two environments.
        let media_fp = hex(media.fingerprint());
        let env = |eager: &str| {
            render_cache::fingerprint([data_fp, l.strings_fp.as_str(), &media_fp, eager])
        };
        let envs = [env(""), env("eager")];
        let mut rendered = Vec::with_capacity(l.deck.slides.len());
        for (i, s) in l.deck.slides.iter().enumerate() {
            let eager = i < crate::media::EAGER_SLIDES;
            let key = RenderCache::key(s, &l.lang, &envs[usize::from(eager)]);
            used.insert(key);
            let m = markdown::Media {
                index: Some(media),
                lang: &l.lang,
                eager,
            };
            let (r, d) = cache.get_or_render(key, |ds| markdown::render_slide(s, &dirs, &m, ds));
            diags.extend(d);
            rendered.push(r);
        }
        l.rendered = rendered;
        out.slides.push((l.lang.clone(), l.deck.slides.len()));
    }
    cache.retain(&used);
    out.rendered = cache.stats().1 - misses;
    diags
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

fn load_templates(
    sources: &mut Sources,
    cache: &mut RenderCache,
) -> Result<Arc<Templates>, Vec<Diagnostic>> {
    let texts = Templates::read(sources)?;
    let inputs = named(texts.iter().map(|(name, (text, _))| (name, text)));
    cache
        .templates
        .get_or_try((), &inputs, || Templates::parse(&texts).map(Arc::new))
}

fn load_assets(
    sources: &mut Sources,
    theme: &str,
    cache: &mut RenderCache,
) -> Result<Arc<assets::Assets>, Vec<Diagnostic>> {
    let raw = assets::read(sources, theme)?;
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
        match sources.read_text(&rel) {
            Ok(t) => texts.push((rel, t)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let p = |i: usize| (texts[i].0.as_path(), texts[i].1.as_str());
    let fp = hex(&render_cache::fingerprint(
        texts.iter().map(|t| t.1.as_str()),
    ));
    let data = crate::data::load(p(0), p(1), p(2))?;
    let (path, text) = p(0);
    out.diagnostics
        .extend(data.pricing.check_rate_languages(languages, path, text));
    Ok((Some(data), fp))
}

/// Directive fences rendered from the data set in one language.
struct DataDirectives<'a> {
    data: Option<&'a DataSet>,
    strings: &'a Strings,
}

impl Directives for DataDirectives<'_> {
    fn is_directive(&self, name: &str) -> bool {
        markdown::directive::is_directive(name)
    }

    fn render(&self, name: &str, arg: &str) -> Result<String, String> {
        match self.data {
            Some(d) => markdown::directive::render(name, arg, d, self.strings),
            None => Err(format!(
                "`{name}` needs the project's data/ folder (pricing.toml, scenarios.toml, lifecycle.toml)"
            )),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
