//! A small Chrome DevTools Protocol client over `--remote-debugging-pipe`: NUL-separated JSON
//! messages, written to the browser's fd 3 and read from its fd 4 by one reader thread.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// Why a call or a wait did not produce its result.
#[derive(Debug)]
pub(crate) enum CdpError {
    /// The deadline passed.
    Timeout,
    /// The browser closed the pipe (it exited or crashed).
    Closed,
    /// SIGINT, SIGTERM or SIGHUP arrived.
    Interrupted,
    /// The browser answered with an error.
    Protocol { method: String, message: String },
    /// Writing to the pipe failed.
    Io(std::io::Error),
}

impl fmt::Display for CdpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CdpError::Timeout => write!(f, "timed out"),
            CdpError::Closed => write!(f, "the browser closed the DevTools pipe (it exited)"),
            CdpError::Interrupted => write!(f, "interrupted"),
            CdpError::Protocol { method, message } => write!(f, "{method} failed: {message}"),
            CdpError::Io(e) => write!(f, "cannot write to the browser: {e}"),
        }
    }
}

/// An event: its method, params and the session it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub method: String,
    pub params: Value,
    pub session: Option<String>,
}

/// A reply the interceptor wants sent for an event: (method, params), in the event's session.
pub(crate) type Reply = (String, Value);
/// Looks at every event as it arrives (also during other calls), so that paused requests
/// are answered even while a call such as `Runtime.evaluate` waits on them.
pub(crate) type Interceptor = Box<dyn FnMut(&Event) -> Option<Reply>>;

/// The client. One call is in flight at a time; events are queued until asked for.
pub(crate) struct Cdp {
    writer: File,
    rx: Receiver<Option<Value>>,
    next_id: u64,
    events: VecDeque<Event>,
    closed: bool,
    interceptor: Option<Interceptor>,
    interrupted: fn() -> bool,
}

impl Cdp {
    /// Start the reader thread on `from_browser`; commands go to `to_browser`.
    /// `interrupted` is polled while waiting, so a signal ends any wait.
    pub(crate) fn new(to_browser: File, from_browser: File, interrupted: fn() -> bool) -> Cdp {
        let (tx, rx) = mpsc::channel();
        thread::Builder::new()
            .name("cdp-reader".into())
            .spawn(move || read_messages(from_browser, tx))
            .expect("spawn the CDP reader thread");
        Cdp {
            writer: to_browser,
            rx,
            next_id: 0,
            events: VecDeque::new(),
            closed: false,
            interceptor: None,
            interrupted,
        }
    }

    pub(crate) fn set_interceptor(&mut self, f: Option<Interceptor>) {
        self.interceptor = f;
    }

