//! Parity: every language has the same slide ids in the same order. Differences are reported
//! with file and line in each language.

use super::Deck;
use crate::diag::Diagnostic;

/// Compare each deck with the first (the reference language).
pub fn check(decks: &[Deck]) -> Vec<Diagnostic> {
    let Some((first, rest)) = decks.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for other in rest {
        out.extend(compare(first, other));
    }
    out
}

fn compare(a: &Deck, b: &Deck) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids_b: Vec<&str> = b.slides.iter().map(|s| s.id.as_str()).collect();
    let ids_a: Vec<&str> = a.slides.iter().map(|s| s.id.as_str()).collect();
    for s in &a.slides {
        if !ids_b.contains(&s.id.as_str()) {
            out.push(
                located(s, format!("slide `{}` is missing in `{}`", s.id, b.lang)).hint(format!(
                    "add a slide with `{{#{}}}` to content/{}/",
                    s.id, b.lang
                )),
            );
        }
    }
    for s in &b.slides {
        if !ids_a.contains(&s.id.as_str()) {
            out.push(
                located(s, format!("slide `{}` is missing in `{}`", s.id, a.lang)).hint(format!(
                    "add a slide with `{{#{}}}` to content/{}/",
                    s.id, a.lang
                )),
            );
        }
    }
    if !out.is_empty() {
        return out;
    }
    // Same sets: report the first place the order differs, in both languages.
    if let Some(i) = (0..ids_a.len()).find(|&i| ids_a[i] != ids_b[i]) {
        let (sa, sb) = (&a.slides[i], &b.slides[i]);
        let other = b
            .slides
            .iter()
            .find(|s| s.id == sa.id)
            .expect("same id sets");
        out.push(
            located(
                sb,
                format!(
                    "slide order differs from `{}`: slide {} is `{}` in `{}` but `{}` in `{}`",
                    a.lang,
                    i + 1,
                    sa.id,
                    a.lang,
                    sb.id,
                    b.lang
                ),
            )
            .hint(format!(
                "`{}` is at {}:{} in `{}` and at {}:{} in `{}`",
                sa.id,
                sa.file.display(),
                sa.line,
                a.lang,
                other.file.display(),
                other.line,
                b.lang
            )),
        );
    }
    out
}

fn located(s: &super::Slide, msg: String) -> Diagnostic {
    Diagnostic::error(msg)
        .in_file(&s.file)
        .at(s.line, 1)
        .with_source(&s.file_text)
}
