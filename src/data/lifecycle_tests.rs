//! Tests of the lifecycle datasets through `load`: the real file's spans, statuses and fee, the
//! status moving with `as_of` only, and located errors for bad definitions and versions.

use super::tests::{errors_with, one_error, real, PRICING, SCENARIOS};
use super::*;

const LIFECYCLE: &str = include_str!("../../data/lifecycle.toml");

fn load_life(lifecycle: &str) -> Lifecycle {
    let p = Path::new("data/lifecycle.toml");
    let s = Path::new("data/scenarios.toml");
    load(
        (Path::new("data/pricing.toml"), PRICING),
        Some((s, SCENARIOS)),
        Some((p, lifecycle)),
    )
    .unwrap_or_else(|e| panic!("{e:#?}"))
    .lifecycle
}

fn span(months: u32, days: u32) -> Cell {
    Cell::Span(Span { months, days })
}

/// The row of version `name` in dataset `id`.
fn row(life: &Lifecycle, id: &str, name: &str) -> LifeRow {
    let t = life.get(id).unwrap();
    t.rows.iter().find(|r| r.name == name).unwrap().clone()
}

#[test]
fn spans_statuses_and_fee_of_the_real_file() {
    let data = real();
    let life = &data.lifecycle;
    assert_eq!(life.as_of, NaiveDate::from_ymd_opt(2024, 3, 1));
    // Columns: version, 4 dates, standard span, extended span, status.
    // 2024-01-23 -> 2025-03-23: 14 months; -> 2026-03-23: 12 more.
    let r = row(life, "eks", "1.29");
    assert_eq!(
        r.cells[5..],
        [span(14, 0), span(12, 0), Cell::Status("supported".into())]
    );
    // 2023-02-22 -> 2024-05-01: 2024-04-22 is 14 months, then 9 days.
    assert_eq!(row(life, "eks", "1.25").cells[5], span(14, 9));
    // 2022-11-15 -> 2024-01-31: 14 months (2024-01-15) and 16 days; standard ended before 03-01.
    let r = row(life, "eks", "1.24");
    assert_eq!(
        (r.cells[5].clone(), r.status.as_str()),
        (span(14, 16), "extended")
    );
    let statuses: Vec<&str> = life
        .get("eks")
        .unwrap()
        .rows
        .iter()
        .map(|r| r.status.as_str())
        .collect();
    let want = [
        "supported",
        "supported",
        "supported",
        "supported",
        "supported",
        "extended",
        "extended",
    ];
    assert_eq!(statuses, want);
    // The extended phase's fee: 0.10 × 6 = 0.60 per hour.
    let fee = life.get("eks").unwrap().phases[1].fee.clone().unwrap();
    let amount = Lifecycle::fee_amount(&fee, &data.pricing).unwrap();
    assert_eq!(amount, (Decimal::new(60, 2), "USD".to_string()));
    // ROSA 4.14: 2023-10-31 + 16 months clamps to 2025-02-28, the end of life: 16 months exactly.
    let rosa = life.get("rosa").unwrap();
    assert!(rosa
        .rows
        .iter()
        .all(|r| r.cells[4] == span(16, 0) && r.status == "supported"));
    assert_eq!(rosa.rows[0].cells[1], Cell::Text("4.14".into()));
}

#[test]
fn status_depends_on_as_of_only() {
    // Moved to 2025-06-01: 1.25 has passed standard (2024-05-01) and extended (2025-05-01).
    let life = load_life(&LIFECYCLE.replace("as_of = 2024-03-01", "as_of = 2025-06-01"));
    let status = |v: &str| row(&life, "eks", v).status;
    assert_eq!(
        (status("1.29"), status("1.28"), status("1.25")),
        ("extended".into(), "extended".into(), "ended".into())
    );
    assert!(life
        .get("rosa")
        .unwrap()
        .rows
        .iter()
        .all(|r| r.status == "ended"));
    // The end date itself is already past: as_of == end-of-standard is extended.
    let life = load_life(&LIFECYCLE.replace("as_of = 2024-03-01", "as_of = 2024-11-26"));
    assert_eq!(row(&life, "eks", "1.28").status, "extended");
}

fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the file"));
    let p = crate::diag::Pos::from_offset(text, at);
    (p.line, p.col)
}

