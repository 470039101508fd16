//! Content: the Markdown files of one language read into a `Deck` of slides, in file-name order
//! (NFC-sorted), each slide with its id, kind, title, section and source slice.

pub mod front_matter;
pub(crate) mod parity;
pub mod split;

use crate::diag::Diagnostic;
use crate::source::Sources;
use crate::util::Memo;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The kinds of slide the theme styles differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlideKind {
    /// The deck's opening slide (class `title`).
    Title,
    /// A slide opening a section (class `section`).
    Section,
    /// The deck's last words (class `closing`).
    Closing,
    /// Every other slide.
    Content,
}

impl SlideKind {
    fn from_classes(classes: &[String]) -> SlideKind {
        for c in classes {
            match c.as_str() {
                "title" => return SlideKind::Title,
                "section" => return SlideKind::Section,
                "closing" => return SlideKind::Closing,
                _ => {}
            }
        }
        SlideKind::Content
    }

    /// The kind as the theme's class and the templates spell it (`title`, `content`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SlideKind::Title => "title",
            SlideKind::Section => "section",
            SlideKind::Closing => "closing",
            SlideKind::Content => "content",
        }
    }
}

/// One slide of one language.
#[derive(Debug, Clone)]
pub struct Slide {
    /// The id, the same in every language (the slide's `#fragment` and parity key).
    pub id: String,
    /// The kind, from the slide's classes.
    pub kind: SlideKind,
    /// Classes other than the kind, passed to the slide element.
    pub(crate) classes: Vec<String>,
    /// The slide's first heading as plain text (the outline and page titles).
    pub title: String,
    /// The section the slide's file belongs to (its front matter's `section`).
    pub section: Option<String>,
    /// File the slide comes from, relative to the project root.
    pub file: PathBuf,
    /// Whole text of that file (front matter blanked), for locating diagnostics.
    pub(crate) file_text: Arc<String>,
    /// Byte offset of the slide's source inside `file_text`.
    pub offset: usize,
    /// The slide's Markdown source.
    pub source: String,
    /// 1-based line of the slide's id.
    pub line: usize,
}

/// The slides of one language, in order.
#[derive(Debug, Clone)]
pub struct Deck {
    /// The language code (`ja`, `en`).
    pub lang: String,
    /// The slides, in file order, then in order within each file.
    pub slides: Vec<Slide>,
}

/// Read `content/<lang>/*.md` into a deck, reusing the slides of files whose text is unchanged
/// since they went into `memo`. Errors are collected over all files.
pub(crate) fn load_deck_with(
    sources: &mut Sources,
    lang: &str,
    memo: &mut Memo<PathBuf, Vec<Slide>>,
) -> Result<Deck, Vec<Diagnostic>> {
    let dir = Path::new("content").join(lang);
    let files = sources.list(&dir, "md").map_err(|e| vec![e])?;
    let mut slides = Vec::new();
    let mut errors = Vec::new();
    // Every file read first, then the files parsed on all cores; slides and errors stay in
    // file order.
    let mut texts = Vec::new();
    let mut read_errors = Vec::new();
    for f in files {
        match sources.read_text(&f.rel) {
            // CommonMark: a NUL is replaced by U+FFFD; it must never reach the HTML raw.
            Ok(text) if text.contains('\0') => texts.push((f.rel, text.replace('\0', "\u{fffd}"))),
            Ok(text) => texts.push((f.rel, text)),
            Err(e) => {
                read_errors.push((texts.len(), e));
            }
        }
    }
    let parsed = memo.get_or_try_texts(&texts, |rel, text| parse_file(rel, text));
    let mut read_errors = read_errors.into_iter().peekable();
    for (i, file) in parsed.into_iter().enumerate() {
        // A file that could not be read is reported where it comes in the folder.
        while let Some((_, e)) = read_errors.next_if(|(at, _)| *at == i) {
            errors.push(e);
        }
        match file {
            Ok(mut s) => slides.append(&mut s),
            Err(mut e) => errors.append(&mut e),
        }
    }
    errors.extend(read_errors.map(|(_, e)| e));
    errors.extend(duplicate_ids(&slides));
    if errors.is_empty() {
        Ok(Deck {
            lang: lang.to_string(),
            slides,
        })
    } else {
        Err(errors)
    }
}

/// The slides of the Markdown file `rel` whose text is `text`.
fn parse_file(rel: &Path, text: &str) -> Result<Vec<Slide>, Vec<Diagnostic>> {
    let (fm, body) = front_matter::split(rel, text).map_err(|e| vec![e])?;
    let raw = split::split(rel, &body)?;
    let file_text = Arc::new(body);
    // Lines counted incrementally: slides come in file order (no quadratic rescans).
    let (mut at, mut line) = (0usize, 1usize);
    Ok(raw
        .into_iter()
        .map(|r| {
            let upto = r.id_offset.max(at);
            line += file_text.as_bytes()[at..upto]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            at = upto;
            Slide {
                kind: SlideKind::from_classes(&r.classes),
                classes: r
                    .classes
                    .into_iter()
                    .filter(|c| !matches!(c.as_str(), "title" | "section" | "closing"))
                    .collect(),
                id: r.id,
                title: r.title,
                section: fm.section.clone(),
                file: rel.to_path_buf(),
                source: file_text[r.range.clone()].to_string(),
                offset: r.range.start,
                file_text: Arc::clone(&file_text),
                line,
            }
        })
        .collect())
}

fn duplicate_ids(slides: &[Slide]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Slide> = BTreeMap::new();
    let mut errors = Vec::new();
    for s in slides {
        if let Some(first) = seen.get(s.id.as_str()) {
            errors.push(
                Diagnostic::error(format!("duplicate slide id `{}`", s.id))
                    .in_file(&s.file)
                    .at_offset(&s.file_text, s.offset + id_pos(s))
                    .hint(format!(
                        "first used at {}:{}",
                        first.file.display(),
                        first.line
                    )),
            );
        } else {
            seen.insert(&s.id, s);
        }
    }
    errors
}

/// Offset of the id text inside the slide source (for the caret), or its first line.
fn id_pos(s: &Slide) -> usize {
    s.source.find(&format!("#{}", s.id)).unwrap_or(0)
}
