//! The one validation of a parsed `deck.toml`: each error names the key it is about and points at
//! the line that sets it (or its table's header).

use super::{is_lang_code, Config, DeployConfig};
use crate::diag::Diagnostic;
use std::path::Path;

impl Config {
    pub(super) fn validate(&self, path: &Path, text: &str) -> Vec<Diagnostic> {
        let mut errs = Vec::new();
        // Each error names the key it is about, so it can point at its line in deck.toml.
        let mut err =
            |key: &str, m: String| errs.push((key.to_string(), Diagnostic::error(m).in_file(path)));
        self.validate_languages(&mut err);
        self.validate_names(&mut err);
        self.validate_card(&mut err);
        self.deploy.validate(&mut err);
        errs.into_iter()
            .map(|(key, d)| match locate_key(text, &key) {
                Some(at) => d.at_offset(text, at),
                None => d,
            })
            .collect()
    }

    /// `languages`, and the per-language tables that must match it.
    fn validate_languages(&self, err: &mut impl FnMut(&str, String)) {
        if self.languages.is_empty() {
            err(
                "languages",
                "`languages` must name at least one language".into(),
            );
        }
        for (i, l) in self.languages.iter().enumerate() {
            if !is_lang_code(l) {
                err(
                    "languages",
                    format!("`{l}` is not a language code like `ja` or `en`"),
                );
            }
            if self.languages[..i].contains(l) {
                err("languages", format!("language `{l}` is listed twice"));
            }
            if !self.title.contains_key(l) {
                err(
                    &format!("title.{l}"),
                    format!("`title.{l}` is missing: every language needs a title"),
                );
            }
        }
        for l in self.title.keys() {
            if !self.languages.contains(l) {
                err(
                    &format!("title.{l}"),
                    format!("`title.{l}` is for a language not in `languages`"),
                );
            }
        }
        if let Some(src) = &self.source_language {
            if !self.languages.contains(src) {
                err(
                    "source_language",
                    format!("`source_language = \"{src}\"` is not in `languages`"),
                );
            }
        }
    }

    /// Names that become paths or URLs: the deck's name, the theme, the base URL.
    fn validate_names(&self, err: &mut impl FnMut(&str, String)) {
        if !is_safe_name(&self.name) {
            err(
                "name",
                format!(
                    "`name = \"{}\"` must be ASCII letters, digits, `-` or `_`",
                    self.name
                ),
            );
        }
        if !is_safe_name(&self.theme) {
            err(
                "theme",
                format!("`theme = \"{}\"` must be a plain folder name", self.theme),
            );
        }
        if let Some(u) = &self.base_url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                err(
                    "base_url",
                    format!("`base_url = \"{u}\"` must start with https:// or http://"),
                );
            }
        }
    }

    /// What the pages' link-preview cards use: descriptions per language and the image.
    fn validate_card(&self, err: &mut impl FnMut(&str, String)) {
        for l in self
            .description
            .keys()
            .filter(|l| !self.languages.contains(l))
        {
            err(
                "description",
                format!("`description.{l}` is for a language not in `languages`"),
            );
        }
        if let Some(i) = self
            .image
            .as_deref()
            .filter(|i| crate::assets::reference(i).is_none())
        {
            err(
                "image",
                format!(
                    "`image = \"{i}\"` must name a file in the assets folders, like `assets/card.png`"
                ),
            );
        }
    }
}

impl DeployConfig {
    fn validate(&self, err: &mut impl FnMut(&str, String)) {
        if let Some(c) = &self.cname {
            if !super::is_host_name(c) {
                err(
                    "deploy.cname",
                    format!(
                        "`deploy.cname = \"{c}\"` must be a bare domain like `deck.example.com`"
                    ),
                );
            }
        }
        let headers = [
            ("cache_control_assets", &self.cache_control_assets),
            ("cache_control_default", &self.cache_control_default),
        ];
        let types = self.content_types.iter().map(|(k, v)| (k.as_str(), v));
        for (key, value) in headers
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_ref()?)))
        {
            if value.trim().is_empty() || value.chars().any(|c| c.is_control()) {
                err(
                    &format!("deploy.{key}"),
                    format!("`deploy.{key}` must be a non-empty one-line header value"),
                );
            }
        }
        for (ext, value) in types {
            if ext.is_empty() || ext.contains('.') || ext.to_ascii_lowercase() != ext {
                err(
                    &format!("deploy.content_types.{ext}"),
                    format!("`deploy.content_types.{ext}`: keys are lower-case extensions without the dot"),
                );
            }
            if !value.contains('/') || value.chars().any(|c| c.is_control()) {
                err(
                    &format!("deploy.content_types.{ext}"),
                    format!("`deploy.content_types.{ext} = \"{value}\"` is not a media type like `text/plain`"),
                );
            }
        }
    }
}

fn is_safe_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The byte offset in `text` where the dotted `key` is set, else its table's header, else the
/// line of its first part: where a semantic error about that key points.
fn locate_key(text: &str, key: &str) -> Option<usize> {
    let parent = key.rsplit_once('.').map_or("", |(p, _)| p);
    let first = key.split('.').next().unwrap_or(key);
    let (mut table, mut offset) = (String::new(), 0);
    let (mut header, mut top) = (None, None);
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let at = offset + line.len() - t.len();
        offset += line.len();
        if let Some(h) = t.strip_prefix('[') {
            table = h
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if table == parent || (header.is_none() && table == first) {
                header = Some(at);
            }
            continue;
        }
        let Some((k, _)) = t.split_once('=') else {
            continue;
        };
        let k = k.trim().trim_matches('"');
        let full = match table.is_empty() {
            true => k.to_string(),
            false => format!("{table}.{k}"),
        };
        if full == key {
            return Some(at);
        }
        if table.is_empty() && k == first {
            top = Some(at);
        }
    }
    header.or(top)
}
