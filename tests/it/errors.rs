//! Table-driven bad-input tests: each case breaks one file of a good project and expects a
//! non-zero exit, its error text with `file:line:col`, and `dist/` byte-for-byte unchanged.

use crate::support::*;

struct Case {
    name: &'static str,
    /// (path, new bytes); `None` deletes the file.
    edits: &'static [(&'static str, Option<&'static [u8]>)],
    /// Substrings the error output must contain (message and location).
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "invalid TOML front matter",
        edits: &[("content/ja/01-intro.md", Some(b"+++\nsection = \n+++\n# x {#cover}\n"))],
        expect: &["error: content/ja/01-intro.md:2:11:", "invalid TOML"],
    },
    Case {
        name: "unknown front matter key",
        edits: &[("content/ja/01-intro.md", Some(b"+++\ntitel = \"x\"\n+++\n# x {#cover}\n"))],
        expect: &["content/ja/01-intro.md:2:1:", "unknown field `titel`"],
    },
    Case {
        name: "unclosed front matter",
        edits: &[("content/en/01-intro.md", Some(b"+++\nsection = \"x\"\n# x {#cover}\n"))],
        expect: &["content/en/01-intro.md:1:1:", "never closed"],
    },
    Case {
        name: "slide without id",
        edits: &[("content/ja/02-code.md", Some(b"## ok {#code}\n\n---\n\n## langs {#langs}\n\n---\n\n## no id here\n"))],
        expect: &["content/ja/02-code.md:9:1:", "slide has no id"],
    },
    Case {
        name: "duplicate id",
        edits: &[("content/ja/02-code.md", Some(b"## a {#code}\n\n---\n\n## b {#code}\n"))],
        expect: &["content/ja/02-code.md:5:", "duplicate slide id `code`", "first used at"],
    },
    Case {
        name: "invalid id",
        edits: &[("content/en/02-code.md", Some(b"## a {#code}\n\n---\n\n## b {#-bad}\n"))],
        expect: &["content/en/02-code.md:5:1:", "slide id `-bad`"],
    },
    Case {
        name: "slide missing in one language",
        edits: &[("content/en/02-code.md", Some(b"## Code {#code}\n"))],
        expect: &["content/ja/02-code.md:", "slide `langs` is missing in `en`"],
    },
    Case {
        name: "slides in a different order",
        edits: &[("content/en/02-code.md", Some(b"## L {#langs}\n\n---\n\n## C {#code}\n"))],
        expect: &["content/en/02-code.md:1:1:", "slide order differs"],
    },
    Case {
        name: "invalid UTF-8 in Markdown",
        edits: &[("content/ja/02-code.md", Some(b"## a {#code}\n\n\xff\xfe\n"))],
        expect: &["content/ja/02-code.md:3:1:", "invalid UTF-8 at byte offset 14"],
    },
    Case {
        name: "invalid UTF-8 in Fluent",
        edits: &[("content/en/strings.ftl", Some(b"a = b\n\xc3\x28\n"))],
        expect: &["content/en/strings.ftl:2:1:", "invalid UTF-8"],
    },
    Case {
        name: "Fluent syntax error",
        edits: &[("content/ja/strings.ftl", Some(b"language-name = x\n= broken\n"))],
        expect: &["content/ja/strings.ftl:2:1:", "Fluent syntax error"],
    },
    Case {
        name: "missing Fluent key",
        edits: &[("content/en/strings.ftl", Some(b"language-name = English\nskip-to-slides = Skip\n"))],
        expect: &["missing Fluent key `nav-views` in language `en`", "deck.html"],
    },
    Case {
        name: "unknown template variable",
        edits: &[("templates/home.html", Some(b"{% extends \"base.html\" %}{% block body %}{{ no_such_var }}{% endblock body %}"))],
        expect: &["templates/home.html", "no_such_var"],
    },
    Case {
        name: "template reading the environment",
        edits: &[("templates/home.html", Some(b"{% extends \"base.html\" %}{% block body %}{{ get_env(name=\"HOME\") }}{% endblock body %}"))],
        expect: &["get_env() is disabled"],
    },
    Case {
        name: "template syntax error",
        edits: &[("templates/home.html", Some(b"{% extends \"base.html\" %}\n{% block body %}\n{% if %}\n{% endblock body %}"))],
        expect: &["templates/home.html:3:"],
    },
    Case {
        name: "invalid deck.toml",
        edits: &[("deck.toml", Some(b"name = \"x\"\nlanguages = [\"ja\", \"en\"\n"))],
        expect: &["deck.toml:", "invalid TOML"],
    },
    Case {
        name: "unknown directive",
        edits: &[("content/ja/02-code.md", Some(b"## a {#code}\n\n```cost-tabel uc1-eks\n```\n\n---\n\n## b {#langs}\n"))],
        expect: &["content/ja/02-code.md:3:1:", "unknown directive `cost-tabel`"],
    },
    Case {
        name: "directive without data folder",
        edits: &[("content/en/02-code.md", Some(b"## a {#code}\n\n---\n\n## b {#langs}\n\n```cost-table uc1-eks\n```\n"))],
        expect: &["content/en/02-code.md:7:1:", "data/"],
    },
    Case {
        name: "exchange rate of zero",
        edits: &[
            ("data/pricing.toml", Some(concat!(
                "[[rate]]\nfrom = \"USD\"\nto = \"EUR\"\nrate = \"0\"\nas_of = 2023-12-01\nbasis = \"x\"\nlanguages = [\"ja\"]\n\n",
                include_str!("../../data/pricing.toml")
            ).as_bytes())),
            ("data/scenarios.toml", Some(include_bytes!("../../data/scenarios.toml"))),
            ("data/lifecycle.toml", Some(include_bytes!("../../data/lifecycle.toml"))),
        ],
        expect: &["error: data/pricing.toml:4:8:", "a rate must be greater than 0"],
    },
    Case {
        name: "exchange rate into its own currency, with no languages",
        edits: &[
            ("data/pricing.toml", Some(concat!(
                "[[rate]]\nfrom = \"USD\"\nto = \"USD\"\nrate = \"1\"\nas_of = 2023-12-01\nbasis = \"x\"\nlanguages = []\n\n",
                include_str!("../../data/pricing.toml")
            ).as_bytes())),
            ("data/scenarios.toml", Some(include_bytes!("../../data/scenarios.toml"))),
            ("data/lifecycle.toml", Some(include_bytes!("../../data/lifecycle.toml"))),
        ],
        expect: &[
            "error: data/pricing.toml:3:6:",
            "`from` and `to` are both `USD`",
            "error: data/pricing.toml:7:13:",
            "empty languages",
        ],
    },
    Case {
        name: "language folder missing",
        edits: &[("content/en/01-intro.md", None), ("content/en/02-code.md", None), ("content/en/strings.ftl", None)],
        expect: &["slide `cover` is missing in `en`"],
    },
];

