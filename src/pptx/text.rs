//! DrawingML text: paragraphs with list levels and bullets, runs with the language, Latin and
//! East Asian fonts, bold, italics, code, superscripts and links. Line breaking is left to
//! PowerPoint (no manual breaks beyond the author's own).

use super::model::{Bullet, Para, Run, Style};
use super::theme::FONTS;
use super::xml::{fill, Rels, X};
use std::collections::BTreeMap;

/// What a slide's text is written with.
pub(super) struct TextCtx<'a> {
    /// `ja-JP`, `en-US`.
    pub lang: &'a str,
    pub alt_lang: &'a str,
    pub link_colour: &'a str,
    /// Slide id -> slide number, for links to other slides.
    pub slides: &'a BTreeMap<String, usize>,
    pub rels: Rels,
}

/// The base look of a text body.
#[derive(Debug, Clone, Copy)]
pub(super) struct Base<'a> {
    /// Hundredths of a point.
    pub size: u32,
    pub colour: &'a str,
    pub bold: bool,
    /// No space before paragraphs (code lines).
    pub tight: bool,
}

/// Size of a paragraph of `style` in a body of `base` size.
pub(super) fn size_of(style: Style, base: u32) -> u32 {
    match style {
        Style::Body | Style::Heading => base,
        Style::Small => (base * 6 / 10).max(900),
    }
}

/// Write `paras` as `<a:p>` elements.
pub(super) fn paragraphs(x: &mut X, paras: &[Para], base: Base, ctx: &mut TextCtx) {
    if paras.is_empty() {
        x.open("a:p", &[]);
        end_para(x, base.size, ctx);
        x.close("a:p");
    }
    for p in paras {
        paragraph(x, p, base, ctx);
    }
}

fn paragraph(x: &mut X, p: &Para, base: Base, ctx: &mut TextCtx) {
    let size = size_of(p.style, base.size);
    x.open("a:p", &[]);
    let lvl = p.level.to_string();
    let step = 342_900u32;
    let mar = (step * (u32::from(p.level) + 1)).to_string();
    let indent = format!("-{}", step * 3 / 4);
    let algn = if p.right { "r" } else { "l" };
    let before = if base.tight {
        0
    } else {
        (size * 3 / 10).max(200)
    }
    .to_string();
    let mut attrs = vec![("algn", algn)];
    match p.bullet {
        Bullet::None => {
            attrs.extend([("marL", "0"), ("indent", "0")]);
        }
        _ => {
            attrs.extend([
                ("marL", mar.as_str()),
                ("lvl", lvl.as_str()),
                ("indent", indent.as_str()),
            ]);
        }
    }
    x.open("a:pPr", &attrs);
    x.open("a:spcBef", &[])
        .empty("a:spcPts", &[("val", &before)])
        .close("a:spcBef");
    match p.bullet {
        Bullet::None => {
            x.empty("a:buNone", &[]);
        }
        Bullet::Disc => {
            let ch = if p.level == 0 { "•" } else { "–" };
            x.empty("a:buFont", &[("typeface", "Arial")]);
            x.empty("a:buChar", &[("char", ch)]);
        }
        Bullet::Number(n) => {
            let at = n.to_string();
            x.empty("a:buFont", &[("typeface", "+mj-lt")]);
            x.empty("a:buAutoNum", &[("type", "arabicPeriod"), ("startAt", &at)]);
        }
    }
    x.close("a:pPr");
    let bold = base.bold || p.style == Style::Heading;
    for r in &p.runs {
        run(x, r, Base { size, bold, ..base }, ctx);
    }
    end_para(x, size, ctx);
    x.close("a:p");
}

fn end_para(x: &mut X, size: u32, ctx: &TextCtx) {
    let sz = size.to_string();
    x.empty(
        "a:endParaRPr",
        &[("lang", ctx.lang), ("sz", &sz), ("dirty", "0")],
    );
}

/// One run, or a line break for `"\n"`.
pub(super) fn run(x: &mut X, r: &Run, base: Base, ctx: &mut TextCtx) {
    let sz = base.size.to_string();
    if r.text == "\n" {
        x.open("a:br", &[])
            .open("a:rPr", &[("lang", ctx.lang), ("sz", &sz)]);
        x.empty("a:latin", &[("typeface", FONTS.latin)]);
        x.empty("a:ea", &[("typeface", FONTS.ea)]);
        x.close("a:rPr").close("a:br");
        return;
    }
    let link = r.link.as_deref().and_then(|h| hyperlink(h, ctx));
    let mut attrs = vec![
        ("lang", ctx.lang),
        ("altLang", ctx.alt_lang),
        ("sz", sz.as_str()),
    ];
    if base.bold || r.bold {
        attrs.push(("b", "1"));
    }
    if r.italic {
        attrs.push(("i", "1"));
    }
    if r.sup {
        attrs.push(("baseline", "30000"));
    }
    if link.is_some() {
        attrs.push(("u", "sng"));
    }
    attrs.push(("dirty", "0"));
    x.open("a:r", &[]).open("a:rPr", &attrs);
    let colour = match (&link, &r.colour) {
        (Some(_), _) => ctx.link_colour,
        (None, Some(c)) => c.as_str(),
        (None, None) => base.colour,
    };
    fill(x, colour);
    let latin = if r.code { FONTS.mono } else { FONTS.latin };
    x.empty("a:latin", &[("typeface", latin)]);
    x.empty("a:ea", &[("typeface", FONTS.ea)]);
    x.empty("a:cs", &[("typeface", latin)]);
    if let Some((id, jump)) = &link {
        let mut a = vec![("r:id", id.as_str())];
        if *jump {
            a.push(("action", "ppaction://hlinksldjump"));
        }
        x.empty("a:hlinkClick", &a);
    }
    x.close("a:rPr").leaf("a:t", &[], &r.text).close("a:r");
}

/// The relationship of a link: web and mail links as external targets, `#slide-id` as a jump
/// to that slide. Other (site-relative) links have no meaning inside the file and are dropped.
fn hyperlink(href: &str, ctx: &mut TextCtx) -> Option<(String, bool)> {
    let lower = href.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Some((ctx.rels.add("hyperlink", href, true), false));
    }
    let id = href.strip_prefix('#')?;
    let n = ctx.slides.get(id)?;
    Some((ctx.rels.add("slide", &format!("slide{n}.xml"), false), true))
}

/// Display width of `text` in em: East Asian wide characters count 1, others about half.
pub(super) fn width_em(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u);
            if wide {
                1.0
            } else {
                0.58
            }
        })
        .sum()
}
