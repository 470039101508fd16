//! Outdated translations: `content/translations.lock` records, for each slide of each translated
//! language, the hash of the source-language slide it follows and that slide's text (so a
//! change can be shown as a diff). `check` warns about translations that are behind or were
//! never accepted; `check --accept ID|--all` records the current source slides.
//!
//! The lock is TOML with sorted tables and no timestamps, so writing it twice gives the same
//! bytes and it merges like any text file.

use super::diff;
use crate::content::{Deck, Slide};
use crate::diag::Diagnostic;
use crate::pipeline::project::Project;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// The lock file, relative to the project root.
pub(crate) const LOCK: &str = "content/translations.lock";

/// The on-disk format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Format version (1).
    pub version: u32,
    /// The language the hashes are of (`source_language` in deck.toml when accepted).
    pub source_language: String,
    /// Translated language -> slide id -> what the translation follows.
    #[serde(default)]
    pub translations: BTreeMap<String, BTreeMap<String, Entry>>,
}

/// What one translated slide follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// First 12 hex digits of the SHA-256 of the normalised source slide.
    pub(crate) hash: String,
    /// The normalised source slide, for the diff when it changes.
    pub source: String,
}

/// Which slides `--accept` records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accept {
    /// The named slide ids.
    Ids(Vec<String>),
    /// Every slide.
    All,
}

/// Normalised slide Markdown: NFC, no trailing spaces, no leading or trailing blank lines,
/// one final newline. Whitespace-only edits do not make a translation outdated.
pub(crate) fn normalise(source: &str) -> String {
    let nfc: String = source.nfc().collect();
    let lines: Vec<&str> = nfc.lines().map(str::trim_end).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    let mut out = lines[start..end].join("\n");
    out.push('\n');
    out
}

/// The short content hash of a source slide.
pub(crate) fn hash(source: &str) -> String {
    crate::util::hex::encode(&crate::util::hex::sha256(normalise(source).as_bytes())[..6])
}

impl Lock {
    fn new(source_language: &str) -> Lock {
        Lock {
            version: 1,
            source_language: source_language.to_string(),
            translations: BTreeMap::new(),
        }
    }

    /// Parse the lock's text; errors are located in the file.
    pub fn parse(text: &str) -> Result<Lock, Diagnostic> {
        let lock: Lock = toml::from_str(text)
            .map_err(|e| crate::config::toml_error(Path::new(LOCK), text, &e))?;
        if lock.version != 1 {
            return Err(Diagnostic::error(format!(
                "unsupported translations.lock version {}",
                lock.version
            ))
            .in_file(LOCK));
        }
        Ok(lock)
    }

    /// The file's text: a comment header and sorted TOML tables.
    pub fn render(&self) -> String {
        let body = toml::to_string_pretty(self).expect("the lock serialises");
        format!(
            "# Which version of each source-language slide the translations follow.\n\
             # Written by `kumo-deck check --accept SLIDE-ID` or `--all`; do not edit by hand.\n\n\
             {body}"
        )
    }
}

/// The decks of the source language and of each translated language, when all loaded.
fn decks<'a>(project: &'a Project, source: &str) -> Option<(&'a Deck, Vec<&'a Deck>)> {
    let src = project.lang(source)?.deck.as_ref()?;
    let others = project
        .langs
        .iter()
        .filter(|l| l.lang != source)
        .filter_map(|l| l.deck.as_ref())
        .collect();
    Some((src, others))
}

/// Record the current source slides for `which`, on top of `lock` (when it has the same source
/// language). Entries of slides or languages that no longer exist are dropped.
/// Returns the new lock and how many translations were recorded.
pub fn accept(
    project: &Project,
    lock: Option<Lock>,
    which: &Accept,
) -> Result<(Lock, usize), Diagnostic> {
    let Some(source) = project.config.source_language.as_deref() else {
        return Err(Diagnostic::error("deck.toml has no `source_language`")
            .in_file("deck.toml")
            .hint("add `source_language = \"ja\"` (the language the others translate)"));
    };
    let Some((src, others)) = decks(project, source) else {
        return Err(Diagnostic::error(
            "cannot accept translations while the slides have errors; fix those first",
        ));
    };
    let mut lock = match lock {
        Some(l) if l.source_language == source => l,
        _ => Lock::new(source),
    };
    let ids: Vec<&str> = match which {
        Accept::All => src.slides.iter().map(|s| s.id.as_str()).collect(),
        Accept::Ids(ids) => ids.iter().map(String::as_str).collect(),
    };
    let mut count = 0;
    for id in ids {
        let Some(s) = src.slides.iter().find(|s| s.id == id) else {
            return Err(Diagnostic::error(format!(
                "no slide `{id}` in the `{source}` (source language) slides"
            )));
        };
        let entry = Entry {
            hash: hash(&s.source),
            source: normalise(&s.source),
        };
        for deck in others
            .iter()
            .filter(|d| d.slides.iter().any(|t| t.id == id))
        {
            let table = lock.translations.entry(deck.lang.clone()).or_default();
            table.insert(id.to_string(), entry.clone());
            count += 1;
        }
    }
    prune(&mut lock, src, &project.config.languages);
    Ok((lock, count))
}

