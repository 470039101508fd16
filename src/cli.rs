//! Command line: clap derive; shared flags flattened into each subcommand.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kumo-deck",
    version,
    about = "Bilingual Markdown slide decks and document sites"
)]
pub struct Cli {
    /// Project folder (holding deck.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into dist/ (atomically: a failed build leaves the previous output intact).
    Build(BuildArgs),
    /// Serve the site from memory while you edit: rebuild on save, live reload in the browser
    /// (nothing is written to dist/).
    Serve(ServeArgs),
    /// Check the deck without writing it: build diagnostics, slide parity, Fluent keys, links,
    /// data, and translations behind their source language.
    Check(CheckArgs),
    /// Build, then print each language's deck to <out>/<lang>/<name>.pdf with a headless Chromium.
    Pdf(PdfArgs),
    /// Build, then write each language's deck as an editable PowerPoint file to
    /// <out>/<lang>/<name>.pptx (figures through a headless Chromium).
    Pptx(PptxArgs),
    /// Publish a built dist/ to `s3://BUCKET[/PREFIX]` or, with `pages`, to a GitHub Pages branch.
    Deploy(DeployArgs),
    /// Start a new project in DIR (default: --root): deck.toml, slides, strings, a cost table
    /// and chart over a tiny price list. Refuses a folder that is not empty.
    Init(InitArgs),
}

/// Flags of `init`.
#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// The new project's folder (created if missing; must be empty).
    pub dir: Option<PathBuf>,
    /// Languages, comma-separated, the first being the source language [default: en].
    #[arg(long, value_delimiter = ',')]
    pub langs: Vec<String>,
}

/// Flags of `deploy`.
#[derive(Debug, Args, Clone)]
pub struct DeployArgs {
    /// `s3://BUCKET[/PREFIX]`, or `pages` for a GitHub Pages branch of this repository.
    pub target: String,
    /// The built folder to publish (default: <root>/dist); it must hold kumo-deck's marker file.
    #[arg(long)]
    pub dist: Option<PathBuf>,
    /// Print the plan and change nothing remote (S3: list and HEAD only; pages: no ref moves).
    #[arg(long)]
    pub dry_run: bool,
    /// S3-compatible endpoint URL (path-style requests; http:// only for localhost).
    #[arg(long, help_heading = "S3")]
    pub endpoint: Option<String>,
    /// AWS region (default: AWS_REGION, the profile's region, else us-east-1).
    #[arg(long, help_heading = "S3")]
    pub region: Option<String>,
    /// Virtual-hosted-style requests to --endpoint (the endpoint then names the bucket).
    #[arg(long, help_heading = "S3")]
    pub virtual_hosted: bool,
    /// Delete objects under the prefix that no longer exist in dist/.
    #[arg(long, help_heading = "S3")]
    pub delete: bool,
    /// Refuse to delete more than this share of the objects under the prefix.
    #[arg(long, default_value_t = 0.5, value_parser = share, help_heading = "S3")]
    pub max_delete_share: f64,
    /// Refuse to delete more than this many objects.
    #[arg(long, default_value_t = 256, help_heading = "S3")]
    pub max_deletes: usize,
    /// Delete past --max-delete-share and --max-deletes.
    #[arg(long, help_heading = "S3")]
    pub force: bool,
    /// Give up after this many seconds in which no request finished (a dead endpoint);
    /// nothing is deleted then, and the same command resumes.
    #[arg(long, value_name = "SECS", default_value_t = 60, help_heading = "S3",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub stall_timeout: u64,
    /// Remote to push to [default: origin].
    #[arg(long, help_heading = "GitHub Pages")]
    pub remote: Option<String>,
    /// Branch GitHub Pages serves [default: gh-pages].
    #[arg(long, help_heading = "GitHub Pages")]
    pub branch: Option<String>,
    /// Commit message.
    #[arg(long, short, help_heading = "GitHub Pages")]
    pub message: Option<String>,
    /// Commit on the local branch only.
    #[arg(long, help_heading = "GitHub Pages")]
    pub no_push: bool,
    /// Custom domain written to CNAME (default: [deploy] cname, else the branch's current CNAME).
    #[arg(long, help_heading = "GitHub Pages")]
    pub cname: Option<String>,
    /// Replace the branch's history with one parentless commit (pushed with a lease on the tip
    /// it replaces, never a blind force-push).
    #[arg(long, help_heading = "GitHub Pages")]
    pub orphan: bool,
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err("a share between 0 and 1, such as 0.5".into()),
    }
}

