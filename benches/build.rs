//! Build benchmark: cold builds of generated bilingual corpora (the shape of the side-by-side
//! corpus in ../shared/bench: N slides in all, N/2 Japanese and N/2 English, 20 per file; a
//! heading, 3-5 lines of prose and a 4-column table per slide, a YAML or Java block on every
//! third) and of the bundled deck, with the median of each phase, writing dist/ included; then a
//! warm rebuild after a one-slide edit (what `serve` does on save). Prints the process's peak RSS.
//!
//! `cargo bench --bench build` runs the deck, 1,000 and 10,000 slides;
//! `cargo bench --bench build -- 500` runs only the given sizes;
//! `cargo bench --bench build -- --corpus DIR` times an existing project (for example the
//! `ours/` folder the shared generator writes, with this project's skeleton copied in).

use kumo_deck::render_cache::RenderCache;
use kumo_deck::{build, build_with_cache, BuildOptions};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = args
        .iter()
        .position(|a| a == "--corpus")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(dir) = corpus {
        cold(&dir.display().to_string(), &dir, 5);
        println!("peak RSS: {} MiB", peak_rss_kib() / 1024);
        return;
    }
    if sizes.is_empty() {
        cold("bundled deck", manifest, 9);
    }
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    for n in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        generate(dir.path(), manifest, n);
        let label = format!("{n} slides ({} ja + {} en)", n / 2, n / 2);
        cold(&label, dir.path(), if n >= 10_000 { 3 } else { 5 });
        warm(&label, dir.path());
    }
    println!("peak RSS: {} MiB", peak_rss_kib() / 1024);
}

/// Cold builds of `root` (a fresh cache each time) written to a temporary dist/: the median
/// total and the median of each phase.
fn cold(label: &str, root: &Path, runs: usize) {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let dist = out_dir.path().join("dist");
    let mut totals = Vec::new();
    let mut phases = Phases::default();
    let mut slides = 0;
    for _ in 0..runs {
        let t = Instant::now();
        // As `kumo-deck build` does: pages are streamed to dist/ when it is written.
        let opts = BuildOptions {
            defer_pages: true,
            ..Default::default()
        };
        let out = build(root, &opts);
        let site = out
            .site
            .unwrap_or_else(|| panic!("{}", out.diagnostics.render_all()));
        let built = t.elapsed();
        kumo_deck::output::write(&site, &dist).unwrap_or_else(|d| panic!("{}", d.render()));
        let written = t.elapsed();
        totals.push(written.as_secs_f64());
        phases.add(
            out.timings
                .iter()
                .copied()
                .chain([("write", written - built)]),
        );
        slides = out.slides.iter().map(|(_, n)| n).sum::<usize>();
    }
    let first = (totals[0], phases.firsts());
    let best = median(&mut totals);
    // The first build pays for what a process loads once (the syntax set, the phrase model's
    // tables, compiled patterns): it is what one `kumo-deck build` costs.
    println!(
        "{label}: first build in this process: {:.1} ms ({})",
        first.0 * 1000.0,
        first.1
    );
    println!(
        "{label}: cold build + write, median of {runs}: {:.1} ms ({slides} slides, {:.0} slides/s; {}), peak RSS so far {} MiB",
        best * 1000.0,
        slides as f64 / best,
        phases.medians(),
        peak_rss_kib() / 1024
    );
}

