//! The project as the build loaded it: the configuration, each language's Fluent files and
//! deck, the project's templates and data files. The build fills it stage by stage and hands it
//! back in its output (as far as it got), so `check` reads the files the build read instead of
//! loading them a second time.

use crate::config::Config;
use crate::content::Deck;
use std::path::PathBuf;

/// A text file of the project: path relative to the root, and its text.
pub(crate) type TextFile = (PathBuf, String);

/// One language's sources.
#[derive(Debug, Clone)]
pub struct LangSources {
    pub lang: String,
    /// `content/<lang>/*.ftl`, in file-name order.
    pub ftl: Vec<TextFile>,
    /// The slides, when they loaded without errors.
    pub deck: Option<Deck>,
}

/// What the build read, beside what it made of it.
#[derive(Debug, Clone)]
pub struct Project {
    pub config: Config,
    /// Every configured language that has a content folder, in configured order.
    pub langs: Vec<LangSources>,
    /// The project's `templates/**` as (template name, file); each overrides the built-in
    /// template of the same name.
    pub templates: Vec<(String, TextFile)>,
    /// The `data/*.toml` files the build read.
    pub data: Vec<TextFile>,
}

impl Project {
    pub fn lang(&self, lang: &str) -> Option<&LangSources> {
        self.langs.iter().find(|l| l.lang == lang)
    }
}
