//! Watching the project: notify (inotify, FSEvents, …) with a polling fallback, editor temp
//! files filtered out, and bursts of events batched into one rebuild after a quiet period.
//!
//! Folders are watched, never single files, so atomic saves (write a temp file, rename it
//! over the original), deletes and re-creates are all seen. The root is watched without
//! recursion (for `deck.toml` and for source folders appearing or being renamed), the source
//! folders recursively.

use super::filter::{git_busy, is_relevant};
use super::session::Session;
use notify::event::{AccessKind, AccessMode};
use notify::{Config, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The source folders, watched recursively.
pub(crate) const SOURCE_DIRS: [&str; 4] = ["content", "templates", "themes", "data"];
/// A batch is built at the latest this long after its first event, even if events go on.
const MAX_BATCH: Duration = Duration::from_secs(2);
/// How long a batch waits for git to release its index lock at most.
const MAX_GIT_WAIT: Duration = Duration::from_secs(10);
const POLL_INTERVAL: Duration = Duration::from_millis(500);

enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// The watching thread; `stop` ends it.
pub(crate) struct Watch {
    tx: Sender<Msg>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Start watching `session.root()` (canonical). `poll` forces the polling watcher.
    pub(crate) fn start(
        session: Arc<Session>,
        debounce: Duration,
        poll: bool,
    ) -> std::io::Result<Watch> {
        let (tx, rx) = mpsc::channel();
        let mut watcher = Watchers::new(session.root().to_path_buf(), tx.clone(), poll);
        watcher.sync(&BTreeSet::new(), &session.read_set());
        let thread = thread::Builder::new()
            .name("kumo-serve-watch".into())
            .spawn(move || watch_loop(&session, &mut watcher, &rx, debounce))?;
        Ok(Watch {
            tx,
            thread: Some(thread),
        })
    }

    pub(crate) fn stop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop();
    }
}

fn watch_loop(session: &Session, watcher: &mut Watchers, rx: &Receiver<Msg>, debounce: Duration) {
    let mut read = session.read_set();
    loop {
        let mut batch = Batch::default();
        match rx.recv() {
            Ok(Msg::Fs(ev)) => batch.add(ev, watcher, &read),
            Ok(Msg::Stop) | Err(_) => return,
        };
        if batch.is_empty() {
            continue;
        }
        if !collect(&mut batch, rx, watcher, &read, debounce) {
            return;
        }
        if batch.limit_hit {
            watcher.fall_back_to_polling("the OS limit on watched folders was reached");
        }
        // Watch re-created folders before building: whatever changes in them from now on is
        // seen, and what changed before is in the build.
        watcher.sync(&batch.rewatch, &read);
        let changed: Vec<PathBuf> = batch.paths.into_iter().collect();
        session.rebuild(&changed);
        read = session.read_set();
        watcher.sync(&BTreeSet::new(), &read);
    }
}

