//! I18n: one Fluent bundle per language, message lookup with arguments, and locale formatting
//! of numbers, money and dates (the formats themselves are Fluent messages, so they are per locale).
//!
//! Fluent's Unicode isolation marks are switched off: values end up in `<title>`, attributes and
//! plain text, where U+2068/U+2069 would leak.

use crate::diag::Diagnostic;
use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use unic_langid::LanguageIdentifier;

/// An argument value passed to a Fluent message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A string, passed as is.
    Str(String),
    /// A number, for Fluent's plural rules.
    Int(i64),
}

/// The strings of one language.
pub struct Strings {
    /// The language code (`ja`, `en`).
    pub lang: String,
    bundle: FluentBundle<FluentResource>,
    /// Message ids defined, for parity checks.
    keys: Vec<String>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").field("lang", &self.lang).finish()
    }
}

/// Deepest `{ … }` nesting a Fluent file may have: the Fluent parser recurses per level and
/// would overflow the stack on a file nested thousands deep.
pub(crate) const MAX_FTL_NESTING: usize = 32;

/// The byte offset where `text` nests placeables past [`MAX_FTL_NESTING`], if it does.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_FTL_NESTING {
            return Some(i);
        }
    }
    None
}

impl Strings {
    /// Parse Fluent files (path, text) of one language into a bundle.
    pub fn parse(lang: &str, files: &[(PathBuf, String)]) -> Result<Strings, Vec<Diagnostic>> {
        let langid: LanguageIdentifier = lang.parse().map_err(|_| {
            vec![Diagnostic::error(format!(
                "`{lang}` is not a valid language tag"
            ))]
        })?;
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        let mut errors = Vec::new();
        let mut keys = Vec::new();
        for (path, text) in files {
            if let Some(at) = too_deep(text) {
                errors.push(
                    Diagnostic::error(format!(
                        "Fluent placeables nest deeper than {MAX_FTL_NESTING} levels"
                    ))
                    .in_file(path)
                    .at_offset(text, at),
                );
                continue;
            }
            let res = match FluentResource::try_new(text.clone()) {
                Ok(r) => r,
                Err((r, errs)) => {
                    for e in errs {
                        errors.push(
                            Diagnostic::error(format!("Fluent syntax error: {}", e.kind))
                                .in_file(path)
                                .at_offset(text, e.pos.start),
                        );
                    }
                    r
                }
            };
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    keys.push(m.id.name.to_string());
                }
            }
            if let Err(errs) = bundle.add_resource(res) {
                for e in errs {
                    errors.push(Diagnostic::error(format!("Fluent: {e}")).in_file(path));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        keys.sort();
        keys.dedup();
        Ok(Strings {
            lang: lang.to_string(),
            bundle,
            keys,
        })
    }

    /// Message ids defined in this language, sorted.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Format message `key` with `args`. A missing key or attribute-less message is an error
    /// naming the key and language (the caller adds where it was used).
    pub fn get(&self, key: &str, args: &BTreeMap<String, Arg>) -> Result<String, String> {
        let msg = self
            .bundle
            .get_message(key)
            .ok_or_else(|| format!("missing Fluent key `{key}` in language `{}`", self.lang))?;
        let pattern = msg
            .value()
            .ok_or_else(|| format!("Fluent message `{key}` ({}) has no value", self.lang))?;
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            match v {
                Arg::Str(s) => fargs.set(k.as_str(), FluentValue::from(s.as_str())),
                Arg::Int(i) => fargs.set(k.as_str(), FluentValue::from(*i)),
            }
        }
        let mut errs = Vec::new();
        let out = self.bundle.format_pattern(pattern, Some(&fargs), &mut errs);
        if let Some(e) = errs.first() {
            return Err(format!("Fluent message `{key}` ({}): {e}", self.lang));
        }
        // Belt and braces: isolation is off, but never let the marks through.
        Ok(out.replace(['\u{2068}', '\u{2069}'], ""))
    }

    /// `get` without arguments.
    pub(crate) fn get0(&self, key: &str) -> Result<String, String> {
        self.get(key, &BTreeMap::new())
    }

