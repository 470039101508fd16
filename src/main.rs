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
        Command::Check(args) => check(&cli.root, &args),
        Command::Pdf(args) => pdf(&cli.root, &args),
        Command::Deploy(args) => deploy(&cli.root, &args),
    }
}

fn build(root: &std::path::Path, args: &cli::BuildArgs) -> ExitCode {
    let start = Instant::now();
    let opts = args.options();
    let out_dir = opts.out.clone().unwrap_or_else(|| root.join("dist"));
    if let Err(d) = kumo_deck::output::check_out_dir(root, &out_dir, opts.force) {
        eprint!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let result = kumo_deck::build(root, &opts);
    eprint!("{}", result.diagnostics.render_all());
    let Some(site) = result.site else {
        let n = result.diagnostics.errors().count();
        eprintln!(
            "build failed with {n} error(s); {} left unchanged",
            out_dir.display()
        );
        return ExitCode::FAILURE;
    };
    if let Err(d) = kumo_deck::output::write(&site, &out_dir) {
        eprint!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let per_lang: Vec<String> = result
        .slides
        .iter()
        .map(|(l, n)| format!("{l}: {n} slides"))
        .collect();
    println!(
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

/// `pdf`: build, write, then print every language's deck with the system Chromium.
fn pdf(root: &std::path::Path, args: &cli::PdfArgs) -> ExitCode {
    let start = Instant::now();
    let opts = args.build.options();
    let out_dir = opts.out.clone().unwrap_or_else(|| root.join("dist"));
    if let Err(d) = kumo_deck::output::check_out_dir(root, &out_dir, opts.force) {
        eprint!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let result = kumo_deck::build(root, &opts);
    eprint!("{}", result.diagnostics.render_all());
    let (Some(site), Some(config)) = (result.site, result.config) else {
        eprintln!("build failed; no PDF printed");
        return ExitCode::FAILURE;
    };
    if let Err(d) = kumo_deck::output::write(&site, &out_dir) {
        eprint!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let mut progress = |p: kumo_deck::pdf::Progress<'_>| eprintln!("pdf: {p}");
    let printed =
        kumo_deck::pdf::print_site(&site, &config, &out_dir, &args.options(), &mut progress);
    match printed {
        Ok(done) => {
            for (lang, w) in done
                .iter()
                .flat_map(|p| p.warnings.iter().map(|w| (&p.lang, w)))
            {
                eprintln!("warning: [{lang}] {w}");
            }
            println!(
                "printed {} PDF(s) in {:.1}s",
                done.len(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", d.render());
            let sig = kumo_deck::pdf::interrupted_by();
            sig.map_or(ExitCode::FAILURE, |s| ExitCode::from(128 + s as u8))
        }
    }
}

/// `deploy`: publish the built dist/ to S3 or a GitHub Pages branch.
fn deploy(root: &std::path::Path, args: &cli::DeployArgs) -> ExitCode {
    let opts = match args.options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut progress = |line: &str| eprintln!("deploy: {line}");
    match kumo_deck::deploy::run(root, &opts, &mut progress) {
        Ok(report) => {
            if let Some(plan) = report.plan {
                println!("{plan}");
            }
            println!("{}", report.summary);
            ExitCode::SUCCESS
        }
        Err(diags) => {
            diags.iter().for_each(|d| eprint!("{}", d.render()));
            ExitCode::FAILURE
        }
    }
}

/// `check`: the report on stdout (human or JSON), exit 1 on errors (or warnings if denied).
fn check(root: &std::path::Path, args: &cli::CheckArgs) -> ExitCode {
    let report = kumo_deck::check::run(root, &args.options());
    if let Some((n, path)) = &report.accepted {
        eprintln!("recorded {n} translation(s) in {}", path.display());
    }
    match args.format {
        cli::CheckFormat::Human => print!("{}", report.render_human()),
        cli::CheckFormat::Json => print!("{}", report.render_json()),
    }
    if report.failed(args.deny_warnings) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
