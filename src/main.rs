//! The `kumo-deck` binary: parse the command line, run one command, print diagnostics, exit.

// House style: no function over 60 lines (the threshold is in clippy.toml), as in the library.
#![warn(clippy::too_many_lines)]

mod cli;
mod progress;

use clap::Parser;
use cli::{Cli, Command};
use kumo_deck::commands::{self, Failed, Say};
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc: faster than glibc's allocator on a build's many small strings (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&cli.root, &args),
        Command::Serve(args) => match kumo_deck::serve::run(&cli.root, args.options(), args.open) {
            Ok(()) => ExitCode::SUCCESS,
            Err(d) => {
                kumo_deck::eout!("{}", d.render());
                ExitCode::FAILURE
            }
        },
        Command::Check(args) => check(&cli.root, &args),
        Command::Pdf(args) => pdf(&cli.root, &args),
        Command::Pptx(args) => pptx(&cli.root, &args),
        Command::Deploy(args) => deploy(&cli.root, &args),
        Command::Init(args) => init(args.dir.as_deref().unwrap_or(&cli.root), &args.langs),
    }
}

fn init(dir: &std::path::Path, langs: &[String]) -> ExitCode {
    match kumo_deck::init::run(dir, langs, kumo_deck::check::today()) {
        Ok(c) => {
            for f in &c.files {
                eprintln!("created {}", c.dir.join(f).display());
            }
            eprintln!("next: kumo-deck --root {} serve", c.dir.display());
            ExitCode::SUCCESS
        }
        Err(diags) => {
            for d in diags {
                eprint!("{}", d.render());
            }
            ExitCode::FAILURE
        }
    }
}

/// Print what a command tells as it goes, on stderr.
fn say(s: Say<'_>) {
    match s {
        Say::Built(diags) => kumo_deck::eout!("{}", diags.render_all()),
        Say::Note(text) => kumo_deck::eoutln!("note: {text}"),
        Say::Pdf(p) => kumo_deck::eoutln!("pdf: {p}"),
    }
}

/// Print why a command failed; exit 1, or 128 + the signal that stopped it.
fn failed(f: Failed) -> ExitCode {
    f.diagnostics
        .iter()
        .for_each(|d| kumo_deck::eout!("{}", d.render()));
    if let Some(summary) = &f.summary {
        kumo_deck::eoutln!("{summary}");
    }
    f.signal
        .map_or(ExitCode::FAILURE, |s| ExitCode::from(128 + s as u8))
}

fn build(root: &std::path::Path, args: &cli::BuildArgs) -> ExitCode {
    let start = Instant::now();
    let mut opts = args.options();
    // Pages are streamed to dist/ as they are made, not all held in memory first.
    opts.defer_pages = true;
    let w = match commands::build(root, &opts, &mut say) {
        Ok(w) => w,
        Err(f) => return failed(f),
    };
    let slides = &w.build.slides;
    let per_lang: Vec<String> = slides
        .iter()
        .map(|(l, n)| format!("{l}: {n} slides"))
        .collect();
    kumo_deck::outln!(
        "built {} ({}), {} files, {:.1} KiB in {:.2}s -> {}",
        per_lang.len(),
        per_lang.join(", "),
        w.site.len(),
        w.site.size() as f64 / 1024.0,
        start.elapsed().as_secs_f64(),
        w.out_dir.display()
    );
    // The process ends here: freeing the site and the build piece by piece (every slide, page
    // and string) would only delay the exit, and the kernel reclaims the memory at once.
    std::mem::forget(w);
    ExitCode::SUCCESS
}

fn pdf(root: &std::path::Path, args: &cli::PdfArgs) -> ExitCode {
    let start = Instant::now();
    let done = match commands::pdf(root, &args.build.options(), &args.options(), &mut say) {
        Ok(d) => d,
        Err(f) => return failed(f),
    };
    for p in &done.printed {
        p.warnings
            .iter()
            .for_each(|w| kumo_deck::eoutln!("warning: [{}] {w}", p.lang));
        kumo_deck::outln!("{} ({} pages)", p.path.display(), p.pages);
    }
    kumo_deck::outln!(
        "printed {} PDF(s) into {} in {:.1}s",
        done.printed.len(),
        done.written.out_dir.display(),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn pptx(root: &std::path::Path, args: &cli::PptxArgs) -> ExitCode {
    let start = Instant::now();
    let done = match commands::pptx(root, &args.build.options(), &args.options(), &mut say) {
        Ok(d) => d,
        Err(f) => return failed(f),
    };
    let out_dir = &done.written.out_dir;
    for e in &done.exported {
        e.warnings
            .iter()
            .for_each(|w| kumo_deck::eoutln!("warning: [{}] {w}", e.lang));
        let kib = e.bytes.len() as f64 / 1024.0;
        let path = out_dir.join(&e.path);
        kumo_deck::outln!("{} ({} slides, {kib:.1} KiB)", path.display(), e.slides);
    }
    for k in &done.kept {
        kumo_deck::outln!("kept {k} (printed from this same deck)");
    }
    let (n, secs) = (done.exported.len(), start.elapsed().as_secs_f64());
    kumo_deck::outln!(
        "wrote {n} pptx file(s) into {} in {secs:.1}s",
        out_dir.display()
    );
    ExitCode::SUCCESS
}

/// `deploy`: publish the built dist/ to S3 or a GitHub Pages branch.
fn deploy(root: &std::path::Path, args: &cli::DeployArgs) -> ExitCode {
    let opts = match args.options() {
        Ok(o) => o,
        Err(e) => {
            kumo_deck::eoutln!("error: {}", kumo_deck::util::redact(&e));
            return ExitCode::from(2);
        }
    };
    let mut progress = progress::DeployProgress::new();
    let result = kumo_deck::deploy::run(root, &opts, &mut progress);
    progress.finish();
    match result {
        Ok(report) => {
            // Whatever git or the endpoint put in them, no credential is printed.
            if let Some(plan) = report.plan {
                kumo_deck::outln!("{}", kumo_deck::util::redact(&plan));
            }
            kumo_deck::outln!("{}", kumo_deck::util::redact(&report.summary));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            diags
                .iter()
                .for_each(|d| kumo_deck::eout!("{}", d.render()));
            ExitCode::FAILURE
        }
    }
}

/// `check`: the report on stdout (human or JSON), exit 1 on errors (or warnings if denied).
fn check(root: &std::path::Path, args: &cli::CheckArgs) -> ExitCode {
    let report = kumo_deck::check::run(root, &args.options());
    if let Some((n, path)) = &report.accepted {
        kumo_deck::eoutln!("recorded {n} translation(s) in {}", path.display());
    }
    match args.format {
        cli::CheckFormat::Human => kumo_deck::out!("{}", report.render_human()),
        cli::CheckFormat::Json => kumo_deck::out!("{}", report.render_json()),
    }
    if report.failed(args.deny_warnings) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
