//! The system Chromium: finding it (never downloading one), launching it headless in its own
//! process group with a fresh profile and a DevTools pipe, and always killing and reaping the group.

use super::cdp::{Cdp, CdpError};
use super::signals;
use crate::diag::Diagnostic;
use std::env;
use std::fs::{self, File};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

mod os;

/// Names looked up on `PATH`, in order.
pub(crate) const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

const INSTALL_HINT: &str = "install Chromium from your distribution (`apt-get install chromium` on \
     Debian/Ubuntu without snap) or Google Chrome, then pass `--chrome PATH` or set CHROME if it is \
     not on PATH; kumo-deck never downloads a browser";

/// Find the browser: `explicit` (`--chrome`), then `$CHROME`, then the candidates on `PATH`.
/// A snap stub counts as missing: snap's confinement hides our temporary profile and pipe.
pub fn find(explicit: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let from_env = env::var_os("CHROME").filter(|v| !v.is_empty());
    let (given, origin) = match (explicit, &from_env) {
        (Some(p), _) => (Some(p.to_path_buf()), "--chrome"),
        (None, Some(v)) => (Some(PathBuf::from(v)), "CHROME"),
        (None, None) => (None, ""),
    };
    if let Some(p) = given {
        let resolved = if p.components().count() == 1 {
            on_path(&p.to_string_lossy()).unwrap_or(p.clone())
        } else {
            p.clone()
        };
        return check(&resolved).map_err(|why| {
            Diagnostic::error(format!(
                "no usable browser at {} (from {origin}): {why}",
                p.display()
            ))
            .hint(INSTALL_HINT)
        });
    }
    let mut stubs = Vec::new();
    for name in CANDIDATES {
        if let Some(p) = on_path(name) {
            match check(&p) {
                Ok(p) => return Ok(p),
                Err(why) => stubs.push(format!("{} ({why})", p.display())),
            }
        }
    }
    let found = if stubs.is_empty() {
        String::new()
    } else {
        format!("; found only {}", stubs.join(", "))
    };
    Err(Diagnostic::error(format!(
        "no Chromium found: CHROME is not set and none of {} is on PATH{found}",
        CANDIDATES.join(", ")
    ))
    .hint(INSTALL_HINT))
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// `Ok(path)` when `p` is an executable file that is not a snap stub.
fn check(p: &Path) -> Result<PathBuf, String> {
    let meta = fs::metadata(p).map_err(|e| e.to_string())?;
    if !meta.is_file() || meta.permissions().mode() & 0o111 == 0 {
        return Err("not an executable file".into());
    }
    let real = fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if real.starts_with("/snap") {
        return Err(format!(
            "a snap ({}), which cannot be driven headless here",
            real.display()
        ));
    }
    if meta.len() < 64 * 1024 {
        let text = fs::read(&real).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        if text.starts_with("#!") && (text.contains("/snap/") || text.contains("snap install")) {
            return Err("only a stub that asks to install the snap".into());
        }
    }
    Ok(p.to_path_buf())
}

/// A running headless browser. Dropping it kills its process group, reaps it and removes
/// the temporary profile.
pub(crate) struct Browser {
    pub(crate) cdp: Cdp,
    child: Child,
    pgid: i32,
    dir: PathBuf,
}

/// Start `exe` and wait (at most `timeout`) for its DevTools pipe to answer.
///
/// `PR_SET_PDEATHSIG` fires when the *thread* that spawned the browser exits, so call this
/// from a thread that outlives the browser (the CLI uses the main thread).
pub(crate) fn launch(exe: &Path, timeout: Duration) -> Result<Browser, Diagnostic> {
    let deadline = Instant::now() + timeout;
    signals::install();
    if signals::interrupted() {
        return Err(Diagnostic::error(
            "interrupted before launching the browser",
        ));
    }
    let dir = temp_dir()
        .map_err(|e| Diagnostic::error(format!("cannot create a temporary profile folder: {e}")))?;
    os::become_subreaper();
    signals::starting();
    let started = spawn(exe, &dir);
    let (child, cdp) = match started {
        Ok(x) => x,
        Err(e) => {
            signals::stopped();
            let _ = fs::remove_dir_all(&dir);
            return Err(
                Diagnostic::error(format!("cannot start {}: {e}", exe.display()))
                    .hint(INSTALL_HINT),
            );
        }
    };
    let pgid = child.id() as i32;
    signals::register(pgid);
    let mut browser = Browser {
        cdp,
        child,
        pgid,
        dir,
    };
    let version = browser
        .cdp
        .call(None, "Browser.getVersion", serde_json::json!({}), deadline);
    match version {
        Ok(_) => Ok(browser),
        Err(e) => {
            let log = browser.log_tail();
            drop(browser);
            let exe = exe.display();
            Err(match e {
                CdpError::Timeout => Diagnostic::error(format!(
                    "step `launch` timed out after {} s (starting {exe}); the browser was stopped{log}",
                    timeout.as_secs_f64()
                ))
                .hint("the browser did not answer on its DevTools pipe; raise the limit with --timeout SECS"),
                e => Diagnostic::error(format!("step `launch` failed (starting {exe}): {e}{log}")),
            })
        }
    }
}

/// The launch flags: a pipe, never a port (so no `--remote-allow-origins`); a fresh profile
/// folder per launch; `--no-sandbox` only as root.
fn flags(profile: &Path) -> Vec<String> {
    let mut f: Vec<String> = [
        "--headless=new",
        "--remote-debugging-pipe",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-dev-shm-usage",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--password-store=basic",
        "--mute-audio",
        "--hide-scrollbars",
    ]
    .map(String::from)
    .to_vec();
    f.push(format!("--user-data-dir={}", profile.display()));
    // The sandbox cannot start as root; anywhere else it stays on.
    if unsafe { libc::geteuid() } == 0 {
        f.push("--no-sandbox".into());
    }
    f.push("about:blank".into());
    f
}

/// Environment that keeps every file the browser writes inside `dir` (removed afterwards):
/// without it Chromium leaves `org.chromium.Chromium.*` in the shared temp folder and writes
/// into `~/.config/chromium` and `~/.cache`, whatever `--user-data-dir` says.
fn confined_env(dir: &Path) -> std::io::Result<Vec<(&'static str, PathBuf)>> {
    let vars = [
        ("TMPDIR", "tmp"),
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "home/.config"),
        ("XDG_CACHE_HOME", "home/.cache"),
        ("XDG_DATA_HOME", "home/.local/share"),
    ];
    let mut env = Vec::new();
    for (k, sub) in vars {
        let p = dir.join(sub);
        fs::create_dir_all(&p)?;
        env.push((k, p));
    }
    Ok(env)
}

