//! Front matter: optional TOML between `+++` lines at the top of a Markdown file.
//! Errors are located in file lines (the TOML's own positions shifted by the opening line).

use crate::config::toml_error;
use crate::diag::Diagnostic;
use serde::Deserialize;
use std::path::Path;

/// Per-file settings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title of the section the file's slides belong to (document view table of contents).
    #[serde(default)]
    pub section: Option<String>,
}

/// Split front matter off `text`. Returns the settings and the body, in which the front matter
/// is blanked (spaces, newlines kept) so byte offsets and lines still match the file.
pub fn split(path: &Path, text: &str) -> Result<(FrontMatter, String), Diagnostic> {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return Ok((FrontMatter::default(), text.to_string()));
    };
    let close = rest
        .match_indices("+++")
        .find(|(i, _)| {
            (*i == 0 || rest.as_bytes()[i - 1] == b'\n')
                && matches!(rest.as_bytes().get(i + 3), None | Some(b'\n'))
        })
        .map(|(i, _)| i)
        .ok_or_else(|| {
            Diagnostic::error("front matter opened with `+++` is never closed")
                .in_file(path)
                .at_offset(text, 0)
                .hint("end the front matter with a line holding only `+++`")
        })?;
    let toml_text = &rest[..close];
    let fm: FrontMatter = toml::from_str(toml_text).map_err(|e| {
        // Re-locate inside the whole file: the TOML starts after the 4-byte `+++\n`.
        let d = toml_error(path, toml_text, &e);
        match e.span() {
            Some(span) => Diagnostic {
                pos: None,
                excerpt: None,
                ..d
            }
            .at_offset(text, span.start + 4),
            None => d,
        }
    })?;
    let end = 4 + close + 3;
    let blank = blank_keeping_offsets(&text[..end]);
    Ok((fm, format!("{blank}{}", &text[end..])))
}

/// Spaces for every byte but newlines, so offsets and line numbers are unchanged.
fn blank_keeping_offsets(original: &str) -> String {
    let mut out = String::with_capacity(original.len());
    for c in original.chars() {
        if c == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_front_matter_keeping_offsets() {
        let text = "+++\nsection = \"概要\"\n+++\n# A {#a}\n";
        let (fm, body) = split(Path::new("a.md"), text).unwrap();
        assert_eq!(fm.section.as_deref(), Some("概要"));
        assert_eq!(body.len(), text.len());
        assert!(body.ends_with("# A {#a}\n"));
        assert_eq!(body.lines().count(), text.lines().count());
    }

    #[test]
    fn toml_error_is_in_file_lines() {
        let text = "+++\nsection = \"a\"\nbroken = \n+++\n";
        let e = split(Path::new("a.md"), text).unwrap_err();
        assert_eq!(e.pos.unwrap().line, 3, "{e}");
    }

    #[test]
    fn unknown_key_is_error() {
        let text = "+++\ntitel = \"a\"\n+++\n";
        let e = split(Path::new("a.md"), text).unwrap_err();
        assert!(e.message.contains("titel"), "{e}");
        assert_eq!(e.pos.unwrap().line, 2, "{e}");
    }

    #[test]
    fn unclosed_is_error() {
        assert!(split(Path::new("a.md"), "+++\nsection = \"a\"\n").is_err());
    }
}
