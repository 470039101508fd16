//! Routing: the Host check (DNS rebinding), the live-reload endpoint (Origin and token checks),
//! the error JSON, and site pages from the in-memory build with the live-reload script injected.

use super::http::{Reply, Request, Response};
use super::pages;
use super::path::{parse_target, Target};
use super::session::Session;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The reserved prefix of the server's own endpoints (never a site path).
const PREFIX: &str = "__kumo";

/// Answers requests for one session bound to one address.
pub struct Router {
    session: Arc<Session>,
    bound: SocketAddr,
}

impl Router {
    pub fn new(session: Arc<Session>, bound: SocketAddr) -> Router {
        Router { session, bound }
    }

    pub fn handle(&self, req: &Request) -> Reply {
        if !host_allowed(req.header("host"), self.bound) {
            return Reply::Full(Response::text(
                403,
                "forbidden: unknown Host (open the page through localhost or 127.0.0.1)",
            ));
        }
        let target = match parse_target(&req.target) {
            Ok(t) => t,
            Err(why) => return Reply::Full(Response::text(400, why)),
        };
        match target.path.as_str() {
            "__kumo/events" => self.events(req, &target),
            "__kumo/error" => Reply::Full(self.error_json()),
            p if p == PREFIX || p.starts_with("__kumo/") => {
                Reply::Full(Response::text(404, "not found"))
            }
            _ => Reply::Full(self.page(req, &target)),
        }
    }

    /// The event stream, only for our own pages: same-origin (or no) Origin and the token.
    fn events(&self, req: &Request, target: &Target) -> Reply {
        let origin_ok = match req.header("origin") {
            None => req.count("origin") == 0,
            Some(origin) => same_origin(origin, req.header("host").unwrap_or("")),
        };
        let token_ok = target
            .param("token")
            .is_some_and(|t| constant_time_eq(t.as_bytes(), self.session.token().as_bytes()));
        if !origin_ok || !token_ok {
            return Reply::Full(Response::text(
                403,
                "forbidden: live reload is for this server's own pages",
            ));
        }
        if req.method == "HEAD" {
            return Reply::Full(Response::new(200, "text/event-stream; charset=utf-8", ""));
        }
        let (first, rx) = self.session.subscribe();
        Reply::Events { first, rx }
    }

    /// The current error (or none) as JSON, for tools and the client's reconnect check.
    fn error_json(&self) -> Response {
        let snap = self.session.snapshot();
        let body = serde_json::json!({
            "build": snap.build_id,
            "errors": snap.error.as_ref().map(|e| &e.errors),
            "rendered": snap.error.as_ref().map(|e| &e.rendered),
        });
        Response::new(200, "application/json", body.to_string())
    }

    fn page(&self, req: &Request, target: &Target) -> Response {
        let snap = self.session.snapshot();
        let live = pages::Live {
            token: self.session.token(),
            build: &snap.build_id,
        };
        let Some(site) = &snap.site else {
            let body = pages::error_page(snap.error.as_deref(), &live);
            return Response::new(500, HTML, body);
        };
        let key = target.key();
        if let Some(bytes) = site.get(&key) {
            let ctype = content_type(&key);
            return match ctype == HTML {
                true => Response::new(200, HTML, pages::inject(bytes, &live)),
                false => Response::new(200, ctype, bytes.to_vec()),
            };
        }
        if !target.dir && site.get(&format!("{key}/index.html")).is_some() {
            let raw_path = req.target.split('?').next().unwrap_or("/");
            let query = target
                .query
                .as_ref()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            return Response::text(301, "moved")
                .with_header("Location", format!("{raw_path}/{query}"));
        }
        Response::new(404, HTML, pages::not_found_page(&req.target, &live))
    }
}

const HTML: &str = "text/html; charset=utf-8";

/// The Content-Type for a site path, by extension; UTF-8 for every text type.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => HTML,
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "application/javascript; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        Some("csv") => "text/csv; charset=utf-8",
        Some("zip") => "application/zip",
        Some("wasm") => "application/wasm",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        _ => "application/octet-stream",
    }
}

/// Host must name this server: a loopback name or the bound address, with the bound port.
/// Any other name may be an attacker's domain rebound to 127.0.0.1. When bound to every
/// interface, any IP literal is accepted (an IP literal cannot be rebound).
pub fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    let Some((name, port)) = host.and_then(split_host) else {
        return false;
    };
    if port != bound.port() {
        return false;
    }
    let name = name.to_ascii_lowercase();
    if name == "localhost" {
        return true;
    }
    let ip = name.trim_start_matches('[').trim_end_matches(']');
    match ip.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// `name:port` or `[v6]:port` (no port means 80, as the browser would have meant).
fn split_host(host: &str) -> Option<(&str, u16)> {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !p.contains(']') && (!n.contains(':') || n.ends_with(']')) => {
            (n, p.parse().ok()?)
        }
        _ => (host, 80),
    };
    let v6 = name.starts_with('[') && name.ends_with(']');
    (!name.is_empty() && (v6 || !name.contains([':', '[', ']']))).then_some((name, port))
}

/// `Origin` equals `http://` + the (already checked) Host.
fn same_origin(origin: &str, host: &str) -> bool {
    !host.is_empty() && origin.eq_ignore_ascii_case(&format!("http://{host}"))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let lo: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST:1111",
        ] {
            assert!(host_allowed(Some(ok), lo), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "localhost:2222",
            "localhost",
            "127.0.0.1.nip.io:1111",
            "[::1:1111",
            "10.0.0.5:1111",
            "",
        ] {
            assert!(!host_allowed(Some(bad), lo), "{bad}");
        }
        assert!(!host_allowed(None, lo));
        let any: SocketAddr = "0.0.0.0:80".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.4"), any));
        assert!(!host_allowed(Some("attacker.example"), any));
    }

    #[test]
    fn origins() {
        assert!(same_origin("http://127.0.0.1:1111", "127.0.0.1:1111"));
        assert!(!same_origin("https://evil.example", "127.0.0.1:1111"));
        assert!(!same_origin("null", "127.0.0.1:1111"));
        assert!(!same_origin("http://localhost:1111", "127.0.0.1:1111"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.HTML"), HTML);
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("d/r.1a2b3c4d5e.zip"), "application/zip");
        assert_eq!(content_type("t.CSV"), "text/csv; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
