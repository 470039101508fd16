//! Tests of the chart directives: SVG snapshots (insta), the figures in `<desc>` equal to the
//! tables', escaping, and the data table beside each chart.

use super::tests::{data_with, en, html, ja, render, PRICING, SCENARIOS};

/// The text between `<tag>` and `</tag>`, first occurrence.
fn inner<'a>(h: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = h.find(&open).unwrap_or_else(|| panic!("no <{tag}> in {h}")) + open.len();
    let end = h[start..].find(&format!("</{tag}>")).unwrap() + start;
    &h[start..end]
}

/// Every `<td class="num">…</td>` value of a table, in order.
fn numbers(h: &str) -> Vec<&str> {
    h.split("<td class=\"num\">")
        .skip(1)
        .map(|s| &s[..s.find("</td>").unwrap()])
        .collect()
}

/// The SVG of a chart, one element a line, for readable snapshots.
fn svg_lines(h: &str) -> String {
    let svg = &h[h.find("<svg").unwrap()..h.find("</svg>").unwrap() + 6];
    svg.replace("><", ">\n<")
}

/// Snapshots live with the other test material, not in `src/`.
fn snapshot(name: &str, value: String) {
    insta::with_settings!({ snapshot_path => "../../tests/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, value);
    });
}

#[test]
fn cost_chart_svg_snapshot() {
    snapshot(
        "cost_chart_uc1_en",
        svg_lines(&html("cost-chart", "uc1", &en())),
    );
}

#[test]
fn lifecycle_chart_svg_snapshot() {
    snapshot(
        "lifecycle_chart_rosa_ja",
        svg_lines(&html("lifecycle-chart", "rosa", &ja())),
    );
}

#[test]
fn cost_chart_desc_states_the_tables_figures() {
    for (lang, s) in [("en", en()), ("ja", ja())] {
        let h = html("cost-chart", "uc2", &s);
        assert!(h.contains("role=\"img\""), "{lang}");
        let desc = inner(&h, "desc");
        let title = inner(&h, "title");
        assert_eq!(title, inner(&html("cost-compare", "uc2", &s), "caption"));
        // Every total of the comparison and every line amount of each scenario's table.
        let compare = html("cost-compare", "uc2", &s);
        let totals = numbers(&compare);
        for total in &totals[..2] {
            assert!(desc.contains(total), "{lang}: {total} not in {desc}");
        }
        for id in ["uc2-eks", "uc2-rosa"] {
            let table = html("cost-table", id, &s);
            for amount in numbers(inner(&table, "tbody")) {
                assert!(desc.contains(amount), "{lang}: {id} {amount} not in {desc}");
            }
        }
        // The comparison table itself is beside the chart (shown in the document view).
        let data = &h[h.find("<div class=\"chart-data\">").unwrap()..];
        assert!(data.contains(&compare), "{lang}");
    }
}

#[test]
fn lifecycle_chart_desc_states_the_tables_dates() {
    let h = html("lifecycle-chart", "eks", &en());
    let desc = inner(&h, "desc");
    let table = html("lifecycle", "eks", &en());
    // 1.24: EKS release, end of standard and end of extended support, as the table shows them.
    for date in ["Nov 15, 2022", "Jan 31, 2024", "Jan 31, 2025"] {
        assert!(table.contains(&format!("<td>{date}</td>")), "{date}");
        assert!(desc.contains(date), "{date} not in {desc}");
    }
    assert!(
        desc.contains("1.24: Supported: Nov 15, 2022 to Jan 31, 2024; Extended support: Jan 31, 2024 to Jan 31, 2025."),
        "{desc}"
    );
    assert!(desc.ends_with("As of Mar 1, 2024"), "{desc}");
    // Extended support is its own (shaded) class; the as-of line is drawn.
    assert_eq!(h.matches("chart-phase--extended\"").count(), 7 + 1, "{h}");
    assert!(h.contains("<line class=\"chart-as-of\""));
}

#[test]
fn chart_text_is_escaped() {
    let scen = SCENARIOS.replace("short = \"cost-short-eks\"\n", "");
    let s = super::tests::strings(
        "en",
        super::tests::BASE_EN,
        &super::tests::DATA_EN.replace(
            "cost-line-eks = EKS ({ $eks-cluster }/cluster)",
            "cost-line-eks = <b>&",
        ),
    );
    let h = render("cost-chart", "uc1", &data_with(PRICING, &scen), &s).unwrap();
    assert!(h.contains("<title>&lt;b&gt;&amp;: $73.00</title>"), "{h}");
    assert!(!h.contains("<b>&"), "{h}");
}
