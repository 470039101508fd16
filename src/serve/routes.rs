//! Routing: the Host check (DNS rebinding), then either `serve`'s routes (the live-reload
//! endpoint with its Origin and token checks, the error JSON, pages of the latest build with
//! the live-reload script injected) or a fixed site's files as they are, under a policy that
//! lets the page reach nothing else (the browser `pdf` and `check --layout` drive).

use super::http::{Reply, Request, Response};
use super::pages;
use super::path::{parse_target, Target};
use super::session::Session;
use crate::site::Site;
use crate::util::mime::{self, HTML};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The reserved prefix of the server's own endpoints (never a site path).
const PREFIX: &str = "__kumo";

/// What a page in a browser we drive (`pdf`, `check --layout`) may load or connect to besides
/// the site itself: nothing. Fetch interception blocks requests too; this also covers what it
/// cannot see (WebSocket, beacons).
const CSP: &str = "default-src 'self' data: blob:; script-src 'self' 'unsafe-inline'; \
     style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'none'";

/// Where the answers come from.
enum Source {
    /// `serve`: the session's latest build, its live-reload endpoints, pages with the script.
    Live(Arc<Session>),
    /// A browser we drive: one built site as it is, under [`CSP`].
    Fixed(Arc<Site>),
}

/// Answers requests for one source bound to one address.
pub(super) struct Router {
    source: Source,
    bound: SocketAddr,
}

impl Router {
    /// The router of `serve`.
    pub(super) fn live(session: Arc<Session>, bound: SocketAddr) -> Router {
        Router {
            source: Source::Live(session),
            bound,
        }
    }

    /// The router of a fixed site (no live reload, nothing injected).
    pub(super) fn fixed(site: Arc<Site>, bound: SocketAddr) -> Router {
        Router {
            source: Source::Fixed(site),
            bound,
        }
    }

    pub(super) fn handle(&self, req: &Request) -> Reply {
        let reply = self.route(req);
        match (&self.source, reply) {
            (Source::Fixed(_), Reply::Full(r)) => {
                Reply::Full(r.with_header("Content-Security-Policy", CSP.into()))
            }
            (_, reply) => reply,
        }
    }

    fn route(&self, req: &Request) -> Reply {
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
        let session = match &self.source {
            Source::Live(session) => session,
            Source::Fixed(site) => {
                return Reply::Full(match find(site, req, &target) {
                    Found::File(ctype, bytes) => Response::new(200, ctype, bytes.to_vec()),
                    Found::Moved(r) => r,
                    Found::Missing => Response::text(404, "not found"),
                })
            }
        };
        match target.path.as_str() {
            "__kumo/events" => events(session, req, &target),
            "__kumo/error" => Reply::Full(error_json(session)),
            p if p == PREFIX || p.starts_with("__kumo/") => {
                Reply::Full(Response::text(404, "not found"))
            }
            _ => Reply::Full(live_page(session, req, &target)),
        }
    }
}

/// The event stream, only for our own pages: same-origin (or no) Origin and the token.
fn events(session: &Session, req: &Request, target: &Target) -> Reply {
    let origin_ok = match req.header("origin") {
        None => req.count("origin") == 0,
        Some(origin) => same_origin(origin, req.header("host").unwrap_or("")),
    };
    let token_ok = target
        .param("token")
        .is_some_and(|t| constant_time_eq(t.as_bytes(), session.token().as_bytes()));
    if !origin_ok || !token_ok {
        return Reply::Full(Response::text(
            403,
            "forbidden: live reload is for this server's own pages",
        ));
    }
    if req.method == "HEAD" {
        return Reply::Full(Response::new(200, "text/event-stream; charset=utf-8", ""));
    }
    let (first, rx) = session.subscribe();
    Reply::Events { first, rx }
}

/// The current error (or none) as JSON, for tools and the client's reconnect check.
fn error_json(session: &Session) -> Response {
    let snap = session.snapshot();
    let body = serde_json::json!({
        "build": snap.build_id,
        "errors": snap.error.as_ref().map(|e| &e.errors),
        "rendered": snap.error.as_ref().map(|e| &e.rendered),
    });
    Response::new(200, mime::JSON, body.to_string())
}

