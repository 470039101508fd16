//! `kumo-deck deploy`: S3 against a real S3-compatible server (moto) on 127.0.0.1, and GitHub
//! Pages against a local bare repository: empty dist aborts, the delete cap, dry runs, diffs on
//! content hash and headers, content types, retries, Japanese keys, the gh-pages tree, secrets.

mod pages;

use crate::support::s3::*;
use sha2::{Digest, Sha256};
use std::fs;
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, SystemTime};

const BUCKET: &str = "kumo-test";

fn s3_deploy(root: &Path, server: &S3Server, extra: &[&str]) -> std::process::Output {
    let ep = server.endpoint();
    let mut args = vec!["deploy", "s3://kumo-test/deck", "--endpoint", &ep];
    args.extend_from_slice(extra);
    kumo_aws(root, &args)
}

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", out(o));
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn s3_first_deploy_sets_headers_and_hash_then_uploads_only_changes() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dist = make_dist(tmp.path(), SITE);
    let first = ok(&s3_deploy(tmp.path(), &server, &[]));
    assert!(
        first.contains("10 new, 0 updated, 0 deleted, 0 unchanged"),
        "{first}"
    );
    let listed = server.list(BUCKET);
    let keys: Vec<&str> = listed.keys().map(String::as_str).collect();
    let mut want: Vec<String> = SITE.iter().map(|(k, _)| format!("deck/{k}")).collect();
    want.sort();
    assert_eq!(
        keys, want,
        "exactly the site under the prefix, no marker file"
    );
    for (key, ct, cc) in [
        ("index.html", "text/html; charset=utf-8", "no-cache"),
        (
            "assets/deck.0123456789.css",
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        (
            "assets/noto.abcdef0123.woff2",
            "font/woff2",
            "public, max-age=31536000, immutable",
        ),
        (
            "assets/logo.1111111111.svg",
            "image/svg+xml; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        ("assets/photo.webp", "image/webp", "no-cache"),
        ("ja/deck.pdf", "application/pdf", "no-cache"),
        ("search.json", "application/json; charset=utf-8", "no-cache"),
        ("LICENSE", "application/octet-stream", "no-cache"),
    ] {
        let h = server.head(BUCKET, &format!("deck/{key}"));
        assert_eq!(h["content-type"], ct, "{key}");
        assert_eq!(h["cache-control"], cc, "{key}");
        let bytes = fs::read(dist.join(key)).unwrap();
        assert_eq!(h["x-amz-meta-kumo-sha256"], sha256(&bytes), "{key}");
    }

    // Unchanged: zero uploads, and the objects are the very same (ETag and date).
    let again = ok(&s3_deploy(tmp.path(), &server, &[]));
    assert!(
        again.contains("0 new, 0 updated, 0 deleted, 10 unchanged"),
        "{again}"
    );
    assert_eq!(server.list(BUCKET), listed);

    // Same size, older mtime (a fresh checkout): still uploaded, judged by content hash.
    let page = dist.join("ja/index.html");
    let old = fs::read(&page).unwrap();
    let new = String::from_utf8(old.clone())
        .unwrap()
        .replace("<title>ja", "<title>JA");
    assert_eq!(old.len(), new.len());
    fs::write(&page, &new).unwrap();
    let f = fs::File::options().write(true).open(&page).unwrap();
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000))
        .unwrap();
    drop(f);
    let changed = ok(&s3_deploy(tmp.path(), &server, &[]));
    assert!(
        changed.contains("0 new, 1 updated, 0 deleted, 9 unchanged"),
        "{changed}"
    );
    let h = server.head(BUCKET, "deck/ja/index.html");
    assert_eq!(h["x-amz-meta-kumo-sha256"], sha256(new.as_bytes()));
}

#[test]
fn s3_a_header_only_change_is_uploaded_again() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    make_dist(tmp.path(), SITE);
    ok(&s3_deploy(tmp.path(), &server, &[]));
    // Only a header changed (deck.toml's Cache-Control): re-uploaded all the same.
    let toml =
        "[title]\nja = \"a\"\nen = \"b\"\n[deploy]\ncache_control_default = \"max-age=60\"\n";
    fs::write(tmp.path().join("deck.toml"), toml).unwrap();
    let headers = ok(&s3_deploy(tmp.path(), &server, &[]));
    assert!(
        headers.contains("0 new, 7 updated, 0 deleted, 3 unchanged"),
        "{headers}"
    );
    assert_eq!(
        server.head(BUCKET, "deck/index.html")["cache-control"],
        "max-age=60"
    );
    let settled = ok(&s3_deploy(tmp.path(), &server, &[]));
    assert!(settled.contains("10 unchanged"), "{settled}");
}

