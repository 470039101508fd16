//! `kumo-deck init [DIR] [--langs ja,en]`: a small project that builds and passes
//! `check --deny-warnings` at once: deck.toml, a title slide, a computed cost table and chart
//! over a tiny price list, strings for each language, and a README of the folders.
//!
//! [`files`] is pure (the skeleton in `src/init/skeleton/`, filled in per language); [`run`]
//! refuses a non-empty folder, writes the files, then records the translations in
//! `content/translations.lock` through `check --all`, so the new project has nothing to accept.

use crate::diag::Diagnostic;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The words of the skeleton that differ by language; languages without their own use English.
struct Words {
    title: &'static str,
    title_md: &'static str,
    costs_md: &'static str,
    data_ftl: &'static str,
    strings_ftl: &'static str,
}

fn words(lang: &str) -> Words {
    match lang {
        "ja" => Words {
            title: "新しいスライド",
            title_md: include_str!("skeleton/title.ja.md"),
            costs_md: include_str!("skeleton/costs.ja.md"),
            data_ftl: include_str!("skeleton/data.ja.ftl"),
            strings_ftl: include_str!("../../content/ja/strings.ftl"),
        },
        _ => Words {
            title: "A new deck",
            title_md: include_str!("skeleton/title.en.md"),
            costs_md: include_str!("skeleton/costs.en.md"),
            data_ftl: include_str!("skeleton/data.en.ftl"),
            strings_ftl: include_str!("../../content/en/strings.ftl"),
        },
    }
}

/// Every file of a new project for `langs` (the first is the source language), prices dated
/// `today`, as (relative path, text).
pub fn files(langs: &[String], today: NaiveDate) -> Vec<(PathBuf, String)> {
    let quoted: Vec<String> = langs.iter().map(|l| format!("\"{l}\"")).collect();
    let titles: String = langs
        .iter()
        .map(|l| format!("{l} = \"{}\"\n", words(l).title))
        .collect();
    let deck = include_str!("skeleton/deck.toml")
        .replace("{languages}", &quoted.join(", "))
        .replace("{source}", langs.first().map_or("en", String::as_str))
        .replace("{titles}", &titles);
    let pricing = include_str!("skeleton/pricing.toml").replace("{today}", &today.to_string());
    let mut out = vec![
        (PathBuf::from("deck.toml"), deck),
        (
            PathBuf::from("README.md"),
            include_str!("skeleton/README.md").into(),
        ),
        (PathBuf::from("data/pricing.toml"), pricing),
        (
            PathBuf::from("data/scenarios.toml"),
            include_str!("skeleton/scenarios.toml").into(),
        ),
    ];
    for l in langs {
        let w = words(l);
        let dir = Path::new("content").join(l);
        let title = w.title_md.replace("{title}", w.title);
        out.push((dir.join("00-title.md"), title));
        out.push((dir.join("01-costs.md"), w.costs_md.into()));
        out.push((dir.join("strings.ftl"), w.strings_ftl.into()));
        out.push((dir.join("data.ftl"), w.data_ftl.into()));
    }
    out
}

/// What `run` did.
#[derive(Debug)]
pub struct Created {
    /// The project folder.
    pub dir: PathBuf,
    /// The files written, relative to `dir`.
    pub files: Vec<PathBuf>,
}

