//! Chart views, computed at build time for inline SVG (no script): `cost-chart <comparison>`, a
//! stacked bar per scenario (a segment per cost line, totals labelled), and
//! `lifecycle-chart <id>`, a bar per version from its start to the end of its last phase (one
//! segment per phase) with the as-of date marked.
//!
//! Geometry is in SVG user units of a fixed-width view box, printed with one decimal so the
//! output is byte-stable; the amounts and dates in every label and in `<desc>` are the same
//! formatted strings the tables show. Colours are CSS classes (`chart-seg-N`, `chart-phase--S`)
//! the theme styles.

use super::cost::{comparison, members, row_args};
use super::life::{self, status_label};
use super::Cx;
use crate::data::{CostTable, LifeRow, LifecycleTable};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

const WIDTH: f64 = 960.0;
/// Colour classes cycle through this many theme colours.
const COLOURS: usize = 8;

fn u(v: f64) -> String {
    format!("{v:.1}")
}

#[derive(Debug, Serialize)]
pub(super) struct CostChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub width: String,
    pub height: String,
    pub bars: Vec<Bar>,
    pub legend: Vec<Legend>,
    /// The same figures as a table, rendered by its own template (shown beside the chart in
    /// the document view); filled in by the caller.
    pub table: String,
}

#[derive(Debug, Serialize)]
pub(super) struct Bar {
    pub scenario: String,
    pub name: String,
    pub total: String,
    pub name_y: String,
    pub y: String,
    pub height: String,
    pub total_x: String,
    pub total_y: String,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Serialize)]
pub(super) struct Segment {
    pub x: String,
    pub width: String,
    /// `chart-seg-N` colour class, or the status of a lifecycle phase.
    pub class: String,
    /// The segment's figure in words (the SVG `<title>` tooltip).
    pub title: String,
}

#[derive(Debug, Serialize)]
pub(super) struct Legend {
    pub class: String,
    pub label: String,
}

/// Lines are coloured by their Fluent key (the short one when given), so a line two scenarios
/// share (the same workers, say) has one colour in every bar and one legend entry.
pub(super) fn cost(cx: &Cx, id: &str) -> Result<CostChartView, String> {
    let c = comparison(cx, id)?;
    let tables = members(cx, c)?;
    let max = tables
        .iter()
        .filter_map(|t| t.total.to_f64())
        .fold(0.0, f64::max);
    let scale = Scale {
        left: 8.0,
        per_unit: (WIDTH - 8.0 - 170.0) / max.max(f64::MIN_POSITIVE),
    };
    let row_h = 76.0;
    let mut palette = Palette::default();
    let mut bars = Vec::new();
    let mut desc = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let (bar, words) = cost_bar(cx, t, &scale, 8.0 + i as f64 * row_h, &mut palette)?;
        desc.push(words);
        bars.push(bar);
    }
    let legend = palette.legend;
    let hours = cx.strings.format_decimal(tables[0].hours_per_month)?;
    Ok(CostChartView {
        id: c.id.clone(),
        title: cx.t(&c.caption, &[("hours", hours)])?,
        desc: desc.join(" "),
        width: u(WIDTH),
        height: u(16.0 + tables.len() as f64 * row_h),
        bars,
        legend,
        table: String::new(),
    })
}

/// Amounts to x coordinates of a cost chart.
struct Scale {
    left: f64,
    per_unit: f64,
}

/// Colours by line label (first seen, first coloured) and the legend they make.
#[derive(Default)]
struct Palette<'a> {
    keys: Vec<&'a str>,
    legend: Vec<Legend>,
}

impl<'a> Palette<'a> {
    /// The colour class of line `key`, adding it (labelled `label`) to the legend when new.
    fn class(&mut self, key: &'a str, label: &str) -> String {
        let at = self.keys.iter().position(|k| *k == key).unwrap_or_else(|| {
            self.keys.push(key);
            self.keys.len() - 1
        });
        let class = format!("chart-seg-{}", at % COLOURS);
        if at == self.legend.len() {
            self.legend.push(Legend {
                class: class.clone(),
                label: label.to_string(),
            });
        }
        class
    }
}

/// One scenario's bar at `top`, and its sentence for `<desc>` (`chart-cost-bar`).
fn cost_bar<'a>(
    cx: &Cx,
    t: &'a CostTable,
    scale: &Scale,
    top: f64,
    palette: &mut Palette<'a>,
) -> Result<(Bar, String), String> {
    let bar_h = 32.0;
    let (mut acc, mut segments, mut words) = (0.0, Vec::new(), Vec::new());
    for row in &t.rows {
        let short = match &row.short {
            Some(k) => cx.strings.get0(k)?,
            None => cx.strings.get(&row.label, &row_args(cx, row)?)?,
        };
        // Lines sharing a short label (or, without one, a label) share a colour and an entry.
        let class = palette.class(row.short.as_deref().unwrap_or(&row.label), &short);
        let amount = cx.money(row.amount, &t.currency)?;
        let title = cx.t("chart-segment", &[("label", short), ("amount", amount)])?;
        let x = scale.left + acc * scale.per_unit;
        acc += row.amount.to_f64().unwrap_or(0.0);
        let end = scale.left + acc * scale.per_unit;
        words.push(title.clone());
        segments.push(Segment {
            x: u(x),
            width: u(end - x),
            class,
            title,
        });
    }
    let name = cx.strings.get0(&t.name)?;
    let total = cx.money(t.total, &t.currency)?;
    let lines = words.join(&cx.strings.get0("chart-list-separator")?);
    let pairs = [
        ("name", name.clone()),
        ("total", total.clone()),
        ("lines", lines),
    ];
    let desc = cx.t("chart-cost-bar", &pairs)?;
    let end = scale.left + acc * scale.per_unit;
    let bar = Bar {
        scenario: t.id.clone(),
        name,
        total,
        name_y: u(top + 20.0),
        y: u(top + 30.0),
        height: u(bar_h),
        total_x: u(end + 10.0),
        total_y: u(top + 30.0 + bar_h / 2.0 + 7.0),
        segments,
    };
    Ok((bar, desc))
}

