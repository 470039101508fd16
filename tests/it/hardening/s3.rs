//! Dead and hung S3 endpoints: a deploy gives up in bounded time, deletes nothing, and says how
//! to resume. The endpoint is a tiny fake on 127.0.0.1 that lists an empty bucket and then
//! never answers (or never answers at all).

use crate::support::*;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A fake endpoint; `answer_list`: reply to ListObjectsV2 with an empty bucket. Every other
/// request is read and then held unanswered. Counts DELETE/POST requests it saw.
fn fake_endpoint(answer_list: bool) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let deletes = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&deletes);
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || handle(conn, answer_list, &seen));
        }
    });
    (url, deletes)
}

fn handle(conn: TcpStream, answer_list: bool, deletes: &AtomicUsize) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    if first.starts_with("DELETE") || first.starts_with("POST") {
        deletes.fetch_add(1, Ordering::SeqCst);
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        line.clear();
    }
    if answer_list && first.starts_with("GET") && first.contains("list-type=2") {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<ListBucketResult><Name>bucket</Name><Prefix>site/</Prefix><KeyCount>0</KeyCount>\
<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>";
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let mut c = &conn;
        let _ = c.write_all(head.as_bytes());
        let _ = c.write_all(body.as_bytes());
        // Keep the connection for the next request on it.
        return handle(conn, answer_list, deletes);
    }
    // Hold the request unanswered until the client gives up and closes the connection.
    let _ = std::io::copy(&mut reader, &mut std::io::sink());
}

fn deploy_gives_up(answer_list: bool, phase: &str) {
    let p = fixture("basic");
    p.build_ok();
    let (endpoint, deletes) = fake_endpoint(answer_list);
    let start = Instant::now();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kumo-deck"))
        .current_dir(p.path())
        .args([
            "deploy",
            "s3://bucket/site",
            "--delete",
            "--stall-timeout",
            "3",
        ])
        .args(["--endpoint", &endpoint])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test-secret-key")
        .env("AWS_REGION", "us-east-1")
        .output()
        .unwrap();
    let took = start.elapsed();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(took < Duration::from_secs(20), "took {took:?}: {err}");
    assert!(err.contains(&format!("gave up {phase}")), "{err}");
    assert_eq!(deletes.load(Ordering::SeqCst), 0, "a delete was sent");
    if answer_list {
        assert!(err.contains("no object was deleted"), "{err}");
        assert!(err.contains("Run the same deploy again"), "{err}");
    }
}

#[test]
fn an_endpoint_that_stops_answering_mid_upload_fails_in_bounded_time() {
    deploy_gives_up(true, "uploading");
}

#[test]
fn an_endpoint_that_never_answers_fails_in_bounded_time() {
    deploy_gives_up(false, "listing");
}
