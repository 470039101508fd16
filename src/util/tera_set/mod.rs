//! What every set of Tera templates needs, below the layers that use one (`markdown`'s directive
//! templates, `render`'s page templates): the texts by name, parsing on all cores, and the
//! checks that keep Tera from recursing without end ([`cycles`]).

pub(crate) mod cycles;

use std::collections::BTreeMap;

/// Template name -> (text, the project file it came from; `None` for a built-in one).
pub(crate) type TemplateTexts = BTreeMap<String, (String, Option<std::path::PathBuf>)>;

/// Each `(name, text)` parsed as `Tera::add_raw_template` parses it (its error says which
/// template failed), in order, the texts spread over all cores: parsing (pest) is most of what
/// templates cost a cold build.
pub(crate) fn parse_each(texts: &[(&str, &str)]) -> Vec<tera::Result<tera::Template>> {
    super::par_map(texts, |(name, text)| {
        tera::Template::new(name, None, text)
            .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))
    })
}
