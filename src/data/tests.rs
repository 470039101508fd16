//! Tests of the data stage through `load`: arithmetic of every real scenario, worked by hand,
//! and each invalid-data case with its position (lifecycles: `lifecycle_tests.rs`).

use super::*;
use std::str::FromStr;

pub(crate) const PRICING: &str = include_str!("../../data/pricing.toml");
pub(crate) const SCENARIOS: &str = include_str!("../../data/scenarios.toml");
const LIFECYCLE: &str = include_str!("../../data/lifecycle.toml");

fn load_texts(pricing: &str, scenarios: &str, lifecycle: &str) -> Result<DataSet, Vec<Diagnostic>> {
    load(
        (Path::new("data/pricing.toml"), pricing),
        Some((Path::new("data/scenarios.toml"), scenarios)),
        Some((Path::new("data/lifecycle.toml"), lifecycle)),
    )
}

/// The real data set (shared with the directive tests).
pub(crate) fn real() -> DataSet {
    load_texts(PRICING, SCENARIOS, LIFECYCLE).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn d(s: &str) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from_str(s).unwrap()
}

/// (formula, amount) of each row, and the total, as strings.
fn table(data: &DataSet, id: &str) -> (Vec<(String, String)>, String) {
    let t = data.cost_table(id).unwrap();
    let rows = t
        .rows
        .iter()
        .map(|r| (r.formula.clone(), r.amount.to_string()))
        .collect();
    (rows, t.total.to_string())
}

fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(f, a)| (f.to_string(), a.to_string()))
        .collect()
}

#[test]
fn uc1_eks() {
    // EKS 0.10 × 730 = 73.00
    // EC2 workers 0.248 × 3 × 730 = 0.744 × 730 = 543.12; EBS 0.08 × 300 × 3 = 72; 615.12
    // Cloud9 0.124 × 3 × 730 = 0.372 × 730 = 271.56; EBS 0.08 × 100 × 3 = 24; 295.56
    // CodeBuild 0.60 × 16 = 9.60; ECR 0.10 × 100 = 10.00
    // total 73 + 615.12 + 295.56 + 9.60 + 10 = 1003.28 (as in the seed)
    let (rows, total) = table(&real(), "uc1-eks");
    let want = [
        ("0.10 × 730", "73.00"),
        ("0.248 × 3 × 730 + 0.08 × 300 × 3", "615.12"),
        ("0.124 × 3 × 730 + 0.08 × 100 × 3", "295.56"),
        ("0.60 × 16", "9.60"),
        ("0.10 × 100", "10.00"),
    ];
    assert_eq!(rows, pairs(&want));
    assert_eq!(total, "1003.28");
}

#[test]
fn uc1_rosa() {
    // ROSA 0.25 × 730 = 182.5; 0.171 × 3 × 730 = 0.513 × 730 = 374.49; 556.99 (the seed rounded
    // this to 557 and so printed 1174.62). EC2 workers 615.12 (above); S3 0.025 × 100 = 2.50.
    // total 556.99 + 615.12 + 2.50 = 1174.61
    let (rows, total) = table(&real(), "uc1-rosa");
    let want = [
        ("0.25 × 730 + 0.171 × 3 × 730", "556.99"),
        ("0.248 × 3 × 730 + 0.08 × 300 × 3", "615.12"),
        ("0.025 × 100", "2.50"),
    ];
    assert_eq!(rows, pairs(&want));
    assert_eq!(total, "1174.61");
}

#[test]
fn uc2_eks() {
    // CloudWatch 0.76 × 10 = 7.6 plus 0.033 × 10 = 0.33: 7.93 (the seed printed 7.933, and a
    // total of 777.803). AMP example 1 is the flat monthly 81.75.
    // total 73 + 615.12 + 7.93 + 81.75 = 777.80
    let (rows, total) = table(&real(), "uc2-eks");
    let want = [
        ("0.10 × 730", "73.00"),
        ("0.248 × 3 × 730 + 0.08 × 300 × 3", "615.12"),
        ("0.76 × 10 + 0.033 × 10", "7.93"),
        ("81.75", "81.75"),
    ];
    assert_eq!(rows, pairs(&want));
    assert_eq!(total, "777.80");
}

#[test]
fn uc2_rosa() {
    // 556.99 + 615.12 + 7.93 = 1180.04 (the seed repeated uc1's 1174.62 by mistake)
    let (rows, total) = table(&real(), "uc2-rosa");
    assert_eq!(
        rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["556.99", "615.12", "7.93"]
    );
    assert_eq!(total, "1180.04");
}