    /// Format a decimal with the locale's group and decimal separators, keeping its scale.
    pub(crate) fn format_decimal(&self, value: Decimal) -> Result<String, String> {
        let group = self.get0("number-group-separator")?;
        let point = self.get0("number-decimal-separator")?;
        Ok(group_digits(&value.to_string(), &group, &point))
    }

    /// Format an amount of money in `currency` (e.g. "USD"): message `money-USD` with `$amount`.
    pub(crate) fn format_money(&self, value: Decimal, currency: &str) -> Result<String, String> {
        let amount = self.format_decimal(value)?;
        let mut args = BTreeMap::new();
        args.insert("amount".to_string(), Arg::Str(amount));
        self.get(&format!("money-{currency}"), &args)
    }

    /// Format a date with the message `date-long` (`$year`, `$month` as a number, `$day`).
    pub(crate) fn format_date(&self, date: NaiveDate) -> Result<String, String> {
        let mut args = BTreeMap::new();
        args.insert("year".to_string(), Arg::Str(date.year().to_string()));
        args.insert("month".to_string(), Arg::Int(date.month() as i64));
        args.insert("day".to_string(), Arg::Str(date.day().to_string()));
        self.get("date-long", &args)
    }
}

/// Insert `group` every three digits of the integer part of a plain decimal string
/// ("-1234.50" -> "-1,234.50") and replace the decimal point by `point`.
fn group_digits(plain: &str, group: &str, point: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}{point}{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn strings(lang: &str, ftl: &str) -> Strings {
        Strings::parse(lang, &[(PathBuf::from("s.ftl"), ftl.to_string())]).unwrap()
    }

    #[test]
    fn groups_digits() {
        assert_eq!(group_digits("1003.28", ",", "."), "1,003.28");
        assert_eq!(group_digits("-1234567", ",", "."), "-1,234,567");
        assert_eq!(group_digits("73", ",", "."), "73");
        assert_eq!(group_digits("100", ",", "."), "100");
    }

    #[test]
    fn no_isolation_marks() {
        let s = strings("en", "hello = Hello, { $name }!\n");
        let mut a = BTreeMap::new();
        a.insert("name".into(), Arg::Str("ROSA".into()));
        let out = s.get("hello", &a).unwrap();
        assert_eq!(out, "Hello, ROSA!");
    }

    #[test]
    fn missing_key_names_key_and_lang() {
        let s = strings("ja", "a = b\n");
        let e = s.get0("nope").unwrap_err();
        assert!(e.contains("`nope`") && e.contains("`ja`"), "{e}");
    }

    #[test]
    fn money_and_dates_per_locale() {
        let en = strings(
            "en",
            "number-group-separator = ,\nnumber-decimal-separator = .\nmoney-USD = ${ $amount }\n\
             date-long = { $month ->\n    [3] Mar\n   *[other] ?\n} { $day }, { $year }\n",
        );
        let v = Decimal::from_str("1003.28").unwrap();
        assert_eq!(en.format_money(v, "USD").unwrap(), "$1,003.28");
        let d = NaiveDate::from_ymd_opt(2024, 3, 23).unwrap();
        assert_eq!(en.format_date(d).unwrap(), "Mar 23, 2024");
        let ja = strings(
            "ja",
            "number-group-separator = ,\nnumber-decimal-separator = .\nmoney-USD = { $amount } USD\n\
             date-long = { $year }年{ $month }月{ $day }日\n",
        );
        assert_eq!(ja.format_date(d).unwrap(), "2024年3月23日");
        assert_eq!(ja.format_money(v, "USD").unwrap(), "1,003.28 USD");
    }

    #[test]
    fn syntax_error_has_location() {
        let errs = Strings::parse(
            "en",
            &[(PathBuf::from("x.ftl"), "ok = 1\n= broken\n".into())],
        )
        .unwrap_err();
        assert_eq!(errs[0].pos.unwrap().line, 2, "{}", errs[0]);
    }
}
