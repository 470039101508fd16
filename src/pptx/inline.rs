//! Inline HTML read into runs: text with bold, italics, code, superscripts and links; HTML
//! whitespace collapsing; code text with the highlighter's colours; an inline SVG's size and
//! title.

use super::highlight::CodeColours;
use super::html::{self, Node};
use super::model::Run;

pub(super) fn inline_runs(nodes: &[Node]) -> Vec<Run> {
    let mut out = Vec::new();
    for n in nodes {
        inlines(n, &Run::default(), &mut out);
    }
    out
}

/// Append the runs of `n` (styled like `style` plus its own tag) to `out`.
pub(super) fn inlines(n: &Node, style: &Run, out: &mut Vec<Run>) {
    let e = match n {
        Node::Text(t) => {
            let text = collapse(t);
            if !text.is_empty() {
                out.push(Run {
                    text,
                    ..style.clone()
                });
            }
            return;
        }
        Node::Svg(_, src) => {
            let t = svg_title(src);
            if !t.is_empty() {
                inlines(&Node::Text(t), style, out);
            }
            return;
        }
        Node::Element(e) => e,
    };
    let mut s = style.clone();
    match e.name.as_str() {
        "br" => {
            out.push(Run {
                text: "\n".into(),
                ..style.clone()
            });
            return;
        }
        "img" => {
            return inlines(
                &Node::Text(e.attr("alt").unwrap_or_default().into()),
                style,
                out,
            )
        }
        "script" | "style" => return,
        "strong" | "b" | "th" => s.bold = true,
        "em" | "i" | "cite" => s.italic = true,
        "code" | "kbd" | "samp" => s.code = true,
        "sup" => s.sup = true,
        "a" => s.link = e.attr("href").map(str::to_string),
        _ => {}
    }
    for c in &e.children {
        inlines(c, &s, out);
    }
}

/// HTML whitespace collapsing: runs of spaces and newlines become one space.
pub(super) fn collapse(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Merge neighbouring runs of one style, drop spaces at the paragraph's ends and around breaks.
pub(super) fn trim(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for r in runs {
        match out.last_mut() {
            Some(last) if same_style(last, &r) && r.text != "\n" && last.text != "\n" => {
                if last.text.ends_with(' ') && r.text.starts_with(' ') {
                    last.text.push_str(&r.text[1..]);
                } else {
                    last.text.push_str(&r.text);
                }
            }
            _ => out.push(r),
        }
    }
    for i in 0..out.len() {
        let start = i == 0 || out[i - 1].text == "\n";
        let end = i + 1 == out.len() || out[i + 1].text == "\n";
        if out[i].text != "\n" {
            if start {
                out[i].text = out[i].text.trim_start().to_string();
            }
            if end {
                out[i].text = out[i].text.trim_end().to_string();
            }
        }
    }
    out.retain(|r| !r.text.is_empty());
    out
}

fn same_style(a: &Run, b: &Run) -> bool {
    (a.bold, a.italic, a.code, a.sup, &a.link, &a.colour)
        == (b.bold, b.italic, b.code, b.sup, &b.link, &b.colour)
}

/// Code text with each token's colour from the highlighter's classes (inner spans win).
pub(super) fn code_runs(
    nodes: &[Node],
    colours: &CodeColours,
    classes: &[String],
    out: &mut Vec<Run>,
) {
    for n in nodes {
        match n {
            Node::Text(t) => {
                let style = colours.style(classes);
                out.push(Run {
                    text: t.clone(),
                    code: true,
                    bold: style.bold,
                    italic: style.italic,
                    colour: style.colour,
                    ..Run::default()
                });
            }
            Node::Element(e) => {
                let mut cl = classes.to_vec();
                if let Some(c) = e.attr("class") {
                    cl.push(c.to_string());
                }
                code_runs(&e.children, colours, &cl, out);
            }
            Node::Svg(..) => {}
        }
    }
}

/// An inline SVG's size: its width and height attributes, else its viewBox.
pub(super) fn svg_size(attrs: &[(String, String)]) -> Option<(f64, f64)> {
    let num = |k: &str| {
        html::attr(attrs, k)
            .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
            .filter(|v| *v > 0.0)
    };
    if let (Some(w), Some(h)) = (num("width"), num("height")) {
        return Some((w, h));
    }
    let vb: Vec<f64> = html::attr(attrs, "viewbox")?
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|v| v.parse().ok())
        .collect();
    match vb.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

/// The text of an SVG's first `<title>` (its accessible name, the picture's alt text).
pub(super) fn svg_title(src: &str) -> String {
    let nodes = html::parse(
        src.strip_prefix("<svg")
            .map(|r| &r[r.find('>').map_or(0, |i| i + 1)..])
            .unwrap_or(""),
    );
    fn find(nodes: &[Node]) -> Option<String> {
        nodes.iter().find_map(|n| match n {
            Node::Element(e) if e.name == "title" => {
                Some(collapse(&text_of(&e.children)).trim().to_string())
            }
            Node::Element(e) => find(&e.children),
            _ => None,
        })
    }
    find(&nodes).unwrap_or_default()
}

fn text_of(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text(t) => t.clone(),
            Node::Element(e) => text_of(&e.children),
            Node::Svg(..) => String::new(),
        })
        .collect()
}
