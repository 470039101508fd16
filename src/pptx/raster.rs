//! Figures through the same headless Chromium as `pdf`: each inline SVG (and SVG image) is laid
//! out with the deck's stylesheets on a page served from memory, then captured as a PNG (the
//! fallback picture) and, for inline SVG, serialised with its computed styles written in, so
//! the SVG part stands alone without the theme's CSS.

use crate::diag::Diagnostic;
use crate::pdf::browser;
use crate::serve::SiteServer;
use crate::site::Site;
use base64::Engine;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One figure to render: the markup (an `<svg>` or an `<img>`) and the language page it is on.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    pub lang: String,
    pub markup: String,
}

/// A rendered figure.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub png: Vec<u8>,
    /// The SVG with its styles inlined (inline SVG only).
    pub svg: Option<String>,
    /// Laid-out size in CSS pixels.
    pub size: (f64, f64),
}

/// Browser and limits.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub chrome: Option<PathBuf>,
    pub timeout: Duration,
}

/// The page of figures of one language: the deck's stylesheets, each figure in a slide-like box
/// as wide as a slide's text.
pub(crate) fn page(site: &Site, lang: &str, figures: &[(usize, &Figure)]) -> String {
    let deck = site
        .get(&format!("{lang}/index.html"))
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let links: String = crate::site::html::tags(&deck)
        .into_iter()
        .filter(|t| t.name == "link" && t.attr("rel") == Some("stylesheet"))
        .filter_map(|t| {
            t.attr("href").map(|h| {
                format!(
                    "<link rel=\"stylesheet\" href=\"{}\">\n",
                    html_escape::encode_double_quoted_attribute(h)
                )
            })
        })
        .collect();
    let mut out = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\n{links}<style>\
         html,body{{margin:0;background:#fff;overflow:visible}}\
         .kumo-fig{{display:block;position:static;width:1160px;margin:0 0 24px 0;padding:0}}\
         .kumo-fig>*{{margin:0}}</style></head><body>\
         <section class=\"slide slide--content\" style=\"position:static;display:block;width:auto;height:auto;transform:none;visibility:visible;opacity:1;overflow:visible\">\
         <div class=\"slide-inner\" style=\"position:static;height:auto;overflow:visible\">\n"
    );
    for (i, f) in figures {
        out.push_str(&format!(
            "<figure class=\"figure kumo-fig\" id=\"kumo-fig-{i}\">{}</figure>\n",
            f.markup
        ));
    }
    out.push_str("</div></section></body></html>\n");
    out
}

const MEASURE: &str = r#"(async () => {
  await document.fonts.ready;
  const imgs = [...document.images];
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener("load", r, { once: true }); i.addEventListener("error", r, { once: true });
  })));
  const props = ["fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity", "font-family", "font-size",
    "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "visibility"];
  return [...document.querySelectorAll(".kumo-fig")].map(f => {
    const el = f.firstElementChild;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    let svg = null;
    if (el.tagName.toLowerCase() === "svg") {
      const clone = el.cloneNode(true);
      const src = [el, ...el.querySelectorAll("*")];
      const dst = [clone, ...clone.querySelectorAll("*")];
      src.forEach((s, i) => {
        const cs = getComputedStyle(s);
        dst[i].setAttribute("style", props.map(p => `${p}:${cs.getPropertyValue(p)}`).join(";"));
        dst[i].removeAttribute("class");
      });
      clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
      clone.setAttribute("width", String(r.width));
      clone.setAttribute("height", String(r.height));
      svg = new XMLSerializer().serializeToString(clone);
    }
    return { id: f.id, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height, svg };
  });
})()"#;

/// Render `figures` (any languages) in one browser; results in the order of `figures`.
pub(crate) fn render(
    site: &Site,
    figures: &[Figure],
    opts: &Options,
) -> Result<Vec<Rendered>, Diagnostic> {
    if figures.is_empty() {
        return Ok(Vec::new());
    }
    let mut langs: Vec<&str> = figures.iter().map(|f| f.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    let mut site = site.clone();
    for lang in &langs {
        let mine: Vec<(usize, &Figure)> = figures
            .iter()
            .enumerate()
            .filter(|(_, f)| f.lang == *lang)
            .collect();
        site.insert(
            format!("{lang}/kumo-pptx-figures.html"),
            page(&site, lang, &mine),
        );
    }
    let exe = browser::find(opts.chrome.as_deref())?;
    let server = SiteServer::start(Arc::new(site))?;
    let mut b = browser::launch(&exe, opts.timeout)?;
    let mut out: Vec<Option<Rendered>> = vec![None; figures.len()];
    for lang in &langs {
        let url = format!("{}/{lang}/kumo-pptx-figures.html", server.origin());
        for (i, r) in render_page(&mut b.cdp, &url, opts.timeout)? {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(r);
            }
        }
    }
    drop(b);
    out.into_iter()
        .enumerate()
        .map(|(i, r)| r.ok_or_else(|| Diagnostic::error(format!("figure {i} was not rendered"))))
        .collect()
}

