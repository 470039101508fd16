//! A small HTTP/1.1 server over `std::net`: one thread per connection, GET and HEAD only, no
//! request bodies, bounded request heads, timeouts, and server-sent event streams.
//!
//! Written on std rather than tiny_http 0.12, whose accept thread ends for good on the first
//! accept error (EMFILE), which reads request heads without a size limit and without
//! timeouts, and which would need its raw writer for event streams anyway.

use super::request::read_request;
pub(super) use super::request::Request;
use std::collections::HashMap;
use std::io::{self, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Connections served at once. At the limit, a new connection evicts the oldest one that is
/// still waiting for its request (a slow or idle client), so trickling clients cannot lock the
/// author's browser out; only when none is waiting does it get a 503.
const MAX_CONNECTIONS: usize = 256;
/// The whole request head must arrive within this, however slowly it trickles in (a timeout
/// per read would let a byte every few seconds hold the connection for ever); an idle
/// keep-alive connection is closed after it too.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(15);
/// A comment line keeps event streams (and proxies) from timing out.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// A whole response; the server adds the length, caching and framing headers.
#[derive(Debug)]
pub(super) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub(super) fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub(super) fn text(status: u16, body: &str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", format!("{body}\n"))
    }

    pub(super) fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

/// What a handler answers.
pub(super) enum Reply {
    Full(Response),
    /// A server-sent event stream: `first` messages, then whatever arrives until the sender
    /// side is dropped.
    Events {
        first: Vec<String>,
        rx: Receiver<Arc<str>>,
    },
}

pub(super) type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// The listening server; `stop` closes the listener and every open connection.
pub(super) struct HttpServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    conns: Arc<Conns>,
    accept: Option<JoinHandle<()>>,
}

/// An open connection: its socket, and whether it is waiting for a request (evictable).
struct Conn {
    stream: TcpStream,
    waiting: bool,
}

#[derive(Default)]
struct Conns {
    next: AtomicU64,
    open: Mutex<HashMap<u64, Conn>>,
}

impl Conns {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Conn>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set_waiting(&self, id: u64, waiting: bool) {
        if let Some(c) = self.lock().get_mut(&id) {
            c.waiting = waiting;
        }
    }

    /// Room for one more: below the limit, or after closing the oldest waiting connection.
    fn make_room(&self) -> bool {
        let mut open = self.lock();
        if open.len() < MAX_CONNECTIONS {
            return true;
        }
        let oldest = open
            .iter()
            .filter(|(_, c)| c.waiting)
            .map(|(id, _)| *id)
            .min();
        match oldest.and_then(|id| open.remove(&id)) {
            Some(c) => {
                let _ = c.stream.shutdown(Shutdown::Both);
                true
            }
            None => false,
        }
    }
}

/// A bound socket not yet served: its address is known (the handler checks `Host` against it)
/// before the first request is answered. The only place in the crate that opens a listener.
pub(super) struct Listener {
    listener: TcpListener,
    addr: SocketAddr,
}

impl Listener {
    /// Bind `addr` (port 0 picks a free one).
    pub(super) fn bind(addr: SocketAddr) -> io::Result<Listener> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        Ok(Listener { listener, addr })
    }

    /// The address actually bound.
    pub(super) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answer every request with `handler`, on a background accept thread.
    pub(super) fn serve(self, handler: Handler) -> io::Result<HttpServer> {
        HttpServer::start(self.listener, self.addr, handler)
    }
}

impl HttpServer {
    fn start(listener: TcpListener, addr: SocketAddr, handler: Handler) -> io::Result<HttpServer> {
        let stop = Arc::new(AtomicBool::new(false));
        let conns = Arc::new(Conns::default());
        let (s, c) = (Arc::clone(&stop), Arc::clone(&conns));
        let accept = thread::Builder::new()
            .name("kumo-serve-accept".into())
            .spawn(move || accept_loop(listener, handler, s, c))?;
        Ok(HttpServer {
            addr,
            stop,
            conns,
            accept: Some(accept),
        })
    }

