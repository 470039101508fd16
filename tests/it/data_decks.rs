//! Data-driven tables and charts through the public pipeline: a fixture deck of another
//! comparison (three database services, a PostgreSQL lifecycle) built with no Rust change, a
//! directive template overridden by the project, located errors for bad data, `check`'s data age
//! limit, and `init` -> build -> check -> serve -> pdf, the path a newcomer takes.

use crate::support::{browser_or_skip, fixture, kumo, read, stderr};
use std::io::{Read, Write};

#[test]
fn another_comparison_builds_tables_and_charts_from_data_alone() {
    let p = fixture("other-comparison");
    let h = p.built_page("en/index.html");
    // A three-way comparison: three totals, two differences from the first.
    for total in ["$305.70", "$350.40", "$199.00"] {
        assert!(
            h.contains(&format!("<td class=\"num\">{total}</td>")),
            "{total}"
        );
    }
    assert!(h.contains("Service B − Service A</th><td class=\"num\">+$44.70</td>"));
    assert!(h.contains("Service C − Service A</th><td class=\"num\">−$106.70</td>"));
    // The chart: a bar per scenario, totals labelled, <desc> with the same figures.
    let chart = &h[h
        .find("<figure class=\"computed chart cost-chart\"")
        .unwrap()..];
    assert_eq!(
        chart[..chart.find("</svg>").unwrap()]
            .matches("<g class=\"chart-bar\"")
            .count(),
        3
    );
    assert!(chart.contains("<desc>Service A: $305.70 (Compute: $248.20; Storage: $57.50)."));
    // One legend entry (and colour) per short label: A's and B's compute lines share one.
    let legend = &chart[chart.find("<ul class=\"chart-legend\">").unwrap()..];
    let legend = &legend[..legend.find("</ul>").unwrap()];
    assert_eq!(legend.matches("<li>").count(), 3, "{legend}");
    assert!(legend.contains("<li><span class=\"chart-swatch chart-seg-0\"></span>Compute</li>"));
    // The lifecycle of another product: its own columns, statuses and final status.
    assert!(
        h.contains("<th scope=\"col\">Status on Jun 1, 2024</th>"),
        "{h}"
    );
    assert!(h.contains("<span class=\"status status--unsupported\">Unsupported</span>"));
    assert!(h.contains("<td class=\"num\">61 months 18 days</td>"));
    assert!(h.contains("<figure class=\"computed chart lifecycle-chart\" data-lifecycle=\"pg\">"));
    // data-as-of: the dates come from the data files.
    assert!(h.contains(
        "<p class=\"data-as-of\">Prices as of Apr 15, 2024; lifecycle as of Jun 1, 2024.</p>"
    ));
}

#[test]
fn a_project_template_overrides_a_directive() {
    let p = fixture("other-comparison");
    let custom = "<div class=\"my-costs\">{{ caption }}: {% for r in rows %}<b>{{ r.amount }}</b>{% endfor %} = {{ total }}</div>\n";
    p.write("templates/directives/cost-table.html", custom);
    let h = p.built_page("en/index.html");
    assert!(
        h.contains("<div class=\"my-costs\">Service A (730 h): <b>$248.20</b><b>$57.50</b> = $305.70</div>"),
        "{h}"
    );
    assert!(!h.contains("<figure class=\"computed cost-table\""));
    // The other directives keep their built-in templates.
    assert!(h.contains("<figure class=\"computed cost-compare\""));
    // A broken override names its file.
    p.write(
        "templates/directives/cost-table.html",
        "{% for r in rows %}",
    );
    assert!(p
        .build_errors()
        .contains("templates/directives/cost-table.html"));
    // One that includes itself is refused at its include (rendering it would overflow the
    // stack and abort the process), as page templates are.
    p.write(
        "templates/directives/cost-table.html",
        "<div>{% include \"directives/cost-table.html\" %}</div>\n",
    );
    let errors = p.build_errors();
    assert!(
        errors.contains("templates/directives/cost-table.html:1:")
            && errors.contains("templates recurse without end"),
        "{errors}"
    );
}