fn cdp_err(what: &str, e: crate::pdf::cdp::CdpError) -> Diagnostic {
    Diagnostic::error(format!("rendering figures for pptx ({what}): {e}"))
        .hint("raise the limit with --timeout SECS, or check the figure's SVG")
}

/// Load one figures page and capture every figure on it.
fn render_page(
    cdp: &mut crate::pdf::cdp::Cdp,
    url: &str,
    timeout: Duration,
) -> Result<Vec<(usize, Rendered)>, Diagnostic> {
    let deadline = Instant::now() + timeout;
    let t = cdp
        .call(
            None,
            "Target.createTarget",
            json!({"url": "about:blank"}),
            deadline,
        )
        .map_err(|e| cdp_err("open", e))?;
    let target = t["targetId"].as_str().unwrap_or_default().to_string();
    let result = capture(cdp, &target, url, timeout);
    let _ = cdp.call(
        None,
        "Target.closeTarget",
        json!({"targetId": target}),
        Instant::now() + Duration::from_secs(5),
    );
    cdp.clear_events();
    result
}

fn capture(
    cdp: &mut crate::pdf::cdp::Cdp,
    target: &str,
    url: &str,
    timeout: Duration,
) -> Result<Vec<(usize, Rendered)>, Diagnostic> {
    let deadline = Instant::now() + timeout;
    let session = load(cdp, target, url, deadline)?;
    let s = Some(session.as_str());
    let params = json!({"expression": MEASURE, "awaitPromise": true, "returnByValue": true});
    let r = cdp
        .call(s, "Runtime.evaluate", params, deadline)
        .map_err(|e| cdp_err("measure", e))?;
    let items = r["result"]["value"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for v in items {
        if let Some(shot) = shoot(cdp, s, &v, timeout)? {
            out.push(shot);
        }
    }
    Ok(out)
}

/// Attach to the tab, size it to 1280x720 and load `url`; the session id.
fn load(
    cdp: &mut crate::pdf::cdp::Cdp,
    target: &str,
    url: &str,
    deadline: Instant,
) -> Result<String, Diagnostic> {
    let att = cdp
        .call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
            deadline,
        )
        .map_err(|e| cdp_err("attach", e))?;
    let session = att["sessionId"].as_str().unwrap_or_default().to_string();
    let s = Some(session.as_str());
    cdp.call(s, "Page.enable", json!({}), deadline)
        .map_err(|e| cdp_err("load", e))?;
    let metrics = json!({"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": false});
    cdp.call(s, "Emulation.setDeviceMetricsOverride", metrics, deadline)
        .map_err(|e| cdp_err("load", e))?;
    cdp.call(s, "Page.navigate", json!({"url": url}), deadline)
        .map_err(|e| cdp_err("load", e))?;
    let loaded =
        |e: &crate::pdf::cdp::Event| e.method == "Page.loadEventFired" && e.session.as_deref() == s;
    cdp.wait_event(deadline, loaded)
        .map_err(|e| cdp_err("load", e))?;
    Ok(session)
}

/// The PNG of one measured figure `v` (at twice its CSS size), or `None` for an empty one.
fn shoot(
    cdp: &mut crate::pdf::cdp::Cdp,
    s: Option<&str>,
    v: &serde_json::Value,
    timeout: Duration,
) -> Result<Option<(usize, Rendered)>, Diagnostic> {
    let idx = v["id"]
        .as_str()
        .and_then(|id| id.strip_prefix("kumo-fig-"))
        .and_then(|n| n.parse().ok());
    let (Some(i), Some(w), Some(h)) = (idx, v["w"].as_f64(), v["h"].as_f64()) else {
        return Ok(None);
    };
    if w < 1.0 || h < 1.0 {
        return Ok(None);
    }
    let clip = json!({"x": v["x"], "y": v["y"], "width": w, "height": h, "scale": 2});
    let shot = json!({"format": "png", "clip": clip, "captureBeyondViewport": true});
    let deadline = Instant::now() + timeout;
    let r = cdp
        .call(s, "Page.captureScreenshot", shot, deadline)
        .map_err(|e| cdp_err("capture", e))?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(r["data"].as_str().unwrap_or_default())
        .map_err(|e| Diagnostic::error(format!("the browser sent bad base64: {e}")))?;
    let svg = v["svg"].as_str().map(str::to_string);
    Ok(Some((
        i,
        Rendered {
            png,
            svg,
            size: (w, h),
        },
    )))
}
