//! The build pipeline: project files -> decks, data, strings -> rendered slides -> pages -> Site.
//! Pure over `Sources`: it returns the site, every diagnostic, the project as it read it and the
//! files it read. Each stage returns its value with its diagnostics; `run` composes them.

mod load;
pub(crate) mod project;
mod slides;

use crate::config::{BuildOptions, Config};
use crate::content::{self, Deck};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render_cache::RenderCache;
use crate::site::Site;
use crate::source::Sources;
use project::Project;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::render::Language;

/// What `build` produced.
#[derive(Default)]
pub struct BuildOutput {
    /// The site, when there were no errors.
    pub site: Option<Site>,
    /// Every error and warning found, each at its file, line and column.
    pub diagnostics: Diagnostics,
    /// Files read, relative to the project root (the watch set for serve).
    pub read: BTreeSet<PathBuf>,
    /// Slide count per language, in configured order.
    pub slides: Vec<(String, usize)>,
    /// The project's `deck.toml`, when it loaded.
    pub config: Option<Config>,
    /// The project's files as the build read them, when `deck.toml` loaded: what `check`
    /// checks beyond the build (Fluent keys, translations) without reading them again.
    pub project: Option<Project>,
    /// Digest of everything the site is made from (every file read, the options that shape
    /// pages, this program's version), when the inputs loaded and the build was asked for it
    /// (`build`, `build_planned`): exports made from this build record it, and a later build
    /// with the same digest keeps them.
    pub source: Option<String>,
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

/// Chooses, from the configuration and the build's source digest, the exports (site paths such as `ja/deck.pdf`) the
/// pages link: the site gets an empty slot for each, which the caller fills before writing.
pub(crate) type Plan<'a> = &'a mut dyn FnMut(&Config, &str) -> BTreeSet<String>;

/// Build the project at `root` in memory (pages link `opts.exports`).
pub fn build(root: &Path, opts: &BuildOptions) -> BuildOutput {
    let planned = opts.exports.clone();
    build_planned(root, opts, &mut RenderCache::one_shot(), &mut |_, _| {
        planned.clone()
    })
}

/// `build`, reusing slides rendered by earlier builds that share `cache` (serve); no digest.
pub fn build_with_cache(root: &Path, opts: &BuildOptions, cache: &mut RenderCache) -> BuildOutput {
    build_inner(root, opts, cache, None)
}

/// `build`, the exports the pages link chosen by `plan` once the inputs are loaded.
pub(crate) fn build_planned(
    root: &Path,
    opts: &BuildOptions,
    cache: &mut RenderCache,
    plan: Plan<'_>,
) -> BuildOutput {
    build_inner(root, opts, cache, Some(plan))
}

fn build_inner(
    root: &Path,
    opts: &BuildOptions,
    cache: &mut RenderCache,
    plan: Option<Plan<'_>>,
) -> BuildOutput {
    crate::markdown::highlight::preload();
    let mut out = BuildOutput::default();
    let mut sources = match Sources::new(root) {
        Ok(s) if plan.is_some() => s.hashing(),
        Ok(s) => s,
        Err(e) => {
            out.diagnostics.push(e);
            return out;
        }
    };
    let result = run(&mut sources, opts, plan, cache, &mut out);
    out.read = sources.read_paths().clone();
    match result {
        Ok(site) if !out.diagnostics.has_errors() => out.site = Some(site),
        Ok(_) => {}
        Err(errs) => out.diagnostics.extend(errs),
    }
    out
}

/// Wall time per phase.
struct Laps(Instant);

impl Laps {
    fn lap(&mut self, out: &mut BuildOutput, phase: &'static str) {
        out.timings.push((phase, self.0.elapsed()));
        self.0 = Instant::now();
    }
}

/// The stages in order, each one's value handed to the next and its diagnostics to `out`.
fn run(
    sources: &mut Sources,
    opts: &BuildOptions,
    plan: Option<Plan<'_>>,
    cache: &mut RenderCache,
    out: &mut BuildOutput,
) -> Result<Site, Vec<Diagnostic>> {
    let mut laps = Laps(Instant::now());
    let config = load::config(sources)?;
    out.config = Some(config.clone());
    laps.lap(out, "config");
    // Read first what the side threads work on, so that they run beside the load stage too;
    // the theme's files (megabytes of fonts) are read by their own thread.
    let texts = crate::render::Templates::read(sources);
    let mut theme_sources = sources.fork();
    let theme = || load::theme_files(&mut theme_sources, &config);
    let (front, side) = beside(&texts, theme, cache, |cache| {
        front(sources, &config, texts.as_ref(), cache, out, &mut laps)
    });
    sources.join(theme_sources);
    out.timings.extend(side.timings);
    let (loaded, media) = front?;
    let templates = side.templates?;
    let assets = side.assets?;
    // Each language's files on a core of its own (a character is reported once per file).
    let missing = crate::util::par_map(&loaded.langs, |l| {
        crate::render::glyphs::missing(&assets.coverage, &l.deck.slides)
    });
    out.diagnostics.extend(missing.into_iter().flatten());
    laps.lap(out, "assets");
    // Every input is read: the digest is complete, and the plan can be made.
    let mut opts = opts.clone();
    if let Some(plan) = plan {
        let source = source_digest(sources, &opts);
        opts.exports = plan(&config, &source);
        out.source = Some(source);
    }
    let (config, media) = (&config, &media);
    pages(
        Pages {
            config,
            opts: &opts,
            media,
            templates: &templates,
            assets: &assets,
        },
        loaded.langs,
        cache,
        out,
        laps,
    )
}

/// The load, media and slide stages: the languages with their slides rendered, and the media.
fn front(
    sources: &mut Sources,
    config: &Config,
    texts: Result<&crate::render::TemplateTexts, &Vec<Diagnostic>>,
    cache: &mut RenderCache,
    out: &mut BuildOutput,
    laps: &mut Laps,
) -> Result<(load::Loaded, crate::assets::Index), Vec<Diagnostic>> {
    let load = load::inputs(sources, config, texts, cache);
    out.project = Some(load.project);
    out.diagnostics.extend(load.warnings);
    out.data_as_of = load.data_as_of;
    let mut loaded = load.loaded?;
    laps.lap(out, "load");
    let decks: Vec<&Deck> = loaded.langs.iter().map(|l| &l.deck).collect();
    let parity = content::parity::check(&decks);
    if !parity.is_empty() {
        return Err(parity);
    }
    let media = crate::assets::Index::load(sources, &config.languages)?;
    laps.lap(out, "media");
    render_slides(&mut loaded, &media, cache, out)?;
    laps.lap(out, "slides");
    Ok((loaded, media))
}

/// The templates parsed and the theme's files fingerprinted, each on a thread of its own while
/// the load and slide stages run (each is mostly one thread's work, and those stages leave
/// room beside them).
struct Side {
    templates: Result<Arc<crate::render::Templates>, Vec<Diagnostic>>,
    assets: Result<Arc<crate::render::assets::Assets>, Vec<Diagnostic>>,
    /// Their wall times, named as phases that overlap the others.
    timings: [(&'static str, Duration); 2],
}

/// `main(cache)` on this thread, `Side`'s work from `texts` and `theme()` beside it.
fn beside<T>(
    texts: &Result<crate::render::TemplateTexts, Vec<Diagnostic>>,
    theme: impl FnOnce() -> ThemeFiles + Send,
    cache: &mut RenderCache,
    main: impl FnOnce(&mut RenderCache) -> T,
) -> (T, Side) {
    let mut templates_memo = std::mem::take(&mut cache.templates);
    let mut assets_memo = std::mem::take(&mut cache.assets);
    let (main, (templates, parsed), (assets, printed)) = std::thread::scope(|scope| {
        let parse = scope.spawn(|| {
            timed(|| match texts {
                Ok(texts) => load::templates(texts, &mut templates_memo),
                Err(e) => Err(e.clone()),
            })
        });
        let print =
            scope.spawn(|| timed(|| theme().map(|raw| load::assets(raw, &mut assets_memo))));
        let main = main(cache);
        let parsed = parse
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        let printed = print
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (main, parsed, printed)
    });
    cache.templates = templates_memo;
    cache.assets = assets_memo;
    let side = Side {
        templates,
        assets,
        timings: [("templates (beside)", parsed), ("assets (beside)", printed)],
    };
    (main, side)
}

/// `f()` and the wall time it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    (f(), t.elapsed())
}

/// The theme's files as read, or why they could not be.
type ThemeFiles = Result<std::collections::BTreeMap<String, Vec<u8>>, Vec<Diagnostic>>;

/// The slide stage, its warnings to `out`; every diagnostic when one is an error.
fn render_slides(
    loaded: &mut load::Loaded,
    media: &crate::assets::Index,
    cache: &mut RenderCache,
    out: &mut BuildOutput,
) -> Result<(), Vec<Diagnostic>> {
    let dirs = (loaded.data.as_ref(), &*loaded.directives);
    let slides = slides::render(&mut loaded.langs, dirs, &loaded.data_fp, media, cache);
    out.slides = loaded
        .langs
        .iter()
        .map(|l| (l.lang.clone(), l.deck.slides.len()))
        .collect();
    out.rendered = slides.rendered;
    if slides.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(slides.diagnostics);
    }
    out.diagnostics.extend(slides.diagnostics);
    Ok(())
}

/// What the page stage renders from.
struct Pages<'a> {
    config: &'a Config,
    opts: &'a BuildOptions,
    media: &'a crate::assets::Index,
    templates: &'a crate::render::Templates,
    assets: &'a crate::render::assets::Assets,
}

