//! Diagnostics: located author errors and warnings, collected and rendered once.
//!
//! Every error an author can cause carries the file, a 1-based line and column, a message
//! and optional hints. Rendering for a terminal shows the source line with a caret.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line/column position in a file (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }

    /// Position of a byte offset inside `text` (columns in chars, 1-based).
    pub fn from_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let mut safe = offset;
        while !text.is_char_boundary(safe) {
            safe -= 1;
        }
        let before = &text[..safe];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }
}

/// One located message for the author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the project root where possible.
    pub file: Option<PathBuf>,
    pub pos: Option<Pos>,
    pub message: String,
    pub hints: Vec<String>,
    /// The source line the position points into, for the caret display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            pos: None,
            message: message.into(),
            hints: Vec::new(),
            excerpt: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.pos = Some(Pos::new(line, col));
        self
    }

    /// Attach the position of byte `offset` in `text`, and that line as excerpt.
    pub fn at_offset(mut self, text: &str, offset: usize) -> Self {
        let pos = Pos::from_offset(text, offset);
        self.excerpt = text.lines().nth(pos.line - 1).map(str::to_string);
        self.pos = Some(pos);
        self
    }

    /// Attach the source line `pos.line` of `text` as the excerpt.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(pos) = self.pos {
            self.excerpt = text
                .lines()
                .nth(pos.line.saturating_sub(1))
                .map(str::to_string);
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file with `/` separators on every OS (for humans and JSON alike).
    pub fn file_slash(&self) -> Option<String> {
        self.file
            .as_ref()
            .map(|f| f.to_string_lossy().replace('\\', "/"))
    }

    /// `file:line:col` (or as much of it as is known).
    pub fn location(&self) -> String {
        let mut s = self.file_slash().unwrap_or_default();
        if let Some(p) = self.pos {
            s.push_str(&format!(":{}:{}", p.line, p.col));
        }
        s
    }

    /// Human rendering with the source line and a caret. What an author or a remote put in a
    /// file name, a source line or a message cannot reach the terminal raw (control characters
    /// are escaped) nor show a credential (URL user info and secret environment values are
    /// masked), whatever the path that made the diagnostic.
    pub fn render(&self) -> String {
        let text = self.render_raw();
        crate::util::redact(&text)
    }

    fn render_raw(&self) -> String {
        use crate::util::escape_controls as esc;
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = self.location();
        let (loc, message) = (esc(&loc, false), esc(&self.message, true));
        let mut out = if loc.is_empty() {
            format!("{kind}: {message}\n")
        } else {
            format!("{kind}: {loc}: {message}\n")
        };
        if let (Some(p), Some(line)) = (self.pos, &self.excerpt) {
            let line = &esc(line, false);
            let num = p.line.to_string();
            let pad = " ".repeat(num.len());
            let caret_pad: String = line
                .chars()
                .take(p.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("{pad} |\n{num} | {line}\n{pad} | {caret_pad}^\n"));
        }
        for h in &self.hints {
            out.push_str(&format!("  = hint: {}\n", esc(h, true)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// One diagnostic as tools and the browser read it, the same in `check --format json`, in
/// serve's `/__kumo/error` and in its error overlay: `{severity, file, line, column, message,
/// hints, excerpt}`, `null` for what is not known. The file has `/` separators on every OS;
/// line and column are 1-based, the column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hints: Vec<String>,
    /// The source line the position points into.
    pub excerpt: Option<String>,
}

impl From<&Diagnostic> for JsonDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            file: d.file_slash(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.col),
            message: d.message.clone(),
            hints: d.hints.clone(),
            excerpt: d.excerpt.clone(),
        }
    }
}

/// A list of diagnostics collected by a stage.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn render_all(&self) -> String {
        self.0
            .iter()
            .map(Diagnostic::render)
            .collect::<Vec<_>>()
            .join("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_line_col_counts_chars() {
        let text = "ab\nあいう\nx";
        assert_eq!(Pos::from_offset(text, 0), Pos::new(1, 1));
        // byte offset of 'う' = 3 + 6
        assert_eq!(Pos::from_offset(text, 9), Pos::new(2, 3));
        assert_eq!(Pos::from_offset(text, text.len()), Pos::new(3, 2));
    }

    #[test]
    fn render_has_caret_under_column() {
        let d = Diagnostic::error("bad")
            .in_file("content/ja/a.md")
            .at(2, 3)
            .with_source("x\nabcdef\n");
        let r = d.render();
        assert!(r.contains("error: content/ja/a.md:2:3: bad"), "{r}");
        assert!(r.contains("2 | abcdef\n  |   ^"), "{r}");
    }

    #[test]
    fn json_shape_names_every_field() {
        let d = Diagnostic::warning("odd")
            .in_file(Path::new("content").join("ja").join("a.md"))
            .at(2, 3)
            .with_source("x\nabcdef\n")
            .hint("try this");
        let v = serde_json::to_value(JsonDiagnostic::from(&d)).unwrap();
        let want = serde_json::json!({
            "severity": "warning", "file": "content/ja/a.md", "line": 2, "column": 3,
            "message": "odd", "hints": ["try this"], "excerpt": "abcdef",
        });
        assert_eq!(v, want);
        let bare = serde_json::to_value(JsonDiagnostic::from(&Diagnostic::error("e"))).unwrap();
        assert_eq!(bare["file"], serde_json::Value::Null);
        assert_eq!(bare["column"], serde_json::Value::Null);
        assert_eq!(bare["severity"], "error");
    }

    #[test]
    fn render_escapes_controls_and_masks_credentials() {
        let d = Diagnostic::error("bad \x1b]0;pwned\x07 at http://u:hunter2-pw@host/x")
            .in_file("content/ja/\x1b[2Ja.md")
            .at(1, 3)
            .with_source("ab\x1b[31mc\r\n");
        let r = d.render();
        assert!(
            !r.contains('\x1b') && !r.contains('\x07') && !r.contains('\r'),
            "{r:?}"
        );
        assert!(r.contains("content/ja/\\u{1b}[2Ja.md:1:3"), "{r}");
        assert!(!r.contains("hunter2-pw"), "{r}");
    }
}
