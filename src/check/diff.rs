//! A small line diff (longest common subsequence) for showing how a source slide changed since
//! its translation was accepted. Slides are short; a crate would be more code to build than this.

/// One line of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// Past this many cells the table is skipped and the changed middle is shown whole.
const MAX_CELLS: usize = 4_000_000;

/// The line diff of `old` -> `new`.
pub(crate) fn lines<'a>(old: &'a str, new: &'a str) -> Vec<Line<'a>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut out: Vec<Line> = a[..pre].iter().map(|l| Line::Same(l)).collect();
    if am.len().saturating_mul(bm.len()) > MAX_CELLS {
        out.extend(am.iter().map(|l| Line::Removed(l)));
        out.extend(bm.iter().map(|l| Line::Added(l)));
    } else {
        out.extend(lcs(am, bm));
    }
    out.extend(a[a.len() - suf..].iter().map(|l| Line::Same(l)));
    out
}

fn lcs<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Line<'a>> {
    let (n, m) = (a.len(), b.len());
    // len[i][j] = LCS length of a[i..] and b[j..]
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if a[i] == b[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(Line::Same(a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || len[i + 1][j] >= len[i][j + 1]) {
            out.push(Line::Removed(a[i]));
            i += 1;
        } else {
            out.push(Line::Added(b[j]));
            j += 1;
        }
    }
    out
}

/// The changed lines only, as `- old` / `+ new`, at most `max` of them (then a count of the rest).
pub(crate) fn short(old: &str, new: &str, max: usize) -> Vec<String> {
    let changed: Vec<String> = lines(old, new)
        .into_iter()
        .filter_map(|l| match l {
            Line::Same(_) => None,
            Line::Removed(t) => Some(format!("- {t}")),
            Line::Added(t) => Some(format!("+ {t}")),
        })
        .collect();
    if changed.len() <= max {
        return changed;
    }
    let rest = changed.len() - max;
    let mut out: Vec<String> = changed.into_iter().take(max).collect();
    out.push(format!("… and {rest} more changed line(s)"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_only_changes() {
        let old = "# A\n\none\ntwo\nthree\n";
        let new = "# A\n\none\n2\nthree\nfour\n";
        assert_eq!(short(old, new, 10), vec!["- two", "+ 2", "+ four"]);
    }

    #[test]
    fn limits_length() {
        let old = "a\nb\nc\n";
        let new = "x\ny\nz\n";
        let d = short(old, new, 2);
        assert_eq!(d.len(), 3);
        assert!(d[2].contains("4 more"), "{d:?}");
    }

    #[test]
    fn keeps_common_lines() {
        let d = lines("a\nb\nc", "a\nc\nd");
        assert_eq!(
            d,
            vec![
                Line::Same("a"),
                Line::Removed("b"),
                Line::Same("c"),
                Line::Added("d")
            ]
        );
    }
}
