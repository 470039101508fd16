//! `deploy pages`: commit dist/ (+ `.nojekyll`, + `CNAME`) as the whole tree of a GitHub Pages
//! branch, one commit on top of the branch's previous tip, and push it without force. With
//! `--orphan` the commit has no parent (the branch keeps no history) and replaces the tip it was
//! built against, with a lease: a tip that moved meanwhile is never overwritten.
//!
//! Only plumbing runs (`hash-object -w`, `update-index --index-info` on a private
//! `GIT_INDEX_FILE`, `write-tree`, `commit-tree`, `push`, `update-ref`), so the working tree,
//! the index and the checked-out branch are never touched. The local branch moves only after the
//! push succeeded, so a rejected push leaves nothing to clean up.

use super::git::{failure, Git};
use super::{redact, LocalSite, Progress, Report};
use crate::config::DeployConfig;
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// Flags of a Pages deploy.
#[derive(Debug, Clone)]
pub struct PagesOptions {
    /// The git remote to push to (a URL or a remote's name).
    pub remote: String,
    /// The branch Pages serves (`gh-pages`).
    pub branch: String,
    /// Commit message (default: a line naming the file count and the source commit).
    pub message: Option<String>,
    /// Push to `remote` (else only the local branch moves).
    pub push: bool,
    /// Custom domain for `CNAME`, over `[deploy] cname` and the previous tip's file.
    pub cname: Option<String>,
    /// Replace the branch's history with one parentless commit.
    pub orphan: bool,
}

/// Commit `site` onto `opts.branch` of the repository at `root`, then push it.
pub fn deploy(
    root: &Path,
    site: &LocalSite,
    cfg: &DeployConfig,
    opts: &PagesOptions,
    dry_run: bool,
    progress: &mut dyn Progress,
) -> Result<Report, Diagnostic> {
    let git = Git::new(root);
    let tips = tips(&git, opts, progress)?;
    let parent = tips.parent.as_deref();
    let cname = cname(&git, site, cfg, opts, parent)?;
    let tree = write_tree(&git, site, cname.as_ref())?;
    let short = |c: &str| c.chars().take(7).collect::<String>();
    let files = site.files.len();
    if let Some(p) = parent {
        // With --orphan, a tip is already what we want only if it is a root commit.
        let root_commit = || -> Result<bool, Diagnostic> {
            Ok(git
                .query(&["rev-parse", "--verify", "-q", &format!("{p}^")])?
                .is_none())
        };
        let same_tree = git.run(&["rev-parse", &format!("{p}^{{tree}}")], None)? == tree;
        if same_tree && (!opts.orphan || root_commit()?) {
            if !dry_run {
                publish(&git, opts, p, &tips)?;
            }
            let (b, p) = (&opts.branch, short(p));
            return Ok(report(format!(
                "{b} already holds this site ({p}): no commit"
            )));
        }
    }
    if dry_run {
        let on = match (parent, opts.orphan) {
            (Some(p), true) => format!("as one parentless commit replacing {}", short(p)),
            (Some(p), false) => format!("on top of {}", short(p)),
            (None, _) => "as its first commit".into(),
        };
        let b = &opts.branch;
        return Ok(report(format!(
            "dry run: would commit {files} files to {b} {on}"
        )));
    }
    let commit = commit(&git, &tree, parent.filter(|_| !opts.orphan), opts, files)?;
    publish(&git, opts, &commit, &tips)?;
    let pushed = match opts.push {
        true => format!("; pushed to {}", opts.remote),
        false => String::new(),
    };
    let (c, b) = (short(&commit), &opts.branch);
    Ok(report(format!(
        "committed {c} on {b} ({files} files){pushed}"
    )))
}

fn report(summary: String) -> Report {
    Report {
        plan: None,
        summary,
    }
}

/// The branch's local and remote tips, and the one to build on.
struct Tips {
    local: Option<String>,
    remote: Option<String>,
    parent: Option<String>,
}

fn tips(git: &Git, opts: &PagesOptions, progress: &mut dyn Progress) -> Result<Tips, Diagnostic> {
    let branch_ref = check_repo(git, &opts.branch)?;
    let local = git.query(&[
        "rev-parse",
        "--verify",
        "-q",
        &format!("{branch_ref}^{{commit}}"),
    ])?;
    let remote = if opts.push {
        progress.line(&format!("looking up {} on {}", opts.branch, opts.remote));
        remote_tip(git, opts)?
    } else {
        let tracking = format!("refs/remotes/{}/{}^{{commit}}", opts.remote, opts.branch);
        git.query(&["rev-parse", "--verify", "-q", &tracking])?
    };
    let parent = choose_parent(git, local.as_deref(), remote.as_deref(), opts)?;
    Ok(Tips {
        local,
        remote,
        parent,
    })
}

