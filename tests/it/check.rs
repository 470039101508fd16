//! `kumo-deck check` on copies of the basic fixture: parity with file:line in each language,
//! Fluent keys across languages, links in the built site (and `build` refusing them), data
//! errors, the JSON report, and the translation lock (`--accept`, `--all`, determinism).

use crate::support::*;
use std::fs;
use std::path::Path;

/// Run `check` with `args`; returns (success, stdout).
fn check(root: &Path, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let o = kumo(root, &all);
    (o.status.success(), stdout(&o))
}

/// A fixture copy whose translations were accepted, so it checks with no warning at all.
fn accepted_fixture() -> Project {
    let dir = fixture("basic");
    let (ok, out) = check(dir.path(), &["--all"]);
    assert!(ok, "{out}");
    let (ok, out) = check(dir.path(), &["--deny-warnings"]);
    assert!(ok, "the accepted fixture must be clean:\n{out}");
    dir
}

fn append(root: &Path, rel: &str, text: &str) {
    let old = read(root, rel);
    write(root, rel, &format!("{old}{text}"));
}

fn line_of(root: &Path, rel: &str, needle: &str) -> usize {
    let text = read(root, rel);
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn missing_slide_is_located_in_both_languages() {
    let dir = fixture("basic");
    let root = dir.path();
    let en = read(root, "content/en/02-code.md");
    write(
        root,
        "content/en/02-code.md",
        en.split("\n---\n\n## ").next().unwrap(),
    );
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    let ja_line = line_of(root, "content/ja/02-code.md", "{#langs}");
    assert!(
        out.contains(&format!(
            "error: content/ja/02-code.md:{ja_line}:1: slide `langs` is missing in `en`"
        )),
        "{out}"
    );
    assert!(
        out.contains("in `en` it belongs after `code` (content/en/02-code.md:1)"),
        "{out}"
    );
    assert!(out.contains("1 error"), "{out}");
}

#[test]
fn extra_slide_is_located_in_both_languages() {
    let dir = fixture("basic");
    let root = dir.path();
    append(
        root,
        "content/en/01-intro.md",
        "\n---\n\n## Extra {#extra}\n\nOnly in English.\n",
    );
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    let en_line = line_of(root, "content/en/01-intro.md", "{#extra}");
    let ja_line = line_of(root, "content/ja/01-intro.md", "{#overview}");
    assert!(
        out.contains(&format!(
            "error: content/en/01-intro.md:{en_line}:1: slide `extra` is missing in `ja`"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "in `ja` it belongs after `overview` (content/ja/01-intro.md:{ja_line})"
        )),
        "{out}"
    );
}

#[test]
fn reordered_slide_is_located_in_both_languages() {
    let dir = fixture("basic");
    let root = dir.path();
    let en = read(root, "content/en/02-code.md");
    let (code, langs) = en.split_once("\n---\n\n## ").unwrap();
    write(
        root,
        "content/en/02-code.md",
        &format!("## {langs}\n---\n\n{code}"),
    );
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    assert!(out.contains("slide order differs"), "{out}");
    let ja_code = line_of(root, "content/ja/02-code.md", "{#code}");
    let en_code = line_of(root, "content/en/02-code.md", "{#code}");
    assert!(
        out.contains(&format!(
            "`code` is at content/ja/02-code.md:{ja_code} in `ja` and at content/en/02-code.md:{en_code} in `en`"
        )),
        "{out}"
    );
}

#[test]
fn key_missing_in_one_language_fails_naming_the_key() {
    let dir = fixture("basic");
    let root = dir.path();
    append(
        root,
        "content/en/strings.ftl",
        "only-english = Only in English\n",
    );
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    let line = line_of(root, "content/en/strings.ftl", "only-english");
    assert!(
        out.contains(&format!(
            "error: content/en/strings.ftl:{line}:1: Fluent key `only-english` is defined in `en` but missing in `ja`"
        )),
        "{out}"
    );
    assert!(
        out.contains("add `only-english = …` to content/ja/strings.ftl"),
        "{out}"
    );
}

#[test]
fn template_key_missing_everywhere_is_located_in_the_template() {
    let dir = fixture("basic");
    let root = dir.path();
    let home = read(repo(), "templates/home.html");
    let home = home.replace(
        "<main class=\"home\">",
        "<main class=\"home\">{{ t(key=\"brand-new\") }}",
    );
    write(root, "templates/home.html", &home);
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    let line = line_of(root, "templates/home.html", "brand-new");
    assert!(
        out.contains(&format!("templates/home.html:{line}:")),
        "{out}"
    );
    assert!(
        out.contains("template uses Fluent key `brand-new`, which no language defines"),
        "{out}"
    );
}

#[test]
fn unused_key_is_a_warning_unless_warnings_are_denied() {
    let dir = accepted_fixture();
    let root = dir.path();
    append(root, "content/ja/strings.ftl", "spare-key = 予備\n");
    append(root, "content/en/strings.ftl", "spare-key = Spare\n");
    let (ok, out) = check(root, &[]);
    assert!(ok, "warnings alone must not fail:\n{out}");
    let line = line_of(root, "content/ja/strings.ftl", "spare-key");
    assert!(
        out.contains(&format!(
            "warning: content/ja/strings.ftl:{line}:1: Fluent key `spare-key` is not used"
        )),
        "{out}"
    );
    assert!(out.contains("check: 0 errors, 1 warning"), "{out}");
    let (ok, out) = check(root, &["--deny-warnings"]);
    assert!(!ok, "--deny-warnings must fail on a warning:\n{out}");
}

#[test]
fn fluent_syntax_error_has_file_and_line() {
    let dir = fixture("basic");
    let root = dir.path();
    append(root, "content/ja/strings.ftl", "= broken\n");
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    let line = read(root, "content/ja/strings.ftl").lines().count();
    assert!(
        out.contains(&format!(
            "error: content/ja/strings.ftl:{line}:1: Fluent syntax error"
        )),
        "{out}"
    );
}

#[test]
fn broken_anchor_fails_check_and_build() {
    let dir = fixture("basic");
    let root = dir.path();
    append(root, "content/en/01-intro.md", "\nSee [nowhere](#nope).\n");
    let line = line_of(root, "content/en/01-intro.md", "(#nope)");
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    let expected = format!("error: content/en/01-intro.md:{line}:");
    assert!(out.contains(&expected), "{out}");
    assert!(
        out.contains("bad link `#nope` on en/doc.html, en/index.html"),
        "{out}"
    );
    assert!(
        out.contains("no element with id `nope` on the page"),
        "{out}"
    );
    let o = kumo(root, &["build"]);
    assert!(!o.status.success(), "build must refuse a broken link");
    assert!(stderr(&o).contains(&expected), "{}", stderr(&o));
    assert!(!root.join("dist").exists(), "nothing may be published");
}

#[test]
fn links_between_pages_and_languages_resolve() {
    let dir = fixture("basic");
    let root = dir.path();
    append(
        root,
        "content/en/01-intro.md",
        "\n[code in the deck](index.html#code), [Japanese](../ja/doc.html#overview), \
         [top](../index.html), [mail](mailto:team@example.com), [web](https://example.com/a?b=c#d)\n",
    );
    let (ok, out) = check(root, &[]);
    assert!(ok && out.contains("check: 0 errors"), "{out}");
    append(
        root,
        "content/en/01-intro.md",
        "\n[gone](../ja/doc.html#missing) [file](other.html)\n",
    );
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("no element with id `missing` on ja/doc.html"),
        "{out}"
    );
    assert!(
        out.contains("en/other.html is not in the built site"),
        "{out}"
    );
}