/// The one error of the real file with `from` replaced by `to`, located at `to`.
fn located(from: &str, to: &str) -> String {
    let l = LIFECYCLE.replacen(from, to, 1);
    assert_ne!(l, LIFECYCLE, "{from} not in the file");
    let e = one_error(PRICING, SCENARIOS, &l);
    let (line, col) = line_col(&l, to.lines().last().unwrap_or(to));
    let at = format!("data/lifecycle.toml:{line}:");
    assert!(e.starts_with(&at), "{e} is not on line {line} (col {col})");
    e
}

#[test]
fn bad_versions_are_located() {
    let e = located(
        "end-of-standard = 2024-11-26",
        "end-of-standard = 2023-09-01",
    );
    assert!(
        e.contains("date out of order: 2023-09-01 is before 2023-09-26 (`eks-release`)"),
        "{e}"
    );
    let e = located(
        "kubernetes = \"1.28\"\n",
        "kubernetes = \"1.28\"\neks-relase = 2023-09-26\n",
    );
    assert!(e.contains("unknown column `eks-relase`"), "{e}");
    let l = LIFECYCLE.replacen(
        "kubernetes = \"1.26\"\nrosa-version",
        "kubernetes = \"1.27\"\nrosa-version",
        1,
    );
    assert!(one_error(PRICING, SCENARIOS, &l).contains("duplicate version `1.27`"));
    let l = LIFECYCLE.replacen("as_of = 2024-03-01", "as_of = 2024-01-01", 1);
    let e = one_error(PRICING, SCENARIOS, &l);
    assert!(
        e.contains("start date 2024-01-23 is after the data's as_of date 2024-01-01"),
        "{e}"
    );
    let l = LIFECYCLE.replacen("end-of-life = 2024-09-17\n", "", 1);
    assert!(one_error(PRICING, SCENARIOS, &l).contains("this version has no `end-of-life`"));
}

#[test]
fn bad_definitions_are_located() {
    let e = located(
        "from = \"end-of-standard\", to = \"end-of-extended\"",
        "from = \"end-of-standard\", to = \"end-of-support\"",
    );
    assert!(
        e.contains(
            "span `extended-span` between missing dates: `end-of-support` is not a date column"
        ),
        "{e}"
    );
    let e = located("until = \"end-of-life\"", "until = \"end-of-lfe\"");
    assert!(
        e.contains("phase end `end-of-lfe` is not a date column"),
        "{e}"
    );
    let e = located("price = \"eks-cluster\"", "price = \"eks\"");
    assert!(e.contains("unknown price id `eks`"), "{e}");
    let l = LIFECYCLE.replacen("kind = \"status\", label", "kind = \"sttus\", label", 1);
    let e = one_error(PRICING, SCENARIOS, &l);
    let (line, col) = line_col(&l, "\"sttus\"");
    assert!(
        e.starts_with(&format!("data/lifecycle.toml:{line}:{col}: ")),
        "{e}"
    );
    assert!(e.contains("unknown variant `sttus`"), "{e}");
}

#[test]
fn another_product_needs_no_code() {
    // A database's major versions with one support phase and no fee.
    let l = r#"as_of = 2024-06-01
[[lifecycle]]
id = "pg"
caption = "pg-caption"
source = "https://www.postgresql.org/support/versioning/"
start = "released"
columns = [
  { id = "major", kind = "text", label = "pg-col-major" },
  { id = "released", kind = "date", label = "pg-col-released" },
  { id = "final", kind = "date", label = "pg-col-final" },
  { id = "years", kind = "span", from = "released", to = "final", label = "pg-col-span" },
]
phases = [{ status = "supported", until = "final" }]
[[lifecycle.version]]
major = "12"
released = 2019-10-03
final = 2024-11-21
"#;
    let life = load_life(l);
    let r = row(&life, "pg", "12");
    assert_eq!(
        (r.cells[3].clone(), r.status.as_str()),
        (span(61, 18), "supported")
    );
    let e = errors_with(PRICING, SCENARIOS, &l.replace("\"text\"", "\"date\""));
    assert!(
        e.iter()
            .any(|m| m.contains("the first column is the row header")),
        "{e:#?}"
    );
}
