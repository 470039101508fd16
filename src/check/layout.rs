//! `check --layout`: each language's deck page in the headless Chromium that `pdf` uses (same
//! launcher, same loopback server of the in-memory site, same request blocking), at 1280x720 and
//! 1920x1080, every slide shown through its `#id`, measured by an injected script (layout.js).
//!
//! Findings, each an error at the slide's source file and line: content outside the frame or in
//! its margins, boxes that scroll or clip, text under 16 px of the 1280-wide frame, Latin or
//! katakana words split across lines, and last lines of one or two characters.

use crate::content::Deck;
use crate::diag::Diagnostic;
use crate::pdf::cdp::Cdp;
use crate::pdf::{browser, page};
use crate::render::pages::DOC_ONLY;
use crate::serve::SiteServer;
use crate::site::Site;
use serde::Deserialize;
use serde_json::json;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The window sizes every deck is measured at.
pub(crate) const VIEWPORTS: [(u32, u32); 2] = [(1280, 720), (1920, 1080)];

/// The measuring script: it shows each slide and returns `{ slides, findings }`.
const MEASURE: &str = include_str!("layout.js");

/// The kinds of finding, in the order the summary lists them.
pub(crate) const KINDS: [&str; 6] = [
    "outside",
    "margin",
    "clipped",
    "small-text",
    "split-word",
    "short-line",
];

/// How to run the layout check.
#[derive(Debug, Clone)]
pub struct LayoutOptions {
    /// Browser executable (else `$CHROME`, else the usual names on `PATH`).
    pub chrome: Option<PathBuf>,
    /// Limit for each step (launch, load, measure one page).
    pub timeout: Duration,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            chrome: None,
            timeout: Duration::from_secs(60),
        }
    }
}

/// What the check found: one error per finding (at the slide's file and line) and the count of
/// each kind; or the environment error that stopped it (no browser, a time-out).
#[derive(Debug, Default)]
pub struct LayoutReport {
    /// One error per overflow or overlap found, at the slide's file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings of each kind (`overflow`, `overlap`, ...), for the summary line.
    pub counts: BTreeMap<String, usize>,
}

#[derive(Debug, Deserialize)]
struct Measured {
    slides: usize,
    findings: Vec<Finding>,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    id: String,
    kind: String,
    text: String,
}

/// Measure every deck of `site` (one per deck in `decks`) at every viewport.
pub fn check(
    site: &Site,
    decks: &[&Deck],
    opts: &LayoutOptions,
) -> Result<LayoutReport, Diagnostic> {
    let exe = browser::find(opts.chrome.as_deref())?;
    let server = SiteServer::start(Arc::new(site.clone()))?;
    let mut b = browser::launch(&exe, opts.timeout)?;
    let origin = server.origin();
    let mut report = LayoutReport::default();
    for kind in KINDS {
        report.counts.insert(kind.to_string(), 0);
    }
    for deck in decks {
        // finding -> the viewports it was seen at
        let mut seen: BTreeMap<Finding, Vec<String>> = BTreeMap::new();
        for (w, h) in VIEWPORTS {
            let path = format!("{}/index.html", deck.lang);
            let m = measure(&mut b.cdp, &origin, &path, (w, h), opts.timeout)?;
            // Document-only slides (notes on sources) are not in the deck view.
            let shown = deck
                .slides
                .iter()
                .filter(|s| !s.classes.iter().any(|c| c == DOC_ONLY))
                .count();
            if m.slides != shown {
                return Err(Diagnostic::error(format!(
                    "{path} shows {} slides, the deck has {shown}",
                    m.slides
                )));
            }
            for f in m.findings {
                seen.entry(f).or_default().push(format!("{w}x{h}"));
            }
        }
        for (f, at) in seen {
            *report.counts.entry(f.kind.clone()).or_default() += 1;
            report.diagnostics.push(locate(deck, &f, &at));
        }
    }
    Ok(report)
}

/// The finding as an error at its slide's first line.
fn locate(deck: &Deck, f: &Finding, at: &[String]) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "layout ({}, {}): slide `{}`: {}: {}",
        deck.lang,
        at.join(" and "),
        f.id,
        f.kind,
        f.text
    ));
    match deck.slides.iter().find(|s| s.id == f.id) {
        Some(s) => d.in_file(&s.file).at(s.line, 1).with_source(&s.file_text),
        None => d,
    }
}

/// Load `path` in a new tab sized `w`x`h` and run the measuring script in it.
fn measure(
    cdp: &mut Cdp,
    origin: &str,
    path: &str,
    size: (u32, u32),
    timeout: Duration,
) -> Result<Measured, Diagnostic> {
    let blocked = Rc::new(RefCell::new(Vec::new()));
    cdp.set_interceptor(Some(page::interceptor(origin, blocked.clone())));
    let deadline = Instant::now() + timeout;
    let fail = |e| Diagnostic::error(format!("layout check of {path}: {e}"));
    let target = cdp.open_tab(deadline).map_err(fail)?;
    let result = measure_in(cdp, origin, path, &target, size, deadline);
    cdp.close_tab(&target);
    let m = result?;
    if let Some(u) = blocked.borrow().first() {
        return Err(Diagnostic::error(format!(
            "{path} asked for something outside the site ({u}); the layout would not be the reader's"
        )));
    }
    Ok(m)
}

fn measure_in(
    cdp: &mut Cdp,
    origin: &str,
    path: &str,
    target: &str,
    (w, h): (u32, u32),
    deadline: Instant,
) -> Result<Measured, Diagnostic> {
    let fail = |e| Diagnostic::error(format!("layout check of {path} at {w}x{h}: {e}"));
    let attach = json!({"targetId": target, "flatten": true});
    let attached = cdp
        .call(None, "Target.attachToTarget", attach, deadline)
        .map_err(fail)?;
    let session = attached["sessionId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let s = Some(session.as_str());
    let calls = [
        ("Fetch.enable", json!({"patterns": [{"urlPattern": "*"}]})),
        ("Page.enable", json!({})),
        (
            "Emulation.setDeviceMetricsOverride",
            json!({"width": w, "height": h, "deviceScaleFactor": 1, "mobile": false}),
        ),
        // No transitions half-way through a measurement.
        (
            "Emulation.setEmulatedMedia",
            json!({"media": "screen", "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
        ),
    ];
    for (method, params) in calls {
        cdp.call(s, method, params, deadline).map_err(fail)?;
    }
    let url = format!("{origin}/{path}");
    cdp.navigate(s, &url, deadline)
        .map_err(fail)?
        .map_err(|err| Diagnostic::error(format!("cannot load {url}: {err}")))?;
    let value = cdp.evaluate(s, MEASURE, deadline).map_err(fail)?;
    let value = value
        .map_err(|msg| Diagnostic::error(format!("measuring {path} at {w}x{h} failed: {msg}")))?;
    serde_json::from_value(value).map_err(|e| {
        Diagnostic::error(format!(
            "measuring {path} at {w}x{h} returned bad data: {e}"
        ))
    })
}

/// "2 outside, 0 margin, ...": the counts of each kind, for the summary line.
pub fn summary(counts: &BTreeMap<String, usize>) -> String {
    KINDS
        .iter()
        .map(|k| format!("{} {k}", counts.get(*k).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(", ")
}
