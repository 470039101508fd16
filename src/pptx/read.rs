//! The reader behind [`super::model::slide`]: walks the HTML tree, block by block (headings,
//! paragraphs, lists with their levels, tables, code, pictures), inline content into runs.

use super::highlight::CodeColours;
use super::html::{Element, Node};
use super::inline::{code_runs, inline_runs, inlines, svg_size, svg_title, trim};
use super::model::{para, Block, Bullet, Cell, Para, Picture, Row, Run, Source, Style, Table};

/// Where in the tree the reader is.
#[derive(Debug, Clone, Default)]
pub(super) struct Ctx {
    /// Nesting of lists: `Some(n)` for an `ol` at `n`, `None` for a `ul`.
    lists: Vec<Option<u32>>,
    small: bool,
}

pub(super) struct Reader<'c> {
    pub(super) colours: &'c CodeColours,
    pub(super) blocks: Vec<Block>,
    pub(super) title: Option<Vec<Run>>,
    pub(super) svgs: usize,
}

impl Reader<'_> {
    fn text(&mut self, p: Para) {
        if p.runs.iter().any(|r| !r.text.trim().is_empty()) {
            self.blocks.push(Block::Text(vec![p]));
        }
    }

    pub(super) fn blocks_of(&mut self, nodes: &[Node], ctx: &Ctx) {
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
                    if let Some(l) = lines.last_mut() {
                        l.push(piece);
                    }
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