/// Make the case's edits in `p`.
fn apply(case: &Case, p: &Project) {
    for (path, bytes) in case.edits {
        match bytes {
            Some(b) => {
                p.write(path, b);
            }
            None => {
                p.remove(path);
            }
        }
    }
}

#[test]
fn every_bad_input_fails_with_location_and_keeps_dist() {
    let base = fixture("basic");
    build_ok(base.path());
    let mut failures = Vec::new();
    for case in CASES {
        let p = base.copy();
        let before = read_tree(&p.path().join("dist"));
        apply(case, &p);
        let o = p.kumo(&["build"]);
        let err = stderr(&o);
        if o.status.success() {
            failures.push(format!("{}: build succeeded\n{err}", case.name));
            continue;
        }
        for e in case.expect {
            if !err.contains(e) {
                failures.push(format!("{}: expected `{e}` in:\n{err}", case.name));
            }
        }
        if err.contains("panicked") {
            failures.push(format!("{}: panic\n{err}", case.name));
        }
        if before != read_tree(&p.path().join("dist")) {
            failures.push(format!("{}: dist/ changed", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn unknown_fence_language_is_a_warning_with_location() {
    let p = fixture("basic");
    p.write(
        "content/ja/02-code.md",
        "## a {#code}\n\n```brainfudge\n<\"><script>\n```\n\n---\n\n## b {#langs}\n",
    );
    let warn = p.build_ok();
    assert!(
        warn.contains("warning: content/ja/02-code.md:3:1: unknown code language `brainfudge`"),
        "{warn}"
    );
    let ja = p.read("dist/ja/index.html");
    assert!(ja.contains("&lt;\"&gt;&lt;script&gt;"), "code escaped");
}

#[test]
fn hostile_info_string_and_links_are_escaped() {
    let p = fixture("basic");
    p.write(
        "content/en/02-code.md",
        "## a {#code}\n\n[x](javascript:alert(1)) [y](https://example.com \"t\\\"><b>\")\n\n\
         ```\"><script>alert(1)</script>\n```\n\n---\n\n## b {#langs}\n",
    );
    p.build_ok();
    let en = p.read("dist/en/index.html");
    assert!(!en.contains("javascript:"), "javascript: link kept");
    assert!(!en.contains("<script>alert"), "info string not escaped");
    assert!(
        en.contains("title=\"t&quot;&gt;&lt;b&gt;\""),
        "link title escaped"
    );
}

#[test]
fn deep_nesting_finishes_without_crash() {
    let p = fixture("basic");
    let quotes = format!(
        "## a {{#code}}\n\n{}x\n\n{}x{}\n\n---\n\n## b {{#langs}}\n",
        ">".repeat(50_000),
        "*".repeat(50_000),
        "*".repeat(50_000)
    );
    p.write("content/en/02-code.md", &quotes);
    let o = p.kumo(&["build"]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(o.status.success(), "{}", stderr(&o));
    // The output-size guard names the slide whose HTML blew up.
    assert!(
        stderr(&o).contains("slide `code` grew from"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rate_language_outside_the_deck_is_a_warning_with_location() {
    let p = fixture("basic").with_bundled("data");
    let pricing = p
        .read("data/pricing.toml")
        .replace("languages = [\"ja\"]", "languages = [\"ja\", \"jp\"]");
    p.write("data/pricing.toml", &pricing);
    let line = pricing[..pricing.find("languages = [\"ja\", \"jp\"]").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let warn = p.build_ok();
    assert!(
        warn.contains(&format!(
            "warning: data/pricing.toml:{line}:20: rate USD -> JPY names language `jp`, \
             which is not one of the deck's languages"
        )),
        "{warn}"
    );
}

/// The build's rendered diagnostics for the case `name` of [`CASES`], caret lines included:
/// the whole text a user reads, held in a reviewed snapshot (`tests/it/snapshots/`).
fn rendered(name: &str) -> String {
    let case = CASES
        .iter()
        .find(|c| c.name == name)
        .expect("a case of CASES");
    let p = fixture("basic");
    apply(case, &p);
    p.build_errors()
}

#[test]
fn rendered_front_matter_error_points_its_caret_at_the_value() {
    insta::assert_snapshot!(rendered("invalid TOML front matter"));
}

#[test]
fn rendered_duplicate_id_shows_both_places() {
    insta::assert_snapshot!(rendered("duplicate id"));
}

#[test]
fn rendered_fluent_syntax_error() {
    insta::assert_snapshot!(rendered("Fluent syntax error"));
}

#[test]
fn rendered_data_error() {
    insta::assert_snapshot!(rendered("exchange rate of zero"));
}