/// Times of each phase over several builds, in the order the build ran them.
#[derive(Default)]
struct Phases(Vec<(&'static str, Vec<f64>)>);

impl Phases {
    fn add(&mut self, timings: impl IntoIterator<Item = (&'static str, Duration)>) {
        for (k, (name, d)) in timings.into_iter().enumerate() {
            if self.0.len() <= k {
                self.0.push((name, Vec::new()));
            }
            self.0[k].1.push(d.as_secs_f64() * 1000.0);
        }
    }

    fn firsts(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(name, v)| format!("{name} {:.1}", v[0]))
            .collect();
        format!("{} ms", parts.join(", "))
    }

    fn medians(&mut self) -> String {
        let parts: Vec<String> = self
            .0
            .iter_mut()
            .map(|(name, v)| format!("{name} {:.1}", median(v)))
            .collect();
        format!("{} ms", parts.join(", "))
    }
}

/// A rebuild after a one-slide edit with a warm render cache (what `serve` does on save),
/// median of 9, with the median time of each phase.
fn warm(label: &str, root: &Path) {
    let mut cache = RenderCache::default();
    let file = root.join("content/en/0000.md");
    let original = fs::read_to_string(&file).unwrap();
    build_with_cache(root, &BuildOptions::default(), &mut cache);
    let mut totals = Vec::new();
    let mut phases = Phases::default();
    let reps: usize = std::env::var("KUMO_WARM_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    for i in 0..reps {
        // An edit to the body of the first slide.
        let edited = original.replacen("\n\n", &format!("\n\nedit {i}\n\n"), 1);
        fs::write(&file, edited).unwrap();
        let t = Instant::now();
        let out = build_with_cache(root, &BuildOptions::default(), &mut cache);
        totals.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(out.site.is_some(), "{}", out.diagnostics.render_all());
        phases.add(out.timings.iter().copied());
    }
    fs::write(&file, original).unwrap();
    println!(
        "{label}: warm rebuild after a one-slide edit: median {:.1} ms ({})",
        median(&mut totals),
        phases.medians()
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Write a project with `n` slides in all (`n / 2` per language, 20 per file) into `root`.
fn generate(root: &Path, manifest: &Path, n: usize) {
    let toml = "name = \"bench\"\nlanguages = [\"ja\", \"en\"]\n[title]\nja = \"ベンチ\"\nen = \"Bench\"\n";
    fs::write(root.join("deck.toml"), toml).unwrap();
    let per_lang = n / 2;
    for lang in ["ja", "en"] {
        let dir = root.join("content").join(lang);
        fs::create_dir_all(&dir).unwrap();
        let ftl = manifest.join("content").join(lang).join("strings.ftl");
        fs::copy(ftl, dir.join("strings.ftl")).unwrap();
        for f in 0..per_lang.div_ceil(20) {
            let ids = f * 20..((f + 1) * 20).min(per_lang);
            let mut md = String::new();
            for i in ids.clone() {
                slide(&mut md, lang == "ja", i, per_lang);
                if i + 1 < ids.end {
                    md.push_str("\n---\n\n");
                }
            }
            fs::write(dir.join(format!("{f:04}.md")), md).unwrap();
        }
    }
}

const PROSE: [(&str, &str); 5] = [
    (
        "Amazon ECS はコントロールプレーンの料金がかからず、実行中のタスク単位で課金されます。",
        "Amazon ECS has no control-plane fee; you pay for the tasks that run.",
    ),
    (
        "EKS クラスターには 1 時間あたり 0.10 ドルのコントロールプレーン料金が発生します。",
        "An EKS cluster costs $0.10 per hour for its control plane.",
    ),
    (
        "ROSA HCP ではコントロールプレーンが Red Hat 側のアカウントでホストされます。",
        "With ROSA HCP the control plane is hosted in an account run by Red Hat.",
    ),
    (
        "Horizontal Pod Autoscaler は CPU 使用率を目標にポッド数を調整します。",
        "The Horizontal Pod Autoscaler adjusts the pod count to a CPU target.",
    ),
    (
        "スポットインスタンスはステートレスなワークロードに向いています。",
        "Spot Instances suit stateless workloads.",
    ),
];

/// One slide: heading, 3-5 lines of prose, a 4-column table, and on every third slide a YAML
/// or a Java block (the same code in both languages, as in a translated deck).
fn slide(md: &mut String, ja: bool, i: usize, n: usize) {
    let pick = |p: &(&'static str, &'static str)| if ja { p.0 } else { p.1 };
    let title = pick(&("コンテナの選択肢", "Container options"));
    let _ = writeln!(md, "# {}. {title} {{#s{i}}}\n", i + 1);
    for k in 0..3 + i % 3 {
        let _ = writeln!(md, "{} ({i}.{k})", pick(&PROSE[(i + k) % PROSE.len()]));
    }
    let next = pick(&("次のスライド", "next slide"));
    let _ = writeln!(md, "[{next}](#s{})\n", (i + 1) % n);
    let head = pick(&(
        "| サービス | vCPU | メモリ | 月額 |",
        "| Service | vCPU | Memory | Monthly |",
    ));
    let _ = writeln!(md, "{head}\n|---|--:|--:|--:|");
    for (k, svc) in ["ECS on Fargate", "ECS on EC2", "EKS on EC2", "ROSA HCP"]
        .iter()
        .enumerate()
    {
        let _ = writeln!(
            md,
            "| {svc} | {} | {} | {} |",
            2 + k,
            4 * (k + 1),
            1000 + 37 * i
        );
    }
    if i.is_multiple_of(3) {
        md.push('\n');
        md.push_str(&code(i));
    }
}

fn code(i: usize) -> String {
    if i.is_multiple_of(2) {
        format!(
            "```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  labels:\n    app: app-{i}\n\
             spec:\n  replicas: {}\n  template:\n    spec:\n      containers:\n        - name: app-{i}\n\
             \x20         image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.{i}\n\
             \x20         resources:\n            requests: {{ cpu: \"500m\", memory: \"1024Mi\" }}\n```\n",
            2 + i % 10
        )
    } else {
        format!(
            "```java\npackage com.example.app{i};\n\nimport java.math.BigDecimal;\n\n\
             public record NodeCost(String type, int count, BigDecimal hourly) {{\n\
             \x20   static final int HOURS_PER_MONTH = 730;\n\n\
             \x20   public BigDecimal monthly() {{\n\
             \x20       // {i} nodes at most\n\
             \x20       return hourly.multiply(BigDecimal.valueOf((long) count * HOURS_PER_MONTH));\n\
             \x20   }}\n}}\n```\n"
        )
    }
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