#[test]
fn missing_image_fails_build() {
    let dir = fixture("basic");
    let root = dir.path();
    append(
        root,
        "content/ja/01-intro.md",
        "\n![図](figures/missing.svg)\n",
    );
    let o = kumo(root, &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let line = line_of(root, "content/ja/01-intro.md", "missing.svg");
    assert!(
        err.contains(&format!("content/ja/01-intro.md:{line}:")),
        "{err}"
    );
    assert!(
        err.contains("ja/figures/missing.svg is not in the built site"),
        "{err}"
    );
}

#[test]
fn malformed_external_urls_and_script_urls_are_errors() {
    let dir = fixture("basic");
    let root = dir.path();
    append(
        root,
        "content/en/01-intro.md",
        "\n[bad port](https://example.com:99999/)\n\n<a href=\"https://exa mple.com/\">spaced</a>\n\n\
         <a href=\"javascript:alert(1)\">raw script</a>\n",
    );
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("bad link `https://example.com:99999/`"),
        "{out}"
    );
    assert!(out.contains("port `99999`"), "{out}");
    assert!(out.contains("bad link `https://exa mple.com/`"), "{out}");
    assert!(out.contains("contains whitespace"), "{out}");
    assert!(out.contains("bad link `javascript:alert(1)`"), "{out}");
    assert!(out.contains("script URLs are not allowed"), "{out}");
}

#[test]
fn data_errors_are_reported_with_file_and_line() {
    let dir = fixture("basic").with_bundled("data");
    let root = dir.path();
    let pricing = read(root, "data/pricing.toml");
    let mut done = false;
    let bad: Vec<&str> = pricing
        .lines()
        .map(|l| match l.starts_with("amount = ") && !done {
            true => {
                done = true;
                "amount = 1e3"
            }
            false => l,
        })
        .collect();
    write(root, "data/pricing.toml", &bad.join("\n"));
    let line = line_of(root, "data/pricing.toml", "amount = 1e3");
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("error: data/pricing.toml:{line}:")),
        "{out}"
    );
}