/// A page of the latest build with the live-reload script, or the error page while no build
/// has succeeded, or a 404 page that reloads by itself.
fn live_page(session: &Session, req: &Request, target: &Target) -> Response {
    let snap = session.snapshot();
    let live = pages::Live {
        token: session.token(),
        build: &snap.build_id,
    };
    let Some(site) = &snap.site else {
        let body = pages::error_page(snap.error.as_deref(), &live);
        return Response::new(500, HTML, body);
    };
    match find(site, req, target) {
        Found::File(HTML, bytes) => Response::new(200, HTML, pages::inject(bytes, &live)),
        Found::File(ctype, bytes) => Response::new(200, ctype, bytes.to_vec()),
        Found::Moved(r) => r,
        Found::Missing => Response::new(404, HTML, pages::not_found_page(&req.target, &live)),
    }
}

/// What a site has for a target.
enum Found<'a> {
    /// The file, with its content type.
    File(&'static str, &'a [u8]),
    /// A folder asked for without its `/`: a redirect there (relative links need it).
    Moved(Response),
    Missing,
}

fn find<'a>(site: &'a Site, req: &Request, target: &Target) -> Found<'a> {
    let key = target.key();
    if let Some(bytes) = site.get(&key) {
        return Found::File(mime::for_path(&key), bytes);
    }
    if !target.dir && site.get(&format!("{key}/index.html")).is_some() {
        let raw_path = req.target.split('?').next().unwrap_or("/");
        let query = target
            .query
            .as_ref()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let moved =
            Response::text(301, "moved").with_header("Location", format!("{raw_path}/{query}"));
        return Found::Moved(moved);
    }
    Found::Missing
}

/// Host must name this server: a loopback name or the bound address, with the bound port.
/// Any other name may be an attacker's domain rebound to 127.0.0.1. When bound to every
/// interface, any IP literal is accepted (an IP literal cannot be rebound).
pub(super) fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
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

    fn get(router: &Router, target: &str, host: &str) -> Response {
        let req = Request {
            method: "GET".into(),
            target: target.into(),
            headers: vec![("host".into(), host.into())],
            http11: true,
        };
        match router.handle(&req) {
            Reply::Full(r) => r,
            Reply::Events { .. } => panic!("{target}: an event stream"),
        }
    }

    #[test]
    fn a_fixed_site_is_served_as_it_is_under_the_policy() {
        let mut site = Site::default();
        site.insert("ja/index.html", "<body>ja</body>");
        site.insert("assets/deck.1a2b3c4d5e.js", "x()");
        let bound: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let router = Router::fixed(Arc::new(site), bound);
        let page = get(&router, "/ja/", "127.0.0.1:4000");
        assert_eq!((page.status, page.content_type), (200, HTML));
        assert_eq!(page.body, b"<body>ja</body>", "nothing injected");
        let js = get(&router, "/assets/deck.1a2b3c4d5e.js?v", "127.0.0.1:4000");
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
        let moved = get(&router, "/ja", "127.0.0.1:4000");
        assert_eq!(moved.status, 301);
        for (target, host, status) in [
            ("/en/", "127.0.0.1:4000", 404),
            ("/__kumo/error", "127.0.0.1:4000", 404),
            ("/%2e%2e/x", "127.0.0.1:4000", 400),
            ("/ja/", "evil.example:4000", 403),
        ] {
            let r = get(&router, target, host);
            assert_eq!(r.status, status, "{target} {host}");
            let csp = r
                .headers
                .iter()
                .find(|(n, _)| *n == "Content-Security-Policy");
            assert_eq!(csp.map(|(_, v)| v.as_str()), Some(CSP), "{target}");
        }
    }

    #[test]
    fn origins() {
        assert!(same_origin("http://127.0.0.1:1111", "127.0.0.1:1111"));
        assert!(!same_origin("https://evil.example", "127.0.0.1:1111"));
        assert!(!same_origin("null", "127.0.0.1:1111"));
        assert!(!same_origin("http://localhost:1111", "127.0.0.1:1111"));
    }
}
