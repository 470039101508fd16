//! A slide's rendered HTML read into what PowerPoint has objects for: paragraphs of styled runs
//! (with list levels), tables, code blocks and pictures. The HTML is the build's own output
//! (the same the deck shows), so the export never parses Markdown a second time.

use super::highlight::CodeColours;
use super::html::{self, Element, Node};

/// A stretch of text with one style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// The text; `"\n"` alone is a line break.
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub sup: bool,
    pub link: Option<String>,
    /// `RRGGBB` (code tokens).
    pub colour: Option<String>,
}

/// How a paragraph looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Body,
    /// A heading inside the slide (`h3`...): bold body text.
    Heading,
    /// Footnotes, table notes, captions and sources.
    Small,
}

/// List marker of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bullet {
    None,
    Disc,
    /// Numbered, starting at this number.
    Number(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub runs: Vec<Run>,
    /// List nesting level, 0 for the outermost list (and for paragraphs).
    pub level: u8,
    pub bullet: Bullet,
    pub style: Style,
    pub right: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub paras: Vec<Para>,
    pub header: bool,
    pub numeric: bool,
    pub colspan: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// In `thead`.
    pub head: bool,
    /// In `tfoot` (the totals row).
    pub total: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
}

impl Table {
    /// Grid columns: the widest row, counting spans.
    pub fn columns(&self) -> usize {
        let w = |r: &Row| r.cells.iter().map(|c| c.colspan.max(1)).sum::<usize>();
        self.rows.iter().map(w).max().unwrap_or(1).max(1)
    }
}

/// Where a picture's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An inline SVG: its source, and its index among the slide's SVGs.
    InlineSvg(String, usize),
    /// An `<img src>`: a site path relative to the page, or a `data:` URL.
    Url(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub source: Source,
    pub alt: String,
    /// Size in CSS pixels when the HTML says (attributes or an SVG's viewBox).
    pub size: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Text(Vec<Para>),
    Table(Table),
    /// Lines of coloured runs.
    Code(Vec<Vec<Run>>),
    Picture(Picture),
}

/// One slide's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Content {
    pub title: Vec<Run>,
    pub blocks: Vec<Block>,
}

/// Read a slide's HTML: its first heading is the title, the rest the body.
pub fn slide(html: &str, colours: &CodeColours) -> Content {
    let nodes = html::parse(html);
    let mut r = Reader {
        colours,
        blocks: Vec::new(),
        title: None,
        svgs: 0,
    };
    r.blocks_of(&nodes, &Ctx::default());
    Content {
        title: r.title.unwrap_or_default(),
        blocks: merge_text(r.blocks),
    }
}

/// Speaker notes HTML as paragraphs (pictures and tables become their text).
pub fn notes(html: &str, colours: &CodeColours) -> Vec<Para> {
    let mut r = Reader {
        colours,
        blocks: Vec::new(),
        title: Some(Vec::new()),
        svgs: 0,
    };
    r.blocks_of(&html::parse(html), &Ctx::default());
    let mut out = Vec::new();
    for b in r.blocks {
        match b {
            Block::Text(p) => out.extend(p),
            Block::Code(lines) => out.extend(lines.into_iter().map(|runs| para(runs, Style::Body))),
            Block::Table(t) => out.extend(
                t.rows
                    .into_iter()
                    .flat_map(|r| r.cells)
                    .flat_map(|c| c.paras),
            ),
            Block::Picture(p) if !p.alt.is_empty() => {
                out.push(para(vec![plain(&p.alt)], Style::Body))
            }
            Block::Picture(_) => {}
        }
    }
    out
}

fn plain(text: &str) -> Run {
    Run {
        text: text.to_string(),
        ..Run::default()
    }
}

fn para(runs: Vec<Run>, style: Style) -> Para {
    Para {
        runs,
        level: 0,
        bullet: Bullet::None,
        style,
        right: false,
    }
}

/// Neighbouring text blocks become one text box.
fn merge_text(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for b in blocks {
        match (out.last_mut(), b) {
            (Some(Block::Text(a)), Block::Text(b)) => a.extend(b),
            (_, Block::Text(b)) if b.is_empty() => {}
            (_, b) => out.push(b),
        }
    }
    out
}

/// Where in the tree the reader is.
#[derive(Debug, Clone, Default)]
struct Ctx {
    /// Nesting of lists: `Some(n)` for an `ol` at `n`, `None` for a `ul`.
    lists: Vec<Option<u32>>,
    small: bool,
}

struct Reader<'c> {
    colours: &'c CodeColours,
    blocks: Vec<Block>,
    title: Option<Vec<Run>>,
    svgs: usize,
}

