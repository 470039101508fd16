//! The `kumo-deck` binary: parse the command line, run one command, print diagnostics, exit.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;
use std::time::Instant;

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

fn build(root: &std::path::Path, args: &cli::BuildArgs) -> ExitCode {
    let start = Instant::now();
    let mut opts = args.options();
    // Pages are streamed to dist/ as they are made, not all held in memory first.
    opts.defer_pages = true;
    let out_dir = opts.out.clone().unwrap_or_else(|| root.join("dist"));
    if let Err(d) = kumo_deck::output::check_out_dir(root, &out_dir, opts.force) {
        kumo_deck::eout!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let mut result = kumo_deck::build(root, &opts);
    kumo_deck::eout!("{}", result.diagnostics.render_all());
    let Some(mut site) = result.site.take() else {
        let n = result.diagnostics.errors().count();
        kumo_deck::eoutln!(
            "build failed with {n} error(s); {} left unchanged",
            out_dir.display()
        );
        return ExitCode::FAILURE;
    };
    let printed = keep_pdfs(root, &opts, &out_dir, &mut site);
    if let Err(d) = kumo_deck::output::write_printed(&site, &out_dir, printed.as_ref()) {
        kumo_deck::eout!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let per_lang: Vec<String> = result
        .slides
        .iter()
        .map(|(l, n)| format!("{l}: {n} slides"))
        .collect();
    kumo_deck::outln!(
        "built {} ({}), {} files, {:.1} KiB in {:.2}s -> {}",
        per_lang.len(),
        per_lang.join(", "),
        site.len(),
        site.size() as f64 / 1024.0,
        start.elapsed().as_secs_f64(),
        out_dir.display()
    );
    ExitCode::SUCCESS
}

/// The PDFs of the previous output, when they were printed from exactly this site: the site is
/// built again with them attached (so its pages link them) and they are recorded again. PDFs of
/// an older deck are dropped, with a note: a stale PDF must not be published.
fn keep_pdfs(
    root: &std::path::Path,
    opts: &kumo_deck::BuildOptions,
    out_dir: &std::path::Path,
    site: &mut kumo_deck::site::Site,
) -> Option<kumo_deck::output::Printed> {
    let printed = kumo_deck::output::printed(out_dir)?;
    if printed.source != site.digest() {
        kumo_deck::eoutln!(
            "note: the PDFs in {} were printed from an earlier version of the deck and are left \
             out; run `kumo-deck pdf` to print them again",
            out_dir.display()
        );
        return None;
    }
    let mut with = opts.clone();
    for pdf in &printed.pdfs {
        let bytes = kumo_deck::source::read_regular(&out_dir.join(pdf)).ok()?;
        with.attachments.insert(pdf.clone(), bytes);
    }
    let again = kumo_deck::build(root, &with).site?;
    *site = again;
    Some(printed)
}

/// `pdf`: build, print every language's deck with the system Chromium into a scratch folder
/// beside the output, then rebuild with the PDFs attached (so the pages link them) and write the
/// output atomically: dist/ never holds pages that link a PDF that is not there.
fn pdf(root: &std::path::Path, args: &cli::PdfArgs) -> ExitCode {
    let start = Instant::now();
    let mut opts = args.build.options();
    let out_dir = opts.out.clone().unwrap_or_else(|| root.join("dist"));
    if let Err(d) = kumo_deck::output::check_out_dir(root, &out_dir, opts.force) {
        kumo_deck::eout!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let result = kumo_deck::build(root, &opts);
    kumo_deck::eout!("{}", result.diagnostics.render_all());
    let (Some(site), Some(config)) = (result.site, result.config) else {
        kumo_deck::eoutln!("build failed; no PDF printed");
        return ExitCode::FAILURE;
    };
    let source = site.digest();
    let scratch = scratch_dir(&out_dir);
    let mut progress = |p: kumo_deck::pdf::Progress<'_>| kumo_deck::eoutln!("pdf: {p}");
    let printed =
        kumo_deck::pdf::print_site(&site, &config, &scratch, &args.options(), &mut progress);
    let done = match printed {
        Ok(done) => done,
        Err(d) => {
            let _ = std::fs::remove_dir_all(&scratch);
            kumo_deck::eout!("{}", d.render());
            let sig = kumo_deck::pdf::interrupted_by();
            return sig.map_or(ExitCode::FAILURE, |s| ExitCode::from(128 + s as u8));
        }
    };
    // PDFs printed earlier from this same deck (say, Japanese before `--lang en`) stay, and so
    // do their links: they are still current.
    if let Some(before) = kumo_deck::output::printed(&out_dir).filter(|p| p.source == source) {
        for pdf in before.pdfs {
            if let Ok(bytes) = kumo_deck::source::read_regular(&out_dir.join(&pdf)) {
                opts.attachments.insert(pdf, bytes);
            }
        }
    }
    for p in &done {
        let rel = p.path.strip_prefix(&scratch).unwrap_or(&p.path);
        let key = rel.to_string_lossy().replace('\\', "/");
        match std::fs::read(&p.path) {
            Ok(bytes) => {
                opts.attachments.insert(key, bytes);
            }
            Err(e) => kumo_deck::eoutln!("error: cannot read {}: {e}", p.path.display()),
        }
        for w in &p.warnings {
            kumo_deck::eoutln!("warning: [{}] {w}", p.lang);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    // The pptx files of this same deck stay (and stay linked).
    kumo_deck::pptx::command::keep_earlier(&out_dir, &source, &mut opts.attachments);
    let result = kumo_deck::build(root, &opts);
    let Some(site) = result.site else {
        kumo_deck::eout!("{}", result.diagnostics.render_all());
        return ExitCode::FAILURE;
    };
    let printed = kumo_deck::output::Printed {
        source,
        pdfs: opts.attachments.keys().cloned().collect(),
    };
    if let Err(d) = kumo_deck::output::write_printed(&site, &out_dir, Some(&printed)) {
        kumo_deck::eout!("{}", d.render());
        return ExitCode::FAILURE;
    }
    for p in &done {
        let rel = p.path.strip_prefix(&scratch).unwrap_or(&p.path);
        kumo_deck::outln!("{} ({} pages)", out_dir.join(rel).display(), p.pages);
    }
    kumo_deck::outln!(
        "printed {} PDF(s) into {} in {:.1}s",
        done.len(),
        out_dir.display(),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// `pptx`: build, export every language to PowerPoint, write dist/ with the files linked.
fn pptx(root: &std::path::Path, args: &cli::PptxArgs) -> ExitCode {
    let start = Instant::now();
    let mut diags = Vec::new();
    let result =
        kumo_deck::pptx::command::run(root, &args.build.options(), &args.options(), &mut diags);
    diags.iter().for_each(|d| eprint!("{}", d.render()));
    let report = match result {
        Ok(r) => r,
        Err(d) => {
            eprint!("{}", d.render());
            return ExitCode::FAILURE;
        }
    };
    for e in &report.exported {
        e.warnings
            .iter()
            .for_each(|w| eprintln!("warning: [{}] {w}", e.lang));
        let kib = e.bytes.len() as f64 / 1024.0;
        let path = report.out_dir.join(&e.path);
        println!("{} ({} slides, {kib:.1} KiB)", path.display(), e.slides);
    }
    for k in &report.kept {
        println!("kept {k} (printed from this same deck)");
    }
    let (n, secs) = (report.exported.len(), start.elapsed().as_secs_f64());
    println!(
        "wrote {n} pptx file(s) into {} in {secs:.1}s",
        report.out_dir.display()
    );
    ExitCode::SUCCESS
}

/// A fresh scratch folder beside `out_dir` (same file system, cleaned up by the caller).
fn scratch_dir(out_dir: &std::path::Path) -> std::path::PathBuf {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "dist".into());
    let parent = out_dir.parent().unwrap_or(std::path::Path::new("."));
    parent.join(format!(".{name}.kumo-pdf-{}", std::process::id()))
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
    let mut progress = DeployProgress::new();
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

/// Deploy progress on stderr: a progress bar for uploads when stderr is a terminal (log lines
/// print above it), one line per upload otherwise (CI logs).
struct DeployProgress {
    terminal: bool,
    bar: Option<indicatif::ProgressBar>,
}

impl DeployProgress {
    fn new() -> Self {
        use std::io::IsTerminal;
        DeployProgress {
            terminal: std::io::stderr().is_terminal(),
            bar: None,
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl kumo_deck::deploy::Progress for DeployProgress {
    fn line(&mut self, text: &str) {
        let text = kumo_deck::util::redact(text);
        match &self.bar {
            Some(bar) => bar.println(format!("deploy: {text}")),
            None => kumo_deck::eoutln!("deploy: {text}"),
        }
    }

    fn step(&mut self, done: usize, total: usize, text: &str) {
        if !self.terminal {
            return kumo_deck::eoutln!("deploy: [{done}/{total}] {text}");
        }
        let bar = self.bar.get_or_insert_with(|| {
            let style = indicatif::ProgressStyle::with_template(
                "deploy: [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            indicatif::ProgressBar::new(total as u64).with_style(style)
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(text.to_string());
        if text.starts_with("FAILED") {
            bar.println(format!("deploy: [{done}/{total}] {text}"));
        }
        if done == total {
            self.finish();
        }
    }
}
