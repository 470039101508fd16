//! The slide stage: every slide of every language rendered to HTML (from the render cache where
//! the slide, its strings, the data and the media are unchanged), misses on all cores.

use crate::data::DataSet;
use crate::diag::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::directive::DirectiveTemplates;
use crate::markdown::{self, Directives};
use crate::render::{Language, SlideHtml};
use crate::render_cache::{self, RenderCache};
use crate::util::par_map;
use std::path::Path;
use std::sync::Arc;

/// What the slide stage reported: the diagnostics of every slide in slide order, and how many
/// slides it rendered (the others came from the cache).
pub(super) struct Rendered {
    pub diagnostics: Vec<Diagnostic>,
    pub rendered: usize,
}

/// A slide's place in a build: its cached rendering, or the cache key of a rendering to do.
type Slot = Result<(Arc<SlideHtml>, Vec<Diagnostic>), [u8; 32]>;

/// Render every slide of `langs` into `Language::rendered`.
pub(super) fn render(
    langs: &mut [Language],
    (data, templates): (Option<&DataSet>, &DirectiveTemplates),
    data_fp: &str,
    media: &crate::assets::Index,
    cache: &mut RenderCache,
) -> Rendered {
    let mut used = std::collections::HashSet::new();
    let misses = cache.stats().1;
    // Slot per slide: the cached result, or the index of the job that renders it.
    let mut slots: Vec<Vec<Slot>> = Vec::new();
    let media_fp = crate::util::hex::encode(media.fingerprint());
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
    let mut diagnostics = Vec::new();
    for (l, row) in langs.iter_mut().zip(slots) {
        l.rendered = Vec::with_capacity(row.len());
        for slot in row {
            let (r, d) = slot.unwrap_or_else(|key| {
                let (r, d) = rendered.next().expect("one rendering per miss");
                cache.store(key, r, d)
            });
            diagnostics.extend(d);
            l.rendered.push(r);
        }
    }
    cache.retain(&used);
    Rendered {
        diagnostics,
        rendered: cache.stats().1 - misses,
    }
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
pub(super) fn data_dates(
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