impl Reader<'_> {
    fn text(&mut self, p: Para) {
        if p.runs.iter().any(|r| !r.text.trim().is_empty()) {
            self.blocks.push(Block::Text(vec![p]));
        }
    }

    fn blocks_of(&mut self, nodes: &[Node], ctx: &Ctx) {
        let mut inline: Vec<&Node> = Vec::new();
        for n in nodes {
            if is_block(n) {
                self.flush(&mut inline, ctx);
                self.block(n, ctx);
            } else {
                inline.push(n);
            }
        }
        self.flush(&mut inline, ctx);
    }

    /// Loose inline content between blocks (a list item's text, a figure's bare text).
    fn flush(&mut self, inline: &mut Vec<&Node>, ctx: &Ctx) {
        if inline.is_empty() {
            return;
        }
        let mut runs = Vec::new();
        for n in inline.drain(..) {
            inlines(n, &Run::default(), &mut runs);
        }
        let p = self.list_para(trim(runs), ctx);
        self.text(p);
    }

    fn list_para(&self, runs: Vec<Run>, ctx: &Ctx) -> Para {
        let style = if ctx.small { Style::Small } else { Style::Body };
        let mut p = para(runs, style);
        if let Some(last) = ctx.lists.last() {
            p.level = (ctx.lists.len() - 1).min(8) as u8;
            p.bullet = last.map_or(Bullet::Disc, Bullet::Number);
        }
        p
    }

    fn block(&mut self, n: &Node, ctx: &Ctx) {
        let e = match n {
            Node::Svg(attrs, src) => {
                let size = svg_size(attrs);
                self.blocks.push(Block::Picture(Picture {
                    source: Source::InlineSvg(src.clone(), self.svgs),
                    alt: svg_title(src),
                    size,
                }));
                self.svgs += 1;
                return;
            }
            Node::Element(e) => e,
            Node::Text(_) => return,
        };
        match e.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(e, ctx),
            "p" | "figcaption" | "caption" | "dt" | "dd" => self.paragraph(e, ctx),
            "ul" | "ol" if e.has_class("footnotes") => {
                let c = Ctx {
                    lists: Vec::new(),
                    small: true,
                };
                self.list(e, &c);
            }
            "ul" | "ol" => self.list(e, ctx),
            "li" => self.item(e, ctx),
            "pre" => self.code(e),
            "table" => self.table(e, ctx),
            "img" => self.picture(e),
            "hr" | "script" | "style" | "template" => {}
            _ => {
                let mut c = ctx.clone();
                c.small |=
                    e.has_class("footnotes") || e.has_class("table-note") || e.name == "small";
                if e.has_class("footnotes") {
                    c.lists.clear();
                }
                self.blocks_of(&e.children, &c);
            }
        }
    }

    fn heading(&mut self, e: &Element, ctx: &Ctx) {
        let runs = trim(inline_runs(&e.children));
        if self.title.is_none() {
            self.title = Some(runs);
            return;
        }
        let mut p = para(runs, Style::Heading);
        p.style = if ctx.small {
            Style::Small
        } else {
            Style::Heading
        };
        self.text(p);
    }

    fn paragraph(&mut self, e: &Element, ctx: &Ctx) {
        // A paragraph holding only a picture is the picture.
        let kids: Vec<&Node> = e.children.iter().filter(|n| !is_blank(n)).collect();
        if let [Node::Element(img)] = kids.as_slice() {
            if img.name == "img" {
                return self.picture(img);
            }
        }
        let mut c = ctx.clone();
        c.small |= e.has_class("table-note") || e.name == "figcaption" || e.name == "caption";
        let has_block = e.children.iter().any(is_block);
        if has_block {
            return self.blocks_of(&e.children, &c);
        }
        let p = self.list_para(trim(inline_runs(&e.children)), &c);
        self.text(p);
    }

    fn list(&mut self, e: &Element, ctx: &Ctx) {
        let mut c = ctx.clone();
        let start = e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
        c.lists.push((e.name == "ol").then_some(start));
        let mut n = start;
        for child in &e.children {
            if let (Node::Element(li), Some(Some(_))) = (child, c.lists.last()) {
                if li.name == "li" {
                    n = li.attr("value").and_then(|v| v.parse().ok()).unwrap_or(n);
                    if let Some(last) = c.lists.last_mut() {
                        *last = Some(n);
                    }
                    n += 1;
                }
            }
            self.block(child, &c);
        }
    }

    fn item(&mut self, e: &Element, ctx: &Ctx) {
        let before = self.blocks.len();
        self.blocks_of(&e.children, ctx);
        if self.blocks.len() == before {
            // An empty item still shows its bullet.
            let p = self.list_para(Vec::new(), ctx);
            self.blocks.push(Block::Text(vec![p]));
        }
    }

    fn code(&mut self, e: &Element) {
        let mut runs = Vec::new();
        code_runs(&e.children, self.colours, &[], &mut runs);
        let mut lines = vec![Vec::new()];
        for r in runs {
            let mut parts = r.text.split('\n').peekable();
            while let Some(part) = parts.next() {
                if !part.is_empty() {
                    let mut piece = r.clone();
                    piece.text = part.to_string();
                    lines.last_mut().map(|l| l.push(piece));
                }
                if parts.peek().is_some() {
                    lines.push(Vec::new());
                }
            }
        }
        if lines.len() > 1 && lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        self.blocks.push(Block::Code(lines));
    }

    fn table(&mut self, e: &Element, ctx: &Ctx) {
        let mut rows = Vec::new();
        for (part, el) in table_rows(e, "") {
            let cells = el
                .children
                .iter()
                .filter_map(|n| match n {
                    Node::Element(c) if c.name == "td" || c.name == "th" => {
                        Some(cell(c, part == "thead"))
                    }
                    _ => None,
                })
                .collect();
            rows.push(Row {
                cells,
                head: part == "thead",
                total: part == "tfoot",
            });
        }
        // The caption reads as a small line above the table.
        for c in e.children.iter() {
            if let Node::Element(cap) = c {
                if cap.name == "caption" {
                    let mut c2 = ctx.clone();
                    c2.small = true;
                    self.paragraph(cap, &c2);
                }
            }
        }
        if !rows.is_empty() {
            self.blocks.push(Block::Table(Table { rows }));
        }
    }

    fn picture(&mut self, e: &Element) {
        let Some(src) = e.attr("src").filter(|s| !s.is_empty()) else {
            return;
        };
        let dim = |k: &str| {
            e.attr(k)
                .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        };
        let size = match (dim("width"), dim("height")) {
            (Some(w), Some(h)) if w > 0.0 && h > 0.0 => Some((w, h)),
            _ => None,
        };
        self.blocks.push(Block::Picture(Picture {
            source: Source::Url(src.to_string()),
            alt: e.attr("alt").unwrap_or_default().to_string(),
            size,
        }));
    }
}

