//! Where a slide's blocks go: stacked top to bottom in the body area, at the largest text size
//! (from 20 pt down) at which the estimated heights fit; pictures shrink before text does.
//! Estimates only: PowerPoint lays text out itself, and text boxes also shrink on overflow.

use super::model::{Block, Para, Table};
use super::text::{size_of, width_em};

/// Slide size in EMU: 16:9, 13.333 x 7.5 in (1280 x 720 CSS pixels at 9525 EMU per pixel).
pub(super) const SLIDE_W: i64 = 12_192_000;
pub(super) const SLIDE_H: i64 = 6_858_000;
/// EMU per CSS pixel.
pub(super) const PX: f64 = 9525.0;
const PT: f64 = 12_700.0;
/// Space between blocks.
const GAP: i64 = 120_000;
/// Text box insets (DrawingML defaults: 0.1 in left and right, 0.05 in top and bottom).
pub(super) const INSET_X: i64 = 91_440;
pub(super) const INSET_Y: i64 = 45_720;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rect {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

/// The body text size, and each block's place (in the order of the blocks).
#[derive(Debug, Clone)]
pub(super) struct Plan {
    /// Hundredths of a point.
    pub size: u32,
    pub rects: Vec<Rect>,
}

/// Text size of tables and code relative to body text (they are denser).
pub(super) fn table_size(size: u32) -> u32 {
    size * 8 / 10
}

pub(super) fn code_size(size: u32) -> u32 {
    size * 3 / 4
}

const SIZES: &[u32] = &[2000, 1800, 1600, 1400, 1200, 1100, 1000, 900];

/// Lay out `blocks` in `area`; `natural[i]` is block i's picture size in CSS pixels.
pub(super) fn plan(
    blocks: &[Block],
    natural: &[Option<(f64, f64)>],
    area: Rect,
    start: u32,
) -> Plan {
    let gaps = GAP * blocks.len().saturating_sub(1) as i64;
    let pic = |i: usize| -> (i64, i64) {
        let (w, h) = natural.get(i).copied().flatten().unwrap_or((800.0, 450.0));
        let (w, h) = (w * PX, h * PX);
        let s = (area.w as f64 / w).min(1.0);
        ((w * s) as i64, (h * s) as i64)
    };
    let mut chosen = None;
    for &size in SIZES.iter().filter(|s| **s <= start) {
        let fixed: i64 = blocks.iter().map(|b| height(b, area.w, size)).sum::<i64>() + gaps;
        let pics: i64 = (0..blocks.len())
            .filter(|i| matches!(blocks[*i], Block::Picture(_)))
            .map(|i| pic(i).1)
            .sum();
        let room = area.h - fixed;
        let factor = if pics == 0 {
            1.0
        } else {
            (room as f64 / pics as f64).min(1.0)
        };
        chosen = Some((size, factor.max(0.2)));
        if room >= 0 && (pics == 0 || factor >= 0.4) {
            break;
        }
    }
    let (size, factor) = chosen.unwrap_or((900, 0.2));
    let mut y = area.y;
    let mut rects = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let r = match b {
            Block::Picture(_) => {
                let (w, h) = pic(i);
                let (w, h) = ((w as f64 * factor) as i64, (h as f64 * factor) as i64);
                Rect {
                    x: area.x + (area.w - w) / 2,
                    y,
                    w,
                    h,
                }
            }
            b => Rect {
                x: area.x,
                y,
                w: area.w,
                h: height(b, area.w, size),
            },
        };
        y += r.h + GAP;
        rects.push(r);
    }
    Plan { size, rects }
}

/// Estimated height of a non-picture block at body size `size` (0 for pictures).
fn height(b: &Block, w: i64, size: u32) -> i64 {
    match b {
        Block::Text(p) => text_height(p, w, size),
        Block::Table(t) => table_height(t, w, table_size(size)),
        Block::Code(lines) => {
            let fs = f64::from(code_size(size)) / 100.0;
            let avail = (w - 2 * INSET_X) as f64;
            let n: f64 = lines
                .iter()
                .map(|l| {
                    let em: f64 = l.iter().map(|r| r.text.chars().count() as f64 * 0.6).sum();
                    (em * fs * PT / avail).ceil().max(1.0)
                })
                .sum();
            (n * fs * 1.2 * PT) as i64 + 2 * INSET_X
        }
        Block::Picture(_) => 0,
    }
}

/// Estimated height of paragraphs in a box `w` wide.
pub(super) fn text_height(paras: &[Para], w: i64, size: u32) -> i64 {
    let mut h = 2 * INSET_Y;
    for p in paras {
        let fs = f64::from(size_of(p.style, size)) / 100.0;
        let indent =
            342_900 * (i64::from(p.level) + 1) * i64::from(p.bullet != super::model::Bullet::None);
        let avail = ((w - 2 * INSET_X - indent).max(INSET_X)) as f64;
        let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
        let lines: f64 = text
            .split('\n')
            // 15% slack: the fonts that stand in for the named ones are often wider.
            .map(|piece| (width_em(piece) * 1.15 * fs * PT / avail).ceil().max(1.0))
            .sum();
        h += (lines * fs * 1.2 * PT + (fs * 0.3).max(2.0) * PT) as i64;
    }
    h
}

/// Column widths of `t` in a frame `w` wide: by the longest text of each column, bounded so no
/// column gets less than half or more than three times an even share.
pub(super) fn columns(t: &Table, w: i64) -> Vec<i64> {
    let n = t.columns();
    let mut need = vec![1.0f64; n];
    for r in &t.rows {
        let mut col = 0;
        for c in &r.cells {
            let span = c.colspan.max(1);
            let em = c
                .paras
                .iter()
                .map(|p| p.runs.iter().map(|r| width_em(&r.text)).sum::<f64>())
                .fold(0.0, f64::max);
            if span == 1 && col < n {
                need[col] = need[col].max(em.sqrt());
            }
            col += span;
        }
    }
    let even = 1.0 / n as f64;
    let total: f64 = need.iter().sum();
    let share: Vec<f64> = need
        .iter()
        .map(|x| (x / total).clamp(even / 2.0, even * 3.0))
        .collect();
    let sum: f64 = share.iter().sum();
    let mut widths: Vec<i64> = share.iter().map(|s| (s / sum * w as f64) as i64).collect();
    let used: i64 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += w - used;
    }
    widths
}

/// Estimated row heights of `t` with columns `cols`, at text size `size`.
pub(super) fn row_heights(t: &Table, cols: &[i64], size: u32) -> Vec<i64> {
    t.rows
        .iter()
        .map(|r| {
            let mut col = 0;
            let mut h: i64 = 0;
            for c in &r.cells {
                let span = c.colspan.max(1);
                let w: i64 = cols.iter().skip(col).take(span).sum();
                h = h.max(text_height(&c.paras, w, size));
                col += span;
            }
            h.max(280_000)
        })
        .collect()
}

fn table_height(t: &Table, w: i64, size: u32) -> i64 {
    row_heights(t, &columns(t, w), size).iter().sum()
}