impl DeployArgs {
    /// The library options; flags of the other target are an error, not silently ignored.
    pub fn options(&self) -> Result<kumo_deck::deploy::DeployOptions, String> {
        let s3_flags = self.endpoint.is_some()
            || self.region.is_some()
            || self.virtual_hosted
            || self.delete
            || self.force;
        let pages_flags = self.remote.is_some()
            || self.branch.is_some()
            || self.message.is_some()
            || self.no_push
            || self.orphan
            || self.cname.is_some();
        let target = if self.target == "pages" {
            if s3_flags {
                return Err(
                    "S3 flags (--endpoint, --region, --delete, ...) do not apply to `pages`".into(),
                );
            }
            self.pages_target()?
        } else if self.target.starts_with("s3://") {
            if pages_flags {
                return Err(
                    "GitHub Pages flags (--remote, --branch, ...) do not apply to S3".into(),
                );
            }
            self.s3_target()?
        } else {
            return Err(format!(
                "unknown deploy target `{}`: use s3://BUCKET[/PREFIX] or `pages`",
                self.target
            ));
        };
        Ok(kumo_deck::deploy::DeployOptions {
            dist: self.dist.clone(),
            dry_run: self.dry_run,
            target,
        })
    }

    /// `deploy pages`: the branch, remote and CNAME checked before anything runs.
    fn pages_target(&self) -> Result<kumo_deck::deploy::Target, String> {
        use kumo_deck::deploy::{pages::PagesOptions, Target};
        let branch = self.branch.clone().unwrap_or_else(|| "gh-pages".into());
        let remote = self.remote.clone().unwrap_or_else(|| "origin".into());
        kumo_deck::deploy::names::check_branch(&branch).map_err(|e| format!("--branch: {e}"))?;
        kumo_deck::deploy::names::check_remote(&remote).map_err(|e| format!("--remote: {e}"))?;
        if let Some(c) = self
            .cname
            .as_deref()
            .filter(|c| !kumo_deck::config::is_host_name(c))
        {
            return Err(format!(
                "--cname: `{c}` is not a bare domain like `deck.example.com`"
            ));
        }
        Ok(Target::Pages(PagesOptions {
            remote,
            branch,
            message: self.message.clone(),
            push: !self.no_push,
            cname: self.cname.clone(),
            orphan: self.orphan,
        }))
    }

    /// `deploy s3://...`: the URL, endpoint and region checked before anything runs.
    fn s3_target(&self) -> Result<kumo_deck::deploy::Target, String> {
        use kumo_deck::deploy::{plan::DeleteCap, s3::S3Options, Target};
        let cap = DeleteCap {
            max_share: self.max_delete_share,
            max_count: self.max_deletes,
            force: self.force,
        };
        kumo_deck::deploy::s3::S3Target::parse(&self.target).map_err(|d| d.message)?;
        if let Some(ep) = &self.endpoint {
            kumo_deck::deploy::s3::check_endpoint(ep).map_err(|d| {
                format!(
                    "--endpoint: {}\n  = hint: {}",
                    d.message,
                    d.hints.join("; ")
                )
            })?;
        }
        if let Some(r) = self.region.as_deref().filter(|r| !is_region(r)) {
            return Err(format!("--region: `{r}` is not a region like `us-east-1`"));
        }
        Ok(Target::S3(S3Options {
            url: self.target.clone(),
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            virtual_hosted: self.virtual_hosted,
            delete: self.delete,
            cap,
            stall: std::time::Duration::from_secs(self.stall_timeout),
        }))
    }
}

