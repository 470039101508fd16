//! Directive fences computed from the data set: ```` ```cost-table <scenario> ````,
//! ```` ```cost-compare <comparison> ````, ```` ```cost-chart <comparison> ````,
//! ```` ```lifecycle <id> ````, ```` ```lifecycle-chart <id> ```` and ```` ```data-as-of ````.
//!
//! Each directive computes a typed view (`cost`, `life`, `chart`: rows, cells, formulas, totals,
//! notes, sources, chart geometry) and a Tera template renders it: the built-in
//! `templates/directives/<name>.html`, or the project's file of the same name. Every visible word
//! comes from Fluent (content/<lang>/data.ftl), every number from the data set, formatted by the
//! locale; templates autoescape all of it.

mod chart;
mod cost;
mod life;

use crate::data::DataSet;
use crate::diag::Diagnostic;
use crate::i18n::{Arg, Strings};
use crate::util::tera_set::{cycles, parse_each, TemplateTexts};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use tera::{Context, Tera};

/// The directive names this module renders, with their built-in templates.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    (
        "directives/cost-table.html",
        include_str!("../../templates/directives/cost-table.html"),
    ),
    (
        "directives/cost-compare.html",
        include_str!("../../templates/directives/cost-compare.html"),
    ),
    (
        "directives/cost-chart.html",
        include_str!("../../templates/directives/cost-chart.html"),
    ),
    (
        "directives/lifecycle.html",
        include_str!("../../templates/directives/lifecycle.html"),
    ),
    (
        "directives/lifecycle-chart.html",
        include_str!("../../templates/directives/lifecycle-chart.html"),
    ),
    (
        "directives/note.html",
        include_str!("../../templates/directives/note.html"),
    ),
    (
        "directives/data-as-of.html",
        include_str!("../../templates/directives/data-as-of.html"),
    ),
];

/// Whether `name` is a directive (a built-in template exists for it).
pub(crate) fn is_directive(name: &str) -> bool {
    name != "note" && BUILTIN.iter().any(|(t, _)| *t == template_name(name))
}

fn template_name(directive: &str) -> String {
    format!("directives/{directive}.html")
}

/// The directive templates in effect: built-in ones, each replaced by a project file of the
/// same name (`templates/directives/cost-table.html`).
pub(crate) struct DirectiveTemplates {
    tera: Tera,
}

impl std::fmt::Debug for DirectiveTemplates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectiveTemplates").finish_non_exhaustive()
    }
}

impl DirectiveTemplates {
    /// The built-in templates only (the unit tests' templates).
    #[cfg(test)]
    pub(crate) fn builtin() -> DirectiveTemplates {
        Self::new(&TemplateTexts::new()).expect("built-in directive templates parse")
    }

    /// Built-ins overridden by the project's templates among `texts` (names outside
    /// `directives/` are ignored). Errors name the template file, at the place when known:
    /// a parse error, nesting too deep, or templates that include each other without end
    /// (Tera has no depth limit: rendering them would overflow the stack).
    pub(crate) fn new(texts: &TemplateTexts) -> Result<DirectiveTemplates, Vec<Diagnostic>> {
        let mut all: TemplateTexts = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), (t.to_string(), None)))
            .collect();
        for (name, text) in texts {
            if name.starts_with("directives/") {
                all.insert(name.clone(), text.clone());
            }
        }
        let deep = cycles::check_nesting(&all);
        if !deep.is_empty() {
            return Err(deep);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![""]);
        tera.set_escape_fn(escape);
        // `add_raw_template` for each in turn, the parsing done first on all cores.
        let texts: Vec<(&str, &str)> = all
            .iter()
            .map(|(n, (t, _))| (n.as_str(), t.as_str()))
            .collect();
        let parsed = parse_each(&texts);
        for ((name, _), template) in texts.into_iter().zip(parsed) {
            let fail = |e: tera::Error| {
                vec![
                    Diagnostic::error(format!("template `{name}`: {}", chain(&e)))
                        .in_file(Path::new("templates").join(name)),
                ]
            };
            tera.templates
                .insert(name.to_string(), template.map_err(fail)?);
            tera.build_inheritance_chains()
                .and_then(|()| tera.check_macro_files())
                .map_err(fail)?;
        }
        let loops = cycles::check_cycles(&tera, &all);
        match loops.is_empty() {
            true => Ok(DirectiveTemplates { tera }),
            false => Err(loops),
        }
    }

    fn render<T: Serialize>(&self, directive: &str, view: &T) -> Result<String, String> {
        let name = template_name(directive);
        let ctx = Context::from_serialize(view).map_err(|e| format!("internal: {e}"))?;
        // Trimmed: a template's leading comment line and final newline are not output.
        self.tera
            .render(&name, &ctx)
            .map(|h| h.trim().to_string())
            .map_err(|e| format!("template `{name}`: {}", chain(&e)))
    }
}

