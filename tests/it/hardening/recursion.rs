//! Every recursive path over author input ends in a located error (or plain output), never a
//! stack overflow: templates, Markdown nesting, TOML, Fluent.

use crate::support::*;
use std::process::Output;

/// `build` and `check` both fail with an error naming `file:line`, and no crash.
fn fails_located(root: &std::path::Path, file_line: &str) {
    for cmd in ["build", "check"] {
        let o: Output = kumo(root, &[cmd]);
        let all = format!("{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout));
        assert_eq!(o.status.code(), Some(1), "{cmd}: {:?}\n{all}", o.status);
        assert!(
            all.contains(file_line),
            "{cmd}: wanted {file_line} in\n{all}"
        );
    }
}

#[test]
fn a_template_including_itself_is_a_located_error() {
    let p = fixture("basic");
    p.write(
        "templates/home.html",
        "<p>hi</p>\n{% include \"home.html\" %}\n",
    );
    fails_located(p.path(), "templates/home.html:2:12");
}

#[test]
fn templates_including_each_other_are_a_located_error() {
    let p = fixture("basic");
    p.write("templates/a.html", "{% include \"b.html\" %}");
    p.write("templates/b.html", "x\n{% include \"a.html\" %}");
    p.write("templates/home.html", "{% include \"a.html\" %}");
    fails_located(p.path(), "recurse without end");
}

#[test]
fn a_self_recursive_macro_is_a_located_error() {
    let p = fixture("basic");
    let macros = "{% macro boom(n) %}{{ self::boom(n=n) }}{% endmacro boom %}\n";
    p.write("templates/loop.html", macros);
    p.write(
        "templates/home.html",
        "{% import \"loop.html\" as l %}{{ l::boom(n=1) }}",
    );
    fails_located(p.path(), "templates/loop.html:1:29");
}

#[test]
fn deeply_nested_template_expressions_are_refused() {
    let p = fixture("basic");
    let deep = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    p.write("templates/home.html", &deep);
    fails_located(p.path(), "templates/home.html:1:");
}

#[test]
fn deep_toml_and_fluent_and_markdown_do_not_crash() {
    let p = fixture("basic");
    let deep_toml = format!("x = {}1{}\n", "[".repeat(20000), "]".repeat(20000));
    p.write(
        "content/ja/09-deep.md",
        &format!("+++\n{deep_toml}+++\n# d {{#deep}}\n"),
    );
    fails_located(p.path(), "content/ja/09-deep.md:2:");

    let p = fixture("basic");
    let deck = p.read("deck.toml");
    p.write("deck.toml", &format!("{deck}\n{deep_toml}"));
    fails_located(p.path(), "deck.toml:");

    let p = fixture("basic");
    let ftl = p.read("content/ja/strings.ftl");
    let nested = format!("deep = {}x{}\n", "{ ".repeat(20000), " }".repeat(20000));
    p.write(
        "content/ja/strings.ftl",
        &format!("{ftl}\nloop-a = {{ loop-b }}\nloop-b = {{ loop-a }}\n{nested}"),
    );
    let o = p.kumo(&["check"]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{:?} {}",
        o.status,
        stderr(&o)
    );

    let p = fixture("basic");
    let md = format!(
        "# n {{#nest}}\n\n{}x\n\n{}x\n\n{}x{}\n",
        "> ".repeat(50000),
        "- ".repeat(20000),
        "*".repeat(50000),
        "*".repeat(50000)
    );
    p.write("content/ja/09-nest.md", &md);
    p.write("content/en/09-nest.md", &md);
    let o = p.kumo(&["build"]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{:?} {}",
        o.status,
        stderr(&o)
    );
}
