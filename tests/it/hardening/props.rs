//! Property tests over the parsing surfaces (issue 19): front matter, slide splitting, ids,
//! deck.toml, data TOML (through whole builds), Fluent, amounts, URLs, S3 targets and endpoints, branch names and
//! `--out` paths. Each asserts no panic and, for bad input, an error that names its file (and
//! where the parser knows it, a line). Cases are bounded (64, or PROPTEST_CASES) so they run in
//! every `cargo test`.

use kumo_deck::deploy::names::check_branch;
use kumo_deck::deploy::s3::{check_endpoint, S3Target};
use proptest::prelude::*;
use std::path::Path;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Markdown-ish text: the characters the splitters and parsers care about, plus anything.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("+++\n".to_string()),
        Just("---\n".to_string()),
        Just("```".to_string()),
        Just("# h {#id}\n".to_string()),
        Just("title = \"x\"\n".to_string()),
        Just("<!-- notes -->\n".to_string()),
        Just("> ".to_string()),
        Just("\0".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_and_slide_split_never_panic(text in markdownish()) {
        let path = Path::new("content/ja/p.md");
        match kumo_deck::content::front_matter::split(path, &text) {
            Ok((_, body)) => {
                prop_assert_eq!(body.len(), text.len(), "offsets kept");
                if let Err(errs) = kumo_deck::content::split::split(path, &body) {
                    for d in errs {
                        prop_assert!(d.file.is_some(), "{}", d);
                    }
                }
            }
            Err(d) => {
                prop_assert!(d.file.is_some() && d.pos.is_some(), "{}", d);
            }
        }
        let _ = kumo_deck::content::split::parse_marker(&text);
    }

    #[test]
    fn ids_are_ascii_when_valid(id in any::<String>()) {
        if kumo_deck::content::split::is_valid_id(&id) {
            prop_assert!(id.is_ascii() && !id.is_empty());
        }
    }

    #[test]
    fn deck_toml_errors_are_located(text in markdownish()) {
        if let Err(errs) = kumo_deck::Config::parse(Path::new("deck.toml"), &text) {
            for d in errs {
                prop_assert!(d.file.is_some(), "{}", d);
            }
        }
    }

    #[test]
    fn fluent_never_panics(text in prop_oneof![markdownish(), "([a-z-]{1,6} = [{} $a-z]{0,12}\n){0,8}"]) {
        let files = vec![(Path::new("content/ja/strings.ftl").to_path_buf(), text)];
        if let Err(errs) = kumo_deck::i18n::Strings::parse("ja", &files) {
            for d in errs {
                prop_assert!(d.file.is_some(), "{}", d);
            }
        }
    }

    #[test]
    fn amounts_parse_exactly_or_not_at_all(text in prop_oneof!["[0-9]{1,40}(\\.[0-9]{0,35})?", any::<String>()]) {
        if let Ok(v) = kumo_deck::data::money::parse_amount(&text) {
            // Every written digit survives (leading zeros of the integer part aside).
            let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
            let int = match int.trim_start_matches('0') { "" => "0", i => i };
            let want = frac.map_or(int.to_string(), |f| format!("{int}.{f}"));
            prop_assert_eq!(v.to_string(), want, "an accepted amount is never rounded");
        }
    }

    #[test]
    fn urls_never_panic(page in "[a-z/]{0,12}(index\\.html)?", href in any::<String>()) {
        let _ = kumo_deck::site::url::classify(&page, &href);
        let _ = kumo_deck::site::url::resolve(&page, &href);
        let _ = kumo_deck::site::url::percent_decode(&href);
    }

    #[test]
    fn s3_targets_round_trip(url in prop_oneof!["s3://[a-z0-9.-]{0,8}(/[a-z./]{0,10})?", any::<String>()], rel in "[a-z]{1,5}(/[a-z]{1,5}){0,2}") {
        if let Ok(t) = S3Target::parse(&url) {
            prop_assert!(!t.prefix.split('/').any(|p| p == "." || p == ".."));
            prop_assert!(t.prefix.is_empty() || !t.prefix.split('/').any(str::is_empty));
            let key = t.key(&rel);
            prop_assert_eq!(t.rel(&key), Some(rel.as_str()));
        }
    }

    #[test]
    fn endpoints_never_panic_nor_echo_passwords(ep in prop_oneof!["https?://([a-z]{1,4}:PW[a-z]{4}@)?[a-z0-9.:]{0,12}(/[a-z]{0,4})?", any::<String>()]) {
        match check_endpoint(&ep) {
            Ok(ok) => prop_assert!(!ok.contains('@')),
            Err(d) => {
                let pw: Option<&str> = ep.split_once(":PW").map(|(_, r)| r.split('@').next().unwrap_or(""));
                if let Some(pw) = pw.filter(|p| p.len() >= 4 && ep.contains('@')) {
                    prop_assert!(!d.render().contains(&format!("PW{pw}")), "{}", d.render());
                }
            }
        }
    }

    #[test]
    fn branch_names_never_panic(name in any::<String>()) {
        if check_branch(&name).is_ok() {
            prop_assert!(name != "HEAD" && !name.starts_with('-') && !name.contains(".."));
        }
    }

    #[test]
    fn out_paths_never_panic(out in prop_oneof!["[./a-z]{0,12}", any::<String>()]) {
        let root = tempfile::tempdir().unwrap();
        let _ = kumo_deck::output::check_out_dir(root.path(), Path::new(&out), false);
    }
}

proptest! {
    // Whole builds: fewer cases.
    #![proptest_config(ProptestConfig { cases: config().cases.min(12), ..config() })]

    #[test]
    fn data_toml_errors_are_located(text in markdownish()) {
        let p = crate::support::fixture("basic").with_bundled("data");
        let good = std::fs::read_to_string(p.path().join("data/pricing.toml")).unwrap();
        // Arbitrary text in front of a valid file, or instead of it.
        let bad = if text.len() % 2 == 0 { format!("{text}\n{good}") } else { text };
        std::fs::write(p.path().join("data/pricing.toml"), &bad).unwrap();
        let out = kumo_deck::build(p.path(), &kumo_deck::BuildOptions::default());
        for d in out.diagnostics.errors() {
            prop_assert!(d.file.is_some(), "{}", d);
        }
    }
}
