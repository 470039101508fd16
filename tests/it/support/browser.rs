//! The Chromium of the browser tests: found as `kumo-deck pdf` would find it, with a loud skip,
//! and one at a time.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// One browser at a time: the machines are small and the time limits are real.
static BROWSER: Mutex<()> = Mutex::new(());

pub fn lock() -> MutexGuard<'static, ()> {
    BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

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
