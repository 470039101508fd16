//! The shared AWS config files (`~/.aws/credentials`, `~/.aws/config`): static keys and region of
//! the selected profile, the part of the standard credential chain that `object_store` lacks.
//! SSO, `credential_process` and role assumption are not read here; environment variables,
//! web identity, ECS and instance credentials are handled by `object_store` itself.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a profile says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Profile {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub region: Option<String>,
}

/// The profile named by `AWS_PROFILE` (default `default`) from the files named by
/// `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` (defaults under `~/.aws/`).
/// Unreadable or absent files are simply empty.
pub(crate) fn load() -> Profile {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let name = var("AWS_PROFILE").unwrap_or_else(|| "default".into());
    let home = var("HOME").map(PathBuf::from);
    let file = |env: &str, leaf: &str| {
        var(env)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(leaf)))
            .and_then(|p| crate::source::read_regular(&p).ok())
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    };
    let creds = file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    let config = file("AWS_CONFIG_FILE", "config");
    resolve(&name, &creds, &config)
}

/// `name` from the credentials file (sections `[name]`) over the config file (sections
/// `[profile name]`, or `[default]`).
pub(crate) fn resolve(name: &str, credentials: &str, config: &str) -> Profile {
    let c = parse_ini(credentials);
    let f = parse_ini(config);
    let creds = c.get(name);
    let conf = if name == "default" {
        f.get("default")
    } else {
        f.get(&format!("profile {name}"))
    };
    let get = |key: &str| {
        creds
            .and_then(|s| s.get(key))
            .or_else(|| conf.and_then(|s| s.get(key)))
            .cloned()
    };
    Profile {
        access_key_id: get("aws_access_key_id"),
        secret_access_key: get("aws_secret_access_key"),
        session_token: get("aws_session_token"),
        region: conf.and_then(|s| s.get("region")).cloned(),
    }
}

type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// A small INI reader: `[section]`, `key = value`, `#`/`;` comments; nested (indented)
/// sub-keys such as `s3 =` blocks are skipped.
fn parse_ini(text: &str) -> Sections {
    let mut out = Sections::new();
    let mut current: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            current = Some(name);
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            continue;
        }
        if let (Some(sec), Some((k, v))) = (&current, line.split_once('=')) {
            out.entry(sec.clone())
                .or_default()
                .insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREDS: &str = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n\n\
                         [work]\naws_access_key_id=AKIDWORK\naws_secret_access_key=s2\naws_session_token = t\n";
    const CONFIG: &str =
        "[default]\nregion = us-east-1\n# comment\n[profile  work]\nregion = ap-northeast-1\n\
                          s3 =\n  addressing_style = path\n";

    #[test]
    fn reads_named_and_default_profiles() {
        let w = resolve("work", CREDS, CONFIG);
        assert_eq!(w.access_key_id.as_deref(), Some("AKIDWORK"));
        assert_eq!(w.session_token.as_deref(), Some("t"));
        assert_eq!(w.region.as_deref(), Some("ap-northeast-1"));
        let d = resolve("default", CREDS, CONFIG);
        assert_eq!(d.secret_access_key.as_deref(), Some("s1"));
        assert_eq!(d.region.as_deref(), Some("us-east-1"));
        assert_eq!(resolve("none", CREDS, CONFIG), Profile::default());
    }

    #[test]
    fn keys_may_live_in_the_config_file() {
        let cfg =
            "[profile ci]\naws_access_key_id = A\naws_secret_access_key = B\nregion = eu-west-1\n";
        let p = resolve("ci", "", cfg);
        assert_eq!(p.access_key_id.as_deref(), Some("A"));
        assert_eq!(p.region.as_deref(), Some("eu-west-1"));
    }
}
