//! `pdf`: print each language's deck page through a real headless Chromium into
//! `<out>/<lang>/<name>.pdf` (one 16:9 page per slide, outline, links, embedded fonts, metadata).
//!
//! The site is served from memory on a loopback port ([`SiteServer`]); the browser is the system's
//! ([`browser`], never downloaded), driven over its DevTools pipe ([`cdp`]); every request outside
//! the site is blocked. Each step (launch, load, fonts, print) has its own time limit.

pub mod browser;
pub(crate) mod cdp;
mod fonts;
pub(crate) mod meta;
pub(crate) mod page;
mod signals;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::serve::SiteServer;
use crate::site::Site;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use page::Stage;
pub use signals::received as interrupted_by;

/// What to print, and how.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Languages to print; empty means every configured language.
    pub langs: Vec<String>,
    /// Browser executable (else `$CHROME`, else the usual names on `PATH`).
    pub chrome: Option<PathBuf>,
    /// Limit for each step (launch, load, fonts, print).
    pub timeout: Duration,
    /// Also print `<lang>/presenter.html` (slides with speaker notes) to `<name>-handout.pdf`.
    pub handout: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            langs: Vec::new(),
            chrome: None,
            timeout: Duration::from_secs(30),
            handout: false,
        }
    }
}

/// One written PDF.
#[derive(Debug, Clone)]
pub struct Printed {
    /// The deck's language code.
    pub lang: String,
    /// Where the PDF is, in the output folder.
    pub path: PathBuf,
    /// Pages in the PDF (one per slide when the print layout holds).
    pub pages: usize,
    /// Slides in the deck.
    pub slides: usize,
    /// Size of the PDF in bytes.
    pub bytes: usize,
    /// Printed anyway, but worth telling (blocked requests, failed fonts, page count).
    pub warnings: Vec<String>,
}

/// Progress, reported as it happens.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The browser at this path is starting.
    Launching(&'a Path),
    /// A language's page reached a stage.
    Step(&'a str, Stage),
    /// A PDF is done.
    Written(&'a Printed),
}

impl fmt::Display for Progress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Progress::Launching(exe) => write!(f, "launching {}", exe.display()),
            Progress::Step(lang, Stage::Load) => write!(f, "[{lang}] loading"),
            Progress::Step(lang, Stage::Fonts) => {
                write!(f, "[{lang}] waiting for fonts and images")
            }
            Progress::Step(lang, Stage::Print) => write!(f, "[{lang}] printing"),
            Progress::Written(p) => write!(
                f,
                "[{}] wrote {} ({} pages, {:.1} KiB)",
                p.lang,
                p.path.display(),
                p.pages,
                p.bytes as f64 / 1024.0
            ),
        }
    }
}

/// Print the built `site` (already written to `out_dir`) to `out_dir/<lang>/<config.name>.pdf`.
pub fn print_site(
    site: &Site,
    config: &Config,
    out_dir: &Path,
    opts: &PdfOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<Printed>, Diagnostic> {
    let langs = languages(site, config, opts)?;
    let exe = browser::find(opts.chrome.as_deref())?;
    let server = SiteServer::start(Arc::new(site.clone()))?;
    progress(Progress::Launching(&exe));
    let mut browser = browser::launch(&exe, opts.timeout)?;
    let origin = server.origin();
    let mut done = Vec::new();
    for lang in &langs {
        let mut kinds = vec![Kind::Deck];
        if opts.handout && site.get(&Kind::Handout.page(lang)).is_some() {
            kinds.push(Kind::Handout);
        }
        for kind in kinds {
            let target = Target {
                lang,
                kind,
                origin: &origin,
            };
            let p = print_one(&mut browser, &target, config, out_dir, opts, progress)?;
            progress(Progress::Written(&p));
            done.push(p);
        }
    }
    drop(browser);
    Ok(done)
}

/// The site paths `print_site` writes for `config` and `opts` (`ja/deck.pdf`, and with
/// `handout` `ja/deck-handout.pdf`): planned before the build renders its pages, so the pages
/// link the PDFs that will be beside them.
pub fn planned(config: &Config, opts: &PdfOptions) -> Vec<String> {
    let langs = if opts.langs.is_empty() {
        &config.languages
    } else {
        &opts.langs
    };
    let kinds: &[Kind] = if opts.handout {
        &[Kind::Deck, Kind::Handout]
    } else {
        &[Kind::Deck]
    };
    langs
        .iter()
        .flat_map(|l| {
            kinds
                .iter()
                .map(move |k| format!("{l}/{}", k.file(&config.name)))
        })
        .collect()
}

/// What is printed: the deck (one 16:9 page per slide) or the handout (the presenter page:
/// each slide with its speaker notes, on A4 through the theme's print stylesheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Deck,
    Handout,
}

