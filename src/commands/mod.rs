//! The commands that build and write an output folder: `build`, `pdf` and `pptx`. Each runs
//! one build whose pages link the exports planned for it ([`exports`]), fills the slots of
//! those exports once they are made, and writes the output once, atomically: a failed command
//! leaves the previous output as it was. `main.rs` parses arguments and prints what these say
//! and return.

pub(crate) mod exports;
mod print;

use crate::config::BuildOptions;
use crate::diag::{Diagnostic, Diagnostics};
use crate::pipeline::BuildOutput;
use crate::site::Site;
use exports::Exports;
use std::path::{Path, PathBuf};

pub use print::{pdf, pptx, PdfDone, PptxDone};

/// What a command tells as it goes.
pub enum Say<'a> {
    /// The build's diagnostics (warnings on success), as soon as the build is done.
    Built(&'a Diagnostics),
    /// Worth knowing, never a failure (earlier PDFs left out).
    Note(String),
    /// `pdf`'s progress.
    Pdf(crate::pdf::Progress<'a>),
}

/// Why a command failed: what to print, and, when a signal stopped it, which.
#[derive(Debug, Default)]
pub struct Failed {
    /// The located errors and warnings to print, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// A last line after the diagnostics ("build failed with 2 error(s); dist left unchanged").
    pub summary: Option<String>,
    /// The signal (`SIGINT`, `SIGTERM`) that stopped the command, for the exit status.
    pub signal: Option<i32>,
}

impl From<Diagnostic> for Failed {
    fn from(d: Diagnostic) -> Self {
        Failed {
            diagnostics: vec![d],
            ..Failed::default()
        }
    }
}

/// A written output folder.
pub struct Written {
    /// The folder the site was written to.
    pub out_dir: PathBuf,
    /// The build (its site moved into `site`).
    pub build: BuildOutput,
    /// The site as written, exports included.
    pub site: Site,
}

/// `build`: build the project at `root` and write it to the output folder, keeping the exports
/// of the previous output that were made from this same deck (and linking them).
pub fn build(
    root: &Path,
    opts: &BuildOptions,
    say: &mut dyn FnMut(Say<'_>),
) -> Result<Written, Failed> {
    let out_dir = out_dir(root, opts)?;
    let mut exports = Exports::default();
    let mut built = exports.build(root, opts, &out_dir, say, |_| Vec::new());
    let (site, _) = built_site(&mut built, &out_dir, "nothing written")?;
    exports.write(site, built, out_dir)
}

/// The output folder of `opts`, checked to be one a build may replace.
fn out_dir(root: &Path, opts: &BuildOptions) -> Result<PathBuf, Failed> {
    let out_dir = opts.out.clone().unwrap_or_else(|| root.join("dist"));
    crate::output::check_out_dir(root, &out_dir, opts.force)?;
    Ok(out_dir)
}

/// The site of a build and its configuration; or a failure saying what was not made (`what`)
/// and that the output was kept.
fn built_site(
    built: &mut BuildOutput,
    out_dir: &Path,
    what: &str,
) -> Result<(Site, crate::config::Config), Failed> {
    match (built.site.take(), built.config.clone()) {
        (Some(site), Some(config)) => Ok((site, config)),
        _ => Err(Failed {
            summary: Some(format!(
                "build failed with {} error(s); {what}, {} left unchanged",
                built.diagnostics.errors().count(),
                out_dir.display()
            )),
            ..Failed::default()
        }),
    }
}