/// Spawn the browser in its own process group, with fd 3 (commands in) and fd 4 (answers out).
fn spawn(exe: &Path, dir: &Path) -> std::io::Result<(Child, Cdp)> {
    let (cmd_read, cmd_write) = pipe()?;
    let (ans_read, ans_write) = pipe()?;
    let log = File::create(dir.join("chrome.log"))?;
    let (child_in, child_out) = (raw(&cmd_read), raw(&ans_write));
    let parent = std::process::id() as i32;
    let mut cmd = Command::new(exe);
    cmd.args(flags(&dir.join("profile")))
        .envs(confined_env(dir)?)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .process_group(0);
    // SAFETY: only async-signal-safe calls (prctl, getppid, dup2, _exit) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            os::die_with_parent(parent)?;
            if libc::dup2(child_in, 3) < 0 || libc::dup2(child_out, 4) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = cmd.spawn()?;
    drop((cmd_read, ans_write)); // the child's ends: closing ours lets EOF mean "browser gone"
    let cdp = Cdp::new(
        File::from(cmd_write),
        File::from(ans_read),
        signals::interrupted,
    );
    Ok((child, cdp))
}

/// A close-on-exec pipe whose fds are >= 10, so `dup2` onto 3 and 4 cannot clobber them.
fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let fds = os::pipe()?;
    // SAFETY: the two fds were just created and nothing else owns them.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok((high(r)?, high(w)?))
}

fn high(fd: OwnedFd) -> std::io::Result<OwnedFd> {
    // SAFETY: F_DUPFD_CLOEXEC returns a new fd we own; the old one closes on drop.
    let n = unsafe { libc::fcntl(raw(&fd), libc::F_DUPFD_CLOEXEC, 10) };
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(unsafe { OwnedFd::from_raw_fd(n) })
}

fn raw(fd: &OwnedFd) -> RawFd {
    use std::os::fd::AsRawFd;
    fd.as_raw_fd()
}

/// A fresh private folder `kumo-deck-pdf-<pid>-<n>-<nanos>` under the temp dir.
fn temp_dir() -> std::io::Result<PathBuf> {
    sweep_stale();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = env::temp_dir().join(format!("kumo-deck-pdf-{}-{n}-{nanos}", std::process::id()));
    fs::DirBuilder::new().mode(0o700).create(&dir)?;
    Ok(dir)
}

impl Browser {
    /// The last lines the browser wrote to stderr, for error messages.
    fn log_tail(&self) -> String {
        let text = fs::read_to_string(self.dir.join("chrome.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines.is_empty() {
            return String::new();
        }
        let tail = lines[lines.len().saturating_sub(8)..].join("\n  ");
        format!("\n  browser output:\n  {tail}")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // SAFETY: kill(2) on our own child's process group.
        unsafe { libc::kill(-self.pgid, libc::SIGKILL) };
        signals::unregister(self.pgid);
        let _ = self.child.wait();
        reap_group(self.pgid, Duration::from_secs(5));
        signals::stopped();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Reap the group's other members, which were re-parented to us (we are a child subreaper).
fn reap_group(pgid: i32, limit: Duration) {
    let start = Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: waitpid on our own children of this group only.
        let r = unsafe { libc::waitpid(-pgid, &mut status, libc::WNOHANG) };
        match r {
            r if r > 0 => continue,
            0 if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(10)),
            _ => return, // ECHILD: none left
        }
    }
}

/// Remove our temporary folders left by a kumo-deck that was SIGKILLed (its pid is gone).
fn sweep_stale() {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = fs::read_dir(env::temp_dir()) else {
        return;
    };
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("kumo-deck-pdf-")
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        let ours = e.metadata().is_ok_and(|m| m.is_dir() && m.uid() == me);
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let gone = unsafe { libc::kill(pid, 0) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if ours && gone && pid > 0 {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}
