//! Build benchmark: generates N-slide bilingual corpora (mixed Japanese and English prose, a table
//! on every slide, a code block every third slide) and times a full in-memory `build()`, plus the
//! bundled deck. Reports wall time per build and the process's peak resident memory.
//!
//! `cargo bench --bench build` runs 1,000 and 10,000 slides and the deck;
//! `cargo bench --bench build -- 500` runs only the given sizes.

use kumo_deck::{build, BuildOptions};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Instant;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::args().len() == 1 || std::env::args().any(|a| a == "--bench") {
        time("bundled deck", manifest, 3);
    }
    for n in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        generate(dir.path(), manifest, n);
        time(&format!("{n} slides x 2 languages"), dir.path(), 2);
    }
    println!("peak RSS: {} MiB", peak_rss_kib() / 1024);
}

fn time(label: &str, root: &Path, runs: usize) {
    let mut best = f64::MAX;
    let mut slides = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let out = build(root, &BuildOptions::default());
        let secs = t.elapsed().as_secs_f64();
        assert!(out.site.is_some(), "{}", out.diagnostics.render_all());
        slides = out.slides.iter().map(|(_, n)| n).sum::<usize>();
        best = best.min(secs);
    }
    println!(
        "{label}: best of {runs}: {best:.3} s ({slides} slides, {:.0} slides/s), peak RSS so far {} MiB",
        slides as f64 / best,
        peak_rss_kib() / 1024
    );
}

/// Write a project with `n` slides per language into `root`.
fn generate(root: &Path, manifest: &Path, n: usize) {
    fs::write(
        root.join("deck.toml"),
        "name = \"bench\"\nlanguages = [\"ja\", \"en\"]\n[title]\nja = \"ベンチ\"\nen = \"Bench\"\n",
    )
    .unwrap();
    for lang in ["ja", "en"] {
        let dir = root.join("content").join(lang);
        fs::create_dir_all(&dir).unwrap();
        fs::copy(
            manifest.join("content").join(lang).join("strings.ftl"),
            dir.join("strings.ftl"),
        )
        .unwrap();
        let per_file = 100;
        for f in 0..n.div_ceil(per_file) {
            let mut md = String::new();
            for i in f * per_file..((f + 1) * per_file).min(n) {
                slide(&mut md, lang, i, n);
            }
            fs::write(dir.join(format!("{f:05}.md")), md).unwrap();
        }
    }
}

fn slide(md: &mut String, lang: &str, i: usize, n: usize) {
    let title = if lang == "ja" {
        "コンテナの選択肢"
    } else {
        "Container options"
    };
    let _ = writeln!(md, "## {title} {i} {{#s{i}}}\n");
    let _ = writeln!(
        md,
        "- ROSA はマネージドな OpenShift です (managed OpenShift on AWS), slide {i}.\n\
         - EKS は Kubernetes のコントロールプレーンを提供します; ECS is AWS-native.\n\
         - 詳しくは [次のスライド](#s{}) を参照してください。\n",
        (i + 1) % n
    );
    let _ = writeln!(
        md,
        "| サービス | Service | 料金 |\n|---|---|---:|\n| EKS | Amazon EKS | 0.10 |\n| ROSA | Red Hat OpenShift Service on AWS | 0.25 |\n"
    );
    if i.is_multiple_of(3) {
        let _ = writeln!(
            md,
            "```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  key: \"値 {i}\"\n```\n"
        );
    }
    md.push_str("\n---\n\n");
}

/// Peak resident set size of this process (Linux), in KiB; 0 elsewhere.
fn peak_rss_kib() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}
