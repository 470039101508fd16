//! Tables as DrawingML tables (`a:tbl`): a header row, right-aligned numeric cells, the totals
//! row, banded body rows, spans as merged cells.

use super::layout::{columns, row_heights, table_size, Rect};
use super::model::{Row, Table};
use super::text::{paragraphs, Base, TextCtx};
use super::theme::Colours;
use super::xml::{fill, X};

/// Write `t` as a graphic frame at `r`, shape id `id`; body text at `size`.
pub(super) fn frame(
    x: &mut X,
    t: &Table,
    r: Rect,
    id: u32,
    size: u32,
    c: &Colours,
    ctx: &mut TextCtx,
) {
    let size = table_size(size);
    let cols = columns(t, r.w);
    let heights = row_heights(t, &cols, size);
    let id_s = id.to_string();
    let name = format!("Table {}", id - 1);
    x.open("p:graphicFrame", &[])
        .open("p:nvGraphicFramePr", &[]);
    x.empty("p:cNvPr", &[("id", &id_s), ("name", &name)]);
    x.open("p:cNvGraphicFramePr", &[])
        .empty("a:graphicFrameLocks", &[("noGrp", "1")])
        .close("p:cNvGraphicFramePr");
    x.empty("p:nvPr", &[]).close("p:nvGraphicFramePr");
    let total: i64 = heights.iter().sum();
    x.open("p:xfrm", &[]);
    x.empty("a:off", &[("x", &r.x.to_string()), ("y", &r.y.to_string())]);
    x.empty(
        "a:ext",
        &[("cx", &r.w.to_string()), ("cy", &total.to_string())],
    );
    x.close("p:xfrm");
    x.open("a:graphic", &[]).open(
        "a:graphicData",
        &[(
            "uri",
            "http://schemas.openxmlformats.org/drawingml/2006/table",
        )],
    );
    x.open("a:tbl", &[]);
    table_props(x, t, &cols);
    let mut body = 0;
    for (row, h) in t.rows.iter().zip(&heights) {
        let band = !row.head && !row.total && {
            body += 1;
            body % 2 == 0
        };
        let look = RowLook {
            h: *h,
            ncols: cols.len(),
            band,
            size,
        };
        write_row(x, row, look, c, ctx);
    }
    x.close("a:tbl").close("a:graphicData").close("a:graphic");
    x.close("p:graphicFrame");
}

/// The table's properties (header and totals rows, banding) and its column grid.
fn table_props(x: &mut X, t: &Table, cols: &[i64]) {
    let flag = |on: bool| if on { "1" } else { "0" };
    let head = flag(t.rows.first().is_some_and(|r| r.head));
    let last = flag(t.rows.last().is_some_and(|r| r.total));
    x.empty(
        "a:tblPr",
        &[("firstRow", head), ("lastRow", last), ("bandRow", "1")],
    );
    x.open("a:tblGrid", &[]);
    for w in cols {
        x.empty("a:gridCol", &[("w", &w.to_string())]);
    }
    x.close("a:tblGrid");
}

/// How one row is drawn: its height, the grid's column count, its banding and text size.
struct RowLook {
    h: i64,
    ncols: usize,
    band: bool,
    size: u32,
}

fn write_row(x: &mut X, row: &Row, look: RowLook, c: &Colours, ctx: &mut TextCtx) {
    let ncols = look.ncols;
    x.open("a:tr", &[("h", &look.h.to_string())]);
    let mut col = 0;
    for cell in &row.cells {
        if col >= ncols {
            break;
        }
        let span = cell.colspan.max(1).min(ncols - col);
        let span_s = span.to_string();
        let attrs: Vec<(&str, &str)> = if span > 1 {
            vec![("gridSpan", span_s.as_str())]
        } else {
            Vec::new()
        };
        x.open("a:tc", &attrs).open("a:txBody", &[]);
        x.empty("a:bodyPr", &[]).empty("a:lstStyle", &[]);
        let base = Base {
            size: look.size,
            colour: &c.ink,
            bold: row.head || row.total || cell.header,
            tight: false,
        };
        paragraphs(x, &cell.paras, base, ctx);
        x.close("a:txBody");
        let bg = if row.head || row.total {
            Some(c.th.as_str())
        } else if look.band {
            Some(c.zebra.as_str())
        } else {
            None
        };
        cell_props(x, bg, &c.rule, row.total);
        x.close("a:tc");
        for _ in 1..span {
            empty_cell(x, &[("hMerge", "1")], bg, &c.rule, row.total);
        }
        col += span;
    }
    // A short row is padded so every row has a cell per grid column.
    for _ in col..ncols {
        empty_cell(x, &[], None, &c.rule, row.total);
    }
    x.close("a:tr");
}

/// A cell with one empty paragraph: covered by a span (`hMerge`) or padding a short row.
fn empty_cell(x: &mut X, attrs: &[(&str, &str)], bg: Option<&str>, rule: &str, total: bool) {
    x.open("a:tc", attrs).open("a:txBody", &[]);
    x.empty("a:bodyPr", &[]).empty("a:lstStyle", &[]);
    x.open("a:p", &[]).close("a:p").close("a:txBody");
    cell_props(x, bg, rule, total);
    x.close("a:tc");
}

/// Margins, a rule under the cell (a heavier one above the totals row), and the fill.
fn cell_props(x: &mut X, bg: Option<&str>, rule: &str, total: bool) {
    x.open(
        "a:tcPr",
        &[
            ("marL", "68580"),
            ("marR", "68580"),
            ("marT", "34290"),
            ("marB", "34290"),
            ("anchor", "ctr"),
        ],
    );
    for (edge, w, show) in [
        ("a:lnL", "0", false),
        ("a:lnR", "0", false),
        ("a:lnT", "19050", total),
        ("a:lnB", "9525", true),
    ] {
        x.open(edge, &[("w", w)]);
        if show {
            fill(x, rule);
        } else {
            x.empty("a:noFill", &[]);
        }
        x.close(edge);
    }
    match bg {
        Some(b) => fill(x, b),
        None => {
            x.empty("a:noFill", &[]);
        }
    }
    x.close("a:tcPr");
}