/// A repository, a valid branch name, and that branch checked out in no worktree.
fn check_repo(git: &Git, branch: &str) -> Result<String, Diagnostic> {
    if git.query(&["rev-parse", "--git-dir"])?.is_none() {
        return Err(
            Diagnostic::error("`deploy pages` needs a git repository here").hint(
                "run it inside a clone of the repository GitHub Pages serves, or pass --root",
            ),
        );
    }
    let branch_ref = format!("refs/heads/{branch}");
    if git.query(&["check-ref-format", &branch_ref])?.is_none() {
        return Err(Diagnostic::error(format!(
            "`{branch}` is not a valid branch name"
        )));
    }
    let worktrees = git.run(&["worktree", "list", "--porcelain"], None)?;
    if worktrees
        .lines()
        .any(|l| l == format!("branch {branch_ref}"))
    {
        return Err(Diagnostic::error(format!(
            "`{branch}` is checked out in a worktree; deploying would leave that working tree stale"
        ))
        .hint("switch that worktree to another branch, or deploy with --branch NAME"));
    }
    Ok(branch_ref)
}

/// The remote's tip of the branch (fetched when missing here), or `None` if it has none.
fn remote_tip(git: &Git, opts: &PagesOptions) -> Result<Option<String>, Diagnostic> {
    let branch_ref = format!("refs/heads/{}", opts.branch);
    let args = ["ls-remote", "--exit-code", &opts.remote, &branch_ref];
    let out = git.output(&args, None)?;
    match out.status.code() {
        Some(0) => {}
        Some(2) => return Ok(None),
        _ => return Err(failure(&args, &out).hint("check --remote and your access to it")),
    }
    let tip = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    if git
        .query(&["cat-file", "-e", &format!("{tip}^{{commit}}")])?
        .is_none()
    {
        git.run(
            &["fetch", "--quiet", "--no-tags", &opts.remote, &branch_ref],
            None,
        )?;
    }
    Ok(Some(tip))
}

/// The commit to build on: the newer of the local and remote tips; refuses diverged histories.
fn choose_parent(
    git: &Git,
    local: Option<&str>,
    remote: Option<&str>,
    opts: &PagesOptions,
) -> Result<Option<String>, Diagnostic> {
    let is_ancestor = |a: &str, b: &str| -> Result<bool, Diagnostic> {
        Ok(git.query(&["merge-base", "--is-ancestor", a, b])?.is_some())
    };
    let parent = match (local, remote) {
        (None, None) => None,
        (Some(l), None) => Some(l),
        (None, Some(r)) => Some(r),
        (Some(l), Some(r)) if l == r || is_ancestor(r, l)? => Some(l),
        (Some(l), Some(r)) if is_ancestor(l, r)? => Some(r),
        (Some(_), Some(_)) => {
            return Err(Diagnostic::error(format!(
                "the local `{b}` and `{r}/{b}` have diverged; not deploying on either",
                b = opts.branch,
                r = opts.remote
            ))
            .hint(format!(
            "to build on the remote's history: git fetch {r} {b} && git branch -f {b} FETCH_HEAD",
            b = opts.branch,
            r = opts.remote
        )))
        }
    };
    Ok(parent.map(str::to_string))
}

/// Where the `CNAME` of the new tree comes from.
enum Cname {
    Text(String),
    Blob(String),
}

/// `--cname`, else `[deploy] cname`, else dist's own `CNAME`, else the previous tip's: never dropped.
fn cname(
    git: &Git,
    site: &LocalSite,
    cfg: &DeployConfig,
    opts: &PagesOptions,
    parent: Option<&str>,
) -> Result<Option<Cname>, Diagnostic> {
    if let Some(c) = opts.cname.as_ref().or(cfg.cname.as_ref()) {
        if !crate::config::is_host_name(c) {
            return Err(Diagnostic::error(format!(
                "`{c}` is not a bare domain like `deck.example.com`"
            )));
        }
        return Ok(Some(Cname::Text(format!("{c}\n"))));
    }
    if site.files.contains_key("CNAME") {
        return Ok(None);
    }
    let Some(p) = parent else { return Ok(None) };
    let blob = git.query(&["rev-parse", "--verify", "-q", &format!("{p}:CNAME")])?;
    Ok(blob.map(Cname::Blob))
}

