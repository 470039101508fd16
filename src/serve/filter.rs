//! Which file changes matter to the build: source folders and `deck.toml`, minus hidden files
//! and the temp, swap and backup files editors write beside the file being saved; and whether
//! git is in the middle of rewriting the tree.

use super::watch::SOURCE_DIRS;
pub(super) use crate::util::is_editor_temp;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// Whether a change at `rel` (relative to the root) can change the build.
pub(super) fn is_relevant(rel: &Path, read: &BTreeSet<PathBuf>) -> bool {
    let hidden = rel.components().any(|c| match c {
        Component::Normal(s) => s.to_string_lossy().starts_with('.'),
        _ => true,
    });
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if hidden || is_editor_temp(&name) {
        return false;
    }
    rel == Path::new("deck.toml")
        || SOURCE_DIRS.iter().any(|d| rel.starts_with(d))
        || read.contains(rel)
}

/// Whether git holds the index lock of the repository the project is in.
pub(super) fn git_busy(root: &Path) -> bool {
    for dir in root.ancestors() {
        let dot = dir.join(".git");
        if dot.is_dir() {
            return dot.join("index.lock").exists();
        }
        if dot.is_file() {
            // A worktree or submodule: `.git` names the real git folder.
            let text = std::fs::read_to_string(&dot).unwrap_or_default();
            return text
                .strip_prefix("gitdir:")
                .is_some_and(|g| dir.join(g.trim()).join("index.lock").exists());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        for t in [
            "4913",
            "a.md~",
            ".a.md.swp",
            ".a.md.swx",
            ".#a.md",
            "#a.md#",
            "a.md.bck",
            "a.md___jb_tmp___",
            "a.md___jb_old___",
        ] {
            assert!(
                !is_relevant(&Path::new("content/en").join(t), &BTreeSet::new()),
                "{t}"
            );
        }
        assert!(is_relevant(Path::new("content/en/a.md"), &BTreeSet::new()));
        assert!(is_relevant(Path::new("deck.toml"), &BTreeSet::new()));
        assert!(!is_relevant(
            Path::new("dist/en/index.html"),
            &BTreeSet::new()
        ));
        assert!(!is_relevant(Path::new("content/.git/x"), &BTreeSet::new()));
    }
}
