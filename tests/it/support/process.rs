//! A server started as a child process (`kumo-deck serve`, moto): its output read line by line
//! on threads, so a test waits for the line that says the server is ready (and which port it
//! bound, when asked for port 0) instead of sleeping; killed and reaped by its pid on drop.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A running child; its stdout and stderr lines arrive on one channel.
pub struct Background {
    child: Child,
    lines: Receiver<String>,
    /// Every line read so far, for failure messages.
    seen: Vec<String>,
}

impl Background {
    /// Spawn `cmd` with stdout and stderr piped (stdin closed).
    pub fn spawn(mut cmd: Command) -> Background {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {cmd:?}: {e}"));
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        // The readers also keep the pipes drained: a server logging every request must never
        // block on a full pipe. They end when the child's end closes.
        for pipe in [Box::new(out) as Box<dyn Read + Send>, Box::new(err)] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { return };
                    if tx.send(line).is_err() {
                        return;
                    }
                }
            });
        }
        Background {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The first line (from now) for which `pick` gives a value; fails after `limit`, or when
    /// the child exits first, with everything it printed.
    pub fn wait_line<T>(
        &mut self,
        what: &str,
        limit: Duration,
        mut pick: impl FnMut(&str) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = pick(&line);
                    self.seen.push(line);
                    if let Some(v) = found {
                        return v;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "no {what} within {limit:?}; output:\n{}",
                        self.seen.join("\n")
                    )
                }
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "exited ({:?}) before {what}; output:\n{}",
                    self.child.try_wait(),
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// The port of the first `http://127.0.0.1:PORT` the child prints.
    pub fn wait_port(&mut self, what: &str, limit: Duration) -> u16 {
        self.wait_line(what, limit, |l| {
            let rest = &l[l.find("http://127.0.0.1:")? + "http://127.0.0.1:".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
    }

    /// Wait for the child to exit by itself: its exit code and everything it printed (stdout
    /// and stderr lines, in arrival order).
    pub fn finish(mut self) -> (Option<i32>, String) {
        let code = self.child.wait().unwrap().code();
        // The pipes close when the child (and anything that inherited them) is gone; a
        // grandchild keeping one open must not hang the test.
        let deadline = Instant::now() + super::PATIENCE;
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.seen.push(line);
        }
        (code, self.seen.join("\n"))
    }

    /// Send `signal` to the child (by its pid) and wait for it; its exit code.
    pub fn stop(mut self, signal: i32) -> Option<i32> {
        // SAFETY: kill(2) on our own child, which has not been reaped yet.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        self.child.wait().unwrap().code()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
