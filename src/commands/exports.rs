//! The exports of one command's build (PDFs, pptx files): planned before the pages are
//! rendered, so the pages link exactly the files the output will hold. A command plans the
//! exports it makes; the previous output's exports that were made from this same deck (the
//! marker records the source digest of the build they were made from) are kept, and linked.
//! Those of an earlier version of the deck are dropped: a stale export is never published.

use super::{Failed, Say, Written};
use crate::config::{BuildOptions, Config};
use crate::output::{self, Printed};
use crate::pipeline::BuildOutput;
use crate::render_cache::RenderCache;
use crate::site::Site;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One build's exports: those kept from the previous output, and the new ones being made.
#[derive(Debug, Default)]
pub(crate) struct Exports {
    /// Earlier exports of the same deck (site path -> bytes), not made again by this command.
    kept: BTreeMap<String, Vec<u8>>,
    /// The exports this command makes (site paths), and those already filled in.
    new: BTreeSet<String>,
    filled: BTreeSet<String>,
    /// Earlier exports of another version of the deck, left out.
    stale: Vec<String>,
    source: String,
}

impl Exports {
    /// Build with the pages linking the command's new exports (`fresh`, from the configuration)
    /// and the kept ones; then tell the build's diagnostics and what was left out.
    pub(crate) fn build(
        &mut self,
        root: &Path,
        opts: &BuildOptions,
        out_dir: &Path,
        say: &mut dyn FnMut(Say<'_>),
        fresh: impl Fn(&Config) -> Vec<String>,
    ) -> BuildOutput {
        let mut plan = |config: &Config, source: &str| {
            self.new = fresh(config).into_iter().collect();
            self.keep_earlier(out_dir, source);
            self.source = source.to_string();
            self.planned()
        };
        let cache = &mut RenderCache::one_shot();
        let built = crate::pipeline::build_planned(root, opts, cache, &mut plan);
        say(Say::Built(&built.diagnostics));
        if !self.stale.is_empty() {
            say(Say::Note(format!(
                "the exports in {} ({}) were printed from an earlier version of the deck and \
                 are left out; run `kumo-deck pdf` or `kumo-deck pptx` to make them again",
                out_dir.display(),
                self.stale.join(", ")
            )));
        }
        built
    }

    /// Every export the pages link.
    fn planned(&self) -> BTreeSet<String> {
        self.new.iter().chain(self.kept.keys()).cloned().collect()
    }

    /// Read the previous output's exports made from the build whose digest is `source`.
    fn keep_earlier(&mut self, out_dir: &Path, source: &str) {
        let Some(earlier) = output::printed(out_dir) else {
            return;
        };
        for f in earlier.exports {
            if self.new.contains(&f) {
                continue;
            }
            if earlier.source != source {
                self.stale.push(f);
            } else if let Ok(bytes) = crate::source::read_regular(&out_dir.join(&f)) {
                self.kept.insert(f, bytes);
            }
        }
    }

    /// Earlier exports kept (site paths).
    pub(crate) fn kept(&self) -> Vec<String> {
        self.kept.keys().cloned().collect()
    }

    /// Put a new export's bytes into its slot of `site`.
    pub(crate) fn fill(
        &mut self,
        site: &mut Site,
        path: &str,
        bytes: Vec<u8>,
    ) -> Result<(), Failed> {
        if !self.new.contains(path) {
            return Err(crate::diag::Diagnostic::error(format!(
                "{path} was made but not planned, so no page links it"
            ))
            .into());
        }
        site.insert(path, bytes);
        self.filled.insert(path.to_string());
        Ok(())
    }

    /// Fill the kept exports' slots and write `site` to `out_dir`, recording the exports in
    /// its marker. Fails, writing nothing, when a planned export was not made.
    pub(crate) fn write(
        self,
        mut site: Site,
        build: BuildOutput,
        out_dir: PathBuf,
    ) -> Result<Written, Failed> {
        if let Some(missing) = self.new.difference(&self.filled).next() {
            let e = format!(
                "{missing} was planned but not made; {} left unchanged",
                out_dir.display()
            );
            return Err(crate::diag::Diagnostic::error(e).into());
        }
        let exports = self.planned();
        for (path, bytes) in self.kept {
            site.insert(path, bytes);
        }
        let printed = (!exports.is_empty()).then(|| Printed {
            source: self.source,
            exports: exports.into_iter().collect(),
        });
        output::write_printed(&site, &out_dir, printed.as_ref())?;
        Ok(Written {
            out_dir,
            build,
            site,
        })
    }
}