#[test]
fn comparisons_and_table_facts() {
    let data = real();
    // 1174.61 - 1003.28 = 171.33; 1180.04 - 777.80 = 402.24
    assert_eq!(data.comparison("uc1").unwrap().differences, [d("171.33")]);
    assert_eq!(data.comparison("uc2").unwrap().differences, [d("402.24")]);
    let t = data.cost_table("uc1-eks").unwrap();
    assert_eq!(t.currency, "USD");
    assert_eq!(t.hours_per_month, d("730"));
    assert_eq!(t.as_of, NaiveDate::from_ymd_opt(2023, 12, 1).unwrap());
    assert_eq!(t.sources.len(), 5, "{:?}", t.sources);
    assert!(data.cost_table("nope").is_none());
}

#[test]
fn one_price_change_reaches_every_dependent_cell() {
    // EBS 0.08 -> 0.096: workers 543.12 + 0.096 × 900 = 543.12 + 86.4 = 629.52
    let pricing = PRICING.replace("amount = \"0.08\"", "amount = \"0.096\"");
    let data = load_texts(&pricing, SCENARIOS, LIFECYCLE).unwrap();
    let (rows, total) = table(&data, "uc1-eks");
    assert_eq!(
        rows[1],
        ("0.248 × 3 × 730 + 0.096 × 300 × 3".into(), "629.52".into())
    );
    // Cloud9 271.56 + 0.096 × 300 = 271.56 + 28.8 = 300.36; total 73 + 629.52 + 300.36 + 19.60
    assert_eq!(total, "1022.48");
}

/// The errors of loading with one file replaced, as `file:line:col: message`.
pub(crate) fn errors_with(pricing: &str, scenarios: &str, lifecycle: &str) -> Vec<String> {
    let e = load_texts(pricing, scenarios, lifecycle).expect_err("should fail");
    e.iter()
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect()
}

pub(crate) fn one_error(pricing: &str, scenarios: &str, lifecycle: &str) -> String {
    let e = errors_with(pricing, scenarios, lifecycle);
    assert_eq!(e.len(), 1, "{e:#?}");
    e[0].clone()
}

/// Line (1-based) of the first occurrence of `needle` in `text`, after `after` if given.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect(needle)]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn unknown_price_id_in_a_scenario() {
    let s = SCENARIOS.replacen(
        "price = \"codebuild-general-medium\"",
        "price = \"codebuild-large\"",
        1,
    );
    let e = one_error(PRICING, &s, LIFECYCLE);
    let line = line_of(&s, "codebuild-large");
    assert!(
        e.starts_with(&format!(
            "data/scenarios.toml:{line}:20: unknown price id `codebuild-large`"
        )),
        "{e}"
    );
}

#[test]
fn unit_mismatch_hours_vs_gb() {
    // A per-hour price given a quantity in GB (and so missing its hours).
    let s = SCENARIOS.replacen(
        "{ price = \"codebuild-general-medium\", hours = \"16\" }",
        "{ price = \"codebuild-general-medium\", gb = \"16\" }",
        1,
    );
    let e = errors_with(PRICING, &s, LIFECYCLE);
    let line = line_of(&s, "gb = \"16\"");
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(
        e[0].starts_with(&format!("data/scenarios.toml:{line}:53: unit mismatch")),
        "{e:?}"
    );
    assert!(e[1].starts_with(&format!("data/scenarios.toml:{line}:10: price `codebuild-general-medium` is per hour: this term needs `hours`")), "{e:?}");
    // A per-GB-month price given hours.
    let s = SCENARIOS.replacen(
        "{ price = \"ecr-storage\", gb = \"100\" }",
        "{ price = \"ecr-storage\", gb = \"100\", hours = \"month\" }",
        1,
    );
    let e = one_error(PRICING, &s, LIFECYCLE);
    assert!(
        e.contains("price `ecr-storage` is per gb-month, so a quantity in `hours` does not apply"),
        "{e}"
    );
}

#[test]
fn currency_mismatch_inside_a_scenario() {
    let p = PRICING.replacen(
        "currency = \"USD\"\nunit = \"gb-month\"",
        "currency = \"EUR\"\nunit = \"gb-month\"",
        1,
    );
    let e = errors_with(&p, SCENARIOS, LIFECYCLE);
    // ebs-gp3 (the first gb-month price) is used by every scenario: one error per use.
    assert!(
        !e.is_empty()
            && e.iter()
                .all(|m| m.contains("currency mismatch: price `ebs-gp3` is in EUR")),
        "{e:#?}"
    );
    let line = line_of(SCENARIOS, "{ price = \"ebs-gp3\"");
    assert!(
        e[0].starts_with(&format!("data/scenarios.toml:{line}:")),
        "{e:?}"
    );
}