/// Write every file as a blob and the whole tree, through a private index file.
fn write_tree(git: &Git, site: &LocalSite, cname: Option<&Cname>) -> Result<String, Diagnostic> {
    let index = IndexFile::new(git)?;
    let git = git.clone().with_index(index.path.clone());
    let mut paths = String::new();
    for f in site.files.values() {
        let abs = std::path::absolute(&f.path).unwrap_or_else(|_| f.path.clone());
        paths.push_str(&abs.to_string_lossy());
        paths.push('\n');
    }
    // --no-filters: the bytes go in as built, whatever autocrlf or attributes say.
    let shas = git.run(
        &["hash-object", "-w", "--no-filters", "--stdin-paths"],
        Some(paths.as_bytes()),
    )?;
    let mut entries: Vec<(String, String)> = site
        .files
        .keys()
        .cloned()
        .zip(shas.lines().map(str::to_string))
        .collect();
    let blob = |text: &str| git.run(&["hash-object", "-w", "--stdin"], Some(text.as_bytes()));
    if !site.files.contains_key(".nojekyll") {
        // Without it GitHub runs Jekyll, which drops `_`-prefixed folders.
        entries.push((".nojekyll".into(), blob("")?));
    }
    match cname {
        Some(Cname::Text(t)) => entries.push(("CNAME".into(), blob(t)?)),
        Some(Cname::Blob(sha)) => entries.push(("CNAME".into(), sha.clone())),
        None => {}
    }
    let mut info = Vec::new();
    for (path, sha) in &entries {
        info.extend_from_slice(format!("100644 {sha}\t{path}\0").as_bytes());
    }
    git.run(
        &["update-index", "-z", "--add", "--index-info"],
        Some(&info),
    )?;
    git.run(&["write-tree"], None)
}

/// A temporary index file inside the git dir, removed on drop.
struct IndexFile {
    path: PathBuf,
}

impl IndexFile {
    fn new(git: &Git) -> Result<IndexFile, Diagnostic> {
        let name = format!("kumo-deck-index-{}", std::process::id());
        let rel = git.run(
            &["rev-parse", "--path-format=absolute", "--git-path", &name],
            None,
        )?;
        let path = PathBuf::from(rel);
        let _ = std::fs::remove_file(&path);
        Ok(IndexFile { path })
    }
}

impl Drop for IndexFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// `commit-tree`, with a fallback identity where git has none configured (fresh CI machines).
fn commit(
    git: &Git,
    tree: &str,
    parent: Option<&str>,
    opts: &PagesOptions,
    files: usize,
) -> Result<String, Diagnostic> {
    let message = match &opts.message {
        Some(m) => m.clone(),
        None => {
            let from = git.query(&["rev-parse", "--verify", "-q", "--short", "HEAD"])?;
            let from = from.map_or(String::new(), |h| format!(" from {h}"));
            format!("Deploy site{from} ({files} files)\n\nPublished by kumo-deck deploy pages.\n")
        }
    };
    let mut git = git.clone();
    for (env, key, fallback) in [
        ("GIT_AUTHOR_NAME", "user.name", "kumo-deck"),
        ("GIT_COMMITTER_NAME", "user.name", "kumo-deck"),
        ("GIT_AUTHOR_EMAIL", "user.email", "kumo-deck@localhost"),
        ("GIT_COMMITTER_EMAIL", "user.email", "kumo-deck@localhost"),
    ] {
        let configured =
            std::env::var_os(env).is_some() || git.query(&["config", "--get", key])?.is_some();
        if !configured {
            git = git.with_env(env, fallback);
        }
    }
    let mut args = vec!["commit-tree", tree];
    if let Some(p) = parent {
        args.extend(["-p", p]);
    }
    args.extend(["-F", "-"]);
    git.run(&args, Some(redact(&message).as_bytes()))
}

/// Push `commit` (no force; with `--orphan`, a lease on the remote tip we saw), then move the
/// local branch to it.
fn publish(git: &Git, opts: &PagesOptions, commit: &str, tips: &Tips) -> Result<(), Diagnostic> {
    let (local, remote) = (tips.local.as_deref(), tips.remote.as_deref());
    let branch_ref = format!("refs/heads/{}", opts.branch);
    if opts.push && remote != Some(commit) {
        let refspec = format!("{commit}:{branch_ref}");
        let lease = format!("--force-with-lease={branch_ref}:{}", remote.unwrap_or(""));
        let mut args = vec!["push", "--quiet"];
        if opts.orphan {
            args.push(&lease);
        }
        args.extend([opts.remote.as_str(), &refspec]);
        let out = git.output(&args, None)?;
        if !out.status.success() {
            let now = remote_tip(git, opts).ok().flatten();
            if now.as_deref() != remote {
                return Err(Diagnostic::error(format!(
                    "`{}` on {} moved during the deploy (now {}); nothing was pushed",
                    opts.branch,
                    opts.remote,
                    now.as_deref().unwrap_or("deleted")
                ))
                .hint("run the deploy again to commit on top of the new tip"));
            }
            return Err(failure(&args, &out));
        }
    }
    if local != Some(commit) {
        let old = local.unwrap_or("");
        git.run(
            &[
                "update-ref",
                "-m",
                "kumo-deck deploy pages",
                &branch_ref,
                commit,
                old,
            ],
            None,
        )?;
    }
    Ok(())
}
