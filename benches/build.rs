//! Build benchmark: generates N-slide bilingual corpora (mixed Japanese and English prose, a table
//! on every slide, a code block every third slide) and times a full in-memory `build()`, plus the
//! bundled deck. Reports wall time per build and the process's peak resident memory.
//!
//! `cargo bench --bench build` runs 1,000 and 10,000 slides and the deck;
//! `cargo bench --bench build -- 500` runs only the given sizes.

use kumo_deck::render_cache::RenderCache;
use kumo_deck::{build, build_with_cache, BuildOptions};
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
        warm(&format!("{n} slides x 2 languages"), dir.path());
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

/// A rebuild after a one-slide edit with a warm render cache (what `serve` does on save),
/// median of 9, with the median time of each phase.
fn warm(label: &str, root: &Path) {
    let mut cache = RenderCache::default();
    let file = root.join("content/en/00000.md");
    let original = fs::read_to_string(&file).unwrap();
    build_with_cache(root, &BuildOptions::default(), &mut cache);
    let mut totals = Vec::new();
    let mut phases: Vec<(&'static str, Vec<f64>)> = Vec::new();
    let reps: usize = std::env::var("KUMO_WARM_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    for i in 0..reps {
        // An edit to the body of the first slide.
        let edited = original.replacen("\n- ROSA", &format!("\n- edit {i}\n- ROSA"), 1);
        fs::write(&file, edited).unwrap();
        let t = Instant::now();
        let out = build_with_cache(root, &BuildOptions::default(), &mut cache);
        totals.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(out.site.is_some(), "{}", out.diagnostics.render_all());
        for (k, (name, d)) in out.timings.iter().enumerate() {
            if phases.len() <= k {
                phases.push((name, Vec::new()));
            }
            phases[k].1.push(d.as_secs_f64() * 1000.0);
        }
    }
    fs::write(&file, original).unwrap();
    let parts: Vec<String> = phases
        .iter_mut()
        .map(|(name, v)| format!("{name} {:.1}", median(v)))
        .collect();
    println!(
        "{label}: warm rebuild after a one-slide edit: median {:.1} ms ({} ms)",
        median(&mut totals),
        parts.join(", ")
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
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