#[test]
fn bad_quantities_and_duplicates() {
    let s = SCENARIOS
        .replacen("count = \"3\"", "count = \"-3\"", 1)
        .replacen("gb = \"300\"", "gb = 300", 1);
    let e = one_error(PRICING, &s, LIFECYCLE);
    assert!(e.contains("written as a string"), "{e}");
    let s = SCENARIOS.replacen("count = \"3\"", "count = \"-3\"", 1);
    let e = one_error(PRICING, &s, LIFECYCLE);
    assert!(
        e.starts_with(&format!("data/scenarios.toml:{}:", line_of(&s, "\"-3\"")))
            && e.contains("negative"),
        "{e}"
    );
    let s = SCENARIOS.replacen("id = \"uc1-rosa\"", "id = \"uc1-eks\"", 1);
    let e = one_error(PRICING, &s, LIFECYCLE);
    assert!(e.contains("duplicate scenario id `uc1-eks`"), "{e}");
    let s = SCENARIOS.replacen(
        "\"uc2-eks\", \"uc2-rosa\"]",
        "\"uc2-eks\", \"uc3-rosa\"]",
        1,
    );
    assert!(one_error(PRICING, &s, LIFECYCLE).contains("unknown scenario `uc3-rosa`"));
    let s = SCENARIOS.replacen(
        "label = \"cost-line-ecr\"",
        "label = \"cost-line-ecr\"\nlable = \"x\"",
        1,
    );
    assert!(one_error(PRICING, &s, LIFECYCLE).contains("unknown field `lable`"));
}

#[test]
fn errors_of_every_file_are_collected() {
    let e = errors_with(
        "[[price]]\nid = 1\n",
        "hours_per_month = \"730\"\n[oops\n",
        "as_of = 2024-03-01\n[[lifecycle]]\nid = 1\n",
    );
    let files: Vec<_> = e
        .iter()
        .map(|m| m.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "data/pricing.toml",
            "data/scenarios.toml",
            "data/lifecycle.toml"
        ],
        "{e:#?}"
    );
}

#[test]
fn bad_rates_name_the_file_and_line() {
    // Each case edits the real [[rate]] and expects one error at `data/pricing.toml:line:col`.
    let cases = [
        (
            "from = \"USD\"",
            "from = \"US\"",
            "from = ",
            8,
            "`US` is not an ISO 4217",
        ),
        (
            "to = \"JPY\"",
            "to = \"jpy\"",
            "to = ",
            6,
            "`jpy` is not an ISO 4217",
        ),
        (
            "to = \"JPY\"",
            "to = \"USD\"",
            "to = ",
            6,
            "`from` and `to` are both `USD`",
        ),
        (
            "rate = \"150\"",
            "rate = \"0\"",
            "rate = ",
            8,
            "greater than 0",
        ),
        (
            "rate = \"150\"",
            "rate = \"-150\"",
            "rate = ",
            8,
            "negative",
        ),
        (
            "rate = \"150\"",
            "rate = \"150.\"",
            "rate = ",
            8,
            "not a plain decimal",
        ),
        (
            "rate = \"150\"",
            "rate = 150.0",
            "rate = ",
            8,
            "written as a string",
        ),
        (
            "languages = [\"ja\"]",
            "languages = []",
            "languages = ",
            13,
            "empty languages",
        ),
        ("basis = ", "basi = ", "basi = ", 1, "unknown field `basi`"),
    ];
    for (from, to, at, col, message) in cases {
        let p = PRICING.replacen(from, to, 1);
        assert_ne!(p, PRICING, "{from}");
        let e = one_error(&p, SCENARIOS, LIFECYCLE);
        let line = line_of(&p[..], &format!("\n{at}")) + 1;
        let want = format!("data/pricing.toml:{line}:{col}: ");
        assert!(e.starts_with(&want) && e.contains(message), "{to}: {e}");
    }
    // A second rate for the same pair points at the second and names the first.
    let rate = &PRICING[PRICING.rfind("\n[[rate]]\n").unwrap()..];
    let p = format!("{PRICING}{rate}");
    let e = load_texts(&p, SCENARIOS, LIFECYCLE).unwrap_err();
    assert_eq!(e.len(), 1, "{e:#?}");
    let first = line_of(&p, "\nfrom = \"USD\"") + 1;
    let second = p.matches('\n').count() - rate.matches('\n').count() + 3;
    assert_eq!(
        format!("{}: {}", e[0].location(), e[0].message),
        format!("data/pricing.toml:{second}:8: duplicate rate from USD to JPY")
    );
    assert_eq!(e[0].hints, [format!("first defined at line {first}")]);
}

#[test]
fn rates_reach_the_data_set() {
    let data = real();
    let r: Vec<_> = data.pricing.rates_for("USD", "ja").collect();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].rate, d("150"));
    // The reference line of uc1-rosa: 1174.61 × 150 = 176191.50 -> 176192 (half away from zero).
    let total = data.cost_table("uc1-rosa").unwrap().total;
    assert_eq!(
        money::convert(total, r[0].rate, &r[0].to),
        Some(d("176192"))
    );
}