/// An AWS-style region name: lower-case letters, digits and `-`.
fn is_region(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Flags of `pdf`.
#[derive(Debug, Args, Clone)]
pub struct PdfArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Languages to print, comma-separated (default: every language of the deck).
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Chromium or Chrome executable (default: $CHROME, then chromium, chromium-browser,
    /// google-chrome, google-chrome-stable on PATH). Never downloaded.
    #[arg(long)]
    pub chrome: Option<PathBuf>,
    /// Time limit in seconds for each step (launch, load, fonts, print).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Also print the presenter page (each slide with its speaker notes, A4) to
    /// <out>/<lang>/<name>-handout.pdf.
    #[arg(long)]
    pub handout: bool,
}

impl PdfArgs {
    pub fn options(&self) -> kumo_deck::pdf::PdfOptions {
        kumo_deck::pdf::PdfOptions {
            langs: self.lang.clone(),
            chrome: self.chrome.clone(),
            timeout: std::time::Duration::from_secs(self.timeout),
            handout: self.handout,
        }
    }
}

/// Flags of `pptx`.
#[derive(Debug, Args, Clone)]
pub struct PptxArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Languages to export, comma-separated (default: every language of the deck).
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Chromium or Chrome executable for SVG figures (default: as for `pdf`). Never downloaded.
    #[arg(long)]
    pub chrome: Option<PathBuf>,
    /// Time limit in seconds for each browser step.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

impl PptxArgs {
    pub fn options(&self) -> kumo_deck::pptx::PptxOptions {
        kumo_deck::pptx::PptxOptions {
            langs: self.lang.clone(),
            chrome: self.chrome.clone(),
            timeout: std::time::Duration::from_secs(self.timeout),
        }
    }
}

/// Flags every command that builds shares.
#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    /// Output folder (default: <root>/dist).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Absolute URL the site is published at (used for canonical links; links stay relative).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that kumo-deck did not write.
    #[arg(long)]
    pub force: bool,
}

impl BuildArgs {
    pub fn options(&self) -> kumo_deck::BuildOptions {
        kumo_deck::BuildOptions {
            out: self.out.clone(),
            base_url: self.base_url.clone(),
            force: self.force,
            ..Default::default()
        }
    }
}

/// Flags of `check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Report format: `human` (source lines with carets) or `json` (for tools).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit code 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Record that the translations of slide SLIDE-ID follow its current source (repeatable).
    #[arg(long, value_name = "SLIDE-ID", conflicts_with = "all")]
    pub accept: Vec<String>,
    /// Record that every translated slide follows its current source.
    #[arg(long)]
    pub all: bool,
    /// Absolute URL the site is published at (checked like in `build`).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Also measure every slide of every language in headless Chromium at 1280x720 and
    /// 1920x1080: overflow, margins, clipping, small text, split words, short last lines.
    #[arg(long)]
    pub layout: bool,
    /// Browser for `--layout` (else $CHROME, else chromium & co. on PATH).
    #[arg(long, requires = "layout")]
    pub chrome: Option<PathBuf>,
    /// Time limit in seconds for each `--layout` step (launch, load and measure one page).
    #[arg(long, default_value_t = 60, requires = "layout")]
    pub timeout: u64,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

impl CheckArgs {
    pub fn options(&self) -> kumo_deck::check::CheckOptions {
        use kumo_deck::check::translations::Accept;
        kumo_deck::check::CheckOptions {
            build: kumo_deck::BuildOptions {
                base_url: self.base_url.clone(),
                ..Default::default()
            },
            accept: match (self.all, self.accept.is_empty()) {
                (true, _) => Some(Accept::All),
                (false, false) => Some(Accept::Ids(self.accept.clone())),
                (false, true) => None,
            },
            today: Some(kumo_deck::check::today()),
            layout: self
                .layout
                .then(|| kumo_deck::check::layout::LayoutOptions {
                    chrome: self.chrome.clone(),
                    timeout: std::time::Duration::from_secs(self.timeout.max(1)),
                }),
        }
    }
}

/// Flags of `serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on. Anything but loopback shows your drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the deck in the desktop's browser.
    #[arg(long)]
    pub open: bool,
    /// Poll files for changes instead of OS file events (network mounts, some containers).
    #[arg(long)]
    pub poll: bool,
}

impl ServeArgs {
    pub fn options(&self) -> kumo_deck::serve::ServeOptions {
        kumo_deck::serve::ServeOptions {
            bind: self.bind,
            port: self.port,
            poll: self.poll,
            ..Default::default()
        }
    }
}