    /// Send a command without waiting for its answer; returns its id.
    pub(crate) fn send(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<u64, CdpError> {
        self.next_id += 1;
        let mut msg = json!({ "id": self.next_id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("JSON of a JSON value");
        bytes.push(0);
        self.writer.write_all(&bytes).map_err(CdpError::Io)?;
        Ok(self.next_id)
    }

    /// Send a command and wait for its result until `deadline`.
    pub(crate) fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, CdpError> {
        let id = self.send(session, method, params)?;
        loop {
            let msg = self.receive(deadline)?;
            if msg.get("id").and_then(Value::as_u64) != Some(id) {
                continue; // the answer to a fire-and-forget reply
            }
            if let Some(err) = msg.get("error") {
                let message = err["message"].as_str().unwrap_or("unknown error");
                return Err(CdpError::Protocol {
                    method: method.to_string(),
                    message: message.to_string(),
                });
            }
            return Ok(msg.get("result").cloned().unwrap_or(Value::Null));
        }
    }

    /// Open a blank tab and return its target id.
    pub(crate) fn open_tab(&mut self, deadline: Instant) -> Result<String, CdpError> {
        let params = serde_json::json!({"url": "about:blank"});
        let target = self.call(None, "Target.createTarget", params, deadline)?;
        Ok(target["targetId"].as_str().unwrap_or_default().to_string())
    }

    /// Close the tab `target` (best effort, 5 s at most), and drop the request interceptor and
    /// the events it left queued, so the next page starts clean.
    pub(crate) fn close_tab(&mut self, target: &str) {
        let close = Instant::now() + std::time::Duration::from_secs(5);
        let params = serde_json::json!({"targetId": target});
        let _ = self.call(None, "Target.closeTarget", params, close);
        self.set_interceptor(None);
        self.clear_events();
    }

    /// Evaluate `expression` in the page (awaiting a promise, the value returned as JSON): the
    /// value, or the message of the exception the script threw (`Ok(Err(..))`).
    pub(crate) fn evaluate(
        &mut self,
        session: Option<&str>,
        expression: &str,
        deadline: Instant,
    ) -> Result<Result<Value, String>, CdpError> {
        let params = serde_json::json!({"expression": expression, "awaitPromise": true, "returnByValue": true});
        let r = self.call(session, "Runtime.evaluate", params, deadline)?;
        if let Some(ex) = r.get("exceptionDetails") {
            let msg = ex["exception"]["description"]
                .as_str()
                .unwrap_or("exception");
            return Ok(Err(msg.to_string()));
        }
        Ok(Ok(r["result"]["value"].clone()))
    }

    /// Navigate `session` to `url` and wait for its load event: `Ok(Err(..))` with the
    /// browser's reason when the page could not be loaded.
    pub(crate) fn navigate(
        &mut self,
        session: Option<&str>,
        url: &str,
        deadline: Instant,
    ) -> Result<Result<(), String>, CdpError> {
        let nav = self.call(
            session,
            "Page.navigate",
            serde_json::json!({"url": url}),
            deadline,
        )?;
        if let Some(err) = nav["errorText"].as_str().filter(|e| !e.is_empty()) {
            return Ok(Err(err.to_string()));
        }
        self.wait_event(deadline, |e| {
            e.method == "Page.loadEventFired" && e.session.as_deref() == session
        })?;
        Ok(Ok(()))
    }

    /// The first queued or arriving event that `want` accepts; others stay queued.
    pub(crate) fn wait_event(
        &mut self,
        deadline: Instant,
        mut want: impl FnMut(&Event) -> bool,
    ) -> Result<Event, CdpError> {
        if let Some(i) = self.events.iter().position(&mut want) {
            return Ok(self.events.remove(i).expect("index from position"));
        }
        loop {
            let msg = self.receive(deadline)?;
            if msg.get("id").is_some() {
                continue;
            }
            if let Some(e) = self.events.back() {
                if want(e) {
                    return Ok(self.events.pop_back().expect("just looked at it"));
                }
            }
        }
    }

    /// Forget queued events (for example those of a closed page).
    pub(crate) fn clear_events(&mut self) {
        self.events.clear();
    }

    /// Receive one message: events are queued (after the interceptor saw them) and returned too.
    fn receive(&mut self, deadline: Instant) -> Result<Value, CdpError> {
        loop {
            if (self.interrupted)() {
                return Err(CdpError::Interrupted);
            }
            if self.closed {
                return Err(CdpError::Closed);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(CdpError::Timeout);
            }
            let slice = (deadline - now).min(Duration::from_millis(100));
            let msg = match self.rx.recv_timeout(slice) {
                Ok(Some(m)) => m,
                Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    continue;
                }
                Err(RecvTimeoutError::Timeout) => continue,
            };
            if msg.get("method").is_some() && msg.get("id").is_none() {
                self.on_event(&msg)?;
            }
            return Ok(msg);
        }
    }

    fn on_event(&mut self, msg: &Value) -> Result<(), CdpError> {
        let event = Event {
            method: msg["method"].as_str().unwrap_or_default().to_string(),
            params: msg.get("params").cloned().unwrap_or(Value::Null),
            session: msg["sessionId"].as_str().map(str::to_string),
        };
        let reply = self.interceptor.as_mut().and_then(|f| f(&event));
        if let Some((method, params)) = reply {
            self.send(event.session.as_deref(), &method, params)?;
        }
        self.events.push_back(event);
        Ok(())
    }
}

/// The reader thread: one JSON value per NUL-terminated message; `None` when the pipe closes.
fn read_messages(from_browser: File, tx: mpsc::Sender<Option<Value>>) {
    let mut reader = BufReader::with_capacity(1 << 16, from_browser);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(0, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        // A message that is not JSON cannot be matched to a call; skip it.
        if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
            if tx.send(Some(v)).is_err() {
                return;
            }
        }
    }
    let _ = tx.send(None);
}
