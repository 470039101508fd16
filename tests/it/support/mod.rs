//! What every area of the integration tests shares: the fixture builder ([`Project`]: a temp copy
//! of a fixture or of the bundled deck, edited, then built through the library or the real
//! binary), running the binary, reading trees back, and waiting on a condition with a deadline.

pub mod browser;
pub mod git;
pub mod poppler;
pub mod pptx;
pub mod process;
pub mod s3;

pub use browser::{browser_or_skip, lock};

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long anything awaited may take before the test fails (a hang guard, not a speed bound).
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The repository's root (the bundled deck lives there).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A project in a temporary folder, removed on drop: `<tmp>/project`, with room beside it
/// ([`Project::scratch`]) for an outside `--out`, a cache or a second copy.
pub struct Project {
    dir: tempfile::TempDir,
    root: PathBuf,
}

/// A temporary copy of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> Project {
    Project::fixture(name)
}

impl Project {
    /// An empty temporary folder; the project folder itself does not exist yet (as `init` wants).
    pub fn empty() -> Project {
        let dir = tempfile::tempdir().expect("tempdir");
        // Canonical, so paths the server or a message shows match the ones the test builds.
        let root = dir.path().canonicalize().unwrap().join("project");
        Project { dir, root }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let p = Project::empty();
        copy_tree(&repo().join("tests/fixtures").join(name), &p.root);
        p
    }

    /// A copy of the bundled deck (every directive, notes, both languages, the real templates).
    pub fn bundled() -> Project {
        let p = Project::empty();
        for part in ["content", "data", "themes", "templates"] {
            copy_tree(&repo().join(part), &p.root.join(part));
        }
        fs::copy(repo().join("deck.toml"), p.root.join("deck.toml")).unwrap();
        p
    }

    /// The bundled deck's `part` (`data`, `themes`) copied over this project's.
    pub fn with_bundled(self, part: &str) -> Project {
        copy_tree(&repo().join(part), &self.root.join(part));
        self
    }

    /// Another project with this one's files (built output included).
    pub fn copy(&self) -> Project {
        let p = Project::empty();
        copy_tree(&self.root, &p.root);
        p
    }

    /// The project folder.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The temporary folder the project is in, for files that must not be inside it.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, rel: &str) -> String {
        read(&self.root, rel)
    }

    /// Write `text` to `rel` (creating folders).
    pub fn write<T: AsRef<[u8]> + ?Sized>(&self, rel: &str, text: &T) -> &Project {
        write(&self.root, rel, text);
        self
    }

    /// Rewrite `rel` with `f`; an edit that changes nothing is a broken test.
    pub fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) -> &Project {
        edit(&self.root, rel, f);
        self
    }

    /// Replace every `from` in `rel` with `to`; `from` must be there.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Project {
        self.edit(rel, |t| {
            assert!(t.contains(from), "{rel} lacks {from:?}");
            t.replace(from, to)
        })
    }

    pub fn remove(&self, rel: &str) -> &Project {
        fs::remove_file(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        self
    }

    /// Run the real binary in the project with `args`.
    pub fn kumo(&self, args: &[&str]) -> Output {
        kumo(&self.root, args)
    }

    /// `kumo-deck build` through the binary, which must succeed; its stderr (warnings).
    pub fn build_ok(&self) -> String {
        build_ok(&self.root)
    }

    /// The build through the library, with default options.
    pub fn build(&self) -> kumo_deck::BuildOutput {
        kumo_deck::build(&self.root, &kumo_deck::BuildOptions::default())
    }

    /// The build's rendered errors (`file:line:col: message` and caret lines); it must fail.
    pub fn build_errors(&self) -> String {
        let out = self.build();
        assert!(out.site.is_none(), "the build should fail");
        out.diagnostics.render_all()
    }

    /// One page of a library build that must succeed, as text.
    pub fn built_page(&self, page: &str) -> String {
        let out = self.build();
        let site = out
            .site
            .unwrap_or_else(|| panic!("{}", out.diagnostics.render_all()));
        let bytes = site.get(page).unwrap_or_else(|| panic!("no {page}"));
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

pub fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// The kumo-deck binary in `root` (the working folder) with `args`.
pub fn kumo_in(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kumo-deck"));
    c.current_dir(root);
    c
}

/// Run the kumo-deck binary in `root` with `args`.
pub fn kumo(root: &Path, args: &[&str]) -> Output {
    kumo_in(root).args(args).output().expect("run kumo-deck")
}

/// The binary with `--root root`, `args` and the environment `env` (paths as `OsStr`).
pub fn kumo_command(root: &Path, args: &[&OsStr], env: &[(&str, &OsStr)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kumo-deck"));
    c.arg("--root").arg(root).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

pub fn run(mut c: Command) -> Output {
    c.output().expect("run kumo-deck")
}

pub fn os<S: AsRef<OsStr> + ?Sized>(s: &S) -> &OsStr {
    s.as_ref()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Build and assert success; returns stderr (warnings).
pub fn build_ok(root: &Path) -> String {
    let o = kumo(root, &["build"]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    stderr(&o)
}

/// Every file under `dir`, relative path -> bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    out
}

pub fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn write<T: AsRef<[u8]> + ?Sized>(root: &Path, rel: &str, text: &T) {
    let p: PathBuf = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Rewrite `root/rel` with `f`; an edit that changes nothing is a broken test.
pub fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let text = read(root, rel);
    let new = f(text.clone());
    assert_ne!(new, text, "the edit of {rel} changed nothing");
    write(root, rel, &new);
}

/// Ids of `<section class="slide ..." id="...">` in order.
pub fn slide_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for part in html.split("<section class=\"slide ").skip(1) {
        let id = part
            .split("id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        ids.push(id.to_string());
    }
    ids
}

/// Poll `probe` until it gives a value; fail, naming `what`, after `limit`. The wait the tests
/// use instead of a fixed sleep: it ends as soon as the condition holds.
pub fn wait_for<T>(what: &str, limit: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// [`wait_for`] a condition.
pub fn wait_until(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    wait_for(what, limit, || cond().then_some(()))
}
