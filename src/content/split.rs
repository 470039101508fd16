//! Slide splitting: top-level thematic breaks found in the parsed pulldown-cmark events (so a
//! `---` inside a fence, or a setext underline, never splits), and each slide's id and classes
//! from `{#id .class}` on its first heading or a `<!-- slide: #id .class -->` marker.

use crate::diag::Diagnostic;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

/// One slide found in a file: its byte range and what its head says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSlide {
    /// Where the slide's Markdown is in the file, in bytes.
    pub range: Range<usize>,
    /// The id given by its `<!-- slide: id -->` marker.
    pub id: String,
    pub(crate) classes: Vec<String>,
    /// Plain text of the first heading (empty when the slide has none).
    pub title: String,
    pub(crate) heading_level: Option<u8>,
    /// Byte offset of the slide's id (for diagnostics).
    pub(crate) id_offset: usize,
}

/// The Markdown extensions kumo-deck enables everywhere.
pub fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
}

/// Split a file body into slides. Empty chunks (e.g. a trailing `---`) are dropped.
pub fn split(path: &Path, text: &str) -> Result<Vec<RawSlide>, Vec<Diagnostic>> {
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (ev, r) in Parser::new_ext(text, options()).into_offset_iter() {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => {
                ranges.push(start..r.start);
                start = r.end;
            }
            _ => {}
        }
    }
    ranges.push(start..text.len());
    let mut slides = Vec::new();
    let mut errors = Vec::new();
    for range in ranges {
        if text[range.clone()].trim().is_empty() {
            continue;
        }
        match head(path, text, range) {
            Ok(s) => slides.push(s),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(slides)
    } else {
        Err(errors)
    }
}

/// Read the id and classes of the slide in `range`.
fn head(path: &Path, text: &str, range: Range<usize>) -> Result<RawSlide, Diagnostic> {
    let body = &text[range.clone()];
    let mut title = String::new();
    let mut in_heading = false;
    let mut found: Option<(Option<String>, Vec<String>, u8, usize)> = None;
    for (ev, r) in Parser::new_ext(body, options()).into_offset_iter() {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) if found.is_none() => {
                if let Some((id, classes)) = parse_marker(&h) {
                    found = Some((id, classes, 0, range.start + r.start));
                }
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) if found.is_none() => {
                let classes = classes.iter().map(|c| c.to_string()).collect();
                let lvl = heading_level(level);
                found = Some((
                    id.map(|i| i.to_string()),
                    classes,
                    lvl,
                    range.start + r.start,
                ));
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) if in_heading => break,
            Event::Text(t) | Event::Code(t) if in_heading => title.push_str(&t),
            _ => {}
        }
    }
    let first_line = range.start + body.len() - body.trim_start().len();
    let (id, classes, level, at) = found.unwrap_or((None, Vec::new(), 0, first_line));
    let Some(id) = id else {
        return Err(Diagnostic::error("slide has no id")
            .in_file(path)
            .at_offset(text, at)
            .hint("add `{#some-id}` to the slide's first heading, or start the slide with `<!-- slide: #some-id -->`")
            .hint("ids pair the languages, so the same id must be used in every language"));
    };
    if !is_valid_id(&id) {
        return Err(Diagnostic::error(format!(
            "slide id `{id}` must be ASCII letters, digits, `-` or `_`, starting with a letter"
        ))
        .in_file(path)
        .at_offset(text, at));
    }
    Ok(RawSlide {
        range,
        id,
        classes,
        title: title.trim().to_string(),
        heading_level: (level > 0).then_some(level),
        id_offset: at,
    })
}

/// `<!-- slide: #id .class -->` -> (id, classes).
pub fn parse_marker(html: &str) -> Option<(Option<String>, Vec<String>)> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let rest = inner.strip_prefix("slide:")?;
    let mut id = None;
    let mut classes = Vec::new();
    for tok in rest.split_whitespace() {
        if let Some(i) = tok.strip_prefix('#') {
            id = Some(i.to_string());
        } else if let Some(c) = tok.strip_prefix('.') {
            classes.push(c.to_string());
        }
    }
    Some((id, classes))
}

/// Whether `id` may name a slide: an ASCII letter, then letters, digits, `-` or `_`.
pub fn is_valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        split(Path::new("t.md"), text)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn splits_on_top_level_rules_only() {
        let text = "# A {#a}\n\n```yaml\n---\nkey: v\n```\n\n---\n\n## B {#b}\n\nSetext\n---\n\n> quote\n>\n> ***\n\n- item\n\n  ---\n";
        assert_eq!(ids(text), vec!["a", "b"]);
    }

    #[test]
    fn marker_gives_id_and_classes() {
        let s = split(
            Path::new("t.md"),
            "<!-- slide: #cover .title -->\n\nHello\n",
        )
        .unwrap();
        assert_eq!(s[0].id, "cover");
        assert_eq!(s[0].classes, vec!["title"]);
    }

    #[test]
    fn heading_classes_and_title() {
        let s = split(Path::new("t.md"), "# ROSA の `HCP` {#hcp .section}\n").unwrap();
        assert_eq!(s[0].classes, vec!["section"]);
        assert_eq!(s[0].title, "ROSA の HCP");
        assert_eq!(s[0].heading_level, Some(1));
    }

    #[test]
    fn missing_id_is_located() {
        let e = split(Path::new("t.md"), "# A {#a}\n\n---\n\n\n## No id\n").unwrap_err();
        assert_eq!(e[0].pos.unwrap().line, 6, "{}", e[0]);
        assert_eq!(e[0].file.as_deref(), Some(Path::new("t.md")));
    }

    #[test]
    fn trailing_rule_makes_no_empty_slide() {
        assert_eq!(ids("# A {#a}\n\n---\n\n"), vec!["a"]);
    }
}
