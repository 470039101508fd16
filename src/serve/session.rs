//! Session: one serve run's state (the last good site, the last error, the build id), the
//! build-and-publish step every rebuild goes through, and the hub of live-reload listeners.

use super::diff::{self, Change};
use crate::config::BuildOptions;
use crate::diag::{Diagnostic, JsonDiagnostic};
use crate::render_cache::RenderCache;
use crate::site::Site;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// What the server serves at one moment; swapped whole, never edited in place.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// The last good build (`None` until one succeeds).
    pub site: Option<Arc<Site>>,
    /// The error of the latest build, when it failed.
    pub error: Option<Arc<ErrorReport>>,
    /// Changes with every published site and differs between server runs.
    pub build_id: String,
    /// Languages of the last good build, in configured order.
    pub langs: Vec<String>,
}

/// A failed build as the browser overlay and `/__kumo/error` show it.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorReport {
    /// The build id still being served.
    pub build: String,
    /// The errors, in the shape `check --format json` prints too.
    pub errors: Vec<JsonDiagnostic>,
    /// The terminal rendering (source line and caret).
    pub rendered: String,
}

/// One serve run: builds with `crate::build`, keeps the last good site, tells listeners.
pub(crate) struct Session {
    root: PathBuf,
    opts: BuildOptions,
    /// Random per run: build ids of two runs never collide.
    nonce: String,
    /// Random per run: the live-reload endpoint's key, carried by the injected script.
    token: String,
    generation: AtomicU64,
    rebuilds: AtomicU64,
    state: RwLock<Arc<Snapshot>>,
    read: Mutex<BTreeSet<PathBuf>>,
    /// Slides rendered by earlier builds, by content hash: an edit re-renders what it touched.
    cache: Mutex<RenderCache>,
    listeners: Mutex<Vec<Sender<Arc<str>>>>,
}

impl Session {
    pub(crate) fn new(root: PathBuf, opts: BuildOptions) -> Result<Session, Diagnostic> {
        let nonce = random_hex(4)?;
        Ok(Session {
            root,
            opts,
            token: random_hex(16)?,
            state: RwLock::new(Arc::new(Snapshot {
                build_id: format!("{nonce}-0"),
                ..Snapshot::default()
            })),
            nonce,
            generation: AtomicU64::new(0),
            rebuilds: AtomicU64::new(0),
            read: Mutex::new(BTreeSet::new()),
            cache: Mutex::new(RenderCache::default()),
            listeners: Mutex::new(Vec::new()),
        })
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.state.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Files the last build read, relative to the root.
    pub(crate) fn read_set(&self) -> BTreeSet<PathBuf> {
        self.read.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Rebuilds run after file changes (the first build is not counted).
    pub(crate) fn rebuild_count(&self) -> u64 {
        self.rebuilds.load(Ordering::SeqCst)
    }

    /// The first build, before the server accepts requests.
    pub(crate) fn initial_build(&self) {
        self.build_and_publish(None);
    }

    /// Rebuild after `changed` (paths relative to the root) and tell the listeners.
    pub(crate) fn rebuild(&self, changed: &[PathBuf]) {
        self.build_and_publish(Some(changed));
        self.rebuilds.fetch_add(1, Ordering::SeqCst);
    }

    fn build_and_publish(&self, changed: Option<&[PathBuf]>) {
        let start = Instant::now();
        let out = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            crate::pipeline::build_with_cache(&self.root, &self.opts, &mut cache)
        };
        *self.read.lock().unwrap_or_else(|e| e.into_inner()) = out.read;
        crate::eout!("{}", out.diagnostics.render_all());
        let langs = out
            .config
            .map(|c| c.languages)
            .unwrap_or_else(|| self.snapshot().langs.clone());
        let what = changed.map(describe).unwrap_or_default();
        let ms = start.elapsed().as_millis();
        match out.site {
            Some(site) => {
                let result = self.publish(site, langs, changed);
                match changed {
                    Some(_) => crate::outln!(
                        "rebuilt in {ms} ms{what}: {result} ({} rendered, {} page(s) reused)",
                        plural(out.rendered, "slide"),
                        out.pages_reused
                    ),
                    None => crate::outln!("built in {ms} ms"),
                }
            }
            None => {
                let n = out.diagnostics.errors().count();
                self.publish_error(&out.diagnostics.0);
                let keep = match self.snapshot().site {
                    Some(_) => "still serving the last good build",
                    None => "serving an error page until a build succeeds",
                };
                crate::outln!("build failed in {ms} ms{what}: {n} error(s); {keep}");
            }
        }
    }

    /// Swap in a good site, then (only then) tell the listeners.
    fn publish(&self, site: Site, langs: Vec<String>, changed: Option<&[PathBuf]>) -> &'static str {
        let old = self.snapshot();
        let change = match (&old.site, &old.error, changed) {
            (Some(prev), None, Some(changed)) => diff::classify(prev, &site, changed),
            _ => Change::Reload,
        };
        if change == Change::Unchanged {
            return "output unchanged";
        }
        let build_id = self.next_build_id();
        let message = match &change {
            Change::Css(swaps) => sse(
                "css",
                &CssEvent {
                    build: &build_id,
                    swaps,
                },
            ),
            _ => sse("reload", &BuildEvent { build: &build_id }),
        };
        self.swap(Snapshot {
            site: Some(Arc::new(site)),
            error: None,
            build_id,
            langs,
        });
        self.broadcast(&message);
        match change {
            Change::Css(_) => "stylesheets swapped",
            _ => "reload",
        }
    }

