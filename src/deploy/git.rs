//! A small runner for the `git` CLI (plumbing only), with a private index file and no prompts;
//! failures carry the command and git's own words, with secrets masked.

use super::redact;
use crate::diag::Diagnostic;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `git -C <dir>`, optionally with its own `GIT_INDEX_FILE` and extra environment.
#[derive(Debug, Clone)]
pub(super) struct Git {
    dir: PathBuf,
    index: Option<PathBuf>,
    env: Vec<(String, String)>,
}

impl Git {
    pub(super) fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
            index: None,
            env: Vec::new(),
        }
    }

    /// Use `index` instead of the repository's index (which is never read nor written).
    pub(super) fn with_index(mut self, index: PathBuf) -> Git {
        self.index = Some(index);
        self
    }

    pub(super) fn with_env(mut self, key: &str, value: &str) -> Git {
        self.env.push((key.into(), value.into()));
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.arg("-C").arg(&self.dir).args(args);
        // Never wait on a password prompt (CI has no terminal); use credential helpers only.
        c.env("GIT_TERMINAL_PROMPT", "0");
        if let Some(i) = &self.index {
            c.env("GIT_INDEX_FILE", i);
        }
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// Run; `Ok(output)` whatever the exit status (for commands whose status is the answer).
    pub(super) fn output(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<Output, Diagnostic> {
        let mut c = self.command(args);
        c.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().map_err(|e| {
            Diagnostic::error(format!("cannot run git: {e}"))
                .hint("install git and make sure it is on PATH")
        })?;
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // A writer thread: git may fill its stdout pipe before it has read all of stdin.
            let input = input.to_vec();
            let writer = std::thread::spawn(move || pipe.write_all(&input));
            let out = child.wait_with_output();
            let _ = writer.join();
            return out.map_err(|e| Diagnostic::error(format!("git {}: {e}", args.join(" "))));
        }
        child
            .wait_with_output()
            .map_err(|e| Diagnostic::error(format!("git {}: {e}", args.join(" "))))
    }

    /// Run and require success; returns stdout without the trailing newline.
    pub(super) fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<String, Diagnostic> {
        let out = self.output(args, stdin)?;
        if out.status.success() {
            let s = String::from_utf8_lossy(&out.stdout);
            return Ok(s.trim_end_matches('\n').to_string());
        }
        Err(failure(args, &out))
    }

    /// `Some(stdout)` on success, `None` on failure (e.g. `rev-parse --verify -q`).
    pub(super) fn query(&self, args: &[&str]) -> Result<Option<String>, Diagnostic> {
        let out = self.output(args, None)?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    }
}

/// A failed git command as a diagnostic, with git's message (secrets masked).
pub(super) fn failure(args: &[&str], out: &Output) -> Diagnostic {
    let err = String::from_utf8_lossy(&out.stderr);
    let first = args.iter().take(2).copied().collect::<Vec<_>>().join(" ");
    Diagnostic::error(redact(&format!("`git {first}` failed: {}", err.trim())))
}
