//! Page templates: parsed once per set of texts (each text on its own core), autoescape on for
//! every template, `get_env` removed, and a `t()` function over the Fluent strings of the page
//! being rendered.

use super::{splice, BUILTIN};
use crate::diag::Diagnostic;
use crate::i18n::{Arg, Strings};
use crate::source::Sources;
use crate::util::tera_set::{cycles, parse_each};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use tera::{Context, Tera, Value};

pub(crate) use crate::util::tera_set::TemplateTexts;

/// Parsed templates, ready to render pages of any language.
pub struct Templates {
    tera: Tera,
    /// Hash of every template's name and text.
    fingerprint: [u8; 32],
    /// Whether pages can be rendered as skeletons with slides spliced in (`splice`).
    splice_safe: bool,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("splice_safe", &self.splice_safe)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// The texts of every template by name (with the project file each came from, if any).
    pub fn read(sources: &mut Sources) -> Result<TemplateTexts, Vec<Diagnostic>> {
        let mut all: TemplateTexts = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), (t.to_string(), None)))
            .collect();
        let mut errors = Vec::new();
        for f in sources
            .list_tree(Path::new("templates"))
            .map_err(|e| vec![e])?
        {
            match sources.read_text(&f.rel) {
                Ok(t) => {
                    all.insert(f.name, (t, Some(f.rel)));
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(all)
    }

    /// Parse the page templates among `texts` (from `read`).
    pub fn parse(texts: &TemplateTexts) -> Result<Templates, Vec<Diagnostic>> {
        let fingerprint = {
            let texts: Vec<&[u8]> = texts
                .iter()
                .flat_map(|(n, (t, _))| [n.as_bytes(), t.as_bytes()])
                .collect();
            splice::key(&texts)
        };
        let page_set = pages_only(texts);
        let all = page_set.as_ref().unwrap_or(texts);
        let mut tera = Tera::default();
        // Autoescape every template whatever its extension ("" is a suffix of every name).
        tera.autoescape_on(vec![""]);
        tera.set_escape_fn(escape_html);
        let deep = cycles::check_nesting(all);
        if !deep.is_empty() {
            return Err(deep);
        }
        let texts: Vec<(&str, &str)> = all
            .iter()
            .map(|(n, (t, _))| (n.as_str(), t.as_str()))
            .collect();
        // What `add_raw_templates` does, the parsing on all cores: the first error in name order.
        for ((name, _), parsed) in texts.iter().zip(parse_each(&texts)) {
            let template = parsed.map_err(|e| vec![template_error(&e, all)])?;
            tera.templates.insert(name.to_string(), template);
        }
        tera.build_inheritance_chains()
            .and_then(|()| tera.check_macro_files())
            .map_err(|e| vec![template_error(&e, all)])?;
        let loops = cycles::check_cycles(&tera, all);
        if !loops.is_empty() {
            return Err(loops);
        }
        tera.register_function("get_env", disabled_get_env);
        tera.register_function("t", TFunction);
        Ok(Templates {
            splice_safe: splice::splice_safe(&tera),
            fingerprint,
            tera,
        })
    }

    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    pub fn splice_safe(&self) -> bool {
        self.splice_safe
    }

    /// Render `template` with `view` for a language whose strings are `strings`.
    pub fn render<T: serde::Serialize>(
        &self,
        template: &str,
        view: &T,
        strings: Arc<Strings>,
    ) -> Result<String, Diagnostic> {
        let ctx = Context::from_serialize(view)
            .map_err(|e| Diagnostic::error(format!("internal: view not serialisable: {e}")))?;
        let html = {
            let _page = PageStrings::set(strings);
            self.tera.render(template, &ctx)
        };
        html.map_err(|e| {
            Diagnostic::error(format!("template `{template}`: {}", error_chain(&e)))
                .in_file(Path::new("templates").join(template))
        })
    }
}

thread_local! {
    /// The strings of the page `Templates::render` is rendering on this thread, for `t()`: one
    /// Tera instance serves every language (a clone of it per page, to register a `t()` holding
    /// the page's strings, was a tenth of a small deck's build). Set only for the duration of
    /// one render, which Tera runs on the calling thread.
    static PAGE_STRINGS: RefCell<Option<Arc<Strings>>> = const { RefCell::new(None) };
}

/// While alive, `t()` on this thread reads `strings`; dropping it (also when a render panics)
/// puts back what was there before, so renders may nest.
struct PageStrings(Option<Arc<Strings>>);

impl PageStrings {
    fn set(strings: Arc<Strings>) -> PageStrings {
        PageStrings(PAGE_STRINGS.with(|s| s.replace(Some(strings))))
    }
}

impl Drop for PageStrings {
    fn drop(&mut self) {
        let previous = self.0.take();
        PAGE_STRINGS.with(|s| *s.borrow_mut() = previous);
    }
}

/// `texts` without the directive templates (`directives/`), which only directives render and
/// `markdown::directive` parses and checks on its own; `None` (keep them all) when a page
/// template names one (it may include it).
fn pages_only(texts: &TemplateTexts) -> Option<TemplateTexts> {
    let directive = |name: &str| name.starts_with("directives/");
    let named = texts
        .iter()
        .any(|(n, (t, _))| !directive(n) && t.contains("directives/"));
    let pages = texts.iter().filter(|(n, _)| !directive(n));
    (!named).then(|| pages.map(|(n, t)| (n.clone(), t.clone())).collect())
}

/// `t(key="nav-next", n=3)`: a Fluent message of the language of the page being rendered.
struct TFunction;

impl tera::Function for TFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        match PAGE_STRINGS.with(|s| s.borrow().clone()) {
            Some(strings) => t(&strings, args),
            None => Err("t() is only available while a page renders".into()),
        }
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `t()` over `strings`.
fn t(strings: &Strings, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let key = match args.get("key") {
        Some(Value::String(k)) => k.clone(),
        _ => return Err("t() needs a string argument `key`".into()),
    };
    let mut fargs = BTreeMap::new();
    for (k, v) in args.iter().filter(|(k, _)| k.as_str() != "key") {
        let a = match v {
            Value::Number(n) if n.is_i64() => Arg::Int(n.as_i64().unwrap_or(0)),
            Value::String(s) => Arg::Str(s.clone()),
            other => Arg::Str(other.to_string()),
        };
        fargs.insert(k.clone(), a);
    }
    strings
        .get(&key, &fargs)
        .map(Value::String)
        .map_err(tera::Error::msg)
}

/// Escape for text and quoted attributes alike (`&<>"'`), leaving `/` readable in URLs.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\0' => out.push('\u{fffd}'),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn disabled_get_env(_: &HashMap<String, Value>) -> tera::Result<Value> {
    Err("get_env() is disabled: templates must not read the build machine's environment".into())
}