/// The rows of a table with the section they are in (`thead`, `tbody`, `tfoot`, or none).
fn table_rows<'a>(e: &'a Element, part: &'a str) -> Vec<(&'a str, &'a Element)> {
    let mut out = Vec::new();
    for n in &e.children {
        if let Node::Element(c) = n {
            match c.name.as_str() {
                "tr" => out.push((part, c)),
                "thead" | "tbody" | "tfoot" => out.extend(table_rows(c, c.name.as_str())),
                _ => {}
            }
        }
    }
    out
}

fn cell(c: &Element, head: bool) -> Cell {
    let numeric = c.has_class("num")
        || c.attr("style")
            .is_some_and(|s| s.replace(' ', "").contains("text-align:right"));
    let mut paras: Vec<Para> = Vec::new();
    let mut runs = Vec::new();
    for n in &c.children {
        match n {
            Node::Element(e) if e.name == "br" => {
                paras.push(para(trim(std::mem::take(&mut runs)), Style::Body));
            }
            Node::Element(e) if e.name == "small" => {
                if !runs.is_empty() {
                    paras.push(para(trim(std::mem::take(&mut runs)), Style::Body));
                }
                paras.push(para(trim(inline_runs(&e.children)), Style::Small));
            }
            n => inlines(n, &Run::default(), &mut runs),
        }
    }
    if !runs.is_empty() || paras.is_empty() {
        paras.push(para(trim(runs), Style::Body));
    }
    paras.retain(|p| !p.runs.is_empty());
    if paras.is_empty() {
        paras.push(para(Vec::new(), Style::Body));
    }
    for p in &mut paras {
        p.right = numeric;
    }
    Cell {
        paras,
        header: head || c.name == "th",
        numeric,
        colspan: c.attr("colspan").and_then(|s| s.parse().ok()).unwrap_or(1),
    }
}

fn is_blank(n: &Node) -> bool {
    matches!(n, Node::Text(t) if t.trim().is_empty())
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "img",
    "summary",
    "picture",
    "video",
];

fn is_block(n: &Node) -> bool {
    match n {
        Node::Svg(..) => true,
        Node::Element(e) => BLOCKS.contains(&e.name.as_str()),
        Node::Text(_) => false,
    }
}

fn inline_runs(nodes: &[Node]) -> Vec<Run> {
    let mut out = Vec::new();
    for n in nodes {
        inlines(n, &Run::default(), &mut out);
    }
    out
}

/// Append the runs of `n` (styled like `style` plus its own tag) to `out`.
fn inlines(n: &Node, style: &Run, out: &mut Vec<Run>) {
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
fn collapse(t: &str) -> String {
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
fn trim(runs: Vec<Run>) -> Vec<Run> {
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
fn code_runs(nodes: &[Node], colours: &CodeColours, classes: &[String], out: &mut Vec<Run>) {
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
fn svg_size(attrs: &[(String, String)]) -> Option<(f64, f64)> {
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
fn svg_title(src: &str) -> String {
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