#[test]
fn s3_delete_stays_inside_the_prefix_and_respects_the_cap() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dist = make_dist(tmp.path(), SITE);
    ok(&s3_deploy(tmp.path(), &server, &[]));
    for outside in [
        "outside.txt",
        "deck2/index.html",
        "deckx",
        "other/deck/LICENSE",
    ] {
        server.put(BUCKET, outside, b"not ours");
    }
    fs::remove_file(dist.join("LICENSE")).unwrap();
    let kept = ok(&s3_deploy(tmp.path(), &server, &[]));
    assert!(
        kept.contains("0 deleted"),
        "without --delete nothing goes: {kept}"
    );
    assert!(server.list(BUCKET).contains_key("deck/LICENSE"));
    let deleted = ok(&s3_deploy(tmp.path(), &server, &["--delete"]));
    assert!(
        deleted.contains("0 new, 0 updated, 1 deleted, 9 unchanged"),
        "{deleted}"
    );
    let listed = server.list(BUCKET);
    assert!(!listed.contains_key("deck/LICENSE"));
    for outside in [
        "outside.txt",
        "deck2/index.html",
        "deckx",
        "other/deck/LICENSE",
    ] {
        assert!(
            listed.contains_key(outside),
            "{outside} is outside the prefix and must survive"
        );
    }

    // Six of nine objects gone locally: above the 50% cap, refused, nothing changed.
    for (key, _) in &SITE[3..9] {
        fs::remove_file(dist.join(key)).unwrap();
    }
    let refused = s3_deploy(tmp.path(), &server, &["--delete"]);
    assert!(!refused.status.success(), "{}", out(&refused));
    assert!(
        out(&refused).contains("refusing to delete 6 of the 9 objects"),
        "{}",
        out(&refused)
    );
    assert_eq!(server.list(BUCKET), listed);
    let forced = ok(&s3_deploy(tmp.path(), &server, &["--delete", "--force"]));
    assert!(forced.contains("6 deleted"), "{forced}");
    assert_eq!(server.list(BUCKET).len(), listed.len() - 6);
}

#[test]
fn s3_failed_upload_retries_then_deletes_nothing_and_a_rerun_repairs() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dist = make_dist(tmp.path(), SITE);
    ok(&s3_deploy(tmp.path(), &server, &[]));
    fs::remove_file(dist.join("LICENSE")).unwrap();
    fs::write(dist.join("ja/index.html"), "changed").unwrap();
    fs::write(dist.join("assets/new.0000000000.css"), "p{}").unwrap();

    // Every PUT of ja/index.html gets a 500: retried with backoff, then the run fails.
    let proxy = FaultProxy::start(server.port, "deck/ja/index.html");
    let ep = proxy.endpoint();
    let args = [
        "deploy",
        "s3://kumo-test/deck",
        "--endpoint",
        &ep,
        "--delete",
    ];
    let failed = kumo_aws(tmp.path(), &args);
    assert!(!failed.status.success(), "{}", out(&failed));
    assert!(
        out(&failed).contains("no object was deleted"),
        "{}",
        out(&failed)
    );
    let faults = proxy.faults.load(std::sync::atomic::Ordering::SeqCst);
    assert!(faults >= 3, "retried with backoff: {faults} attempts");
    let listed = server.list(BUCKET);
    assert!(
        listed.contains_key("deck/LICENSE"),
        "no delete after a failed upload"
    );
    assert!(
        listed.contains_key("deck/assets/new.0000000000.css"),
        "assets went first"
    );

    // The next run repairs: only what still differs.
    let rerun = ok(&s3_deploy(tmp.path(), &server, &["--delete"]));
    assert!(
        rerun.contains("0 new, 1 updated, 1 deleted, 9 unchanged"),
        "{rerun}"
    );
}

#[test]
fn s3_headers_as_the_official_aws_cli_sees_them() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    let aws = std::process::Command::new("aws").arg("--version").output();
    if !aws.map(|o| o.status.success()).unwrap_or(false) {
        return skip("the AWS CLI is not installed (pip install awscli)");
    }
    let tmp = tempfile::tempdir().unwrap();
    let dist = make_dist(tmp.path(), SITE);
    ok(&s3_deploy(tmp.path(), &server, &[]));
    for (key, ct, cc) in [
        ("index.html", "text/html; charset=utf-8", "no-cache"),
        (
            "assets/noto.abcdef0123.woff2",
            "font/woff2",
            "public, max-age=31536000, immutable",
        ),
    ] {
        let o = std::process::Command::new("aws")
            .args(["--endpoint-url", &server.endpoint(), "s3api", "head-object"])
            .args(["--bucket", BUCKET, "--key", &format!("deck/{key}")])
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("HOME", tmp.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", out(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["ContentType"], ct, "{v}");
        assert_eq!(v["CacheControl"], cc, "{v}");
        let sha = sha256(&fs::read(dist.join(key)).unwrap());
        assert_eq!(v["Metadata"]["kumo-sha256"], sha.as_str(), "{v}");
    }
}

