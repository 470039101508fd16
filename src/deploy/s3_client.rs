//! The S3 side of `deploy`: the `s3://BUCKET[/PREFIX]` target and the configured client
//! (credentials chain, endpoint, plain HTTP only to loopback, retries with exponential backoff).
//! One configuration gives two clients: `object_store` for HEAD and PUT of our own keys, and
//! [`RawS3`] for listing and deleting keys exactly as the bucket holds them.

use super::s3::S3Options;
use super::s3_raw::RawS3;
use crate::diag::Diagnostic;
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::client::{HttpConnector, ReqwestConnector};
use object_store::path::Path as ObjPath;
use object_store::{BackoffConfig, ClientOptions, RetryConfig};
use std::time::Duration;

/// A bucket and a key prefix (no leading or trailing `/`; empty for the whole bucket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Target {
    /// The bucket's name.
    pub bucket: String,
    /// The key prefix every object is published under.
    pub prefix: String,
}

impl S3Target {
    /// Parse `s3://BUCKET[/PREFIX]`.
    pub fn parse(url: &str) -> Result<S3Target, Diagnostic> {
        let bad = |why: &str| {
            Diagnostic::error(format!("`{url}` is not an S3 target: {why}"))
                .hint("write s3://BUCKET or s3://BUCKET/PREFIX")
        };
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| bad("it must start with s3://"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !bucket_ok {
            return Err(bad(
                "the bucket name must be 3-63 lower-case letters, digits, `-` or `.`",
            ));
        }
        // One trailing `/` is the usual spelling; any other empty part (`//x`, `x//`) or a `.`
        // or `..` part would name keys that differ from what the listing gives back.
        let prefix = prefix.strip_suffix('/').unwrap_or(prefix);
        let odd = |s: &str| s.is_empty() || s == "." || s == "..";
        if !prefix.is_empty() && (prefix.split('/').any(odd) || ObjPath::parse(prefix).is_err()) {
            return Err(bad("the prefix has an empty, `.` or `..` segment"));
        }
        Ok(S3Target {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
        })
    }

    /// The full object key of a site path.
    pub fn key(&self, rel: &str) -> String {
        if self.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }

    /// The site path of a full object key, if it lies under the prefix.
    pub fn rel<'a>(&self, key: &'a str) -> Option<&'a str> {
        if self.prefix.is_empty() {
            return Some(key);
        }
        key.strip_prefix(self.prefix.as_str())?.strip_prefix('/')
    }
}

impl std::fmt::Display for S3Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// The clients: credentials from the environment, then the shared profile files; retries with
/// exponential backoff on 5xx and connection errors.
pub(super) fn build_store(
    target: &S3Target,
    opts: &S3Options,
) -> Result<(AmazonS3, RawS3), Diagnostic> {
    let mut b = with_profile(AmazonS3Builder::from_env().with_bucket_name(&target.bucket));
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if let Some(r) = &opts.region {
        b = b.with_region(r);
    }
    let endpoint = opts
        .endpoint
        .clone()
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .or_else(|| env("AWS_ENDPOINT"));
    let mut client = ClientOptions::new()
        .with_connect_timeout(Duration::from_secs(10))
        .with_timeout(Duration::from_secs(300));
    if let Some(ep) = &endpoint {
        let ep = &check_endpoint(ep)?;
        // allow_http lives in the client options: set it there, not on the builder, which
        // `with_client_options` would overwrite.
        client = client.with_allow_http(allow_http(ep)?);
        b = b.with_endpoint(ep);
        b = b.with_virtual_hosted_style_request(opts.virtual_hosted);
    }
    let retry = RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(8),
            base: 2.0,
        },
        max_retries: 4,
        retry_timeout: Duration::from_secs(120),
    };
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("cannot set up the S3 client for {target}: {e}"))
    };
    let bucket_url = bucket_url(&b, &target.bucket);
    let region = b
        .get_config_value(&AmazonS3ConfigKey::Region)
        .unwrap_or_else(|| "us-east-1".into());
    let http = ReqwestConnector::default()
        .connect(&client)
        .map_err(|e| failed(&e))?;
    let store = b
        .with_retry(retry)
        .with_client_options(client)
        .build()
        .map_err(|e| failed(&e))?;
    let raw = RawS3 {
        http,
        bucket_url,
        region,
        credentials: store.credentials().clone(),
    };
    Ok((store, raw))
}

/// `b` with the shared profile's credentials and region, unless the environment sets them.
fn with_profile(mut b: AmazonS3Builder) -> AmazonS3Builder {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if env("AWS_ACCESS_KEY_ID").is_none() {
        let p = super::aws_profile::load();
        if let (Some(id), Some(secret)) = (p.access_key_id, p.secret_access_key) {
            b = b.with_access_key_id(id).with_secret_access_key(secret);
            if let Some(t) = p.session_token {
                b = b.with_token(t);
            }
        }
        if let (Some(r), None, None) = (p.region, env("AWS_REGION"), env("AWS_DEFAULT_REGION")) {
            b = b.with_region(r);
        }
    }
    b
}