/// Escape for text and double-quoted attributes (`&<>"'`), leaving `/` readable in URLs.
fn escape(s: &str) -> String {
    html_escape::encode_quoted_attribute(s).into_owned()
}

fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = std::error::Error::source(e);
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}

/// Render directive `name` with argument `arg` (a scenario, comparison or lifecycle id). An
/// error names what is unknown (the caller adds the Markdown file and line).
pub(crate) fn render(
    name: &str,
    arg: &str,
    data: &DataSet,
    strings: &Strings,
    templates: &DirectiveTemplates,
) -> Result<String, String> {
    let arg = arg.trim();
    let cx = Cx { data, strings };
    match name {
        "cost-table" => templates.render(name, &cost::table(&cx, arg)?),
        "cost-compare" => templates.render(name, &cost::compare(&cx, arg)?),
        "cost-chart" => {
            let mut view = chart::cost(&cx, arg)?;
            view.table = templates.render("cost-compare", &cost::compare(&cx, arg)?)?;
            templates.render(name, &view)
        }
        "lifecycle" => templates.render(name, &life::table(&cx, arg)?),
        "lifecycle-chart" => {
            let mut view = chart::lifecycle(&cx, arg)?;
            view.table = templates.render("lifecycle", &life::table(&cx, arg)?)?;
            templates.render(name, &view)
        }
        "data-as-of" => templates.render(name, &data_as_of(&cx, arg)?),
        _ => Err(format!("unknown directive `{name}`")),
    }
}

/// What every view builder reads.
struct Cx<'a> {
    data: &'a DataSet,
    strings: &'a Strings,
}

impl Cx<'_> {
    /// A Fluent message with (name, value) arguments.
    fn t(&self, key: &str, pairs: &[(&str, String)]) -> Result<String, String> {
        let a: BTreeMap<String, Arg> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Arg::Str(v.clone())))
            .collect();
        self.strings.get(key, &a)
    }

    fn money(&self, v: rust_decimal::Decimal, currency: &str) -> Result<String, String> {
        self.strings.format_money(v, currency)
    }

    fn date(&self, d: chrono::NaiveDate) -> Result<String, String> {
        self.strings.format_date(d)
    }
}

/// `known: `a`, `b`` for errors naming an unknown id.
fn known<'a>(ids: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<String> = ids.map(|s| format!("`{s}`")).collect();
    format!("(known: {})", v.join(", "))
}

/// A link to a source page, shown without its scheme.
#[derive(Debug, Serialize)]
struct Link {
    href: String,
    text: String,
}

impl Link {
    fn new(url: &str) -> Link {
        Link {
            href: url.to_string(),
            text: url.trim_start_matches("https://").to_string(),
        }
    }
}

/// The note under a table or chart: sentences, then the sources label and links.
#[derive(Debug, Serialize)]
struct Note {
    sentences: Vec<String>,
    sources_label: String,
    sources: Vec<Link>,
}

/// `data-as-of [KEY]`: the message `KEY` (default `data-as-of`) with `$pricing`, `$rates`,
/// `$lifecycle`: the data files' as-of dates in the page's language (where present).
#[derive(Debug, Serialize)]
struct AsOfView {
    text: String,
    dates: BTreeMap<&'static str, String>,
}

fn data_as_of(cx: &Cx, arg: &str) -> Result<AsOfView, String> {
    let key = if arg.is_empty() { "data-as-of" } else { arg };
    let mut dates = BTreeMap::new();
    for (k, d) in cx.data.as_of() {
        dates.insert(k, cx.date(d)?);
    }
    let pairs: Vec<(&str, String)> = dates.iter().map(|(k, v)| (*k, v.clone())).collect();
    Ok(AsOfView {
        text: cx.t(key, &pairs)?,
        dates,
    })
}

#[cfg(test)]
#[path = "directive_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "directive_chart_tests.rs"]
mod chart_tests;
