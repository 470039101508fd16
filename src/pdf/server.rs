//! The render server: the in-memory site over HTTP on 127.0.0.1 and an ephemeral port, for the
//! browser only. It can serve nothing but the site's own files (no file system behind it).

use crate::site::Site;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// What the browser may load or connect to besides the site itself: nothing. Fetch interception
/// blocks requests too; this also covers what it cannot see (WebSocket, beacons).
const CSP: &str = "default-src 'self' data: blob:; script-src 'self' 'unsafe-inline'; \
     style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'none'";

/// A running server; dropping it stops the accept loop.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(site: Arc<Site>) -> std::io::Result<Server> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = thread::Builder::new()
            .name("pdf-server".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if flag.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(s) = stream {
                        let site = site.clone();
                        let _ = thread::Builder::new().spawn(move || serve(s, &site, addr));
                    }
                }
            })?;
        Ok(Server {
            addr,
            stop,
            handle: Some(handle),
        })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)); // wake accept()
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn serve(mut s: TcpStream, site: &Site, addr: SocketAddr) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = s.set_write_timeout(Some(Duration::from_secs(10)));
    let Some(head) = read_head(&mut s) else {
        return;
    };
    let (status, body, ctype) = respond(&head, site, addr);
    let head_only = head.starts_with("HEAD ");
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: {CSP}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if !head_only {
        out.extend_from_slice(&body);
    }
    let _ = s.write_all(&out);
}

/// The request head (up to 16 KiB), or `None` when the client sent none.
fn read_head(s: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut chunk).ok().filter(|&n| n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > 16 * 1024 {
            return None;
        }
    }
    String::from_utf8(buf).ok()
}

/// Status line, body and content type for a request head.
fn respond(head: &str, site: &Site, addr: SocketAddr) -> (&'static str, Vec<u8>, &'static str) {
    let text = "text/plain; charset=utf-8";
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (method, target) = (
        first.next().unwrap_or_default(),
        first.next().unwrap_or_default(),
    );
    let host_ok = lines
        .filter_map(|l| l.split_once(':'))
        .any(|(k, v)| k.eq_ignore_ascii_case("host") && v.trim() == addr.to_string());
    if !host_ok {
        return ("403 Forbidden", b"forbidden host\n".to_vec(), text);
    }
    if method != "GET" && method != "HEAD" {
        return ("405 Method Not Allowed", b"GET only\n".to_vec(), text);
    }
    let Some(rel) = site_path(target) else {
        return ("400 Bad Request", b"bad path\n".to_vec(), text);
    };
    match site.get(&rel) {
        Some(bytes) => ("200 OK", bytes.to_vec(), content_type(&rel)),
        None => ("404 Not Found", b"not found\n".to_vec(), text),
    }
}

/// The site path for a request target: decoded, without `.`/`..` segments, backslashes or NULs.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?;
    let path = path.strip_prefix('/')?;
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    let bad = |seg: &str| seg == "." || seg == ".." || seg.contains(['\\', '\0']);
    if decoded.split('/').any(bad) {
        return None;
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        return Some(format!("{decoded}index.html"));
    }
    Some(decoded)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("avif") => "image/avif",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/ja/").as_deref(), Some("ja/index.html"));
        assert_eq!(
            site_path("/ja/index.html?x#y").as_deref(),
            Some("ja/index.html")
        );
        assert_eq!(site_path("/%E3%81%82.svg").as_deref(), Some("あ.svg"));
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/a/..%2fb",
            "/%252e%252e/x/../y",
            "/..\\x",
            "/a%00",
            "x",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
