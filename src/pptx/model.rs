//! A slide's rendered HTML read into what PowerPoint has objects for: paragraphs of styled runs
//! (with list levels), tables, code blocks and pictures. The HTML is the build's own output
//! (the same the deck shows), so the export never parses Markdown a second time.

use super::highlight::CodeColours;
use super::html;
use super::read::{Ctx, Reader};

/// A stretch of text with one style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Run {
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
pub(crate) enum Style {
    Body,
    /// A heading inside the slide (`h3`...): bold body text.
    Heading,
    /// Footnotes, table notes, captions and sources.
    Small,
}

/// List marker of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bullet {
    None,
    Disc,
    /// Numbered, starting at this number.
    Number(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    pub runs: Vec<Run>,
    /// List nesting level, 0 for the outermost list (and for paragraphs).
    pub level: u8,
    pub bullet: Bullet,
    pub style: Style,
    pub right: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    pub paras: Vec<Para>,
    pub header: bool,
    pub numeric: bool,
    pub colspan: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    /// In `thead`.
    pub head: bool,
    /// In `tfoot` (the totals row).
    pub total: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
}

impl Table {
    /// Grid columns: the widest row, counting spans.
    pub(crate) fn columns(&self) -> usize {
        let w = |r: &Row| r.cells.iter().map(|c| c.colspan.max(1)).sum::<usize>();
        self.rows.iter().map(w).max().unwrap_or(1).max(1)
    }
}

/// Where a picture's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// An inline SVG: its source, and its index among the slide's SVGs.
    InlineSvg(String, usize),
    /// An `<img src>`: a site path relative to the page, or a `data:` URL.
    Url(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Picture {
    pub source: Source,
    pub alt: String,
    /// Size in CSS pixels when the HTML says (attributes or an SVG's viewBox).
    pub size: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Text(Vec<Para>),
    Table(Table),
    /// Lines of coloured runs.
    Code(Vec<Vec<Run>>),
    Picture(Picture),
}

/// One slide's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Content {
    pub title: Vec<Run>,
    pub blocks: Vec<Block>,
}

/// Read a slide's HTML: its first heading is the title, the rest the body.
pub(crate) fn slide(html: &str, colours: &CodeColours) -> Content {
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
pub(crate) fn notes(html: &str, colours: &CodeColours) -> Vec<Para> {
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

pub(super) fn para(runs: Vec<Run>, style: Style) -> Para {
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
