//! The theme's script: the modules of `themes/<name>/js/*.js` (the project's over the built-in
//! ones, by file name) concatenated in name order into one `deck.js`, so pages load one
//! fingerprinted file and `file://` works (no module loader, no fetch). Each module runs in its
//! own function scope and shares only the namespace object `kd`.

use std::collections::BTreeMap;

/// The built-in default theme's modules, in the order they run (their names sort that way).
pub(crate) const BUILTIN_JS: &[(&str, &[u8])] = &[
    (
        "js/00-core.js",
        include_bytes!("../../themes/default/js/00-core.js"),
    ),
    (
        "js/10-links.js",
        include_bytes!("../../themes/default/js/10-links.js"),
    ),
    (
        "js/20-steps.js",
        include_bytes!("../../themes/default/js/20-steps.js"),
    ),
    (
        "js/30-sync.js",
        include_bytes!("../../themes/default/js/30-sync.js"),
    ),
    (
        "js/40-dialogs.js",
        include_bytes!("../../themes/default/js/40-dialogs.js"),
    ),
    (
        "js/50-keymap.js",
        include_bytes!("../../themes/default/js/50-keymap.js"),
    ),
    (
        "js/60-navigator.js",
        include_bytes!("../../themes/default/js/60-navigator.js"),
    ),
    (
        "js/70-fit.js",
        include_bytes!("../../themes/default/js/70-fit.js"),
    ),
    (
        "js/72-chrome.js",
        include_bytes!("../../themes/default/js/72-chrome.js"),
    ),
    (
        "js/80-view-deck.js",
        include_bytes!("../../themes/default/js/80-view-deck.js"),
    ),
    (
        "js/81-deck-overview.js",
        include_bytes!("../../themes/default/js/81-deck-overview.js"),
    ),
    (
        "js/82-deck-screen.js",
        include_bytes!("../../themes/default/js/82-deck-screen.js"),
    ),
    (
        "js/86-view-presenter.js",
        include_bytes!("../../themes/default/js/86-view-presenter.js"),
    ),
    (
        "js/87-presenter-timer.js",
        include_bytes!("../../themes/default/js/87-presenter-timer.js"),
    ),
    (
        "js/88-view-doc.js",
        include_bytes!("../../themes/default/js/88-view-doc.js"),
    ),
    (
        "js/99-start.js",
        include_bytes!("../../themes/default/js/99-start.js"),
    ),
];

/// The bundle's logical name (what templates ask for: `assets['deck.js']`).
pub(crate) const BUNDLE: &str = "deck.js";

/// Runs before every module: declares `kd`, and marks the page as scripted in case the
/// template's inline marker did not run.
const PRELUDE: &str =
    "/*! kumo-deck theme script: the theme's js/*.js, concatenated in name order. */\n\
(function () {\n\
\"use strict\";\n\
if (!document.body || !document.querySelector) return;\n\
var kd = { views: {} };\n\
if (!document.documentElement.classList.contains(\"js\")) {\n\
  document.documentElement.classList.remove(\"no-js\");\n\
  document.documentElement.classList.add(\"js\");\n\
}\n";

/// Replace the `js/*.js` files of `raw` by their bundle, `deck.js`. A theme that ships its own
/// `deck.js` keeps it as it is (and its modules are dropped): it opted out of the bundle.
pub(crate) fn bundle(raw: &mut BTreeMap<String, Vec<u8>>) {
    let names: Vec<String> = raw.keys().filter(|n| is_module(n)).cloned().collect();
    let mut modules = Vec::with_capacity(names.len());
    for n in names {
        if let Some(b) = raw.remove(&n) {
            modules.push((n, b));
        }
    }
    if raw.contains_key(BUNDLE) || modules.is_empty() {
        return;
    }
    raw.insert(BUNDLE.to_string(), concat(&modules).into_bytes());
}

/// `js/<name>.js` directly in the theme's `js/` folder.
fn is_module(name: &str) -> bool {
    name.strip_prefix("js/")
        .is_some_and(|rest| rest.ends_with(".js") && !rest.contains('/'))
}

/// The modules (sorted by name) inside one function, each in its own.
fn concat(modules: &[(String, Vec<u8>)]) -> String {
    let mut out = String::from(PRELUDE);
    for (name, bytes) in modules {
        let text = String::from_utf8_lossy(bytes);
        out.push_str(&format!("/* ---- {name} ---- */\n(function () {{\n"));
        out.push_str(text.trim_end());
        out.push_str("\n})();\n");
    }
    out.push_str("})();\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn modules_become_one_script_in_name_order() {
        let mut r = raw(&[
            ("js/20-b.js", "kd.b = 2;"),
            ("js/10-a.js", "kd.a = 1;"),
            ("js/sub/x.js", "nested, not a module"),
            ("deck.css", "a{}"),
        ]);
        bundle(&mut r);
        let js = String::from_utf8(r[BUNDLE].clone()).unwrap();
        let (a, b) = (js.find("kd.a = 1;").unwrap(), js.find("kd.b = 2;").unwrap());
        assert!(a < b, "{js}");
        assert!(
            js.starts_with("/*! kumo-deck") && js.ends_with("})();\n"),
            "{js}"
        );
        assert_eq!(js.matches("(function () {").count(), 3, "{js}");
        assert!(!r.contains_key("js/10-a.js") && r.contains_key("js/sub/x.js"));
        assert!(r.contains_key("deck.css"));
    }

    #[test]
    fn a_theme_with_its_own_deck_js_keeps_it() {
        let mut r = raw(&[("js/10-a.js", "kd.a = 1;"), ("deck.js", "mine();")]);
        bundle(&mut r);
        assert_eq!(r[BUNDLE], b"mine();");
        assert!(!r.contains_key("js/10-a.js"));
    }

    #[test]
    fn the_builtin_modules_are_sorted() {
        let names: Vec<&str> = BUILTIN_JS.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(names.iter().all(|n| is_module(n)));
    }
}
