//! Helpers for the serve tests: the serve fixture started in process, a raw HTTP/1.1 client
//! and a server-sent events reader, all over TcpStream to 127.0.0.1 only.

use crate::support::{fixture, PATIENCE};
use kumo_deck::serve::{ServeOptions, Server};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A temp copy of `tests/fixtures/serve-basic` (the shared fixture builder's), with the quiet
/// period of the server last started on it.
pub struct Project {
    copy: crate::support::Project,
    pub root: PathBuf,
    debounce: std::cell::Cell<Duration>,
}

/// Edits go through the shared builder's methods (`write`, `replace`, `edit`, ...).
impl std::ops::Deref for Project {
    type Target = crate::support::Project;
    fn deref(&self) -> &Self::Target {
        &self.copy
    }
}

impl Project {
    pub fn new() -> Project {
        let copy = fixture("serve-basic");
        Project {
            root: copy.path().to_path_buf(),
            copy,
            debounce: std::cell::Cell::new(ServeOptions::default().debounce),
        }
    }

    pub fn start(&self) -> Server {
        self.start_with(|_| {})
    }

    pub fn start_with(&self, f: impl FnOnce(&mut ServeOptions)) -> Server {
        let mut opts = ServeOptions {
            port: 0,
            ..ServeOptions::default()
        };
        f(&mut opts);
        self.debounce.set(opts.debounce);
        Server::start(&self.root, opts).unwrap_or_else(|d| panic!("{}", d.render()))
    }

    /// An event stream opened the way the injected script opens it (token, no Origin).
    pub fn events(&self, s: &Server) -> Events {
        let token = token_of(&get(s, "/en/").text());
        Events::open(s, &token, None)
    }

    /// Long enough for a pending batch to be built; used before asserting that nothing more
    /// happened. The one fixed wait of the serve tests: an event that must not come cannot be
    /// waited for.
    pub fn settle(&self) {
        std::thread::sleep(self.debounce.get() * 4 + Duration::from_millis(300));
    }
}

pub fn settle(p: &Project) {
    p.settle();
}

/// Poll `cond` until it holds; panic after a generous timeout.
pub fn wait_for(cond: impl Fn() -> bool, what: &str) {
    crate::support::wait_until(what, PATIENCE, cond);
}

/// A response read to the end of the connection.
#[derive(Debug)]
pub struct Resp {
    /// 0 when the server closed without answering.
    pub status: u16,
    /// Lowercased names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send `raw` (with `{host}` and `{port}` filled in) and read the answer until the server
/// closes the connection.
pub fn send(s: &Server, raw: &str) -> Resp {
    send_to(s.addr(), raw)
}

/// [`send`] to a server known only by its address (one in another process).
pub fn send_to(addr: SocketAddr, raw: &str) -> Resp {
    let port = addr.port();
    let raw = raw
        .replace("{host}", &format!("127.0.0.1:{port}"))
        .replace("{port}", &port.to_string());
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = stream.write_all(raw.as_bytes());
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse_response(&bytes)
}

pub fn get(s: &Server, path: &str) -> Resp {
    get_at(s.addr(), path)
}

pub fn get_at(addr: SocketAddr, path: &str) -> Resp {
    send_to(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {{host}}\r\nConnection: close\r\n\r\n"),
    )
}

fn parse_response(bytes: &[u8]) -> Resp {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let Some(split) = split else {
        return Resp {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
        };
    };
    let head = String::from_utf8_lossy(&bytes[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

/// The first `../assets/*.{ext}` link of a page under `/<lang>/`, as an absolute path.
pub fn asset_href(html: &str, ext: &str) -> String {
    let start = html.find("\"../assets/").expect("an asset link") + 1;
    let mut rest = &html[start..];
    loop {
        let end = rest.find('"').unwrap();
        let href = &rest[..end];
        if href.ends_with(&format!(".{ext}")) {
            return href.trim_start_matches("..").to_string();
        }
        let next = rest
            .find("\"../assets/")
            .expect("an asset link of that type");
        rest = &rest[next + 1..];
    }
}

pub fn token_of(html: &str) -> String {
    attr_of(html, "data-token")
}

fn attr_of(html: &str, name: &str) -> String {
    let at = html.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

/// The `build` field of an event's JSON data.
pub fn build_of(data: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(data).unwrap();
    v["build"].as_str().unwrap().to_string()
}

/// A server-sent event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
    partial: Vec<u8>,
    seen: Vec<String>,
}

impl Events {
    pub fn open(s: &Server, token: &str, origin: Option<&str>) -> Events {
        let port = s.addr().port();
        let origin = origin
            .map(|o| format!("Origin: {}\r\n", o.replace("{port}", &port.to_string())))
            .unwrap_or_default();
        let mut stream = TcpStream::connect(s.addr()).unwrap();
        let raw = format!(
            "GET /__kumo/events?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{origin}Accept: text/event-stream\r\n\r\n"
        );
        stream.write_all(raw.as_bytes()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut ev = Events {
            reader: BufReader::new(stream),
            partial: Vec::new(),
            seen: Vec::new(),
        };
        let status = ev.line(Instant::now() + PATIENCE).expect("a status line");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        while !ev.line(Instant::now() + PATIENCE).unwrap().is_empty() {}
        ev
    }

    /// The next line, or None at the end of the stream (panics at the deadline).
    fn line(&mut self, deadline: Instant) -> Option<String> {
        loop {
            match self.reader.read_until(b'\n', &mut self.partial) {
                Ok(0) => return None,
                Ok(_) if self.partial.ends_with(b"\n") => {
                    let l = String::from_utf8_lossy(&self.partial)
                        .trim_end()
                        .to_string();
                    self.partial.clear();
                    return Some(l);
                }
                Ok(_) => return None,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    assert!(
                        Instant::now() < deadline,
                        "no event in time; saw {:?}",
                        self.seen
                    );
                }
                Err(_) => return None,
            }
        }
    }

    /// Wait for the event `name`, skipping others; returns its data.
    pub fn expect(&mut self, name: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let (mut event, mut data) = (String::new(), String::new());
        loop {
            let line = self
                .line(deadline)
                .unwrap_or_else(|| panic!("stream ended waiting for {name}; saw {:?}", self.seen));
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_string();
            } else if line.is_empty() && !event.is_empty() {
                self.seen.push(event.clone());
                if event == name {
                    return data;
                }
                event.clear();
            }
        }
    }

    /// True when the server closes the stream (soon).
    pub fn at_end(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if Instant::now() > deadline {
                return false;
            }
            if self.line(deadline + PATIENCE).is_none() {
                return true;
            }
        }
    }
}