#[test]
fn s3_dry_run_prints_the_plan_and_writes_nothing() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dist = make_dist(tmp.path(), SITE);
    ok(&s3_deploy(tmp.path(), &server, &[]));
    fs::write(dist.join("ja/index.html"), "changed").unwrap();
    fs::write(dist.join("en/new.html"), "new").unwrap();
    fs::remove_file(dist.join("search.json")).unwrap();
    let before = server.list(BUCKET);
    let dry = ok(&s3_deploy(tmp.path(), &server, &["--dry-run", "--delete"]));
    assert!(
        dry.contains("+ upload     en/new.html  [text/html; charset=utf-8; no-cache; 3 B]"),
        "{dry}"
    );
    assert!(
        dry.contains("~ update     ja/index.html (content)"),
        "{dry}"
    );
    assert!(dry.contains("- delete     search.json"), "{dry}");
    assert!(dry.contains("= unchanged  index.html"), "{dry}");
    assert!(
        dry.contains("1 new, 1 updated, 1 deleted, 8 unchanged (nothing written)"),
        "{dry}"
    );
    assert_eq!(server.list(BUCKET), before, "a dry run must not write");
}

#[test]
fn s3_japanese_keys_are_nfc_and_round_trip() {
    let Some(server) = S3Server::start(BUCKET) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // The folder name on disk is NFD (as macOS writes it): ド = ト + U+3099.
    let nfd_dir = "スライト\u{3099}";
    let dist = make_dist(tmp.path(), &[("index.html", b"x")]);
    fs::create_dir_all(dist.join(nfd_dir)).unwrap();
    fs::write(dist.join(nfd_dir).join("資料 1.html"), "<p>資料</p>").unwrap();
    let ep = server.endpoint();
    let args = ["deploy", "s3://kumo-test/日本語", "--endpoint", &ep];
    let first = ok(&kumo_aws(tmp.path(), &args));
    assert!(first.contains("2 new"), "{first}");
    let keys: Vec<String> = server.list(BUCKET).into_keys().collect();
    assert_eq!(keys, ["日本語/index.html", "日本語/スライド/資料 1.html"]);
    let h = server.head(BUCKET, "日本語/スライド/資料 1.html");
    assert_eq!(h["content-type"], "text/html; charset=utf-8");
    let again = ok(&kumo_aws(tmp.path(), &args));
    assert!(
        again.contains("0 new, 0 updated, 0 deleted, 2 unchanged"),
        "{again}"
    );
}

#[test]
fn s3_refuses_missing_or_empty_dist_before_contacting_the_endpoint() {
    // A listener that would see any connection: it must see none.
    let trap = TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let ep = format!("http://{}", trap.local_addr().unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let run = || {
        let args = [
            "deploy",
            "s3://kumo-test/deck",
            "--endpoint",
            &ep,
            "--delete",
        ];
        kumo_aws(tmp.path(), &args)
    };
    let missing = run();
    assert!(!missing.status.success());
    assert!(
        out(&missing).contains("nothing to deploy") && out(&missing).contains("does not exist"),
        "{}",
        out(&missing)
    );
    fs::create_dir(tmp.path().join("dist")).unwrap();
    fs::write(tmp.path().join("dist/stray.txt"), "x").unwrap();
    let foreign = run();
    assert!(
        out(&foreign).contains("was not written by kumo-deck"),
        "{}",
        out(&foreign)
    );
    fs::remove_file(tmp.path().join("dist/stray.txt")).unwrap();
    fs::write(tmp.path().join("dist/.kumo-deck-output"), "").unwrap();
    let empty = run();
    assert!(!empty.status.success());
    assert!(out(&empty).contains("is empty"), "{}", out(&empty));
    assert!(trap.accept().is_err(), "the endpoint was contacted");
}

#[test]
fn deploy_rejects_flags_of_the_other_target() {
    let tmp = tempfile::tempdir().unwrap();
    let o = kumo_aws(tmp.path(), &["deploy", "pages", "--delete"]);
    assert!(
        !o.status.success() && out(&o).contains("do not apply"),
        "{}",
        out(&o)
    );
    let o = kumo_aws(tmp.path(), &["deploy", "ftp://x"]);
    assert!(
        !o.status.success() && out(&o).contains("unknown deploy target"),
        "{}",
        out(&o)
    );
}