#[test]
fn json_report_has_the_fields() {
    let dir = fixture("basic");
    let root = dir.path();
    append(
        root,
        "content/en/strings.ftl",
        "only-english = Only in English\n",
    );
    let o = kumo(root, &["check", "--format", "json"]);
    assert!(!o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert!(v["errors"].as_u64().unwrap() >= 1, "{v}");
    let diags = v["diagnostics"].as_array().unwrap();
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("only-english"))
        .expect("the missing key");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/en/strings.ftl");
    assert!(d["line"].as_u64().unwrap() > 1);
    assert_eq!(d["column"], 1);
    assert!(d["hints"].is_array());
    for d in diags {
        for k in [
            "severity", "file", "line", "column", "message", "hints", "excerpt",
        ] {
            assert!(d.get(k).is_some(), "{k} missing in {d}");
        }
    }
}

#[test]
fn translation_lock_tracks_source_changes() {
    let dir = fixture("basic");
    let root = dir.path();
    let (_, out) = check(root, &[]);
    assert!(out.contains("never accepted"), "{out}");
    let (ok, out) = check(root, &["--all"]);
    assert!(ok, "{out}");
    let lock = read(root, "content/translations.lock");
    assert!(lock.contains("source_language = \"ja\""), "{lock}");
    assert!(lock.contains("[translations.en.overview]"), "{lock}");
    let ja = read(root, "content/ja/01-intro.md").replace("項目その1", "項目その1(改訂)");
    write(root, "content/ja/01-intro.md", &ja);
    let (ok, out) = check(root, &[]);
    assert!(ok, "a behind translation is a warning:\n{out}");
    let en_line = line_of(root, "content/en/01-intro.md", "{#overview}");
    assert!(
        out.contains(&format!(
            "warning: content/en/01-intro.md:{en_line}:1: `en` slide `overview` is behind"
        )),
        "{out}"
    );
    assert!(out.contains("- - 項目その1\n"), "{out}");
    assert!(out.contains("+ - 項目その1(改訂)"), "{out}");
    assert!(
        !out.contains("`cover`"),
        "only the changed slide is behind:\n{out}"
    );
    let (ok, out) = check(root, &["--accept", "overview", "--deny-warnings"]);
    assert!(ok, "{out}");
    assert!(out.contains("check: 0 errors, 0 warnings"), "{out}");
    let (ok, out) = check(root, &["--accept", "no-such-slide"]);
    assert!(!ok, "{out}");
    assert!(out.contains("no slide `no-such-slide`"), "{out}");
}

#[test]
fn translation_lock_is_deterministic() {
    let dir = fixture("basic");
    let root = dir.path();
    let lock = root.join("content/translations.lock");
    check(root, &["--all"]);
    let first = fs::read(&lock).unwrap();
    check(root, &["--all"]);
    assert_eq!(first, fs::read(&lock).unwrap());
    check(root, &["--accept", "code", "--accept", "cover"]);
    assert_eq!(
        first,
        fs::read(&lock).unwrap(),
        "accepting unchanged slides changes nothing"
    );
    let other = fixture("basic");
    check(other.path(), &["--all"]);
    assert_eq!(
        first,
        fs::read(other.path().join("content/translations.lock")).unwrap()
    );
}

#[test]
fn accepting_needs_a_clean_source_deck() {
    let dir = fixture("basic");
    let root = dir.path();
    append(root, "content/ja/02-code.md", "\n---\n\n## no id\n");
    let (ok, out) = check(root, &["--all"]);
    assert!(!ok, "{out}");
    assert!(out.contains("cannot accept translations"), "{out}");
    assert!(!root.join("content/translations.lock").exists());
}

#[test]
fn unreadable_lock_is_located_and_only_all_replaces_it() {
    let dir = fixture("basic");
    let root = dir.path();
    check(root, &["--all"]);
    let conflicted = format!(
        "<<<<<<< HEAD\n{}=======\n>>>>>>> theirs\n",
        read(root, "content/translations.lock")
    );
    write(root, "content/translations.lock", &conflicted);
    let (ok, out) = check(root, &[]);
    assert!(!ok, "{out}");
    assert!(out.contains("error: content/translations.lock:1:"), "{out}");
    let (ok, out) = check(root, &["--accept", "code"]);
    assert!(!ok, "{out}");
    assert!(out.contains("would lose its other entries"), "{out}");
    assert_eq!(read(root, "content/translations.lock"), conflicted);
    let (ok, out) = check(root, &["--all", "--deny-warnings"]);
    assert!(ok, "{out}");
}
