//! `pdf` and `pptx`: one build whose pages link the files about to be made, the files made
//! from that build (printed by Chromium from its site, or exported from its model), put into
//! their slots, and the output written once.

use super::exports::Exports;
use super::{built_site, out_dir, Failed, Say, Written};
use crate::config::BuildOptions;
use crate::pdf::PdfOptions;
use crate::pptx::{Exported, PptxOptions};
use std::path::{Path, PathBuf};

/// What `pdf` did.
pub struct PdfDone {
    /// The output folder, written once with the PDFs in it.
    pub written: Written,
    /// Each PDF printed, its `path` in the output folder.
    pub printed: Vec<crate::pdf::Printed>,
}

/// `pdf`: build, print every chosen language's deck with the system Chromium into a scratch
/// folder beside the output, put the PDFs into the site and write it.
pub fn pdf(
    root: &Path,
    opts: &BuildOptions,
    pdf: &PdfOptions,
    say: &mut dyn FnMut(Say<'_>),
) -> Result<PdfDone, Failed> {
    let out_dir = out_dir(root, opts)?;
    let mut exports = Exports::default();
    let mut built = exports.build(root, opts, &out_dir, say, |c| crate::pdf::planned(c, pdf));
    let (mut site, config) = built_site(&mut built, &out_dir, "no PDF printed")?;
    let scratch = scratch_dir(&out_dir);
    let printed = crate::pdf::print_site(&site, &config, &scratch, pdf, &mut |p| say(Say::Pdf(p)));
    let filled = printed.map_err(Failed::from).and_then(|done| {
        done.into_iter()
            .map(|p| {
                let rel = p
                    .path
                    .strip_prefix(&scratch)
                    .unwrap_or(&p.path)
                    .to_path_buf();
                let bytes = std::fs::read(&p.path).map_err(|e| {
                    crate::diag::Diagnostic::error(format!("cannot read {}: {e}", p.path.display()))
                })?;
                exports.fill(&mut site, &rel.to_string_lossy().replace('\\', "/"), bytes)?;
                let path = out_dir.join(rel);
                Ok(crate::pdf::Printed { path, ..p })
            })
            .collect::<Result<Vec<_>, Failed>>()
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let printed = filled.map_err(|f| Failed {
        signal: crate::pdf::interrupted_by(),
        ..f
    })?;
    let written = exports.write(site, built, out_dir)?;
    Ok(PdfDone { written, printed })
}

/// What `pptx` did.
pub struct PptxDone {
    /// The output folder, written once with the decks in it.
    pub written: Written,
    /// Each deck exported, one per language.
    pub exported: Vec<Exported>,
    /// Earlier exports of the same deck that were kept (`ja/deck.pdf`).
    pub kept: Vec<String>,
}

/// `pptx`: build, export every chosen language to PowerPoint from the build's model, put the
/// files into the site and write it.
pub fn pptx(
    root: &Path,
    opts: &BuildOptions,
    pptx: &PptxOptions,
    say: &mut dyn FnMut(Say<'_>),
) -> Result<PptxDone, Failed> {
    let out_dir = out_dir(root, opts)?;
    let mut exports = Exports::default();
    let mut built = exports.build(root, opts, &out_dir, say, |c| crate::pptx::planned(c, pptx));
    let (mut site, config) = built_site(&mut built, &out_dir, "no pptx written")?;
    let exported = crate::pptx::export(&built.languages, &site, &config, pptx)?;
    for e in &exported {
        exports.fill(&mut site, &e.path, e.bytes.clone())?;
    }
    let kept = exports.kept();
    let written = exports.write(site, built, out_dir)?;
    Ok(PptxDone {
        written,
        exported,
        kept,
    })
}

/// A fresh scratch folder beside `out_dir` (same file system, removed by the caller).
fn scratch_dir(out_dir: &Path) -> PathBuf {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "dist".into());
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.kumo-pdf-{}", std::process::id()))
}