    /// Keep the last good site, record the error and push it to the listeners.
    fn publish_error(&self, diagnostics: &[Diagnostic]) {
        let old = self.snapshot();
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
        let report = Arc::new(ErrorReport {
            build: old.build_id.clone(),
            errors: errors.iter().map(|d| JsonDiagnostic::from(*d)).collect(),
            rendered: errors.iter().map(|d| d.render()).collect(),
        });
        let message = sse("error", &*report);
        self.swap(Snapshot {
            site: old.site.clone(),
            error: Some(report),
            build_id: old.build_id.clone(),
            langs: old.langs.clone(),
        });
        self.broadcast(&message);
    }

    fn next_build_id(&self) -> String {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        format!("{}-{generation}", self.nonce)
    }

    fn swap(&self, snapshot: Snapshot) {
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }

    /// Register a live-reload listener. The first messages describe the current state, read
    /// after registering, so no publish can fall between them and the stream.
    pub(crate) fn subscribe(&self) -> (Vec<String>, Receiver<Arc<str>>) {
        let (tx, rx) = mpsc::channel();
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        let snap = self.snapshot();
        let mut first = vec![sse(
            "hello",
            &BuildEvent {
                build: &snap.build_id,
            },
        )];
        if let Some(report) = &snap.error {
            first.push(sse("error", &**report));
        }
        (first, rx)
    }

    fn broadcast(&self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain(|tx| tx.send(Arc::clone(&message)).is_ok());
    }

    /// Drop every listener: their streams end and their connections close.
    pub(crate) fn close_listeners(&self) {
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[derive(Serialize)]
struct BuildEvent<'a> {
    build: &'a str,
}

#[derive(Serialize)]
struct CssEvent<'a> {
    build: &'a str,
    /// `[old site path, new site path]` per changed stylesheet.
    swaps: &'a [(String, String)],
}

/// One server-sent event; JSON has no raw newlines, so `data:` stays one line.
fn sse(event: &str, data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".into());
    format!("event: {event}\ndata: {json}\n\n")
}

/// ` (content/en/a.md)` or ` (3 files: a, b, …)` for the terminal line.
fn plural(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

fn describe(changed: &[PathBuf]) -> String {
    let names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    match changed.len() {
        0 => String::new(),
        1 => format!(" ({})", names[0]),
        n if n <= 3 => format!(" ({n} files: {})", names.join(", ")),
        n => format!(" ({n} files: {}, …)", names.join(", ")),
    }
}

fn random_hex(bytes: usize) -> Result<String, Diagnostic> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| Diagnostic::error(format!("cannot get random bytes for the session: {e}")))?;
    Ok(crate::util::hex::encode(&buf))
}
