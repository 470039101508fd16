//! One slide part (`ppt/slides/slideN.xml`): the title placeholder, the body placeholder for the
//! first text, then text boxes, tables, code boxes and pictures where the layout put them.

use super::layout::{code_size, plan, Rect, INSET_X, SLIDE_W};
use super::model::{Block, Content, Para, Style};
use super::table;
use super::text::{paragraphs, Base, TextCtx};
use super::theme::Colours;
use super::xml::{fill, X};
use crate::content::SlideKind;

pub(super) const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub(super) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(super) const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";

const IN: i64 = 914_400;

/// A picture's parts in the package: the raster, the SVG (PowerPoint 2016 and later show it),
/// and its size in CSS pixels.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PicRef {
    pub png: String,
    pub svg: Option<String>,
    pub size: (f64, f64),
}

/// What one slide is made of.
pub(super) struct SlideIn<'a> {
    pub kind: SlideKind,
    pub content: &'a Content,
    /// Per block of `content`: the picture's parts when the block is a picture.
    pub pics: &'a [Option<PicRef>],
    pub colours: &'a Colours,
}

/// Where the title goes and how big it is, per slide kind.
fn title_box(kind: SlideKind) -> (Rect, u32, &'static str) {
    let w = SLIDE_W - IN;
    match kind {
        SlideKind::Title => (
            Rect {
                x: IN / 2,
                y: 17 * IN / 10,
                w,
                h: 2 * IN,
            },
            4000,
            "ctrTitle",
        ),
        SlideKind::Section => (
            Rect {
                x: IN / 2,
                y: 5 * IN / 2,
                w,
                h: 3 * IN / 2,
            },
            3600,
            "title",
        ),
        _ => (
            Rect {
                x: IN / 2,
                y: 3 * IN / 10,
                w,
                h: 85 * IN / 100,
            },
            2800,
            "title",
        ),
    }
}

fn body_area(kind: SlideKind) -> Rect {
    let w = SLIDE_W - IN;
    match kind {
        SlideKind::Title => Rect {
            x: IN / 2,
            y: 39 * IN / 10,
            w,
            h: 31 * IN / 10,
        },
        SlideKind::Section => Rect {
            x: IN / 2,
            y: 41 * IN / 10,
            w,
            h: 29 * IN / 10,
        },
        _ => Rect {
            x: IN / 2,
            y: 125 * IN / 100,
            w,
            h: 59 * IN / 10,
        },
    }
}

/// A part whose root `root` (`p:sld`, `p:notes`) is open down to its shape tree, with the
/// tree's own group properties written: what every slide-like part starts with.
pub(super) fn shape_tree(root: &str) -> X {
    let mut x = X::new();
    x.open(
        root,
        &[("xmlns:a", NS_A), ("xmlns:r", NS_R), ("xmlns:p", NS_P)],
    );
    x.open("p:cSld", &[]).open("p:spTree", &[]);
    x.raw(
        "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
         <p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/>\
         <a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>",
    );
    x
}

/// The slide's XML.
pub(super) fn write(s: &SlideIn, ctx: &mut TextCtx) -> Vec<u8> {
    let mut x = shape_tree("p:sld");
    let dark = matches!(s.kind, SlideKind::Title | SlideKind::Section);
    title(&mut x, s, dark, ctx);
    let natural: Vec<Option<(f64, f64)>> = s
        .content
        .blocks
        .iter()
        .zip(s.pics.iter().chain(std::iter::repeat(&None)))
        .map(|(_, p)| p.as_ref().map(|p| p.size))
        .collect();
    let start = if dark { 2400 } else { 2000 };
    let plan = plan(&s.content.blocks, &natural, body_area(s.kind), start);
    let c = s.colours;
    let ink = if dark {
        c.on_navy.as_str()
    } else {
        c.ink.as_str()
    };
    let mut body_ph = true;
    for (i, (b, r)) in s.content.blocks.iter().zip(&plan.rects).enumerate() {
        // Shape ids: 1 is the tree, 2 the title.
        let id = i as u32 + 3;
        match b {
            Block::Text(paras) => {
                let base = Base {
                    size: plan.size,
                    colour: ink,
                    bold: false,
                    tight: false,
                };
                text_block(&mut x, (s.kind, body_ph), (id, *r), paras, base, ctx);
                body_ph = false;
            }
            Block::Table(t) => table::frame(&mut x, t, *r, id, plan.size, c, ctx),
            Block::Code(lines) => code_block(&mut x, (id, *r), lines, (plan.size, c), ctx),
            Block::Picture(p) => {
                if let Some(Some(pic)) = s.pics.get(i) {
                    picture(&mut x, id, &p.alt, pic, *r, ctx);
                }
            }
        }
    }
    x.close("p:spTree").close("p:cSld");
    x.raw("<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>");
    x.close("p:sld");
    x.finish()
}