/// Flatten a Tera error and its sources into one line.
fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}

/// A template parse error, located when Tera names the template and a `--> line:col`.
fn template_error(e: &tera::Error, all: &TemplateTexts) -> Diagnostic {
    let msg = error_chain(e);
    let named = all.iter().find(|(n, _)| msg.contains(&format!("'{n}'")));
    let mut d = Diagnostic::error(format!("template error: {msg}"));
    if let Some((name, (text, path))) = named {
        let file = path
            .clone()
            .unwrap_or_else(|| Path::new("(built-in templates)").join(name));
        d = d.in_file(file);
        if let Some((line, col)) = arrow_position(&msg) {
            d = d.at(line, col).with_source(text);
        }
    }
    d
}

/// Find `--> 12:5` in a pest error message.
fn arrow_position(msg: &str) -> Option<(usize, usize)> {
    let rest = &msg[msg.find("--> ")? + 4..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':'))?;
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lang: &str, hello: &str) -> Arc<Strings> {
        let ftl = vec![(
            std::path::PathBuf::from(format!("content/{lang}/strings.ftl")),
            format!("hello = {hello} {{ $n }}\n"),
        )];
        Arc::new(Strings::parse(lang, &ftl).unwrap())
    }

    #[test]
    fn t_reads_the_strings_of_the_page_being_rendered_on_each_thread() {
        let mut all = TemplateTexts::new();
        let page = "<p>{{ t(key=\"hello\", n=n) }}</p>";
        all.insert("p.html".into(), (page.into(), None));
        let templates = Templates::parse(&all).unwrap();
        let (ja, en) = (strings("ja", "こんにちは"), strings("en", "hello"));
        #[derive(serde::Serialize)]
        struct View {
            n: usize,
        }
        let render = |s: &Arc<Strings>, n| {
            let v = View { n };
            templates.render("p.html", &v, s.clone()).unwrap()
        };
        // Two languages at once on two threads, many times over: never each other's strings.
        std::thread::scope(|scope| {
            let a = scope.spawn(|| (0..200).map(|n| render(&ja, n)).collect::<Vec<_>>());
            let b = scope.spawn(|| (0..200).map(|n| render(&en, n)).collect::<Vec<_>>());
            let (a, b) = (a.join().unwrap(), b.join().unwrap());
            for n in 0..200 {
                assert_eq!(a[n], format!("<p>こんにちは {n}</p>"), "{n}");
                assert_eq!(b[n], format!("<p>hello {n}</p>"), "{n}");
            }
        });
        // A render inside a render (a view made while a page renders) restores the outer strings.
        let inner = {
            let _outer = PageStrings::set(en.clone());
            let inner = render(&ja, 1);
            assert!(PAGE_STRINGS.with(|s| s.borrow().as_ref().is_some_and(|s| Arc::ptr_eq(s, &en))));
            inner
        };
        assert!(inner.contains("こんにちは"), "{inner}");
        assert!(
            PAGE_STRINGS.with(|s| s.borrow().is_none()),
            "cleared after the render"
        );
        let outside = tera::Function::call(&TFunction, &HashMap::new());
        assert!(
            outside.is_err(),
            "t() outside a render is an error, not another page's string"
        );
    }

    #[test]
    fn directive_templates_are_parsed_for_pages_only_when_a_page_names_one() {
        let mut all = TemplateTexts::new();
        all.insert("p.html".into(), ("<p>page</p>".into(), None));
        // Broken on purpose: the page set never parses it (the directives' own set reports it).
        all.insert("directives/x.html".into(), ("{% if %}".into(), None));
        let templates = Templates::parse(&all).unwrap();
        assert!(!templates.tera.templates.contains_key("directives/x.html"));
        // A page that includes one gets them all, parsed and checked as before.
        all.insert(
            "p.html".into(),
            ("{% include \"directives/x.html\" %}".into(), None),
        );
        assert!(Templates::parse(&all).is_err());
        all.insert("directives/x.html".into(), ("<i>x</i>".into(), None));
        let s = strings("en", "hello");
        let view = BTreeMap::from([("n", 1)]);
        let html = Templates::parse(&all).unwrap().render("p.html", &view, s);
        assert_eq!(html.unwrap(), "<i>x</i>");
    }

    #[test]
    fn finds_pest_arrow() {
        assert_eq!(arrow_position("x\n --> 3:14\n  |"), Some((3, 14)));
        assert_eq!(arrow_position("nothing"), None);
    }
}
