//! `deploy s3://BUCKET[/PREFIX]`: incremental, header-exact sync of dist/ to an S3 bucket with
//! `object_store` (SigV4, retries with exponential backoff, per-object attributes) on a small
//! current-thread tokio runtime. Listing and deleting go through [`RawS3`], which keeps keys
//! exactly as stored, so keys someone else wrote (`a//b`, `a/../b`, console folder keys `a/`)
//! are planned, reported and deleted like any other stale key.
//!
//! Our SHA-256 of each object's bytes is stored as `x-amz-meta-kumo-sha256`; a HEAD of each
//! existing key gives it back with the object's Content-Type and Cache-Control, so the diff holds
//! for multipart or encrypted objects whose ETag is no MD5. Every PUT is whole, so a run that
//! fails midway leaves objects each either old or new, and the next run uploads what still
//! differs. Deletes run only after every upload succeeded, so a failed PUT deletes nothing.

use super::headers;
use super::plan::{self, DeleteCap, Plan, Stored, Wanted};
use super::s3_client::build_store;
pub use super::s3_client::{check_endpoint, S3Target};
use super::s3_raw::RawS3;
use super::{redact, LocalSite, Progress, Report};
use crate::config::DeployConfig;
use crate::diag::Diagnostic;
use futures::StreamExt;
use object_store::aws::AmazonS3;
use object_store::path::Path as ObjPath;
use object_store::{Attribute, Attributes, GetOptions, ObjectStore, PutOptions};
use std::collections::BTreeMap;
use std::time::Instant;

/// The user-metadata key holding our content hash (sent as `x-amz-meta-kumo-sha256`).
pub(crate) const SHA256_META: &str = "kumo-sha256";
/// Requests in flight at once (HEADs and PUTs).
const CONCURRENCY: usize = 8;

/// Flags of an S3 deploy.
#[derive(Debug, Clone)]
pub struct S3Options {
    /// `s3://BUCKET[/PREFIX]`.
    pub url: String,
    /// An S3-compatible endpoint (MinIO, R2, a local test server); path-style unless
    /// `virtual_hosted`.
    pub endpoint: Option<String>,
    /// The bucket's region (default: the environment's or the AWS profile's, else `us-east-1`).
    pub region: Option<String>,
    /// Address the bucket as a host name (`bucket.endpoint`) instead of a path.
    pub virtual_hosted: bool,
    /// Delete objects under the prefix that have no local file.
    pub delete: bool,
    /// Limits on what one run may delete (a share and a count of the objects; `--force` lifts them).
    pub cap: DeleteCap,
    /// Give up when no request has finished for this long (a dead or hung endpoint), instead
    /// of retrying every remaining file in turn.
    pub stall: std::time::Duration,
}
/// Sync `site` to the bucket. With `dry_run`, only lists and HEADs (zero writes).
pub fn deploy(
    site: &LocalSite,
    cfg: &DeployConfig,
    opts: &S3Options,
    dry_run: bool,
    progress: &mut dyn Progress,
) -> Result<Report, Diagnostic> {
    let target = S3Target::parse(&opts.url)?;
    let wanted = wanted(site, cfg);
    let (store, raw) = build_store(&target, opts)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the async runtime: {e}")))?;
    let run = Run {
        store: &store,
        raw: &raw,
        target: &target,
        site,
        wanted: &wanted,
        stall: opts.stall,
    };
    rt.block_on(run.sync(opts, dry_run, progress))
}

/// What each local file should be in the bucket.
fn wanted(site: &LocalSite, cfg: &DeployConfig) -> BTreeMap<String, Wanted> {
    site.files
        .iter()
        .map(|(key, f)| {
            let want = Wanted {
                sha256: crate::util::hex::sha256_hex(&f.bytes),
                headers: headers::for_key(key, cfg),
                size: f.bytes.len(),
            };
            (key.clone(), want)
        })
        .collect()
}

/// One sync, over borrowed parts.
struct Run<'a> {
    store: &'a AmazonS3,
    raw: &'a RawS3,
    target: &'a S3Target,
    site: &'a LocalSite,
    wanted: &'a BTreeMap<String, Wanted>,
    stall: std::time::Duration,
}

