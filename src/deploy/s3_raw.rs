//! Our own SigV4-signed ListObjectsV2 and DeleteObjects requests, which carry object keys
//! exactly as the bucket holds them.
//!
//! `object_store` parses every listed key into its normalised `Path`: a key someone else wrote
//! with `//`, `/./` or `/../` fails the whole listing, and a console folder key (`site/x/`) comes
//! back as `site/x`, so deleting it deletes nothing. Here keys stay strings: the listing asks
//! for URL-encoded keys (any byte survives the XML), and deletes name keys in the request body,
//! never in a URL, where an HTTP client would resolve `..` and reach outside the prefix. The
//! signer, the credential chain and the HTTP client are `object_store`'s own, so both clients
//! authenticate the same way.

use super::s3_xml::{delete_body, leaves, s3_error};
use crate::diag::Diagnostic;
use http::{Method, Request, StatusCode};
use object_store::aws::{AwsAuthorizer, AwsCredentialProvider};
use object_store::client::{HttpClient, HttpRequestBody};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// The query-value set SigV4 canonicalises with: everything but unreserved characters.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// DeleteObjects takes at most this many keys per request.
pub(super) const DELETE_BATCH: usize = 1000;
/// Attempts per request (the first and three retries) on 5xx, 429 and connection errors.
const ATTEMPTS: u32 = 4;

/// Where and how to send the raw requests.
pub(super) struct RawS3 {
    pub http: HttpClient,
    /// `https://host/bucket` (path style) or `https://bucket.host` (virtual-hosted).
    pub bucket_url: String,
    pub region: String,
    pub credentials: AwsCredentialProvider,
}

/// A key a DeleteObjects request refused, with the server's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    pub key: String,
    pub why: String,
}

impl RawS3 {
    /// One page of the keys under `prefix` (`""` or ending in `/`), as stored, from `token` on;
    /// the token of the next page, if any. One request, so a caller can time each.
    pub(super) async fn list_page(
        &self,
        prefix: &str,
        token: Option<&str>,
    ) -> Result<(Vec<String>, Option<String>), Diagnostic> {
        let mut query = format!("encoding-type=url&list-type=2&prefix={}", enc(prefix));
        if let Some(t) = token {
            query = format!("continuation-token={}&{query}", enc(t));
        }
        let url = format!("{}?{query}", self.bucket_url);
        let xml = self.send(Method::GET, &url, Vec::new(), None).await?;
        let (mut keys, mut truncated, mut next) = (Vec::new(), false, None);
        for (path, text) in leaves(&xml)? {
            match path.as_str() {
                "ListBucketResult/Contents/Key" => keys.push(url_decoded(&text)?),
                "ListBucketResult/IsTruncated" => truncated = text == "true",
                "ListBucketResult/NextContinuationToken" => next = Some(text),
                _ => {}
            }
        }
        match (truncated, next) {
            (true, None) => Err(Diagnostic::error(
                "the S3 listing was truncated but gave no continuation token",
            )),
            (true, next) => Ok((keys, next)),
            (false, _) => Ok((keys, None)),
        }
    }

    /// Delete `keys` (at most [`DELETE_BATCH`]) exactly, in one request; the keys the server
    /// refused, with its reasons.
    pub(super) async fn delete_batch(&self, keys: &[String]) -> Result<Vec<Refused>, Diagnostic> {
        let body = delete_body(keys);
        let md5 = base64_std(&<md5::Md5 as md5::Digest>::digest(&body));
        let url = format!("{}?delete", self.bucket_url);
        let xml = self.send(Method::POST, &url, body, Some(md5)).await?;
        let (mut refused, mut current) = (Vec::new(), None::<Refused>);
        for (path, text) in leaves(&xml)? {
            match path.as_str() {
                "DeleteResult/Error/Key" => {
                    refused.extend(current.take());
                    current = Some(Refused {
                        key: text,
                        why: String::new(),
                    });
                }
                "DeleteResult/Error/Code" | "DeleteResult/Error/Message" => {
                    if let Some(r) = current.as_mut() {
                        r.why = [r.why.as_str(), &text].join(" ").trim().to_string();
                    }
                }
                _ => {}
            }
        }
        refused.extend(current);
        Ok(refused)
    }

    /// Sign and send one request, retrying with exponential backoff; the response body.
    async fn send(
        &self,
        method: Method,
        url: &str,
        body: Vec<u8>,
        content_md5: Option<String>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                let wait = Duration::from_millis(200 << attempt).min(Duration::from_secs(8));
                tokio::time::sleep(wait).await;
            }
            let request = self
                .signed(&method, url, &body, content_md5.as_deref())
                .await?;
            match self.http.execute(request).await {
                Err(e) => last = e.to_string(),
                Ok(response) => {
                    let status = response.status();
                    let got = response.into_body().bytes().await;
                    let bytes = match got {
                        Ok(b) => b.to_vec(),
                        Err(e) => {
                            last = e.to_string();
                            continue;
                        }
                    };
                    if status.is_success() {
                        return Ok(bytes);
                    }
                    last = format!("{status} {}", s3_error(&bytes));
                    if !retryable(status) {
                        break;
                    }
                }
            }
        }
        Err(Diagnostic::error(format!(
            "{method} {}: {last}",
            self.shown(url)
        )))
    }

    async fn signed(
        &self,
        method: &Method,
        url: &str,
        body: &[u8],
        content_md5: Option<&str>,
    ) -> Result<object_store::client::HttpRequest, Diagnostic> {
        let credential = self
            .credentials
            .get_credential()
            .await
            .map_err(|e| Diagnostic::error(format!("cannot get AWS credentials: {e}")))?;
        let mut builder = Request::builder().method(method.clone()).uri(url);
        if let Some(md5) = content_md5 {
            builder = builder
                .header("content-md5", md5)
                .header("content-type", "application/xml");
        }
        let mut request = builder
            .body(HttpRequestBody::from(body.to_vec()))
            .map_err(|e| Diagnostic::error(format!("bad S3 request {}: {e}", self.shown(url))))?;
        let digest = Sha256::digest(body);
        AwsAuthorizer::new(&credential, "s3", &self.region)
            .try_authorize(&mut request, Some(&digest))
            .map_err(|e| Diagnostic::error(format!("cannot sign the S3 request: {e}")))?;
        Ok(request)
    }

    /// The URL as it may appear in a message: no query string (it may hold a token).
    fn shown(&self, url: &str) -> String {
        super::redact(url.split('?').next().unwrap_or(url))
    }
}

fn retryable(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
}

fn enc(s: &str) -> String {
    utf8_percent_encode(s, QUERY).to_string()
}

/// A key from an `encoding-type=url` listing: S3 writes a space as `+` (and `+` as `%2B`).
fn url_decoded(s: &str) -> Result<String, Diagnostic> {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8()
        .map(|k| k.into_owned())
        .map_err(|_| {
            Diagnostic::error(format!("the S3 listing holds a key that is not UTF-8: {s}"))
        })
}

fn base64_std(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_keys_decode_exactly() {
        assert_eq!(url_decoded("site//a%2B+b.html").unwrap(), "site//a+ b.html");
        assert_eq!(url_decoded("site/../%E3%82%AC/").unwrap(), "site/../ガ/");
        assert!(url_decoded("%FF").is_err());
        assert_eq!(enc("site/ä b+"), "site%2F%C3%A4%20b%2B");
    }
}