    pub(super) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting, close every connection and wait (briefly) for their threads.
    pub(super) fn stop(&mut self) {
        let Some(accept) = self.accept.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept with a connection of our own.
        let _ = TcpStream::connect_timeout(&wake_addr(self.addr), Duration::from_secs(1));
        let _ = accept.join();
        for c in self.conns.lock().values() {
            let _ = c.stream.shutdown(Shutdown::Both);
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while !self.conns.lock().is_empty() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Where to connect to reach a listener bound to `addr` (an unspecified bind is reached over
/// loopback).
fn wake_addr(addr: SocketAddr) -> SocketAddr {
    let mut a = addr;
    if a.ip().is_unspecified() {
        a.set_ip(match a {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    a
}

fn accept_loop(listener: TcpListener, handler: Handler, stop: Arc<AtomicBool>, conns: Arc<Conns>) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // EMFILE and friends: wait for descriptors to free up, keep serving.
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if !conns.make_room() {
            let _ = write_simple(&stream, 503, "too many connections");
            continue;
        }
        let id = conns.next.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            let conn = Conn {
                stream: clone,
                waiting: true,
            };
            conns.lock().insert(id, conn);
        }
        let (h, c) = (Arc::clone(&handler), Arc::clone(&conns));
        let spawned = thread::Builder::new()
            .name("kumo-serve-conn".into())
            .spawn(move || {
                serve_connection(stream, &h, |w| c.set_waiting(id, w));
                c.lock().remove(&id);
            });
        if spawned.is_err() {
            conns.lock().remove(&id);
        }
    }
}

/// Requests on one connection until it closes, errs, times out or streams events; `waiting`
/// is told when the connection starts and stops waiting for a request.
fn serve_connection(stream: TcpStream, handler: &Handler, waiting: impl Fn(bool)) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(Deadline {
        stream: read_half,
        until: Instant::now() + REQUEST_DEADLINE,
    });
    let mut out = &stream;
    loop {
        waiting(true);
        reader.get_mut().until = Instant::now() + REQUEST_DEADLINE;
        let req = read_request(&mut reader);
        waiting(false);
        let req = match req {
            Ok(Some(req)) => req,
            Ok(None) => return,
            Err((status, why)) => {
                let _ = write_simple(&stream, status, why);
                return;
            }
        };
        if req.method != "GET" && req.method != "HEAD" {
            let resp = Response::text(405, "only GET and HEAD are served")
                .with_header("Allow", "GET, HEAD".into());
            let _ = write_response(&mut out, &req, &resp, false);
            return;
        }
        match handler(&req) {
            Reply::Full(resp) => {
                let keep = req.keep_alive();
                if write_response(&mut out, &req, &resp, keep).is_err() || !keep {
                    return;
                }
            }
            Reply::Events { first, rx } => {
                let _ = stream_events(&mut out, &first, &rx);
                return;
            }
        }
    }
}

/// A socket whose reads fail once `until` has passed, however the bytes trickle in.
struct Deadline {
    stream: TcpStream,
    until: Instant,
}

impl io::Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

fn write_response(
    out: &mut impl Write,
    req: &Request,
    resp: &Response,
    keep: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: {}\r\n",
        resp.status,
        reason(resp.status),
        resp.content_type,
        resp.body.len(),
        COMMON_HEADERS,
        if keep { "keep-alive" } else { "close" },
    );
    for (n, v) in &resp.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if req.method != "HEAD" {
        out.write_all(&resp.body)?;
    }
    out.flush()
}

/// On every response: nothing is cached (an edit is never hidden), content types are not
/// sniffed, other sites may not embed our files, and no CORS header is ever sent.
const COMMON_HEADERS: &str = "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
Cross-Origin-Resource-Policy: same-origin\r\nReferrer-Policy: no-referrer\r\n";

/// A minimal response on a connection whose request could not be parsed; then it closes.
fn write_simple(mut stream: &TcpStream, status: u16, why: &str) -> io::Result<()> {
    let body = format!("{why}\n");
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
{COMMON_HEADERS}Connection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

fn stream_events(
    out: &mut impl Write,
    first: &[String],
    rx: &Receiver<Arc<str>>,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n{COMMON_HEADERS}\
Connection: close\r\n\r\nretry: 1000\n\n"
    );
    out.write_all(head.as_bytes())?;
    for m in first {
        out.write_all(m.as_bytes())?;
    }
    out.flush()?;
    loop {
        match rx.recv_timeout(KEEPALIVE) {
            Ok(m) => out.write_all(m.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}
