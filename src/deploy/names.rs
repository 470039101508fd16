//! Names the user gives `deploy pages` on the command line, checked before git sees them: a
//! branch name by git's own rules (`git check-ref-format --branch`), and a remote that git could
//! not take for an option.

/// `Ok` if `name` is a branch name git accepts for `git branch NAME`; else why not.
pub fn check_branch(name: &str) -> Result<(), String> {
    let why = if name.is_empty() {
        "it is empty"
    } else if name == "HEAD" || name == "@" {
        "`HEAD` and `@` name the current commit, not a branch"
    } else if name.starts_with('-') {
        "it starts with `-`"
    } else if name.starts_with('/') || name.ends_with('/') || name.contains("//") {
        "it starts or ends with `/`, or has an empty part"
    } else if name.ends_with('.') || name.contains("..") || name.contains("@{") {
        "it ends with `.`, or holds `..` or `@{`"
    } else if name
        .split('/')
        .any(|part| part.starts_with('.') || part.ends_with(".lock"))
    {
        "a part starts with `.` or ends with `.lock`"
    } else if name
        .chars()
        .any(|c| c.is_ascii_control() || " ~^:?*[\\".contains(c))
    {
        "it holds a space, a control character or one of ~ ^ : ? * [ \\"
    } else {
        return Ok(());
    };
    Err(format!("`{name}` is not a valid branch name: {why}"))
}

/// `Ok` if `remote` (a remote name or URL) cannot be read by git as an option or break a line.
pub fn check_remote(remote: &str) -> Result<(), String> {
    if remote.is_empty() || remote.starts_with('-') || remote.chars().any(char::is_control) {
        return Err(format!(
            "`{}` is not a git remote: give a remote name such as `origin`, or a URL",
            crate::util::redact(remote)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_names_follow_git() {
        for ok in ["gh-pages", "main", "site/v1", "日本語", "a.b", "x@y"] {
            assert!(check_branch(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "HEAD", "@", "-x", "/a", "a/", "a//b", "a..b", "a.", ".a", "a/.b", "x.lock",
            "a@{u}", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b", "a\u{7f}", "a\tb",
        ] {
            assert!(check_branch(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn remotes_are_never_options() {
        assert!(check_remote("origin").is_ok());
        assert!(check_remote("https://github.com/o/r.git").is_ok());
        assert!(check_remote("--upload-pack=touch /tmp/x").is_err());
        assert!(check_remote("").is_err());
        let e = check_remote("-https://u:tok-s3cr3t@h/r").unwrap_err();
        assert!(!e.contains("tok-s3cr3t"), "{e}");
    }
}
