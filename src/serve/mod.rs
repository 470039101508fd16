//! `serve`: build in memory with [`crate::build`], serve the site over HTTP from memory, watch
//! the sources and rebuild, and tell the browser to reload (or swap stylesheets, or show the
//! error) over server-sent events. Nothing is written to `dist/`.
//!
//! [`Server::start`] runs all of it in the background (the tests use it directly);
//! [`run`] is the command: start, print the URLs, wait for Ctrl+C, stop. The same HTTP server
//! ([`http`], routed by [`routes`]) serves a fixed site to the browser `pdf` and
//! `check --layout` drive ([`SiteServer`]); it is the only server in the crate.

mod diff;
mod filter;
mod http;
pub use http::REQUEST_DEADLINE;
mod loopback;
pub use loopback::SiteServer;
mod pages;
pub(crate) mod path;
mod request;
mod routes;
mod session;
pub(crate) mod watch;

pub use session::ErrorReport;

use crate::config::BuildOptions;
use crate::diag::Diagnostic;
use http::{HttpServer, Listener};
use routes::Router;
use session::Session;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; loopback unless the author asks otherwise.
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one (see [`Server::addr`]).
    pub port: u16,
    /// How to build the site served (root, languages, base URL).
    pub build: BuildOptions,
    /// Quiet period that ends a burst of file events (one rebuild per burst). Editors finish a
    /// save (temp file, renames, backup) well within it; a longer git checkout is waited for.
    pub debounce: Duration,
    /// Poll the files instead of using OS file events (network mounts, some containers).
    pub poll: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            build: BuildOptions::default(),
            debounce: Duration::from_millis(50),
            poll: false,
        }
    }
}

/// A running server: HTTP, watcher and session. Stops on [`Server::stop`] or when dropped.
pub struct Server {
    session: Arc<Session>,
    http: HttpServer,
    watch: watch::Watch,
}

impl Server {
    /// Bind, start watching, build once, then accept requests. Content errors never fail
    /// this (they are served as an error page); only environment errors do.
    pub fn start(root: &Path, opts: ServeOptions) -> Result<Server, Diagnostic> {
        let root = root.canonicalize().map_err(|e| {
            Diagnostic::error(format!("cannot open project folder: {e}")).in_file(root)
        })?;
        let addr = SocketAddr::new(opts.bind, opts.port);
        let listener = Listener::bind(addr).map_err(|e| {
            Diagnostic::error(format!("cannot listen on {addr}: {e}"))
                .hint("another server may be using the port: pick another with --port")
        })?;
        let bound = listener.addr();
        let session = Arc::new(Session::new(root, opts.build)?);
        // Watch before the first build, so an edit made during it is not missed.
        let watch = watch::Watch::start(Arc::clone(&session), opts.debounce, opts.poll)
            .map_err(io_error)?;
        session.initial_build();
        let router = Router::live(Arc::clone(&session), bound);
        let http = listener
            .serve(Arc::new(move |req| router.handle(req)))
            .map_err(io_error)?;
        Ok(Server {
            session,
            http,
            watch,
        })
    }

    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.http.addr()
    }

    /// The site's root URL.
    pub fn url(&self) -> String {
        let a = self.addr();
        let host = match a.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        format!("http://{host}:{}/", a.port())
    }

    /// `(language, URL of its deck)` for the languages of the last good build.
    pub(crate) fn urls(&self) -> Vec<(String, String)> {
        let base = self.url();
        self.session
            .snapshot()
            .langs
            .iter()
            .map(|l| (l.clone(), format!("{base}{l}/")))
            .collect()
    }

    /// Rebuilds run after file changes so far (the first build is not counted).
    pub fn rebuild_count(&self) -> u64 {
        self.session.rebuild_count()
    }

    /// Stop watching, end the event streams, close every connection.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.watch.stop();
        self.session.close_listeners();
        self.http.stop();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn io_error(e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("serve: {e}"))
}

/// The `serve` command: start, print where, wait for Ctrl+C, stop cleanly.
pub fn run(root: &Path, opts: ServeOptions, open: bool) -> Result<(), Diagnostic> {
    let (tx, rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| Diagnostic::error(format!("cannot handle Ctrl+C: {e}")))?;
    if !opts.bind.is_loopback() {
        crate::eoutln!("{}", exposure_warning(opts.bind));
    }
    let server = Server::start(root, opts)?;
    crate::outln!("serving {} at {}", root.display(), server.url());
    let urls = server.urls();
    for (lang, url) in &urls {
        crate::outln!("  {lang}: {url}  (document: {url}doc.html)");
    }
    crate::outln!("watching for changes; press Ctrl+C to stop");
    if open {
        let first = urls
            .first()
            .map(|(_, u)| u.clone())
            .unwrap_or_else(|| server.url());
        open_browser(&first);
    }
    let _ = rx.recv();
    crate::outln!("stopping");
    server.stop();
    Ok(())
}

fn exposure_warning(bind: IpAddr) -> String {
    let what = match bind.is_unspecified() {
        true => "every network interface".to_string(),
        false => bind.to_string(),
    };
    format!(
        "warning: ******************************************************************\n\
warning: serving on {what}: anyone who can reach this machine can read your\n\
warning: drafts. Use the default --bind 127.0.0.1 unless you mean to share them.\n\
warning: ******************************************************************"
    )
}

/// Open `url` in the desktop's browser, without waiting for it (a thread reaps the opener).
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    match cmd.arg(url).spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => crate::eoutln!("note: could not open a browser ({e}); open {url} yourself"),
    }
}
