//! Save-to-reload latency of `serve`: a file is written, then we time (a) until the browser's
//! event stream receives `reload` and (b) until the new HTML is served. Median and p95 over
//! 25 edits (after 3 warm-up edits), on a copy of the bundled deck and on a generated
//! 1,000-slide bilingual corpus. The quiet period (50 ms by default) is part of the figure.
//!
//! `cargo bench --bench serve` runs both; `cargo bench --bench serve -- 2000` sets the corpus
//! size.

use kumo_deck::serve::{ServeOptions, Server};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

const EDITS: usize = 25;
const WARMUP: usize = 3;

fn main() {
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let deck = tempfile::tempdir().expect("tempdir");
    for part in ["deck.toml", "content", "data", "themes", "templates"] {
        copy(&manifest.join(part), &deck.path().join(part));
    }
    run("bundled deck", deck.path(), "content/en/90-closing.md");
    let corpus = tempfile::tempdir().expect("tempdir");
    generate(corpus.path(), manifest, n);
    run(
        &format!("{n} slides x 2 languages"),
        corpus.path(),
        "content/en/00005.md",
    );
}

fn run(label: &str, root: &Path, file: &str) {
    let opts = ServeOptions {
        port: 0,
        ..ServeOptions::default()
    };
    let server = Server::start(root, opts).unwrap_or_else(|d| panic!("{}", d.render()));
    let page = get(&server, "/en/");
    let token = between(&page, "data-token=\"", "\"");
    let mut events = Events::open(&server, &token);
    let original = fs::read_to_string(root.join(file)).unwrap();
    let (mut to_event, mut to_served) = (Vec::new(), Vec::new());
    for i in 0..WARMUP + EDITS {
        let marker = format!("benchedit{i}x");
        let t0 = Instant::now();
        fs::write(root.join(file), format!("{original}\n\n{marker}\n")).unwrap();
        events.wait_for("reload");
        let t1 = t0.elapsed();
        while !get(&server, "/en/").contains(&marker) {
            std::thread::sleep(Duration::from_millis(1));
        }
        let t2 = t0.elapsed();
        if i >= WARMUP {
            to_event.push(t1);
            to_served.push(t2);
        }
        // Let the watcher settle so edits do not merge.
        std::thread::sleep(Duration::from_millis(150));
    }
    server.stop();
    println!(
        "{label}: save -> reload event: median {} ms, p95 {} ms; save -> new HTML served: median {} ms, p95 {} ms ({EDITS} edits)",
        ms(percentile(&mut to_event, 50)),
        ms(percentile(&mut to_event, 95)),
        ms(percentile(&mut to_served, 50)),
        ms(percentile(&mut to_served, 95)),
    );
}

fn percentile(v: &mut [Duration], p: usize) -> Duration {
    v.sort();
    v[(v.len() * p / 100).min(v.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn get(s: &Server, path: &str) -> String {
    let mut stream = TcpStream::connect(s.addr()).unwrap();
    let host = format!("127.0.0.1:{}", s.addr().port());
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

fn between(s: &str, a: &str, b: &str) -> String {
    let at = s.find(a).expect(a) + a.len();
    s[at..at + s[at..].find(b).unwrap()].to_string()
}

/// Just enough of an event-stream reader.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(s: &Server, token: &str) -> Events {
        let mut stream = TcpStream::connect(s.addr()).unwrap();
        let host = format!("127.0.0.1:{}", s.addr().port());
        let req = format!("GET /__kumo/events?token={token} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        stream.write_all(req.as_bytes()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        Events(BufReader::new(stream))
    }

    fn wait_for(&mut self, event: &str) {
        let want = format!("event: {event}");
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.0.read_line(&mut line).expect("event stream");
            assert!(n > 0, "event stream closed");
            if line.trim_end() == want {
                return;
            }
            assert!(!line.starts_with("event: error"), "the build failed");
        }
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else if from.is_file() {
        fs::copy(from, to).unwrap();
    }
}

/// A project with `n` slides per language, 100 slides per file (as benches/build.rs).
fn generate(root: &Path, manifest: &Path, n: usize) {
    let toml = "name = \"bench\"\nlanguages = [\"ja\", \"en\"]\n[title]\nja = \"ベンチ\"\nen = \"Bench\"\n";
    fs::write(root.join("deck.toml"), toml).unwrap();
    for lang in ["ja", "en"] {
        let dir = root.join("content").join(lang);
        fs::create_dir_all(&dir).unwrap();
        let ftl = manifest.join("content").join(lang).join("strings.ftl");
        fs::copy(ftl, dir.join("strings.ftl")).unwrap();
        for f in 0..n.div_ceil(100) {
            let mut md = String::new();
            for i in f * 100..((f + 1) * 100).min(n) {
                let _ = write!(
                    md,
                    "## Slide {i} {{#s{i}}}\n\n- ROSA はマネージドな OpenShift です, slide {i}.\n\
                     - EKS は Kubernetes; ECS is AWS-native.\n\n\
                     | サービス | Service | 料金 |\n|---|---|---:|\n| EKS | Amazon EKS | 0.10 |\n\n"
                );
                if i.is_multiple_of(3) {
                    let _ = write!(md, "```yaml\nkind: ConfigMap\nname: cm-{i}\n```\n\n");
                }
                if i + 1 < ((f + 1) * 100).min(n) {
                    md.push_str("---\n\n");
                }
            }
            fs::write(dir.join(format!("{f:05}.md")), md).unwrap();
        }
    }
}