/// Drop entries of languages no longer configured and of source slides that are gone. (A
/// language whose slides failed to load keeps its entries: they are not known to be stale.)
fn prune(lock: &mut Lock, src: &Deck, languages: &[String]) {
    lock.translations
        .retain(|lang, _| lang != &src.lang && languages.contains(lang));
    for table in lock.translations.values_mut() {
        table.retain(|id, _| src.slides.iter().any(|s| &s.id == id));
    }
    lock.translations.retain(|_, t| !t.is_empty());
}

/// Warnings for translated slides that are behind their source or were never accepted.
pub(crate) fn outdated(project: &Project, lock: Option<&Lock>) -> Vec<Diagnostic> {
    let Some(source) = project.config.source_language.as_deref() else {
        return Vec::new();
    };
    let Some((src, others)) = decks(project, source) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let lock = match lock {
        Some(l) if l.source_language != source => {
            out.push(
                Diagnostic::warning(format!(
                    "translations.lock follows `{}`, but the source language is now `{source}`",
                    l.source_language
                ))
                .in_file(LOCK)
                .hint("run `kumo-deck check --all` once the translations are in step"),
            );
            None
        }
        l => l,
    };
    if lock.is_none() {
        out.extend(no_lock(src, &others));
        return out;
    }
    for deck in others {
        for t in &deck.slides {
            let Some(s) = src.slides.iter().find(|s| s.id == t.id) else {
                continue; // parity reports it
            };
            let entry = lock.and_then(|l| l.translations.get(&deck.lang)?.get(&t.id));
            if let Some(d) = behind(s, t, &deck.lang, source, entry) {
                out.push(d);
            }
        }
    }
    out
}

/// Without a lock nothing was ever accepted: one warning instead of one per slide.
fn no_lock(src: &Deck, others: &[&Deck]) -> Option<Diagnostic> {
    let n: usize = others
        .iter()
        .map(|d| {
            d.slides
                .iter()
                .filter(|t| src.slides.iter().any(|s| s.id == t.id))
                .count()
        })
        .sum();
    (n > 0).then(|| {
        Diagnostic::warning(format!(
            "no {LOCK} yet: {n} translated slide(s) were never accepted as following their `{}` source",
            src.lang
        ))
        .in_file(LOCK)
        .hint("once the translations are in step, run `kumo-deck check --all` and commit the lock")
    })
}

/// The warning for translated slide `t` of `lang` against source slide `s`, if any.
fn behind(s: &Slide, t: &Slide, lang: &str, source: &str, e: Option<&Entry>) -> Option<Diagnostic> {
    let accept = format!(
        "once the translation follows the source, run `kumo-deck check --accept {}`",
        t.id
    );
    let at_source = format!("{}:{}", s.file.display(), s.line);
    let d = match e {
        Some(e) if e.hash == hash(&s.source) => return None,
        None => Diagnostic::warning(format!(
            "`{lang}` slide `{}` was never accepted as a translation of its `{source}` source",
            t.id
        ))
        .hint(format!("source: {at_source}")),
        Some(e) => {
            let lines = diff::short(&e.source, &normalise(&s.source), 12);
            Diagnostic::warning(format!(
                "`{lang}` slide `{}` is behind: its `{source}` source changed since the \
                 translation was accepted",
                t.id
            ))
            .hint(format!(
                "source change at {at_source}:\n      {}",
                lines.join("\n      ")
            ))
        }
    };
    Some(
        d.in_file(&t.file)
            .at(t.line, 1)
            .with_source(&t.file_text)
            .hint(accept),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_trailing_space_and_blank_edges() {
        assert_eq!(hash("\n\n# A {#a}  \n\ntext\n\n"), hash("# A {#a}\n\ntext"));
        assert_ne!(hash("# A {#a}\n\ntext"), hash("# A {#a}\n\ntext!"));
        assert_eq!(hash("x").len(), 12);
    }

    #[test]
    fn lock_round_trips_and_is_stable() {
        let mut lock = Lock::new("ja");
        let entry = Entry {
            hash: hash("# 見出し {#b}\n\n\"quotes\" ''' \\ \"\"\"\n"),
            source: normalise("# 見出し {#b}\n\n\"quotes\" ''' \\ \"\"\"\n"),
        };
        let table = lock.translations.entry("en".into()).or_default();
        table.insert("b".into(), entry.clone());
        table.insert("a.b".into(), entry);
        let text = lock.render();
        assert_eq!(Lock::parse(&text).unwrap(), lock, "{text}");
        assert_eq!(Lock::parse(&text).unwrap().render(), text);
        assert!(
            text.find("\"a.b\"").unwrap() < text.find(".b]").unwrap(),
            "{text}"
        );
    }
}