/// The bucket's base URL, as `object_store` derives it (path style unless virtual-hosted).
fn bucket_url(b: &AmazonS3Builder, bucket: &str) -> String {
    let get = |k| b.get_config_value(&k);
    let region = get(AmazonS3ConfigKey::Region).unwrap_or_else(|| "us-east-1".into());
    let virtual_hosted =
        get(AmazonS3ConfigKey::VirtualHostedStyleRequest).as_deref() == Some("true");
    let endpoint = get(AmazonS3ConfigKey::S3Endpoint).or(get(AmazonS3ConfigKey::Endpoint));
    match (endpoint, virtual_hosted) {
        (Some(ep), true) => ep,
        (Some(ep), false) => format!("{}/{bucket}", ep.trim_end_matches('/')),
        (None, true) => format!("https://{bucket}.s3.{region}.amazonaws.com"),
        (None, false) => format!("https://s3.{region}.amazonaws.com/{bucket}"),
    }
}

/// `endpoint` as the client wants it (`scheme://host[:port][/path]`), or a hint-bearing error.
/// Checked here because the client panics on some malformed URLs, and credentials in the URL
/// would end up in its error messages: the message shows the endpoint redacted.
pub fn check_endpoint(endpoint: &str) -> Result<String, Diagnostic> {
    let shown = super::redact(endpoint);
    let bad = |why: &str| {
        Diagnostic::error(format!("`{shown}` is not a usable S3 endpoint: {why}"))
            .hint("write a URL such as https://s3.example.com or http://127.0.0.1:9000")
    };
    if endpoint
        .chars()
        .any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(bad("it holds spaces or control characters"));
    }
    let url = url::Url::parse(endpoint).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => bad("it has no scheme (http:// or https://)"),
        url::ParseError::InvalidPort => bad("its port is not a number from 1 to 65535"),
        e => bad(&e.to_string()),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http:// or https://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it names no host"));
    }
    if url.port() == Some(0) {
        return Err(bad("its port is not a number from 1 to 65535"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("it holds a user name or password").hint(
            "give credentials through AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it has a query or a fragment"));
    }
    Ok(endpoint.trim_end_matches('/').to_string())
}

/// Plain HTTP only to this machine (a local test server); everything else must use TLS.
fn allow_http(endpoint: &str) -> Result<bool, Diagnostic> {
    let Some(rest) = endpoint.strip_prefix("http://") else {
        return Ok(false);
    };
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false);
    if loopback {
        Ok(true)
    } else {
        Err(Diagnostic::error(format!(
            "refusing plain HTTP to {}: objects would travel unencrypted",
            super::redact(endpoint)
        ))
        .hint("use an https:// endpoint (http:// is accepted only for localhost)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        let t = S3Target::parse("s3://my-bucket/site/v1/").unwrap();
        assert_eq!(
            (t.bucket.as_str(), t.prefix.as_str()),
            ("my-bucket", "site/v1")
        );
        assert_eq!(t.key("ja/index.html"), "site/v1/ja/index.html");
        assert_eq!(t.rel("site/v1/ja/index.html"), Some("ja/index.html"));
        assert_eq!(t.rel("site/v10/x"), None);
        assert_eq!(S3Target::parse("s3://b-1").unwrap().prefix, "");
        assert!(S3Target::parse("https://b/x").is_err());
        assert!(S3Target::parse("s3://B/x").is_err());
        assert!(S3Target::parse("s3://bucket/a/../b").is_err());
        for bad in [
            "s3://bucket//x",
            "s3://bucket/x//",
            "s3://bucket/./x",
            "s3://bucket/a//b",
        ] {
            assert!(S3Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(allow_http("http://127.0.0.1:9000").unwrap());
        assert!(allow_http("http://localhost:9000/").unwrap());
        assert!(allow_http("http://[::1]:9000").unwrap());
        assert!(!allow_http("https://s3.example.com").unwrap());
        assert!(allow_http("http://s3.example.com").is_err());
    }

    #[test]
    fn endpoints_are_checked_before_the_client_sees_them() {
        for bad in [
            "127.0.0.1:18500",
            "not a url",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:0",
            "ftp://127.0.0.1",
            "http://",
            "http://x/?a=b",
        ] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
        let e = check_endpoint("http://user:PW-s3cr3t@127.0.0.1:9000").unwrap_err();
        assert!(!e.to_string().contains("PW-s3cr3t"), "{e}");
        let e = allow_http("http://user:PW-s3cr3t@s3.example.com").unwrap_err();
        assert!(!e.to_string().contains("PW-s3cr3t"), "{e}");
        assert_eq!(
            check_endpoint("http://127.0.0.1:9000/").unwrap(),
            "http://127.0.0.1:9000"
        );
    }
}
