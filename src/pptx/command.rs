//! The `pptx` command: build, export from the build's model, then build again with the files
//! attached (so the pages link them) and write the output once, atomically. PDFs already in the
//! output that were printed from this same deck are kept, and recorded with the new files.

use super::{export, Exported, PptxOptions};
use crate::config::BuildOptions;
use crate::diag::Diagnostic;
use crate::output::{self, Printed};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Add to `attachments` the exports recorded in `out_dir`'s marker when they were made from the
/// site whose digest is `source` (and are not replaced by a fresh one); returns their paths.
/// `pdf` and `pptx` each keep the other's files this way.
pub fn keep_earlier(
    out_dir: &Path,
    source: &str,
    attachments: &mut BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut kept = Vec::new();
    let Some(earlier) = output::printed(out_dir).filter(|p| p.source == source) else {
        return kept;
    };
    for f in earlier.pdfs {
        if attachments.contains_key(&f) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(out_dir.join(&f)) {
            attachments.insert(f.clone(), bytes);
            kept.push(f);
        }
    }
    kept
}

/// What `run` did.
#[derive(Debug)]
pub struct Report {
    pub out_dir: PathBuf,
    pub exported: Vec<Exported>,
    /// Earlier exports of the same deck that were kept (`ja/deck.pdf`).
    pub kept: Vec<String>,
}

/// Export into the output folder of `opts` (default `<root>/dist`). Build diagnostics (warnings
/// included) come back in the error, or are printed by the caller from `diagnostics`.
pub fn run(
    root: &Path,
    build: &BuildOptions,
    opts: &PptxOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Report, Diagnostic> {
    let out_dir = build.out.clone().unwrap_or_else(|| root.join("dist"));
    output::check_out_dir(root, &out_dir, build.force)?;
    let result = crate::build(root, build);
    diagnostics.extend(result.diagnostics.0.iter().cloned());
    let (Some(site), Some(config)) = (result.site, result.config) else {
        return Err(Diagnostic::error("build failed; no pptx written"));
    };
    let source = site.digest();
    let exported = export(&result.languages, &site, &config, opts)?;
    let mut with = build.clone();
    for e in &exported {
        with.attachments.insert(e.path.clone(), e.bytes.clone());
    }
    let kept = keep_earlier(&out_dir, &source, &mut with.attachments);
    let again = crate::build(root, &with);
    let Some(site) = again.site else {
        diagnostics.extend(again.diagnostics.0.iter().cloned());
        return Err(Diagnostic::error(
            "the build with the pptx files attached failed",
        ));
    };
    let printed = Printed {
        source,
        pdfs: with.attachments.keys().cloned().collect(),
    };
    output::write_printed(&site, &out_dir, Some(&printed))?;
    Ok(Report {
        out_dir,
        exported,
        kept,
    })
}
