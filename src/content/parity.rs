//! Parity: every language has the same slide ids in the same order. Differences are reported
//! with file and line in each language.

use super::Deck;
use crate::diag::Diagnostic;
use std::collections::HashSet;

/// Compare each deck with the first (the reference language).
pub(crate) fn check(decks: &[&Deck]) -> Vec<Diagnostic> {
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
    let set_a: HashSet<&str> = ids_a.iter().copied().collect();
    let set_b: HashSet<&str> = ids_b.iter().copied().collect();
    for (have, lack, lack_ids) in [(a, b, &set_b), (b, a, &set_a)] {
        for s in &have.slides {
            if !lack_ids.contains(s.id.as_str()) {
                out.push(
                    located(s, format!("slide `{}` is missing in `{}`", s.id, lack.lang))
                        .hint(format!(
                            "add a slide with `{{#{}}}` to content/{}/",
                            s.id, lack.lang
                        ))
                        .hint(place_in(have, lack, s)),
                );
            }
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

/// Where slide `s` of `have` belongs in `lack`: after the nearest preceding slide both share.
fn place_in(have: &Deck, lack: &Deck, s: &super::Slide) -> String {
    let i = have.slides.iter().position(|x| x.id == s.id).unwrap_or(0);
    let before = have.slides[..i]
        .iter()
        .rev()
        .find_map(|p| lack.slides.iter().find(|x| x.id == p.id));
    match (before, lack.slides.first()) {
        (Some(p), _) => format!(
            "in `{}` it belongs after `{}` ({}:{})",
            lack.lang,
            p.id,
            p.file.display(),
            p.line
        ),
        (None, Some(f)) => format!(
            "in `{}` it belongs before `{}` ({}:{})",
            lack.lang,
            f.id,
            f.file.display(),
            f.line
        ),
        (None, None) => format!("content/{}/ has no slides yet", lack.lang),
    }
}

fn located(s: &super::Slide, msg: String) -> Diagnostic {
    Diagnostic::error(msg)
        .in_file(&s.file)
        .at(s.line, 1)
        .with_source(&s.file_text)
}
