//! `deploy s3://BUCKET[/PREFIX]`: incremental, header-exact sync of dist/ to an S3 bucket with
//! `object_store` (SigV4, retries with exponential backoff, per-object attributes) on a small
//! current-thread tokio runtime.
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
use super::{redact, LocalSite, Progress, Report};
use crate::config::DeployConfig;
use crate::diag::Diagnostic;
use futures::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3;
use object_store::path::Path as ObjPath;
use object_store::{Attribute, Attributes, GetOptions, ObjectStore, PutOptions};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::time::Instant;

/// The user-metadata key holding our content hash (sent as `x-amz-meta-kumo-sha256`).
pub const SHA256_META: &str = "kumo-sha256";
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
    pub region: Option<String>,
    pub virtual_hosted: bool,
    /// Delete objects under the prefix that have no local file.
    pub delete: bool,
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
    let store = build_store(&target, opts)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the async runtime: {e}")))?;
    let run = Run {
        store: &store,
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
                sha256: hex(&Sha256::digest(&f.bytes)),
                headers: headers::for_key(key, cfg),
                size: f.bytes.len(),
            };
            (key.clone(), want)
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
/// One sync, over borrowed parts.
struct Run<'a> {
    store: &'a AmazonS3,
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
        let plan = plan::diff(self.wanted, &remote, opts.delete);
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
            "" => None,
            p => Some(self.path_of(p)?),
        };
        let mut listing = self.store.list(prefix.as_ref());
        let mut listed = Vec::new();
        while let Some(m) = self.watch(listing.next(), "listing").await? {
            listed.push(m.map_err(|e| self.error("list", &e))?);
        }
        let keys: Vec<String> = listed
            .iter()
            .filter_map(|m| self.target.rel(m.location.as_ref()).map(str::to_string))
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

    async fn delete_all(
        &self,
        rels: &[String],
        progress: &mut dyn Progress,
    ) -> Result<(), Diagnostic> {
        if rels.is_empty() {
            return Ok(());
        }
        let paths: Vec<ObjPath> = rels
            .iter()
            .map(|r| self.path(r))
            .collect::<Result<_, _>>()?;
        let stream = futures::stream::iter(paths.into_iter().map(Ok)).boxed();
        let deleted: Vec<ObjPath> = self
            .store
            .delete_stream(stream)
            .try_collect()
            .await
            .map_err(|e| self.error("delete", &e))?;
        progress.line(&format!("deleted {} stale object(s)", deleted.len()));
        Ok(())
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

    fn path(&self, rel: &str) -> Result<ObjPath, Diagnostic> {
        self.path_of(&self.target.key(rel))
    }

    fn path_of(&self, key: &str) -> Result<ObjPath, Diagnostic> {
        ObjPath::parse(key)
            .map_err(|e| Diagnostic::error(format!("`{key}` cannot be an object key: {e}")))
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
        if let object_store::Error::InvalidPath { .. } = e {
            // A key someone else wrote (`a//b`, `a/./b`): not a credentials problem.
            return Diagnostic::error(redact(&msg)).hint(format!(
                "an object under {} has a key with an empty, `.` or `..` part, which kumo-deck \
                 cannot list; remove or rename it, or deploy to another prefix",
                self.target
            ));
        }
        Diagnostic::error(redact(&msg))
            .hint("check the bucket, --endpoint, --region and the AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE)")
    }
}