/// The title placeholder, in the slide kind's box and size.
fn title(x: &mut X, s: &SlideIn, dark: bool, ctx: &mut TextCtx) {
    let title_ink = if dark {
        s.colours.on_navy.as_str()
    } else {
        s.colours.navy.as_str()
    };
    let (rect, size, ph) = title_box(s.kind);
    let title = vec![plain_para(s.content.title.clone())];
    let base = Base {
        size,
        colour: title_ink,
        bold: true,
        tight: false,
    };
    let shape = Shape {
        id: 2,
        name: "Title 1",
        ph: Some((ph, None)),
        rect,
        frame: None,
    };
    text_shape(x, &shape, &title, base, ctx);
}

fn plain_para(runs: Vec<super::model::Run>) -> Para {
    Para {
        runs,
        level: 0,
        bullet: super::model::Bullet::None,
        style: Style::Body,
        right: false,
    }
}

/// A text block: the slide's first one fills the body (or subtitle) placeholder, so it keeps
/// the layout's place in PowerPoint's outline; later ones are plain text boxes.
fn text_block(
    x: &mut X,
    (kind, body_ph): (SlideKind, bool),
    (id, rect): (u32, Rect),
    paras: &[Para],
    base: Base,
    ctx: &mut TextCtx,
) {
    let name = format!("Text {id}");
    let ph_type = if kind == SlideKind::Title {
        "subTitle"
    } else {
        "body"
    };
    let shape = Shape {
        id,
        name: &name,
        ph: body_ph.then_some((ph_type, Some("1"))),
        rect,
        frame: None,
    };
    text_shape(x, &shape, paras, base, ctx);
}

/// A code block as a filled, outlined box of monospace lines.
fn code_block(
    x: &mut X,
    (id, rect): (u32, Rect),
    lines: &[Vec<super::model::Run>],
    (size, c): (u32, &Colours),
    ctx: &mut TextCtx,
) {
    let paras: Vec<Para> = lines.iter().map(|l| plain_para(l.clone())).collect();
    let name = format!("Code {id}");
    let shape = Shape {
        id,
        name: &name,
        ph: None,
        rect,
        frame: Some((c.code_bg.as_str(), c.code_border.as_str())),
    };
    // Code lines sit close together: no space before each line.
    let base = Base {
        size: code_size(size),
        colour: &c.ink,
        bold: false,
        tight: true,
    };
    code_shape(x, &shape, &paras, base, ctx);
}

/// A text shape: a placeholder (`ph`: type and index) or a plain text box, optionally filled
/// and outlined (`frame`: fill, line).
struct Shape<'a> {
    id: u32,
    name: &'a str,
    ph: Option<(&'a str, Option<&'a str>)>,
    rect: Rect,
    frame: Option<(&'a str, &'a str)>,
}

fn text_shape(x: &mut X, s: &Shape, paras: &[Para], base: Base, ctx: &mut TextCtx) {
    open_shape(x, s);
    x.open("p:txBody", &[]);
    x.open(
        "a:bodyPr",
        &[("wrap", "square"), ("rtlCol", "0"), ("anchor", "t")],
    )
    .empty("a:normAutofit", &[])
    .close("a:bodyPr");
    x.empty("a:lstStyle", &[]);
    paragraphs(x, paras, base, ctx);
    x.close("p:txBody").close("p:sp");
}