/// Write a new project into `dir` (created if missing; refused unless an empty folder). A write
/// that fails midway removes what this run wrote, so the next `init` finds the folder as before.
pub fn run(dir: &Path, langs: &[String], today: NaiveDate) -> Result<Created, Vec<Diagnostic>> {
    let langs = check_langs(langs)?;
    check_target(dir)?;
    let files = files(&langs, today);
    let mut made = Made::default();
    for (rel, text) in &files {
        if let Err(e) = made.write(&dir.join(rel), text) {
            made.undo();
            return Err(vec![e]);
        }
    }
    if langs.len() > 1 {
        let opts = crate::check::CheckOptions {
            accept: Some(crate::check::translations::Accept::All),
            ..Default::default()
        };
        let report = crate::check::run(dir, &opts);
        let errors: Vec<Diagnostic> = report
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    let mut written: Vec<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
    if langs.len() > 1 {
        written.push(PathBuf::from(crate::check::translations::LOCK));
    }
    Ok(Created {
        dir: dir.to_path_buf(),
        files: written,
    })
}

/// Refuse anything but a missing path or an empty folder, saying what is there instead.
fn check_target(dir: &Path) -> Result<(), Vec<Diagnostic>> {
    let shown = crate::util::escape_controls(&dir.display().to_string(), false).into_owned();
    let refuse = |why: String, hint: &str| Err(vec![Diagnostic::error(why).hint(hint)]);
    let new_folder = "pass a new folder: kumo-deck init my-deck";
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return Ok(());
    };
    if !dir.is_dir() {
        let what = if meta.file_type().is_symlink() {
            "a symlink to nothing that is a folder"
        } else {
            "a file, not a folder"
        };
        return refuse(
            format!("{shown} is {what}: init writes a new project into a folder"),
            new_folder,
        );
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| vec![io_error(dir, &e)])?;
    if entries.next().is_some() {
        let why = format!("{shown} is not empty: init writes a new project into an empty folder");
        return refuse(why, new_folder);
    }
    Ok(())
}

fn io_error(p: &Path, e: &std::io::Error) -> Diagnostic {
    let shown = crate::util::escape_controls(&p.display().to_string(), false).into_owned();
    let d = Diagnostic::error(format!("cannot write {shown}: {e}"));
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            d.hint("choose a folder you can write to")
        }
        _ => d,
    }
}

/// The files and folders one `init` created, newest last, so a failure can take them back.
#[derive(Default)]
struct Made(Vec<(PathBuf, bool)>);

impl Made {
    fn write(&mut self, path: &Path, text: &str) -> Result<(), Diagnostic> {
        let missing: Vec<PathBuf> = path
            .ancestors()
            .skip(1)
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        for d in missing.into_iter().rev() {
            std::fs::create_dir(&d).map_err(|e| io_error(&d, &e))?;
            self.0.push((d, true));
        }
        // create_new: never write through whatever appeared at the path meanwhile.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| io_error(path, &e))?;
        self.0.push((path.to_path_buf(), false));
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| io_error(path, &e))
    }

    fn undo(&mut self) {
        for (p, is_dir) in self.0.drain(..).rev() {
            let _ = if is_dir {
                std::fs::remove_dir(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}

/// Language codes as deck.toml accepts them, each once; `en` when none are given.
fn check_langs(langs: &[String]) -> Result<Vec<String>, Vec<Diagnostic>> {
    let langs: Vec<String> = if langs.is_empty() {
        vec!["en".into()]
    } else {
        langs.iter().map(|l| l.trim().to_string()).collect()
    };
    for (i, l) in langs.iter().enumerate() {
        if langs[..i].contains(l) {
            let msg = format!("language `{l}` is listed twice in --langs");
            return Err(vec![Diagnostic::error(msg)]);
        }
    }
    let deck = files(&langs, NaiveDate::MIN).remove(0).1;
    crate::config::Config::parse(Path::new("--langs"), &deck)?;
    Ok(langs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_for_two_languages() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        let f = files(&["ja".into(), "en".into()], day);
        let get = |p: &str| &f.iter().find(|(q, _)| q == Path::new(p)).unwrap().1;
        assert!(get("deck.toml").contains("languages = [\"ja\", \"en\"]"));
        assert!(get("deck.toml").contains("source_language = \"ja\""));
        assert!(get("data/pricing.toml").contains("as_of = 2026-01-02"));
        assert!(get("content/ja/00-title.md").starts_with("# 新しいスライド {#title .title}"));
        assert!(get("content/en/01-costs.md").contains("```cost-chart sizes"));
        assert_eq!(f.len(), 4 + 2 * 4);
    }

    #[test]
    fn bad_language_codes_are_refused() {
        let e = check_langs(&["ja".into(), "ja".into()]).unwrap_err();
        assert!(e[0].message.contains("listed twice"), "{:?}", e[0].message);
        assert!(check_langs(&["x y".into()]).is_err());
    }
}
