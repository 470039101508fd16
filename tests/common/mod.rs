//! Helpers shared by the integration tests: the browser for browser tests, with a loud skip.
#![allow(dead_code)] // each test crate uses its own subset

use std::path::PathBuf;

/// The Chromium the browser tests use, as `kumo-deck pdf` would find it.
///
/// Without one, prints a loud `SKIPPED` line and returns `None` (the caller returns), unless
/// `KUMO_REQUIRE_BROWSER=1` (CI sets it): then a skip is a failure.
pub fn browser_or_skip(test: &str) -> Option<PathBuf> {
    match kumo_deck::pdf::browser::find(None) {
        Ok(p) => Some(p),
        Err(d) => {
            let msg = format!(
                "SKIPPED {test}: no Chromium found (set CHROME or install chromium): {}",
                d.message
            );
            if std::env::var("KUMO_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("{msg}\nKUMO_REQUIRE_BROWSER=1: browser tests must not be skipped");
            }
            eprintln!("\n*** {msg} ***\n");
            None
        }
    }
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
