//! Helpers for the deploy tests: a real S3-compatible server (moto) on a loopback port it picks
//! itself (port 0, read back from its output), a raw HTTP client to inspect it independently of
//! kumo-deck's client, a fault-injecting proxy and a hand-made dist/.

use super::process::Background;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// moto checks no signature, but treats a request without one as anonymous (403 on objects).
const AUTH: &str =
    "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, \
                    SignedHeaders=host, Signature=0\r\n";

/// Skip loudly, or fail when CI demands the server (`KUMO_REQUIRE_S3=1`).
pub fn skip(why: &str) {
    if std::env::var("KUMO_REQUIRE_S3").as_deref() == Ok("1") {
        panic!("KUMO_REQUIRE_S3=1 but {why}");
    }
    eprintln!("SKIPPED: {why}");
}

/// A moto S3 server on 127.0.0.1, killed on drop.
pub struct S3Server {
    /// Killed (by its pid) when the server is dropped.
    _child: Background,
    pub port: u16,
}

impl S3Server {
    /// Start moto on a port of its choosing and create `bucket`; `None` (after a loud skip) if moto is absent.
    pub fn start(bucket: &str) -> Option<S3Server> {
        let has_moto = Command::new("python3")
            .args(["-c", "import moto.server, flask, werkzeug"])
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !has_moto {
            skip("the moto S3 server is not installed (pip install 'moto[server]')");
            return None;
        }
        let mut cmd = Command::new("python3");
        cmd.args(["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"]);
        let mut child = Background::spawn(cmd);
        // Werkzeug prints ` * Running on http://127.0.0.1:PORT` once it listens.
        let port = child.wait_port("moto's listening line", Duration::from_secs(60));
        let server = S3Server {
            _child: child,
            port,
        };
        let (status, _, body) = server.request("PUT", &format!("/{bucket}"), b"");
        assert_eq!(
            status,
            200,
            "create bucket: {}",
            String::from_utf8_lossy(&body)
        );
        Some(server)
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// One HTTP/1.1 request with a dummy signature; status, headers, body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> (u16, BTreeMap<String, String>, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\nConnection: close\r\n{AUTH}\r\n",
            self.port,
            body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("response head");
        let text = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = text.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (status, headers, raw[split + 4..].to_vec())
    }

    /// Every object in the bucket: key -> (ETag, LastModified), straight from ListObjectsV2.
    pub fn list(&self, bucket: &str) -> BTreeMap<String, (String, String)> {
        let (status, _, body) = self.request("GET", &format!("/{bucket}?list-type=2"), b"");
        assert_eq!(status, 200);
        let xml = String::from_utf8(body).unwrap();
        xml.split("<Contents>")
            .skip(1)
            .map(|c| (tag(c, "Key"), (tag(c, "ETag"), tag(c, "LastModified"))))
            .collect()
    }

    /// The response headers of a HEAD on `key`.
    pub fn head(&self, bucket: &str, key: &str) -> BTreeMap<String, String> {
        let (status, headers, _) = self.request("HEAD", &format!("/{bucket}/{}", encode(key)), b"");
        assert_eq!(status, 200, "HEAD {key}");
        headers
    }

    /// PUT `key` exactly as given: `.` and `..` segments are sent percent-encoded, so nothing
    /// on the way resolves them, and an empty segment (`a//b`) stays empty.
    pub fn put_raw(&self, bucket: &str, key: &str, body: &[u8]) {
        let path: Vec<String> = key
            .split('/')
            .map(|s| match s {
                "." => "%2E".to_string(),
                ".." => "%2E%2E".to_string(),
                s => encode(s),
            })
            .collect();
        let (status, _, _) = self.request("PUT", &format!("/{bucket}/{}", path.join("/")), body);
        assert_eq!(status, 200, "PUT {key}");
    }

    pub fn put(&self, bucket: &str, key: &str, body: &[u8]) {
        let (status, _, _) = self.request("PUT", &format!("/{bucket}/{}", encode(key)), body);
        assert_eq!(status, 200, "PUT {key}");
    }
}

fn tag(xml: &str, name: &str) -> String {
    let open = format!("<{name}>");
    let start = xml.find(&open).map(|i| i + open.len()).unwrap_or(0);
    let end = xml[start..].find(&format!("</{name}>")).unwrap_or(0) + start;
    xml[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Percent-encode a key for a URL path, keeping `/`.
pub fn encode(key: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    key.split('/')
        .map(|s| utf8_percent_encode(s, KEEP).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// A dist/ as `kumo-deck build` leaves it: the marker plus `files`.
pub fn make_dist(dir: &Path, files: &[(&str, &[u8])]) -> PathBuf {
    let dist = dir.join("dist");
    fs::create_dir_all(&dist).unwrap();
    fs::write(dist.join(".kumo-deck-output"), "kumo-deck output\n").unwrap();
    for (path, bytes) in files {
        let p = dist.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dist
}

/// The sample site: one file of each kind the headers table distinguishes.
pub const SITE: &[(&str, &[u8])] = &[
    (
        "index.html",
        b"<!doctype html><html lang=ja><title>root</title>",
    ),
    (
        "ja/index.html",
        b"<!doctype html><html lang=ja><title>ja</title>",
    ),
    (
        "en/index.html",
        b"<!doctype html><html lang=en><title>en</title>",
    ),
    ("assets/deck.0123456789.css", b"body{margin:0}"),
    ("assets/noto.abcdef0123.woff2", b"wOF2\x00\x01binary"),
    (
        "assets/logo.1111111111.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ),
    ("assets/photo.webp", b"RIFF\x00\x00WEBP"),
    ("ja/deck.pdf", b"%PDF-1.7\n%%EOF\n"),
    ("search.json", b"{\"ja\":[]}"),
    ("LICENSE", b"MIT"),
];

/// Run the kumo-deck binary in `root` with dummy AWS credentials and no ambient AWS config.
pub fn kumo_aws(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kumo-deck"))
        .current_dir(root)
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("HOME", root)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT")
        .env_remove("AWS_DEFAULT_REGION")
        .output()
        .expect("run kumo-deck")
}

pub fn out(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A proxy in front of an S3 server that answers 500 to every PUT whose path contains `fail`
/// and forwards everything else; counts the faults it injected.
pub struct FaultProxy {
    pub port: u16,
    pub faults: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl FaultProxy {
    pub fn start(upstream: u16, fail: &str) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let faults = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (count, fail) = (faults.clone(), encode(fail));
        // Detached: it dies with the test process; each connection gets its own thread.
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (count, fail) = (count.clone(), fail.clone());
                std::thread::spawn(move || serve_proxied(client, upstream, &fail, &count));
            }
        });
        FaultProxy { port, faults }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn serve_proxied(
    client: TcpStream,
    upstream: u16,
    fail: &str,
    count: &std::sync::atomic::AtomicUsize,
) {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(client.try_clone().unwrap());
    let mut client = client;
    loop {
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            head.push(line);
        }
        let len = head
            .iter()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.trim().parse().unwrap_or(0));
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        if head[0].starts_with("PUT ") && head[0].contains(fail) {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = client
                .write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
            continue;
        }
        let mut up = TcpStream::connect(("127.0.0.1", upstream)).unwrap();
        for line in head
            .iter()
            .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        {
            up.write_all(line.as_bytes()).unwrap();
        }
        up.write_all(b"Connection: close\r\n\r\n").unwrap();
        up.write_all(&body).unwrap();
        let mut response = Vec::new();
        let _ = up.read_to_end(&mut response);
        let _ = client.write_all(&response);
        return; // the upstream said Connection: close, so this connection ends here
    }
}
