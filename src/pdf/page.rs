//! One deck page through the browser: open a tab that may only reach the render server, load,
//! wait for fonts and images, check that Japanese text has a Japanese font, print to PDF.

use super::cdp::{Cdp, CdpError, Event, Reply};
use crate::diag::Diagnostic;
use crate::serve::path::parse_target;
use base64::Engine;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The steps of one page, for progress lines and time-out messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Loading the print page.
    Load,
    /// Waiting for its fonts.
    Fonts,
    /// Printing it to PDF.
    Print,
}

impl Stage {
    /// The stage as progress lines and time-out messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Fonts => "fonts",
            Stage::Print => "print",
        }
    }
}

/// What to print.
pub(crate) struct Job<'a> {
    /// `http://127.0.0.1:<port>`: the only origin the page may reach.
    pub origin: &'a str,
    /// Site path of the deck page, e.g. `ja/index.html`.
    pub path: &'a str,
    pub timeout: Duration,
}

/// A printed page.
pub(crate) struct PagePdf {
    pub pdf: Vec<u8>,
    /// The first heading of every slide, in order.
    pub titles: Vec<String>,
    /// Blocked requests, failed fonts and images: printed, but worth a warning.
    pub warnings: Vec<String>,
}

const BLOCKED: &str = "blocked a request outside the site: ";

/// Selector for elements whose own text is probed for the font that renders it.
const PROBE: &str = "section.slide *";

/// Collect what the render server's Content-Security-Policy blocked (requests Fetch never sees).
const WATCH_CSP: &str = r#"window.__kumoDeckBlocked = [];
document.addEventListener("securitypolicyviolation", e => window.__kumoDeckBlocked.push(e.blockedURI));"#;

/// Wait for fonts and images; report slides, failures and which probe elements hold CJK text.
const SETTLE: &str = r#"(async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = "eager"; });
  await document.fonts.ready;
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener("load", r, { once: true });
    i.addEventListener("error", r, { once: true });
  })));
  const broken = imgs.filter(i => i.naturalWidth === 0).map(i => i.currentSrc || i.src);
  const failedFonts = [...document.fonts].filter(f => f.status === "error").map(f => f.family);
  // One outline entry per slide: its first heading. Later headings of a slide keep their look
  // but are not headings in the PDF's structure (and so not in its outline).
  const slides = [...document.querySelectorAll("section.slide")].map(s => {
    const [h, ...rest] = s.querySelectorAll("h1, h2, h3, h4, h5, h6");
    rest.forEach(x => x.setAttribute("role", "presentation"));
    return h ? h.textContent.trim() : "";
  });
  const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const probes = [];
  [...document.querySelectorAll(PROBE)].forEach((e, i) => {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && cjk.test(n.data));
    if (probes.length < 6 && own && e.getClientRects().length > 0) {
      probes.push(i);
    }
  });
  const blocked = window.__kumoDeckBlocked || [];
  return { slides, broken, failedFonts, probes, blocked };
})()"#;

/// Print one page in a new tab of the browser behind `cdp`.
pub(crate) fn print(
    cdp: &mut Cdp,
    job: &Job,
    progress: &mut dyn FnMut(Stage),
) -> Result<PagePdf, Diagnostic> {
    let blocked = Rc::new(RefCell::new(Vec::new()));
    cdp.set_interceptor(Some(interceptor(job.origin, blocked.clone())));
    let deadline = Instant::now() + job.timeout;
    let fail = |e| step_error(Stage::Load, job, e);
    let target = cdp.open_tab(deadline).map_err(fail)?;
    let result = print_in_target(cdp, job, &target, progress);
    cdp.close_tab(&target);
    let (pdf, titles, mut warnings) = result?;
    let blocked = blocked.borrow();
    warnings.extend(blocked.iter().map(|u| format!("{BLOCKED}{u}")));
    Ok(PagePdf {
        pdf,
        titles,
        warnings,
    })
}

type Printed = (Vec<u8>, Vec<String>, Vec<String>);

