//! Foreign S3 state (issue 19, class 5): keys someone else wrote under the prefix, with `//`,
//! `/./`, `/../`, console folder keys (`site/folder/`) and the prefix's own folder key, against
//! a real S3-compatible server (moto) on 127.0.0.1. Whatever is in the bucket, a dry run and a
//! real run plan, report and do the same thing, `--delete` removes exactly the listed keys (never
//! what a normalised key would name outside the prefix), and a rerun has nothing left to do.

use crate::support::s3::*;
use std::collections::BTreeSet;
use std::path::Path;

const BUCKET: &str = "kumo-foreign";

/// Keys another tool left under `site/`, as S3 lists them, and what the plan calls them.
const FOREIGN: &[(&str, &str)] = &[
    ("site//double.html", "/double.html"),
    ("site/./dot.html", "./dot.html"),
    ("site/../up.html", "../up.html"),
    ("site/a/../index.html", "a/../index.html"),
    ("site/folder/", "folder/"),
    ("site/ja/", "ja/"),
];

/// Keys that must survive every run: outside the prefix, and what `site/../up.html` or
/// `site/a/../index.html` would name if a client normalised them.
const OUTSIDE: &[&str] = &["up.html", "index.html", "other/keep.txt", "site"];

fn deploy(root: &Path, server: &S3Server, extra: &[&str]) -> (bool, String) {
    let ep = server.endpoint();
    let mut args = vec!["deploy", "s3://kumo-foreign/site", "--endpoint", &ep];
    args.extend_from_slice(extra);
    let o = kumo_aws(root, &args);
    (o.status.success(), out(&o))
}

fn keys(server: &S3Server) -> BTreeSet<String> {
    server.list(BUCKET).into_keys().collect()
}

/// A bucket holding the foreign keys, the outside keys and the prefix's own folder key.
fn seeded() -> Option<(S3Server, tempfile::TempDir)> {
    let server = S3Server::start(BUCKET)?;
    for (key, _) in FOREIGN {
        server.put_raw(BUCKET, key, b"foreign");
    }
    for key in OUTSIDE.iter().chain(&["site/"]) {
        server.put_raw(BUCKET, key, b"keep");
    }
    let listed = keys(&server);
    for (key, _) in FOREIGN {
        assert!(
            listed.contains(*key),
            "moto did not store {key}: {listed:?}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    make_dist(tmp.path(), SITE);
    Some((server, tmp))
}

fn site_keys() -> BTreeSet<String> {
    SITE.iter().map(|(k, _)| format!("site/{k}")).collect()
}

#[test]
fn foreign_keys_are_deleted_exactly_and_a_rerun_has_nothing_to_do() {
    let Some((server, tmp)) = seeded() else {
        return;
    };
    let before = keys(&server);
    let (ok, dry) = deploy(tmp.path(), &server, &["--delete", "--force", "--dry-run"]);
    assert!(ok, "a foreign key blocked the dry run:\n{dry}");
    for (_, rel) in FOREIGN {
        assert!(
            dry.contains(&format!("- delete     {rel}\n")),
            "{rel}:\n{dry}"
        );
    }
    assert!(dry.contains("kept"), "the prefix's own folder key:\n{dry}");
    assert!(
        dry.contains("10 new, 0 updated, 6 deleted, 0 unchanged"),
        "{dry}"
    );
    assert_eq!(keys(&server), before, "a dry run must not write");

    let (ok, real) = deploy(tmp.path(), &server, &["--delete", "--force"]);
    assert!(ok, "{real}");
    assert!(
        real.contains("10 new, 0 updated, 6 deleted, 0 unchanged"),
        "{real}"
    );
    let mut want = site_keys();
    want.extend(OUTSIDE.iter().map(|k| k.to_string()));
    want.insert("site/".into());
    assert_eq!(keys(&server), want, "exactly the planned keys were deleted");

    let (ok, again) = deploy(tmp.path(), &server, &["--delete", "--dry-run"]);
    assert!(ok, "{again}");
    assert!(
        again.contains("0 new, 0 updated, 0 deleted, 10 unchanged"),
        "{again}"
    );
}

#[test]
fn foreign_keys_without_delete_neither_block_nor_spoil_incremental_deploys() {
    let Some((server, tmp)) = seeded() else {
        return;
    };
    let (ok, first) = deploy(tmp.path(), &server, &[]);
    assert!(ok, "a foreign key blocked the deploy:\n{first}");
    assert!(
        first.contains("10 new, 0 updated, 0 deleted, 0 unchanged"),
        "{first}"
    );
    let after_first = keys(&server);
    for (key, _) in FOREIGN {
        assert!(
            after_first.contains(*key),
            "{key} was touched without --delete"
        );
    }
    let (ok, dry) = deploy(tmp.path(), &server, &["--dry-run"]);
    assert!(ok, "{dry}");
    assert!(
        dry.contains("0 new, 0 updated, 0 deleted, 10 unchanged"),
        "{dry}"
    );
    let (ok, second) = deploy(tmp.path(), &server, &[]);
    assert!(ok, "{second}");
    assert!(
        second.contains("0 new, 0 updated, 0 deleted, 10 unchanged"),
        "{second}"
    );
    assert_eq!(
        keys(&server),
        after_first,
        "a rerun with no change wrote something"
    );
}

#[test]
fn more_stale_keys_than_one_listing_page_or_delete_batch_are_all_deleted() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    // S3 (and moto) list 1000 keys a page, and DeleteObjects takes 1000 keys a request.
    for i in 0..1003 {
        server.put_raw(BUCKET, &format!("site/old/{i:04}.html"), b"x");
    }
    let tmp = tempfile::tempdir().unwrap();
    make_dist(tmp.path(), SITE);
    let (ok, dry) = deploy(tmp.path(), &server, &["--delete", "--force", "--dry-run"]);
    assert!(ok, "{dry}");
    assert!(
        dry.contains("10 new, 0 updated, 1003 deleted, 0 unchanged"),
        "{dry}"
    );
    let (ok, real) = deploy(tmp.path(), &server, &["--delete", "--force"]);
    assert!(ok, "{real}");
    assert!(real.contains("deleted 1003 stale object(s)"), "{real}");
    assert_eq!(
        keys(&server),
        site_keys(),
        "every stale key went, nothing else"
    );
}