/// The page stage: images chosen, pages rendered, media published, links checked.
fn pages(
    p: Pages<'_>,
    mut langs: Vec<Language>,
    cache: &mut RenderCache,
    out: &mut BuildOutput,
    mut laps: Laps,
) -> Result<Site, Vec<Diagnostic>> {
    crate::media::choose_images(p.config, p.media, &mut langs)?;
    let (cfg, opts) = (p.config, p.opts);
    let rendered = crate::render::pages::render_site(
        cfg,
        opts,
        &langs,
        p.templates,
        p.assets,
        &mut cache.pages,
    );
    let mut rendered = rendered.map_err(|e| vec![e])?;
    out.pages_reused = rendered.reused;
    laps.lap(out, "pages");
    let published = crate::media::publish(cfg, opts, p.media, &langs, &mut rendered.site)?;
    out.resized = published.resized;
    out.diagnostics.extend(published.diagnostics);
    laps.lap(out, "publish media");
    // A broken internal link or anchor fails the build: never publish a broken deck.
    let decks: Vec<&Deck> = langs.iter().map(|l| &l.deck).collect();
    let site = &rendered.site;
    let broken = crate::render::splice::check_links(site, &rendered.parts, &decks);
    out.diagnostics.extend(broken);
    laps.lap(out, "links");
    out.languages = langs;
    Ok(rendered.site)
}

/// The build's source digest: every file read, the options that shape pages, the program.
fn source_digest(sources: &Sources, opts: &BuildOptions) -> String {
    let read = sources.digest().unwrap_or_default();
    let base = opts.base_url.as_deref().unwrap_or("\0none");
    let parts = [env!("CARGO_PKG_VERSION"), base, read.as_str()];
    crate::util::hex::encode(&crate::render_cache::fingerprint(parts))
}