fn print_in_target(
    cdp: &mut Cdp,
    job: &Job,
    target: &str,
    progress: &mut dyn FnMut(Stage),
) -> Result<Printed, Diagnostic> {
    progress(Stage::Load);
    let deadline = Instant::now() + job.timeout;
    let fail = |e| step_error(Stage::Load, job, e);
    let attached = cdp
        .call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
            deadline,
        )
        .map_err(fail)?;
    let session = attached["sessionId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let s = Some(session.as_str());
    let all = json!({"patterns": [{"urlPattern": "*"}]});
    cdp.call(s, "Fetch.enable", all, deadline).map_err(fail)?;
    cdp.call(s, "Page.enable", json!({}), deadline)
        .map_err(fail)?;
    cdp.call(
        s,
        "Emulation.setEmulatedMedia",
        json!({"media": "print"}),
        deadline,
    )
    .map_err(fail)?;
    let watch = json!({"source": WATCH_CSP});
    cdp.call(s, "Page.addScriptToEvaluateOnNewDocument", watch, deadline)
        .map_err(fail)?;
    let url = format!("{}/{}", job.origin, job.path);
    cdp.navigate(s, &url, deadline)
        .map_err(fail)?
        .map_err(|err| Diagnostic::error(format!("cannot load {url}: {err}")))?;

    progress(Stage::Fonts);
    let (titles, mut warnings) = settle(cdp, &session, job)?;

    progress(Stage::Print);
    let pdf = print_pdf(cdp, &session, job)?;
    warnings.sort();
    warnings.dedup();
    Ok((pdf, titles, warnings))
}

/// Answer every paused request: continue those for the site, fail the rest.
pub(crate) fn interceptor(
    origin: &str,
    blocked: Rc<RefCell<Vec<String>>>,
) -> super::cdp::Interceptor {
    let prefix = format!("{origin}/");
    Box::new(move |e: &Event| -> Option<Reply> {
        if e.method != "Fetch.requestPaused" {
            return None;
        }
        let id = e.params["requestId"].clone();
        let url = e.params["request"]["url"].as_str().unwrap_or_default();
        let inside = url
            .strip_prefix(&prefix)
            .is_some_and(|rest| parse_target(&format!("/{rest}")).is_ok());
        if inside {
            return Some(("Fetch.continueRequest".into(), json!({"requestId": id})));
        }
        blocked.borrow_mut().push(url.to_string());
        let params = json!({"requestId": id, "errorReason": "BlockedByClient"});
        Some(("Fetch.failRequest".into(), params))
    })
}

/// The `fonts` step: fonts ready, images complete, Japanese text rendered with a CJK font.
fn settle(
    cdp: &mut Cdp,
    session: &str,
    job: &Job,
) -> Result<(Vec<String>, Vec<String>), Diagnostic> {
    let deadline = Instant::now() + job.timeout;
    let fail = |e| step_error(Stage::Fonts, job, e);
    let s = Some(session);
    let expr = SETTLE.replace("PROBE", &format!("{PROBE:?}"));
    let v = cdp.evaluate(s, &expr, deadline).map_err(fail)?;
    let v = &v.map_err(|msg| Diagnostic::error(format!("checking the page failed: {msg}")))?;
    let strings = |k: &str| -> Vec<String> {
        let items = v[k].as_array().map(Vec::as_slice).unwrap_or_default();
        items
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    };
    let blocked = strings("blocked");
    let mut warnings: Vec<String> = strings("broken")
        .into_iter()
        .filter(|u| !blocked.contains(u))
        .map(|u| format!("an image did not load: {u}"))
        .collect();
    warnings.extend(blocked.iter().map(|u| format!("{BLOCKED}{u}")));
    warnings.extend(
        strings("failedFonts")
            .into_iter()
            .map(|f| format!("web font `{f}` did not load; a fallback font was used")),
    );
    let probes: Vec<usize> = v["probes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_u64())
                .map(|x| x as usize)
                .collect()
        })
        .unwrap_or_default();
    if !probes.is_empty() {
        super::fonts::check_cjk(cdp, session, &probes, PROBE, deadline).map_err(fail)??;
    }
    Ok((strings("slides"), warnings))
}