/// Add events to `batch` until none relevant came for `debounce` (at most `MAX_BATCH`, or
/// `MAX_GIT_WAIT` while git holds its index lock). False when the watcher is stopping.
fn collect(
    batch: &mut Batch,
    rx: &Receiver<Msg>,
    watcher: &Watchers,
    read: &BTreeSet<PathBuf>,
    debounce: Duration,
) -> bool {
    let started = Instant::now();
    let mut quiet_until = started + debounce;
    loop {
        let now = Instant::now();
        if now >= quiet_until.min(started + MAX_BATCH) {
            // A checkout or rebase rewrites the tree under git's index lock: building now would
            // build a half-applied tree.
            if !(git_busy(&watcher.root) && now < started + MAX_GIT_WAIT) {
                return true;
            }
            quiet_until = now + debounce;
        }
        let until = match git_busy(&watcher.root) {
            true => quiet_until,
            false => quiet_until.min(started + MAX_BATCH),
        };
        match rx.recv_timeout(until.saturating_duration_since(now)) {
            Ok(Msg::Fs(ev)) => {
                if batch.add(ev, watcher, read) {
                    quiet_until = Instant::now() + debounce;
                }
            }
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

/// The relevant changes of one burst.
#[derive(Default)]
struct Batch {
    paths: BTreeSet<PathBuf>,
    /// Source folders created, removed or renamed: watch them afresh.
    rewatch: BTreeSet<PathBuf>,
    /// The kernel dropped events (queue overflow): rebuild whatever the paths say.
    rescan: bool,
    limit_hit: bool,
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan && !self.limit_hit
    }

    /// Add an event; true when it is relevant (and so extends the quiet period).
    fn add(
        &mut self,
        ev: notify::Result<notify::Event>,
        w: &Watchers,
        read: &BTreeSet<PathBuf>,
    ) -> bool {
        let ev = match ev {
            Ok(ev) => ev,
            Err(e) => {
                if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                    self.limit_hit = true;
                    return true;
                }
                crate::eoutln!("warning: file watching: {e}");
                return false;
            }
        };
        if ev.need_rescan() {
            self.rescan = true;
            return true;
        }
        if !counts(&ev.kind) {
            return false;
        }
        let mut relevant = false;
        for p in &ev.paths {
            let Some(rel) = w.relative(p) else { continue };
            if SOURCE_DIRS.iter().any(|d| rel == Path::new(d)) {
                self.rewatch.insert(rel.clone());
            }
            if is_relevant(&rel, read) {
                self.paths.insert(rel);
                relevant = true;
            }
        }
        relevant
    }
}

/// Event kinds that can change what a build reads. Opening or reading a file (our own build
/// does both) changes nothing; closing a file written to does.
fn counts(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The OS watcher (or the polling one) and what it watches.
struct Watchers {
    root: PathBuf,
    tx: Sender<Msg>,
    inner: Box<dyn Watcher + Send>,
    polling: bool,
    /// Absolute path -> recursive?
    watched: BTreeMap<PathBuf, bool>,
}

impl Watchers {
    fn new(root: PathBuf, tx: Sender<Msg>, poll: bool) -> Watchers {
        let (inner, polling) = match poll {
            true => (poll_watcher(&tx), true),
            false => match native_watcher(&tx) {
                Ok(w) => (w, false),
                Err(e) => {
                    crate::eoutln!("{}", polling_message(&e.to_string()));
                    (poll_watcher(&tx), true)
                }
            },
        };
        Watchers {
            root,
            tx,
            inner,
            polling,
            watched: BTreeMap::new(),
        }
    }

    fn relative(&self, p: &Path) -> Option<PathBuf> {
        p.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// Watch what should be watched now: the root, each existing source folder (afresh for
    /// those in `rewatch`), and the folders of files the build read outside them.
    fn sync(&mut self, rewatch: &BTreeSet<PathBuf>, read: &BTreeSet<PathBuf>) {
        let mut want: BTreeMap<PathBuf, bool> = BTreeMap::new();
        want.insert(self.root.clone(), false);
        for d in SOURCE_DIRS {
            want.insert(self.root.join(d), true);
        }
        for r in read {
            let under_source = SOURCE_DIRS.iter().any(|d| r.starts_with(d));
            match r.parent() {
                Some(p) if !under_source && !p.as_os_str().is_empty() => {
                    want.entry(self.root.join(p)).or_insert(false);
                }
                _ => {}
            }
        }
        for (path, recursive) in want {
            let fresh = rewatch.iter().any(|r| self.root.join(r) == path);
            if let Err(e) = self.ensure(&path, recursive, fresh) {
                if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) && !self.polling {
                    self.fall_back_to_polling("the OS limit on watched folders was reached");
                    return;
                }
            }
        }
    }

    fn ensure(&mut self, path: &Path, recursive: bool, fresh: bool) -> notify::Result<()> {
        if !path.is_dir() {
            if self.watched.remove(path).is_some() {
                let _ = self.inner.unwatch(path);
            }
            return Ok(());
        }
        if self.watched.contains_key(path) && !fresh {
            return Ok(());
        }
        if self.watched.remove(path).is_some() {
            let _ = self.inner.unwatch(path);
        }
        let mode = match recursive {
            true => RecursiveMode::Recursive,
            false => RecursiveMode::NonRecursive,
        };
        self.inner.watch(path, mode)?;
        self.watched.insert(path.to_path_buf(), recursive);
        Ok(())
    }

    /// Replace the OS watcher by the polling one and watch everything again.
    fn fall_back_to_polling(&mut self, why: &str) {
        if self.polling {
            return;
        }
        crate::eoutln!("{}", polling_message(why));
        self.inner = poll_watcher(&self.tx);
        self.polling = true;
        let watched = std::mem::take(&mut self.watched);
        for (path, recursive) in watched {
            let _ = self.ensure(&path, recursive, true);
        }
    }
}

fn native_watcher(tx: &Sender<Msg>) -> notify::Result<Box<dyn Watcher + Send>> {
    let tx = tx.clone();
    let handler = move |ev| {
        let _ = tx.send(Msg::Fs(ev));
    };
    let config = Config::default().with_follow_symlinks(false);
    Ok(Box::new(RecommendedWatcher::new(handler, config)?))
}

fn poll_watcher(tx: &Sender<Msg>) -> Box<dyn Watcher + Send> {
    let tx = tx.clone();
    let handler = move |ev| {
        let _ = tx.send(Msg::Fs(ev));
    };
    // notify's poller keeps modification times in whole seconds: without comparing contents,
    // a second save within the same second would go unseen.
    let config = Config::default()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(true)
        .with_follow_symlinks(false);
    // PollWatcher::new only starts a thread; it does not fail in practice.
    match PollWatcher::new(handler, config) {
        Ok(w) => Box::new(w),
        Err(e) => {
            crate::eoutln!("warning: cannot watch files at all ({e}); edits will not rebuild");
            Box::new(notify::NullWatcher)
        }
    }
}

fn polling_message(why: &str) -> String {
    format!(
        "warning: cannot use OS file events ({why}); checking files every {} ms instead.\n  \
= hint: on Linux, raise the limit: sudo sysctl fs.inotify.max_user_watches=524288 \
(and fs.inotify.max_user_instances=1024)",
        POLL_INTERVAL.as_millis()
    )
}