impl Run<'_> {
    async fn sync(
        &self,
        opts: &S3Options,
        dry_run: bool,
        progress: &mut dyn Progress,
    ) -> Result<Report, Diagnostic> {
        let start = Instant::now();
        progress.line(&format!("listing {}", self.target));
        let remote = self.remote_state(progress).await?;
        let mut plan = plan::diff(self.wanted, &remote, opts.delete);
        plan.keep(|rel| self.kept(rel));
        plan.check_deletes(&opts.cap)?;
        if dry_run {
            return Ok(Report {
                plan: Some(plan.render(self.wanted)),
                summary: format!(
                    "dry run for {}: {} (nothing written)",
                    self.target,
                    plan.counts()
                ),
            });
        }
        for line in plan
            .render(self.wanted)
            .lines()
            .filter(|l| l.starts_with('!'))
        {
            progress.line(line);
        }
        let bytes = self.upload_all(&plan, progress).await?;
        self.delete_all(&plan.deletes, progress).await?;
        Ok(Report {
            plan: None,
            summary: format!(
                "deployed to {}: {}; {:.1} KiB uploaded in {:.1}s",
                self.target,
                plan.counts(),
                bytes as f64 / 1024.0,
                start.elapsed().as_secs_f64()
            ),
        })
    }

    /// Every object under the prefix; a HEAD (hash and headers) for those we also have locally.
    async fn remote_state(
        &self,
        progress: &mut dyn Progress,
    ) -> Result<BTreeMap<String, Stored>, Diagnostic> {
        let prefix = match self.target.prefix.as_str() {
            "" => String::new(),
            p => format!("{p}/"),
        };
        // Each page is one request, timed on its own: a big bucket lists for as long as it
        // takes, a dead endpoint fails after `stall`.
        let (mut listed, mut token) = (Vec::new(), None::<String>);
        loop {
            let page = self.raw.list_page(&prefix, token.as_deref());
            let (keys, next) = self
                .watch(page, "listing")
                .await?
                .map_err(|d| self.failed("list", d))?;
            listed.extend(keys);
            match next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        let keys: Vec<String> = listed
            .iter()
            .filter_map(|k| self.target.rel(k).map(str::to_string))
            .collect();
        let (known, stale): (Vec<String>, Vec<String>) =
            keys.into_iter().partition(|k| self.wanted.contains_key(k));
        let mut state: BTreeMap<String, Stored> =
            stale.into_iter().map(|k| (k, Stored::default())).collect();
        let total = known.len();
        let mut heads = futures::stream::iter(known)
            .map(|k| async move {
                let got = self.head(&k).await;
                (k, got)
            })
            .buffer_unordered(CONCURRENCY);
        let mut checked = 0usize;
        while let Some((k, got)) = self.watch(heads.next(), "checking objects").await? {
            state.insert(k, got?);
            checked += 1;
            if checked.is_multiple_of(50) || checked == total {
                progress.line(&format!("checked {checked}/{total} objects"));
            }
        }
        Ok(state)
    }

    async fn head(&self, rel: &str) -> Result<Stored, Diagnostic> {
        let path = self.path(rel)?;
        let opts = GetOptions {
            head: true,
            ..GetOptions::default()
        };
        let got = self
            .store
            .get_opts(&path, opts)
            .await
            .map_err(|e| self.error("HEAD", &e))?;
        let attr = |a: Attribute| got.attributes.get(&a).map(|v| v.to_string());
        Ok(Stored {
            sha256: attr(Attribute::Metadata(SHA256_META.into())),
            content_type: attr(Attribute::ContentType),
            cache_control: attr(Attribute::CacheControl),
        })
    }

    /// Upload new and changed objects: non-HTML first, then HTML, so no page goes live before
    /// what it links to. Fails (before any delete) if any upload failed after its retries.
    async fn upload_all(
        &self,
        plan: &Plan,
        progress: &mut dyn Progress,
    ) -> Result<usize, Diagnostic> {
        let order = plan.upload_order();
        let total = order.len();
        let (pages, rest): (Vec<String>, Vec<String>) = order
            .into_iter()
            .partition(|k| k.ends_with(".html") || k.ends_with(".htm"));
        let (mut done, mut bytes) = (0, 0);
        for phase in [rest, pages] {
            let mut puts = futures::stream::iter(phase)
                .map(|k| async move {
                    let r = self.put(&k).await;
                    (k, r)
                })
                .buffer_unordered(CONCURRENCY);
            let mut failed = Vec::new();
            while let Some((k, r)) = self.watch(puts.next(), "uploading").await.map_err(|d| {
                d.hint(format!(
                    "{done} of {total} uploads had finished; no object was deleted. Run the same \
                     deploy again when the endpoint is back: it uploads only what still differs"
                ))
            })? {
                done += 1;
                match r {
                    Ok(n) => {
                        bytes += n;
                        progress.step(done, total, &format!("uploaded {k}"));
                    }
                    Err(d) => {
                        progress.step(done, total, &format!("FAILED {k}: {}", d.message));
                        failed.push(k);
                    }
                }
            }
            if !failed.is_empty() {
                return Err(Diagnostic::error(format!(
                    "{} of {total} uploads to {} failed (first: {}); no object was deleted",
                    failed.len(),
                    self.target,
                    failed[0]
                ))
                .hint("run the same deploy again: it uploads only what still differs"));
            }
        }
        Ok(bytes)
    }

    async fn put(&self, rel: &str) -> Result<usize, Diagnostic> {
        let want = &self.wanted[rel];
        let file = &self.site.files[rel];
        let attributes: Attributes = [
            (Attribute::ContentType, want.headers.content_type.clone()),
            (Attribute::CacheControl, want.headers.cache_control.clone()),
            (Attribute::Metadata(SHA256_META.into()), want.sha256.clone()),
        ]
        .into_iter()
        .collect();
        let opts = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        let path = self.path(rel)?;
        self.store
            .put_opts(&path, file.bytes.clone().into(), opts)
            .await
            .map_err(|e| self.error("upload", &e))?;
        Ok(want.size)
    }

    /// Delete exactly the listed keys (by their stored names, in request bodies).
    async fn delete_all(
        &self,
        rels: &[String],
        progress: &mut dyn Progress,
    ) -> Result<(), Diagnostic> {
        if rels.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = rels.iter().map(|r| self.target.key(r)).collect();
        let mut refused = Vec::new();
        for batch in keys.chunks(super::s3_raw::DELETE_BATCH) {
            let got = self
                .watch(self.raw.delete_batch(batch), "deleting")
                .await?
                .map_err(|d| self.failed("delete", d))?;
            refused.extend(got);
        }
        progress.line(&format!(
            "deleted {} stale object(s)",
            keys.len() - refused.len()
        ));
        if let Some(first) = refused.first() {
            return Err(Diagnostic::error(format!(
                "S3 refused to delete {} of {} stale object(s) under {} (first: {}: {})",
                refused.len(),
                keys.len(),
                self.target,
                crate::util::escape_controls(&first.key, false),
                first.why
            ))
            .hint("every upload had finished; run the same deploy again to retry the deletes"));
        }
        Ok(())
    }

    /// Why `--delete` leaves a stale key in place, if it does: `(full key, why)`.
    fn kept(&self, rel: &str) -> Option<(String, String)> {
        let key = self.target.key(rel);
        if rel.is_empty() {
            let why = "the folder key of the prefix itself, not a file of the site";
            return Some((key, why.into()));
        }
        if !super::s3_xml::deletable(&key) {
            let why = "its key holds control characters that S3's DeleteObjects cannot name; \
                       remove it with another tool";
            return Some((key, why.into()));
        }
        None
    }

    /// `next` (the next finished request of a phase), or an error once nothing has finished for
    /// `stall`: a dead endpoint fails the run in bounded time, not after retrying every file.
    async fn watch<T>(
        &self,
        next: impl std::future::Future<Output = T>,
        phase: &str,
    ) -> Result<T, Diagnostic> {
        tokio::time::timeout(self.stall, next).await.map_err(|_| {
            Diagnostic::error(format!(
                "gave up {phase} {}: no request finished for {} s (the endpoint is down or not answering)",
                self.target,
                self.stall.as_secs()
            ))
        })
    }

    /// The `object_store` path of one of our own keys (local files: always well-formed).
    fn path(&self, rel: &str) -> Result<ObjPath, Diagnostic> {
        let key = self.target.key(rel);
        ObjPath::parse(&key)
            .map_err(|e| Diagnostic::error(format!("`{key}` cannot be an object key: {e}")))
    }

    /// A raw request's failure, in the words of [`Self::error`].
    fn failed(&self, what: &str, d: Diagnostic) -> Diagnostic {
        let msg = format!("S3 {what} on {} failed: {}", self.target, d.message);
        Diagnostic::error(redact(&msg))
            .hint("check the bucket, --endpoint, --region and the AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE)")
    }

    fn error(&self, what: &str, e: &object_store::Error) -> Diagnostic {
        let mut msg = format!("S3 {what} on {} failed: {e}", self.target);
        // The causes (DNS, connection refused, TLS) are often only in the source chain.
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            let text = s.to_string();
            if !msg.contains(&text) {
                msg.push_str(&format!(": {text}"));
            }
            source = s.source();
        }
        Diagnostic::error(redact(&msg))
            .hint("check the bucket, --endpoint, --region and the AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE)")
    }
}