impl Kind {
    fn page(self, lang: &str) -> String {
        match self {
            Kind::Deck => format!("{lang}/index.html"),
            Kind::Handout => format!("{lang}/presenter.html"),
        }
    }

    fn file(self, name: &str) -> String {
        match self {
            Kind::Deck => format!("{name}.pdf"),
            Kind::Handout => format!("{name}-handout.pdf"),
        }
    }
}

struct Target<'a> {
    lang: &'a str,
    kind: Kind,
    origin: &'a str,
}

/// Print one page of one language, add the metadata, write it next to the page.
fn print_one(
    browser: &mut browser::Browser,
    t: &Target,
    config: &Config,
    out_dir: &Path,
    opts: &PdfOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Printed, Diagnostic> {
    let path = t.kind.page(t.lang);
    let job = page::Job {
        origin: t.origin,
        path: &path,
        timeout: opts.timeout,
    };
    let label = match t.kind {
        Kind::Deck => t.lang.to_string(),
        Kind::Handout => format!("{} handout", t.lang),
    };
    let printed = page::print(&mut browser.cdp, &job, &mut |s| {
        progress(Progress::Step(&label, s))
    })?;
    let meta = meta::Metadata {
        title: config.title.get(t.lang).cloned().unwrap_or_default(),
        author: config.author.clone(),
    };
    let mut warnings = printed.warnings;
    let pdf = meta::finish(&printed.pdf, &meta).unwrap_or_else(|why| {
        warnings.push(format!("title and author not set: {why}"));
        printed.pdf
    });
    let file = out_dir.join(t.lang).join(t.kind.file(&config.name));
    write_atomic(&file, &pdf)?;
    let pages = meta::page_count(&pdf);
    let slides = printed.titles.len();
    if t.kind == Kind::Deck && pages != slides {
        warnings.push(format!(
            "{pages} pages for {slides} slides: the print stylesheet splits or drops slides"
        ));
    }
    Ok(Printed {
        lang: t.lang.to_string(),
        path: file,
        pages,
        slides,
        bytes: pdf.len(),
        warnings,
    })
}

/// The languages to print, each checked against the configuration and the site.
fn languages(site: &Site, config: &Config, opts: &PdfOptions) -> Result<Vec<String>, Diagnostic> {
    let langs = if opts.langs.is_empty() {
        config.languages.clone()
    } else {
        opts.langs.clone()
    };
    for l in &langs {
        if !config.languages.contains(l) {
            return Err(Diagnostic::error(format!(
                "`--lang {l}`: the deck has no language `{l}` (it has {})",
                config.languages.join(", ")
            )));
        }
        if site.get(&format!("{l}/index.html")).is_none() {
            return Err(Diagnostic::error(format!(
                "the built site has no {l}/index.html"
            )));
        }
    }
    Ok(langs)
}

/// Write `bytes` to `path` through a temporary sibling and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let err = |p: &Path, e: std::io::Error| {
        Diagnostic::error(format!("cannot write {}: {e}", p.display()))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(path, e)
    })
}
