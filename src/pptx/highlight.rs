//! Code token colours for the export: the light rules of the highlighter's own stylesheet
//! (`markdown::highlight::stylesheet`), so a code box in PowerPoint has the deck's colours.

/// A token's look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TokenStyle {
    /// `RRGGBB`.
    pub colour: Option<String>,
    pub bold: bool,
    pub italic: bool,
}

/// Compound class selectors (`.hl-a.hl-b`) with their declarations, in stylesheet order.
#[derive(Debug, Clone, Default)]
pub(crate) struct CodeColours {
    rules: Vec<(Vec<String>, TokenStyle)>,
}

impl CodeColours {
    /// The rules of the stylesheet the build ships (its light half, before any `@media`).
    pub(crate) fn from_theme() -> CodeColours {
        CodeColours::parse(&crate::markdown::highlight::stylesheet())
    }

    /// Parse `.a.b, .c { color: #xxxxxx; font-weight: bold; }` rules; descendant selectors
    /// count by their last compound, and parsing stops at the first `@` block.
    pub(crate) fn parse(css: &str) -> CodeColours {
        let css = strip_comments(css);
        let light = css.split('@').next().unwrap_or("");
        let mut rules = Vec::new();
        for block in light.split('}') {
            let Some((sel, body)) = block.split_once('{') else {
                continue;
            };
            let style = declarations(body);
            for s in sel.split(',') {
                let last = s.split_whitespace().last().unwrap_or("");
                let classes: Vec<String> = last
                    .split('.')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect();
                if !classes.is_empty() {
                    rules.push((classes, style.clone()));
                }
            }
        }
        CodeColours { rules }
    }

    /// The look of text inside nested spans whose `class` attributes are `stack` (outer first):
    /// the colour of the innermost span that has one (most classes, then the later rule, win);
    /// bold or italic when any span in the stack is.
    pub(crate) fn style(&self, stack: &[String]) -> TokenStyle {
        let mut out = TokenStyle::default();
        for classes in stack.iter().rev() {
            let own: Vec<&str> = classes.split_whitespace().collect();
            let matching = self
                .rules
                .iter()
                .filter(|(sel, _)| sel.iter().all(|c| own.contains(&c.as_str())));
            let mut best: Option<(usize, &TokenStyle)> = None;
            for (sel, st) in matching {
                if st.colour.is_some() && best.is_none_or(|(n, _)| sel.len() >= n) {
                    best = Some((sel.len(), st));
                }
                out.bold |= st.bold;
                out.italic |= st.italic;
            }
            if out.colour.is_none() {
                out.colour = best.and_then(|(_, st)| st.colour.clone());
            }
        }
        out
    }
}

pub(super) fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |e| &rest[i + 2 + e + 2..]);
    }
    out.push_str(rest);
    out
}

fn declarations(body: &str) -> TokenStyle {
    let mut st = TokenStyle::default();
    for d in body.split(';') {
        let Some((k, v)) = d.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim() {
            "color" => st.colour = hex_colour(v),
            "font-weight" => st.bold = v == "bold" || v.parse::<u32>().is_ok_and(|w| w >= 600),
            "font-style" => st.italic = v == "italic",
            _ => {}
        }
    }
    st
}

/// `#rgb` or `#rrggbb` as `RRGGBB`.
pub(super) fn hex_colour(v: &str) -> Option<String> {
    let h = v.trim().strip_prefix('#')?;
    if !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match h.len() {
        6 => Some(h.to_ascii_uppercase()),
        3 => Some(
            h.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_uppercase(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_span_and_specificity_win() {
        let c = CodeColours::parse(
            "/* x */ .hl-keyword { color: #a71d5d; font-weight: bold; }\n\
             .hl-string { color: #183691; }\n.hl-string.hl-quoted { color: #123; }\n\
             @media (x) { .hl-string { color: #ffffff; } }",
        );
        let s = c.style(&["hl-source".into(), "hl-keyword hl-java".into()]);
        assert_eq!(s.colour.as_deref(), Some("A71D5D"));
        assert!(s.bold);
        let s = c.style(&["hl-keyword".into(), "hl-string hl-quoted".into()]);
        assert_eq!(s.colour.as_deref(), Some("112233"));
        assert!(c.style(&["hl-other".into()]).colour.is_none());
    }

    #[test]
    fn the_shipped_stylesheet_colours_keywords() {
        let c = CodeColours::from_theme();
        assert!(c.style(&["hl-keyword".into()]).colour.is_some());
    }
}