#[test]
fn bad_data_gives_located_errors() {
    let cases: [(&str, &str, &str, &str); 3] = [
        (
            "data/lifecycle.toml",
            "final = 2024-11-21\n",
            "final = 2024-11-21\nlast = 2024-11-21\n",
            "data/lifecycle.toml:27:8: unknown column `last`",
        ),
        (
            "data/lifecycle.toml",
            "from = \"released\", to = \"final\"",
            "from = \"released\", to = \"eol\"",
            "data/lifecycle.toml:13:58: span `years` between missing dates: `eol` is not a date column",
        ),
        (
            "data/scenarios.toml",
            "scenarios = [\"db-a\", \"db-b\", \"db-c\"]",
            "scenarios = [\"db-a\", \"db-b\", \"db-d\"]",
            "data/scenarios.toml:39:30: unknown scenario `db-d`",
        ),
    ];
    for (file, from, to, want) in cases {
        let p = fixture("other-comparison");
        let text = p.read(file);
        assert!(text.contains(from), "{file} lacks {from}");
        p.write(file, &text.replacen(from, to, 1));
        let e = p.build_errors();
        assert!(e.contains(want), "want `{want}` in:\n{e}");
    }
}

#[test]
fn check_warns_about_old_data_on_its_own_clock_only() {
    let p = fixture("other-comparison");
    let deck = p.read("deck.toml");
    p.write(
        "deck.toml",
        &format!("{deck}\n[check]\nmax_data_age_days = 100\n"),
    );
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let check = |today| {
        let opts = kumo_deck::check::CheckOptions {
            today,
            ..Default::default()
        };
        let r = kumo_deck::check::run(p.path(), &opts);
        r.diagnostics.iter().map(|d| d.render()).collect::<String>()
    };
    let late = check(day(2024, 9, 1));
    assert!(
        late.contains(
            "warning: data/pricing.toml: the pricing data is as of 2024-04-15, 139 days ago"
        ),
        "{late}"
    );
    assert!(late.contains("max_data_age_days = 100"), "{late}");
    assert!(
        !late.contains("lifecycle data"),
        "lifecycle is 92 days old: {late}"
    );
    assert!(!check(day(2024, 6, 1)).contains("days ago"));
    // The build itself never reads the clock: the same output on any day.
    assert!(kumo_deck::build(p.path(), &Default::default())
        .diagnostics
        .render_all()
        .is_empty());
}

/// GET `path` from a served site on loopback; the status line and body.
fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn init_then_build_check_serve_and_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("new-deck");
    let langs = ["ja".to_string(), "en".to_string()];
    let today = kumo_deck::check::today();
    let made = kumo_deck::init::run(&root, &langs, today).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(made.files.iter().any(|f| f.ends_with("README.md")));
    // It refuses a folder that is not empty.
    let again = kumo_deck::init::run(&root, &langs, today).unwrap_err();
    assert!(
        again[0].message.contains("is not empty"),
        "{}",
        again[0].message
    );
    // build, then check --deny-warnings through the binary.
    let o = kumo(&root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = read(&root, "dist/en/doc.html");
    assert!(doc.contains("<figure class=\"computed cost-table\" data-scenario=\"small\">"));
    assert!(
        doc.contains("<td class=\"num\">$73.00</td>"),
        "2 × 0.05 × 730"
    );
    assert!(doc.contains("<div class=\"chart-data\">"));
    let o = kumo(&root, &["check", "--deny-warnings"]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    // serve, on loopback.
    let opts = kumo_deck::serve::ServeOptions {
        port: 0,
        ..Default::default()
    };
    let server =
        kumo_deck::serve::Server::start(&root, opts).unwrap_or_else(|d| panic!("{}", d.render()));
    let page = http_get(server.addr(), "/ja/");
    server.stop();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("小構成の月額"), "{page}");
    // pdf, where a Chromium is installed (a loud skip otherwise).
    let Some(chrome) = browser_or_skip("init then pdf") else {
        return;
    };
    let chrome = chrome.to_string_lossy().into_owned();
    let o = kumo(&root, &["pdf", "--lang", "en", "--chrome", &chrome]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(root.join("dist/en/deck.pdf").is_file());
}

#[test]
fn init_writes_one_language_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("one");
    let o = kumo(
        tmp.path(),
        &["init", root.to_str().unwrap(), "--langs", "en"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&root, "deck.toml").contains("languages = [\"en\"]"));
    assert!(!root.join("content/ja").exists());
    let o = kumo(&root, &["check", "--deny-warnings"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn page_templates_see_the_data_dates() {
    let p = fixture("other-comparison");
    let home = "<!DOCTYPE html><html lang=\"{{ lang }}\"><title>x</title><p>{{ data_as_of.pricing }} / {{ data_as_of.lifecycle }}</p></html>\n";
    p.write("templates/home.html", home);
    let h = p.built_page("index.html");
    assert!(h.contains("<p>Apr 15, 2024 / Jun 1, 2024</p>"), "{h}");
}
