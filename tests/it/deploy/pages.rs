//! `kumo-deck deploy pages` against a local bare repository: the branch tree, one commit per
//! change and none without one, `.nojekyll` and `CNAME` kept, fresh clones, a moved or diverged
//! remote (rebased onto or refused, never force-pushed), no secret in commits or logs.

use crate::support::git::{git, kumo_git};
use crate::support::s3::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", out(o));
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// A bare `origin.git` and a clone `work` with one commit on `main`.
fn repo_pair(tmp: &Path) -> (PathBuf, PathBuf) {
    let origin = tmp.join("origin.git");
    let work = tmp.join("work");
    git(tmp, &["init", "-q", "--bare", "-b", "main", "origin.git"]);
    git(tmp, &["clone", "-q", "origin.git", "work"]);
    fs::write(work.join("README.md"), "deck sources\n").unwrap();
    git(&work, &["add", "README.md"]);
    git(&work, &["commit", "-q", "-m", "sources"]);
    git(&work, &["push", "-q", "origin", "main"]);
    (origin, work)
}

fn tree(repo: &Path, rev: &str) -> Vec<String> {
    let names = git(repo, &["ls-tree", "-r", "--name-only", rev]);
    names.lines().map(str::to_string).collect()
}

fn pages(work: &Path, dist: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["deploy", "pages", "--dist", dist.to_str().unwrap()];
    args.extend_from_slice(extra);
    kumo_git(work, &args)
}

