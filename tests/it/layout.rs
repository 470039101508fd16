//! `kumo-deck check --layout` in a real headless Chromium: a deck that fits has no findings; a
//! slide with a box wider than the frame, a scrolling box, small print and a word forced to split
//! is reported in both languages, at the slide's file and line, in the human and JSON reports.

use crate::support::{browser_or_skip, fixture, kumo, stderr};

/// Raw HTML that breaks each rule once (the same in both languages, so the decks stay in step).
const BAD_SLIDE: &str = r#"## {HEAD} {#too-wide}

<div style="min-width: 1400px; height: 40px; background: #ccc">wide</div>

<div style="overflow: auto; width: 200px; height: 40px"><div style="width: 600px">scrolls</div></div>

<p style="font-size: 12px">small print</p>

<p style="width: 90px; overflow-wrap: anywhere">Supercalifragilistic</p>
"#;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn a_deck_that_fits_has_no_findings() {
    let Some(chrome) = browser_or_skip("check --layout (clean deck)") else {
        return;
    };
    let p = fixture("layout");
    let chrome = chrome.to_string_lossy().to_string();
    let o = kumo(
        p.path(),
        &["check", "--layout", "--chrome", &chrome, "--format", "json"],
    );
    let v = json(&o);
    assert!(o.status.success(), "{v:#}\n{}", stderr(&o));
    let counts = v["layout"].as_object().expect("layout counts in the JSON");
    assert_eq!(counts.len(), 6, "{v:#}");
    assert!(counts.values().all(|n| n == 0), "{v:#}");
    assert_eq!(v["errors"], 0, "{v:#}");
}

#[test]
fn an_overflowing_slide_is_reported_in_both_languages_at_its_line() {
    let Some(chrome) = browser_or_skip("check --layout (overflowing slide)") else {
        return;
    };
    let p = fixture("layout");
    for (lang, head) in [("ja", "はみ出す"), ("en", "Too wide")] {
        p.write(
            &format!("content/{lang}/02-wide.md"),
            &BAD_SLIDE.replace("{HEAD}", head),
        );
    }
    let chrome = chrome.to_string_lossy().to_string();
    let o = kumo(
        p.path(),
        &["check", "--layout", "--chrome", &chrome, "--format", "json"],
    );
    assert!(!o.status.success(), "findings must fail the check");
    let v = json(&o);
    for kind in ["outside", "clipped", "small-text", "split-word"] {
        assert!(v["layout"][kind].as_u64() >= Some(2), "{kind}: {v:#}");
    }
    let found = v["diagnostics"].as_array().unwrap();
    for lang in ["ja", "en"] {
        let file = format!("content/{lang}/02-wide.md");
        let mine: Vec<_> = found
            .iter()
            .filter(|d| d["file"] == file.as_str())
            .collect();
        let has = |s: &str| {
            mine.iter()
                .any(|d| d["message"].as_str().unwrap().contains(s))
        };
        assert!(mine.iter().all(|d| d["line"] == 1), "{mine:#?}");
        assert!(has("1280x720 and 1920x1080"), "{mine:#?}");
        assert!(has("is outside the frame (right +"), "{mine:#?}");
        assert!(has("scrolls (400px too wide"), "{mine:#?}");
        assert!(has("text at 12px"), "{mine:#?}");
        assert!(has("Latin word split across lines"), "{mine:#?}");
    }
    // The slides that fit are not mentioned.
    assert!(found
        .iter()
        .all(|d| !d["message"].as_str().unwrap().contains("`summary`")));

    let o = p.kumo(&["check", "--layout", "--chrome", &chrome]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success());
    assert!(out.contains("content/en/02-wide.md:1:1"), "{out}");
    assert!(out.contains("layout at 1280x720 and 1920x1080: "), "{out}");
}

#[test]
fn without_a_browser_the_layout_check_fails_clearly() {
    let p = fixture("layout");
    let o = kumo(
        p.path(),
        &["check", "--layout", "--chrome", "/nonexistent/chromium"],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("/nonexistent/chromium"), "{out}");
}
