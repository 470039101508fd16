//! `kumo-deck deploy pages` against a local bare repository: the branch tree, one commit per
//! change, an untouched clone, fresh clones, a moved or diverged remote (ROBUSTNESS 50-52).

use crate::deploy_util::*;
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

    // The clone is untouched: same HEAD and branch, same index bytes, clean status.
    assert_eq!(fs::read(work.join(".git/index")).unwrap(), index);
    assert_eq!(git(&work, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(&work, &["symbolic-ref", "HEAD"]), "refs/heads/main");
    assert_eq!(git(&work, &["status", "--porcelain"]), "");

    // No change: no commit (51).
    let same = ok(&pages(&work, &dist, &[]));
    assert!(same.contains("no commit"), "{same}");
    assert_eq!(git(&origin, &["rev-parse", "gh-pages"]), first);

    // A change: exactly one commit on top of the previous tip; CNAME kept without --cname (50).
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
    assert_eq!(git(&work, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(&work, &["status", "--porcelain"]), "");
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