/// The clone is untouched: same HEAD and branch, same index bytes, clean status. Returns the
/// index bytes after `git status` (which may refresh it) for the next comparison.
fn assert_untouched(work: &Path, head: &str, index: &[u8]) -> Vec<u8> {
    assert_eq!(fs::read(work.join(".git/index")).unwrap(), index);
    assert_eq!(git(work, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(work, &["symbolic-ref", "HEAD"]), "refs/heads/main");
    assert_eq!(git(work, &["status", "--porcelain"]), "");
    fs::read(work.join(".git/index")).unwrap()
}

#[test]
fn pages_commits_dist_as_the_branch_tree_once_per_change() {
    let tmp = tempfile::tempdir().unwrap();
    let (origin, work) = repo_pair(tmp.path());
    let dist = make_dist(&tmp.path().join("build"), SITE);
    fs::create_dir_all(dist.join("_underscored")).unwrap();
    fs::write(
        dist.join("_underscored/x.html"),
        "served thanks to .nojekyll",
    )
    .unwrap();
    let head = git(&work, &["rev-parse", "HEAD"]);
    let index = fs::read(work.join(".git/index")).unwrap();

    ok(&pages(&work, &dist, &["--cname", "deck.example.com"]));
    let mut want: Vec<String> = SITE.iter().map(|(k, _)| k.to_string()).collect();
    want.extend(["_underscored/x.html", ".nojekyll", "CNAME"].map(String::from));
    want.sort();
    assert_eq!(
        tree(&origin, "gh-pages"),
        want,
        "exactly dist + .nojekyll + CNAME"
    );
    assert_eq!(
        git(&origin, &["show", "gh-pages:CNAME"]),
        "deck.example.com"
    );
    assert_eq!(
        git(&origin, &["show", "gh-pages:ja/deck.pdf"]).as_bytes(),
        b"%PDF-1.7\n%%EOF"
    );
    let first = git(&origin, &["rev-parse", "gh-pages"]);

    let index = assert_untouched(&work, &head, &index);

    // No change: no commit.
    let same = ok(&pages(&work, &dist, &[]));
    assert!(same.contains("no commit"), "{same}");
    assert_eq!(git(&origin, &["rev-parse", "gh-pages"]), first);

    // A change: exactly one commit on top of the previous tip; CNAME kept without --cname.
    fs::write(dist.join("ja/index.html"), "changed").unwrap();
    ok(&pages(
        &work,
        &dist,
        &[
            "--message",
            "Deploy with https://user:s3cretvalue@example.com",
        ],
    ));
    let second = git(&origin, &["rev-parse", "gh-pages"]);
    assert_ne!(second, first);
    assert_eq!(git(&origin, &["rev-parse", "gh-pages^"]), first);
    assert_eq!(git(&origin, &["rev-list", "--count", "gh-pages"]), "2");
    assert_eq!(
        git(&origin, &["show", "gh-pages:CNAME"]),
        "deck.example.com"
    );
    let message = git(&origin, &["log", "-1", "--format=%B", "gh-pages"]);
    assert!(
        !message.contains("s3cretvalue"),
        "secrets are masked in messages: {message}"
    );
    assert_eq!(
        git(&work, &["rev-parse", "gh-pages"]),
        second,
        "local branch follows"
    );
    assert_untouched(&work, &head, &index);
}

#[test]
fn pages_orphan_replaces_the_history_with_one_commit_under_a_lease() {
    let tmp = tempfile::tempdir().unwrap();
    let (origin, work) = repo_pair(tmp.path());
    let dist = make_dist(&tmp.path().join("build"), SITE);
    ok(&pages(&work, &dist, &["--cname", "deck.example.com"]));
    fs::write(dist.join("ja/index.html"), "changed").unwrap();
    ok(&pages(&work, &dist, &[]));
    assert_eq!(git(&origin, &["rev-list", "--count", "gh-pages"]), "2");
    let before = git(&origin, &["rev-parse", "gh-pages"]);

    // The same tree, as one parentless commit; CNAME kept from the old tip.
    let dry = ok(&pages(&work, &dist, &["--orphan", "--dry-run"]));
    assert!(dry.contains("parentless"), "{dry}");
    assert_eq!(git(&origin, &["rev-parse", "gh-pages"]), before);
    ok(&pages(&work, &dist, &["--orphan"]));
    let orphan = git(&origin, &["rev-parse", "gh-pages"]);
    assert_eq!(git(&origin, &["rev-list", "--count", "gh-pages"]), "1");
    assert_eq!(
        git(&origin, &["rev-parse", "gh-pages^{tree}"]),
        git(&origin, &["rev-parse", &format!("{before}^{{tree}}")])
    );
    assert_eq!(
        git(&origin, &["show", "gh-pages:CNAME"]),
        "deck.example.com"
    );
    assert_eq!(git(&work, &["rev-parse", "gh-pages"]), orphan);

    // Again with no change: already one root commit, so no commit.
    let same = ok(&pages(&work, &dist, &["--orphan"]));
    assert!(same.contains("no commit"), "{same}");
    assert_eq!(git(&origin, &["rev-parse", "gh-pages"]), orphan);

    // The remote moves after kumo-deck looked (a pre-push hook pushes another deploy first):
    // the lease refuses to overwrite it, and the other deploy stays.
    let other = tmp.path().join("other");
    git(tmp.path(), &["clone", "-q", "origin.git", "other"]);
    git(&other, &["fetch", "-q", "origin", "gh-pages:gh-pages"]);
    let theirs_dist = make_dist(&tmp.path().join("build2"), SITE);
    fs::write(theirs_dist.join("ja/index.html"), "their deploy").unwrap();
    ok(&pages(&other, &theirs_dist, &["--no-push"]));
    let theirs = git(&other, &["rev-parse", "gh-pages"]);
    let hook = work.join(".git/hooks/pre-push");
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\ngit -C '{}' push -q origin gh-pages\n",
            other.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    fs::write(dist.join("ja/index.html"), "ours").unwrap();
    let o = pages(&work, &dist, &["--orphan"]);
    assert!(!o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("moved during the deploy"), "{}", out(&o));
    assert_eq!(git(&origin, &["rev-parse", "gh-pages"]), theirs);
    assert_eq!(
        git(&work, &["rev-parse", "gh-pages"]),
        orphan,
        "local branch unmoved"
    );
}

#[test]
fn pages_works_from_a_fresh_clone_and_builds_on_a_moved_remote() {
    let tmp = tempfile::tempdir().unwrap();
    let (origin, work) = repo_pair(tmp.path());
    let dist = make_dist(&tmp.path().join("build"), SITE);
    ok(&pages(&work, &dist, &["--cname", "deck.example.com"]));
    let first = git(&origin, &["rev-parse", "gh-pages"]);

    // Someone else deploys from a fresh clone (no local gh-pages there).
    git(tmp.path(), &["clone", "-q", "origin.git", "fresh"]);
    let fresh = tmp.path().join("fresh");
    fs::write(dist.join("index.html"), "from the fresh clone").unwrap();
    ok(&pages(&fresh, &dist, &[]));
    let second = git(&origin, &["rev-parse", "gh-pages"]);
    assert_eq!(git(&origin, &["rev-parse", "gh-pages^"]), first);
    assert_eq!(
        git(&origin, &["show", "gh-pages:CNAME"]),
        "deck.example.com"
    );

    // The first clone's gh-pages is now behind: the deploy goes on top of the remote tip.
    fs::write(dist.join("index.html"), "from the first clone").unwrap();
    ok(&pages(&work, &dist, &[]));
    assert_eq!(git(&origin, &["rev-parse", "gh-pages^"]), second);
    assert_eq!(git(&origin, &["rev-list", "--count", "gh-pages"]), "3");

    // --dry-run moves nothing.
    fs::write(dist.join("index.html"), "dry").unwrap();
    let dry = ok(&pages(&work, &dist, &["--dry-run"]));
    assert!(dry.contains("would commit"), "{dry}");
    assert_eq!(git(&origin, &["rev-list", "--count", "gh-pages"]), "3");
    assert_eq!(
        git(&work, &["rev-parse", "gh-pages"]),
        git(&origin, &["rev-parse", "gh-pages"])
    );

    // --no-push moves only the local branch.
    fs::write(dist.join("index.html"), "local only").unwrap();
    let before = git(&origin, &["rev-parse", "gh-pages"]);
    ok(&pages(&work, &dist, &["--no-push"]));
    assert_eq!(git(&origin, &["rev-parse", "gh-pages"]), before);
    assert_eq!(git(&work, &["rev-parse", "gh-pages^"]), before);
}

#[test]
fn pages_refuses_a_checked_out_branch_and_a_diverged_remote() {
    let tmp = tempfile::tempdir().unwrap();
    let (_origin, work) = repo_pair(tmp.path());
    let dist = make_dist(&tmp.path().join("build"), SITE);
    let o = pages(&work, &dist, &["--branch", "main"]);
    assert!(
        !o.status.success() && out(&o).contains("checked out"),
        "{}",
        out(&o)
    );

    ok(&pages(&work, &dist, &[]));
    git(tmp.path(), &["clone", "-q", "origin.git", "other"]);
    let other = tmp.path().join("other");
    fs::write(dist.join("index.html"), "other").unwrap();
    ok(&pages(&other, &dist, &[]));
    fs::write(dist.join("index.html"), "local").unwrap();
    ok(&pages(&work, &dist, &["--no-push"])); // builds on the old local tip: now diverged
    fs::write(dist.join("index.html"), "again").unwrap();
    let o = pages(&work, &dist, &[]);
    assert!(
        !o.status.success() && out(&o).contains("diverged"),
        "{}",
        out(&o)
    );
}

/// Every link of the built fixture resolves inside dist/ when the site is served under a
/// project sub-path (`https://user.github.io/repo/`), as GitHub Pages serves a project site.
#[test]
fn pages_site_works_under_a_project_sub_path() {
    let project = crate::support::fixture("basic");
    let dist = project.scratch().join("dist");
    let built = kumo_git(project.path(), &["build", "--out", dist.to_str().unwrap()]);
    assert!(built.status.success(), "{}", out(&built));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&dist).into_iter().flatten() {
        let rel = entry
            .path()
            .strip_prefix(&dist)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = match rel.rsplit_once('.').map(|(_, e)| e) {
            Some("html") | Some("css") => fs::read_to_string(entry.path()).unwrap(),
            _ => continue,
        };
        for link in links(&text) {
            let Some(target) = resolve("/repo/", &rel, &link) else {
                continue;
            };
            let inside = target.strip_prefix("/repo/");
            let inside = inside.unwrap_or_else(|| panic!("{rel}: `{link}` leaves /repo/"));
            let file = if inside.is_empty() || inside.ends_with('/') {
                format!("{inside}index.html")
            } else {
                inside.to_string()
            };
            assert!(
                dist.join(&file).is_file(),
                "{rel}: `{link}` -> /repo/{file} is missing"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} links checked");
}

/// `href="…"`, `src="…"` and CSS `url(…)` values.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["href=", "src=", "url("] {
        for part in text.split(key).skip(1) {
            let quote = part.chars().next().filter(|c| *c == '"' || *c == '\'');
            let body = if quote.is_some() { &part[1..] } else { part };
            let end = body
                .find(|c: char| {
                    Some(c) == quote || (quote.is_none() && (c == ')' || c == ' ' || c == '>'))
                })
                .unwrap_or(body.len());
            out.push(body[..end].to_string());
        }
    }
    out
}

/// The absolute path `link` on page `page` points to when the site lives at `base`; `None` for
/// links that leave the site on purpose (other origins, data:, fragments, mailto:).
fn resolve(base: &str, page: &str, link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next().unwrap_or("");
    if link.is_empty() || link.contains(':') || link.starts_with("//") {
        return None;
    }
    let dir = match page.rsplit_once('/') {
        Some((d, _)) => format!("{base}{d}/"),
        None => base.to_string(),
    };
    let joined = if link.starts_with('/') {
        link.to_string()
    } else {
        format!("{dir}{link}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}
