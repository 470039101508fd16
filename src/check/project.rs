//! The project as `check` sees it: the configuration, each language's Fluent files and deck,
//! the project's templates and data files, read through `Sources` with the same loaders the
//! build uses (their errors are the build's errors, so `check` deduplicates them).

use crate::config::Config;
use crate::content::{self, Deck};
use crate::diag::Diagnostic;
use crate::i18n::Strings;
use crate::source::Sources;
use std::path::{Path, PathBuf};

/// A text file of the project: path relative to the root, and its text.
pub type TextFile = (PathBuf, String);

/// One language's sources.
pub struct LangSources {
    pub lang: String,
    /// `content/<lang>/*.ftl`, in file-name order.
    pub ftl: Vec<TextFile>,
    /// The slides, when they loaded without errors.
    pub deck: Option<Deck>,
}

/// What `check` reads besides the build.
pub struct Project {
    pub config: Config,
    pub langs: Vec<LangSources>,
    /// `templates/**` of the project as (template name, file); each overrides the built-in
    /// template of the same name.
    pub templates: Vec<(String, TextFile)>,
    /// `data/*.toml`.
    pub data: Vec<TextFile>,
    /// Errors met while loading (mostly the same as the build's).
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Load the project at `root`; `None` when there is no readable, valid `deck.toml`
    /// (the build reports why).
    pub fn load(root: &Path) -> Option<(Project, Sources)> {
        let mut sources = Sources::new(root).ok()?;
        let cfg = Path::new("deck.toml");
        let text = sources.read_text(cfg).ok()?;
        let config = Config::parse(cfg, &text).ok()?;
        let mut diagnostics = Vec::new();
        let mut langs = Vec::new();
        for lang in &config.languages {
            langs.push(load_lang(&mut sources, lang, &mut diagnostics));
        }
        let templates = read_all(&mut sources, "templates", "", &mut diagnostics);
        let data = read_all(&mut sources, "data", "toml", &mut diagnostics)
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        let project = Project {
            config,
            langs,
            templates,
            data,
            diagnostics,
        };
        Some((project, sources))
    }

    pub fn lang(&self, lang: &str) -> Option<&LangSources> {
        self.langs.iter().find(|l| l.lang == lang)
    }
}

fn load_lang(sources: &mut Sources, lang: &str, diags: &mut Vec<Diagnostic>) -> LangSources {
    let dir = Path::new("content").join(lang);
    let mut ftl = Vec::new();
    for f in sources.list(&dir, "ftl").unwrap_or_default() {
        match sources.read_text(&f.rel) {
            Ok(t) => ftl.push((f.rel, t)),
            Err(e) => diags.push(e),
        }
    }
    if let Err(e) = Strings::parse(lang, &ftl) {
        diags.extend(e);
    }
    let deck = match sources.exists(&dir) {
        true => content::load_deck(sources, lang)
            .map_err(|e| diags.extend(e))
            .ok(),
        false => None,
    };
    LangSources {
        lang: lang.to_string(),
        ftl,
        deck,
    }
}

/// Every file under `dir` ending in `.ext` (any file for `""`), as (NFC name relative to `dir`, file).
fn read_all(
    sources: &mut Sources,
    dir: &str,
    ext: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, TextFile)> {
    let listed = match sources.list_tree(Path::new(dir)) {
        Ok(l) => l,
        Err(e) => {
            diags.push(e);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for f in listed
        .into_iter()
        .filter(|f| ext.is_empty() || f.name.ends_with(&format!(".{ext}")))
    {
        match sources.read_text(&f.rel) {
            Ok(t) => out.push((f.name, (f.rel, t))),
            Err(e) => diags.push(e),
        }
    }
    out
}