/// The `print` step: `Page.printToPDF` with a tagged PDF and its outline, read as a stream.
fn print_pdf(cdp: &mut Cdp, session: &str, job: &Job) -> Result<Vec<u8>, Diagnostic> {
    let deadline = Instant::now() + job.timeout;
    let fail = |e| step_error(Stage::Print, job, e);
    let s = Some(session);
    // The paper size is a fallback for a theme without `@page { size }`: 1280x720 CSS px.
    let params = json!({
        "printBackground": true,
        "preferCSSPageSize": true,
        "generateTaggedPDF": true,
        "generateDocumentOutline": true,
        "displayHeaderFooter": false,
        "paperWidth": 1280.0 / 96.0,
        "paperHeight": 720.0 / 96.0,
        "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
        "transferMode": "ReturnAsStream",
    });
    let r = cdp
        .call(s, "Page.printToPDF", params, deadline)
        .map_err(fail)?;
    let handle = r["stream"].as_str().unwrap_or_default().to_string();
    let mut pdf = Vec::new();
    loop {
        let chunk = json!({"handle": handle, "size": 1 << 20});
        let r = cdp.call(s, "IO.read", chunk, deadline).map_err(fail)?;
        let data = r["data"].as_str().unwrap_or_default();
        if r["base64Encoded"].as_bool() == Some(true) {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .map_err(|e| Diagnostic::error(format!("the browser sent bad base64: {e}")))?;
            pdf.extend_from_slice(&bytes);
        } else {
            pdf.extend_from_slice(data.as_bytes());
        }
        if r["eof"].as_bool() == Some(true) {
            break;
        }
    }
    let _ = cdp.call(s, "IO.close", json!({"handle": handle}), deadline);
    Ok(pdf)
}

/// An error of `stage`, naming it (and the limit, on a time-out).
pub(crate) fn step_error(stage: Stage, job: &Job, e: CdpError) -> Diagnostic {
    let what = match stage {
        Stage::Load => "loading",
        Stage::Fonts => "waiting for fonts and images",
        Stage::Print => "printing to PDF",
    };
    match e {
        CdpError::Timeout => Diagnostic::error(format!(
            "step `{}` timed out after {} s ({what} {}); the browser was stopped",
            stage.name(),
            job.timeout.as_secs_f64(),
            job.path
        ))
        .hint("a page that never settles (a script loop, a hanging request); raise the limit with --timeout SECS"),
        e => Diagnostic::error(format!("step `{}` failed ({what} {}): {e}", stage.name(), job.path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paused(url: &str) -> Event {
        Event {
            method: "Fetch.requestPaused".into(),
            params: json!({"requestId": "r1", "request": {"url": url}}),
            session: Some("s".into()),
        }
    }

    #[test]
    fn only_the_site_origin_is_let_through() {
        let blocked = Rc::new(RefCell::new(Vec::new()));
        let mut f = interceptor("http://127.0.0.1:4000", blocked.clone());
        let mut verdict = |u: &str| f(&paused(u)).unwrap().0;
        assert_eq!(
            verdict("http://127.0.0.1:4000/ja/index.html"),
            "Fetch.continueRequest"
        );
        assert_eq!(
            verdict("http://127.0.0.1:4000/assets/a.css?x"),
            "Fetch.continueRequest"
        );
        for bad in [
            "http://127.0.0.1:4001/x",
            "http://127.0.0.1:40000/x",
            "http://localhost:4000/x",
            "file:///etc/passwd",
            "http://127.0.0.1:4000/%2e%2e/x",
            "https://example.com/x",
        ] {
            assert_eq!(verdict(bad), "Fetch.failRequest", "{bad}");
        }
        assert_eq!(blocked.borrow().len(), 6);
    }
}
