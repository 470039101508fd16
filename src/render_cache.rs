//! What a rebuild can reuse from the builds before it (serve keeps one cache across rebuilds):
//! rendered slides keyed by content hash (a rebuild re-renders only slides whose Markdown,
//! position, language strings or data changed), the slides of unchanged Markdown files, parsed
//! strings and templates, and page skeletons.

use crate::content::Slide;
use crate::diag::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::directive::DirectiveTemplates;
use crate::markdown::RenderedSlide;
use crate::render::assets::Assets;
use crate::render::splice::PageCache;
use crate::render::{SlideHtml, Templates};
use crate::util::Memo;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Rendered slides (and the diagnostics rendering produced) by content hash, and the page
/// skeletons of the last build.
#[derive(Debug, Default)]
pub struct RenderCache {
    map: HashMap<[u8; 32], (Arc<SlideHtml>, Vec<Diagnostic>)>,
    hits: usize,
    misses: usize,
    /// The page skeletons of the last build, by content hash (see `render::splice`).
    pub pages: PageCache,
    /// The slides of each Markdown file, by file.
    pub files: Memo<PathBuf, Vec<Slide>>,
    /// Each language's strings.
    pub strings: Memo<String, Arc<Strings>>,
    /// The templates.
    pub templates: Memo<(), Arc<Templates>>,
    /// The theme's files, fingerprinted.
    pub assets: Memo<(), Arc<Assets>>,
    /// The directive templates, parsed (a rebuild would otherwise parse them all again).
    pub(crate) directives: Memo<(), Arc<DirectiveTemplates>>,
}

impl RenderCache {
    /// A cache for one build with no rebuild after it (`build`, `pdf`, `pptx`): the parsed
    /// files are not kept, so their inputs are not copied.
    pub(crate) fn one_shot() -> RenderCache {
        RenderCache {
            files: Memo::one_shot(),
            strings: Memo::one_shot(),
            templates: Memo::one_shot(),
            assets: Memo::one_shot(),
            directives: Memo::one_shot(),
            ..RenderCache::default()
        }
    }

    /// The cache key of `slide` rendered with strings and data of fingerprint `env`.
    pub fn key(slide: &Slide, lang: &str, env: &[u8; 32]) -> [u8; 32] {
        let mut h = Sha256::new();
        for part in [
            lang.as_bytes(),
            slide.file.to_string_lossy().as_bytes(),
            &slide.offset.to_le_bytes(),
            // Line numbers of diagnostics depend on what precedes the slide in its file.
            &slide.line.to_le_bytes(),
            env,
            slide.source.as_bytes(),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.finalize().into()
    }

    /// The cached result for `key`, if an earlier build rendered it.
    pub(crate) fn lookup(&mut self, key: &[u8; 32]) -> Option<(Arc<SlideHtml>, Vec<Diagnostic>)> {
        let hit = self.map.get(key).cloned();
        if hit.is_some() {
            self.hits += 1;
        }
        hit
    }

    /// Keep `rendered` (and what rendering reported) under `key`.
    pub fn store(
        &mut self,
        key: [u8; 32],
        rendered: RenderedSlide,
        diags: Vec<Diagnostic>,
    ) -> (Arc<SlideHtml>, Vec<Diagnostic>) {
        self.misses += 1;
        let r = Arc::new(SlideHtml::new(rendered));
        self.map.insert(key, (r.clone(), diags.clone()));
        (r, diags)
    }

    /// (hits, misses) since the cache was made.
    pub fn stats(&self) -> (usize, usize) {
        (self.hits, self.misses)
    }

    /// Drop entries not used by the last build (call after a build with the keys it used).
    pub(crate) fn retain(&mut self, used: &std::collections::HashSet<[u8; 32]>) {
        self.map.retain(|k, _| used.contains(k));
    }
}

/// Fingerprint of texts (strings and data files) that slide rendering depends on.
pub(crate) fn fingerprint<'a>(texts: impl IntoIterator<Item = &'a str>) -> [u8; 32] {
    let mut h = Sha256::new();
    for t in texts {
        h.update((t.len() as u64).to_le_bytes());
        h.update(t.as_bytes());
    }
    h.finalize().into()
}