#[derive(Debug, Serialize)]
pub(super) struct LifeChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub width: String,
    pub height: String,
    pub label_x: String,
    pub axis_y: String,
    pub ticks: Vec<Tick>,
    pub rows: Vec<Bar>,
    pub as_of_x: String,
    pub as_of_label: String,
    pub legend: Vec<Legend>,
    /// The same figures as a table (see [`CostChartView::table`]).
    pub table: String,
}

#[derive(Debug, Serialize)]
pub(super) struct Tick {
    pub x: String,
    pub label: String,
}

/// A time axis from January 1 of the first start's year to January 1 after the last end.
struct Axis {
    d0: NaiveDate,
    days: f64,
    x0: f64,
    x1: f64,
}

impl Axis {
    fn x(&self, d: NaiveDate) -> f64 {
        self.x0 + (d - self.d0).num_days() as f64 / self.days * (self.x1 - self.x0)
    }
}

fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

pub(super) fn lifecycle(cx: &Cx, id: &str) -> Result<LifeChartView, String> {
    let t = life::dataset(cx, id)?;
    let first = t.rows.iter().map(|r| r.start).min().unwrap_or(t.as_of);
    let last = t
        .rows
        .iter()
        .flat_map(|r| r.phase_ends.last())
        .max()
        .copied();
    let (y0, y1) = (
        first.year().min(t.as_of.year()),
        last.unwrap_or(t.as_of).year() + 1,
    );
    let axis = Axis {
        d0: jan1(y0),
        days: (jan1(y1) - jan1(y0)).num_days().max(1) as f64,
        x0: 80.0,
        x1: WIDTH - 16.0,
    };
    let sep = cx.strings.get0("chart-list-separator")?;
    let mut rows = Vec::new();
    let mut desc = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        let y = LIFE_TOP + i as f64 * LIFE_ROW_H;
        let (bar, words) = life_bar(cx, t, &axis, r, y)?;
        let pairs = [("name", r.name.clone()), ("phases", words.join(&sep))];
        desc.push(cx.t("chart-lifecycle-row", &pairs)?);
        rows.push(bar);
    }
    let axis_y = LIFE_TOP + t.rows.len() as f64 * LIFE_ROW_H + 4.0;
    let ticks = year_ticks(cx, &axis, y0..=y1)?;
    let mut legend = Vec::new();
    for p in &t.phases {
        legend.push(Legend {
            class: p.status.clone(),
            label: status_label(cx, &p.status)?,
        });
    }
    let as_of_label = cx.t("chart-as-of", &[("date", cx.date(t.as_of)?)])?;
    desc.push(as_of_label.clone());
    Ok(LifeChartView {
        id: t.id.clone(),
        title: cx.t(&t.caption, &[("date", cx.date(t.as_of)?)])?,
        desc: desc.join(" "),
        width: u(WIDTH),
        height: u(axis_y + 26.0),
        label_x: u(axis.x0 - 10.0),
        axis_y: u(axis_y),
        ticks,
        rows,
        as_of_x: u(axis.x(t.as_of)),
        as_of_label,
        legend,
        table: String::new(),
    })
}

/// A labelled tick at each January 1st of `years`.
fn year_ticks(
    cx: &Cx,
    axis: &Axis,
    years: std::ops::RangeInclusive<i32>,
) -> Result<Vec<Tick>, String> {
    years
        .map(|year| {
            Ok(Tick {
                x: u(axis.x(jan1(year))),
                label: cx.t("chart-year", &[("year", year.to_string())])?,
            })
        })
        .collect()
}

/// Where the first lifecycle bar's row starts, each row's height and each bar's, in pixels.
const LIFE_TOP: f64 = 34.0;
const LIFE_ROW_H: f64 = 32.0;
const LIFE_BAR_H: f64 = 20.0;

/// One version's bar (a segment per phase) at row top `y`, and each phase in words.
fn life_bar(
    cx: &Cx,
    t: &LifecycleTable,
    axis: &Axis,
    r: &LifeRow,
    y: f64,
) -> Result<(Bar, Vec<String>), String> {
    let (mut from, mut segments, mut words) = (r.start, Vec::new(), Vec::new());
    for (phase, end) in t.phases.iter().zip(&r.phase_ends) {
        let a = [
            ("status", status_label(cx, &phase.status)?),
            ("from", cx.date(from)?),
            ("to", cx.date(*end)?),
        ];
        let title = cx.t("chart-phase", &a)?;
        let (x, x_end) = (axis.x(from), axis.x(*end));
        words.push(title.clone());
        segments.push(Segment {
            x: u(x),
            width: u(x_end - x),
            class: phase.status.clone(),
            title,
        });
        from = *end;
    }
    let bar = Bar {
        scenario: r.status.clone(),
        name: r.name.clone(),
        total: String::new(),
        name_y: u(y + LIFE_BAR_H - 2.0),
        y: u(y + 2.0),
        height: u(LIFE_BAR_H),
        total_x: String::new(),
        total_y: String::new(),
        segments,
    };
    Ok((bar, words))
}
