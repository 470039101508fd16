//! Slow clients (issue 19): a whole-request deadline, and a connection limit that trickling
//! clients cannot use up against the author's own browser.

use super::util::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

#[test]
fn hundreds_of_trickling_connections_do_not_lock_the_author_out() {
    let p = Project::new();
    let s = p.start();
    let mut slow = Vec::new();
    for _ in 0..300 {
        let mut c = TcpStream::connect(s.addr()).unwrap();
        c.write_all(b"G").unwrap();
        slow.push(c);
    }
    for _ in 0..5 {
        let r = get(&s, "/en/");
        assert_eq!(r.status, 200, "the author's browser got {}", r.status);
    }
    drop(slow);
}

#[test]
fn a_client_trickling_a_byte_a_second_is_cut_at_the_deadline() {
    let p = Project::new();
    let s = p.start();
    let mut c = TcpStream::connect(s.addr()).unwrap();
    c.set_read_timeout(Some(Duration::from_millis(900)))
        .unwrap();
    let start = Instant::now();
    c.write_all(b"GET /en/ HTTP/1.1\r\n").unwrap();
    let mut buf = [0u8; 512];
    let closed = loop {
        if start.elapsed() > Duration::from_secs(30) {
            break None;
        }
        if c.write_all(b"X").is_err() {
            break Some(start.elapsed());
        }
        match c.read(&mut buf) {
            Ok(_) => break Some(start.elapsed()),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => break Some(start.elapsed()),
        }
    };
    let deadline = kumo_deck::serve::REQUEST_DEADLINE;
    let took = closed.expect("the server never closed the trickling connection");
    assert!(
        took < deadline + Duration::from_secs(3),
        "held for {took:?}"
    );
    assert!(
        took + Duration::from_secs(1) >= deadline,
        "cut early: {took:?}"
    );
}