/// A code box: monospace lines with the highlighter's colours, tight line spacing.
fn code_shape(x: &mut X, s: &Shape, paras: &[Para], base: Base, ctx: &mut TextCtx) {
    open_shape(x, s);
    x.open("p:txBody", &[]);
    let ins = INSET_X.to_string();
    x.open(
        "a:bodyPr",
        &[
            ("wrap", "square"),
            ("lIns", &ins),
            ("tIns", &ins),
            ("rIns", &ins),
            ("bIns", &ins),
            ("anchor", "t"),
        ],
    )
    .empty("a:normAutofit", &[])
    .close("a:bodyPr");
    x.empty("a:lstStyle", &[]);
    let mut code: Vec<Para> = paras.to_vec();
    for p in &mut code {
        for r in &mut p.runs {
            r.code = true;
        }
    }
    paragraphs(x, &code, base, ctx);
    x.close("p:txBody").close("p:sp");
}

fn open_shape(x: &mut X, s: &Shape) {
    let id = s.id.to_string();
    x.open("p:sp", &[]).open("p:nvSpPr", &[]);
    x.empty("p:cNvPr", &[("id", &id), ("name", s.name)]);
    match s.ph {
        Some((kind, idx)) => {
            x.open("p:cNvSpPr", &[])
                .empty("a:spLocks", &[("noGrp", "1")])
                .close("p:cNvSpPr");
            let mut a = vec![("type", kind)];
            if let Some(i) = idx {
                a.push(("idx", i));
            }
            x.open("p:nvPr", &[]).empty("p:ph", &a).close("p:nvPr");
        }
        None => {
            x.empty("p:cNvSpPr", &[("txBox", "1")]);
            x.empty("p:nvPr", &[]);
        }
    }
    x.close("p:nvSpPr").open("p:spPr", &[]);
    xfrm(x, s.rect);
    x.open("a:prstGeom", &[("prst", "rect")])
        .empty("a:avLst", &[])
        .close("a:prstGeom");
    match s.frame {
        Some((bg, line)) => {
            fill(x, bg);
            x.open("a:ln", &[("w", "9525")]);
            fill(x, line);
            x.close("a:ln");
        }
        None if s.ph.is_none() => {
            x.empty("a:noFill", &[]);
        }
        None => {}
    }
    x.close("p:spPr");
}

fn xfrm(x: &mut X, r: Rect) {
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", &r.x.to_string()), ("y", &r.y.to_string())]);
    x.empty(
        "a:ext",
        &[("cx", &r.w.to_string()), ("cy", &r.h.to_string())],
    );
    x.close("a:xfrm");
}

/// A picture: the raster as the blip, the SVG (when there is one) in Office 2016's extension.
fn picture(x: &mut X, id: u32, alt: &str, pic: &PicRef, r: Rect, ctx: &mut TextCtx) {
    let png = ctx.rels.add("image", &pic.png, false);
    let id_s = id.to_string();
    let name = format!("Picture {id}");
    x.open("p:pic", &[]).open("p:nvPicPr", &[]);
    x.empty("p:cNvPr", &[("id", &id_s), ("name", &name), ("descr", alt)]);
    x.open("p:cNvPicPr", &[])
        .empty("a:picLocks", &[("noChangeAspect", "1")])
        .close("p:cNvPicPr");
    x.empty("p:nvPr", &[]).close("p:nvPicPr");
    x.open("p:blipFill", &[]);
    match &pic.svg {
        Some(svg) => {
            let svg_id = ctx.rels.add("image", svg, false);
            x.open("a:blip", &[("r:embed", &png)]).open("a:extLst", &[]);
            x.open(
                "a:ext",
                &[("uri", "{96DAC541-7B7A-43D3-8B79-37D633B846F1}")],
            );
            x.empty(
                "asvg:svgBlip",
                &[
                    (
                        "xmlns:asvg",
                        "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
                    ),
                    ("r:embed", &svg_id),
                ],
            );
            x.close("a:ext").close("a:extLst").close("a:blip");
        }
        None => {
            x.empty("a:blip", &[("r:embed", &png)]);
        }
    }
    x.open("a:stretch", &[])
        .empty("a:fillRect", &[])
        .close("a:stretch");
    x.close("p:blipFill").open("p:spPr", &[]);
    xfrm(x, r);
    x.open("a:prstGeom", &[("prst", "rect")])
        .empty("a:avLst", &[])
        .close("a:prstGeom");
    x.close("p:spPr").close("p:pic");
}
