//! `data/lifecycle.toml`: Kubernetes/EKS/ROSA version dates, with support spans in months and a
//! status per version computed against the file's own `as_of` date (never the machine clock).

use super::{DecText, PriceUnit, Pricing, Src, TomlDate};
use crate::diag::Diagnostic;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// A support period as whole calendar months plus the remaining days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub months: u32,
    pub days: u32,
}

impl Span {
    /// From `start` to `end` (`end >= start`): the most months `n` with `start + n months <= end`
    /// (month ends clamp: Oct 31 + 4 months = Feb 28), then the days left.
    pub fn between(start: NaiveDate, end: NaiveDate) -> Span {
        let guess = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
        let mut months = guess.max(0) as u32;
        while months > 0 && add_months(start, months) > end {
            months -= 1;
        }
        let days = (end - add_months(start, months)).num_days().max(0) as u32;
        Span { months, days }
    }
}

fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// Where a version stands on the data's as-of date. A period ends at the start of its end date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Supported,
    /// In EKS extended support (the cluster fee is multiplied).
    Extended,
    Ended,
}

impl Status {
    /// `supported`, `extended`, `ended`: CSS modifier and Fluent key suffix.
    pub fn id(self) -> &'static str {
        match self {
            Status::Supported => "supported",
            Status::Extended => "extended",
            Status::Ended => "ended",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EksRow {
    pub kubernetes: String,
    pub upstream_release: NaiveDate,
    pub eks_release: NaiveDate,
    pub end_of_standard: NaiveDate,
    pub end_of_extended: NaiveDate,
    /// EKS release to end of standard support.
    pub standard: Span,
    /// End of standard to end of extended support.
    pub extended: Span,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosaRow {
    pub kubernetes: String,
    pub rosa: String,
    pub release: NaiveDate,
    pub end_of_life: NaiveDate,
    /// Release to end of life.
    pub support: Span,
    pub status: Status,
}

#[derive(Debug, Clone)]
pub struct Lifecycle {
    pub as_of: NaiveDate,
    pub eks_source: String,
    /// Price id of the EKS cluster fee, and the factor extended support multiplies it by.
    pub eks_cluster_price: String,
    pub eks_extended_fee_factor: Decimal,
    pub eks: Vec<EksRow>,
    pub rosa_source: String,
    pub rosa: Vec<RosaRow>,
    cluster_price_span: Range<usize>,
}

impl Lifecycle {
    /// The EKS cluster fee during extended support: price x factor, exact (`0.10 × 6 = 0.60`).
    pub fn extended_cluster_fee(&self, pricing: &Pricing) -> Option<Decimal> {
        let price = pricing.get(&self.eks_cluster_price)?;
        price.amount.checked_mul(self.eks_extended_fee_factor)
    }

    /// Cross-file check: `eks.cluster_price` names an hourly price.
    pub(crate) fn check_prices(&self, pricing: &Pricing, src: &Src) -> Option<Diagnostic> {
        let span = self.cluster_price_span.clone();
        match pricing.get(&self.eks_cluster_price) {
            None => Some(src.error(
                span,
                format!("unknown price id `{}`", self.eks_cluster_price),
            )),
            Some(p) if p.unit != PriceUnit::Hour => {
                Some(src.error(span, format!("price `{}` is not per hour", p.id)))
            }
            Some(_) => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifecycleFile {
    as_of: TomlDate,
    eks: EksFile,
    rosa: RosaFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EksFile {
    source: Spanned<String>,
    cluster_price: Spanned<String>,
    extended_fee_factor: Spanned<DecText>,
    version: Vec<RawEks>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEks {
    kubernetes: Spanned<String>,
    upstream_release: Spanned<TomlDate>,
    eks_release: Spanned<TomlDate>,
    end_of_standard: Spanned<TomlDate>,
    end_of_extended: Spanned<TomlDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RosaFile {
    source: Spanned<String>,
    version: Vec<RawRosa>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRosa {
    kubernetes: Spanned<String>,
    rosa: Spanned<String>,
    release: Spanned<TomlDate>,
    end_of_life: Spanned<TomlDate>,
}

/// Parse and validate `data/lifecycle.toml`.
pub fn parse(text: &str, path: &Path) -> Result<Lifecycle, Vec<Diagnostic>> {
    let src = Src::new(path, text);
    let file: LifecycleFile = src.parse()?;
    let as_of = file.as_of.0;
    let mut errors = Vec::new();
    for s in [&file.eks.source, &file.rosa.source] {
        if !s.get_ref().starts_with("https://") {
            errors.push(src.error(s.span(), "the source must be an https:// URL"));
        }
    }
    let factor = src.decimal(&file.eks.extended_fee_factor, &mut errors);
    let mut seen = BTreeMap::new();
    let mut eks = Vec::new();
    for raw in &file.eks.version {
        errors.extend(check_version(&src, &raw.kubernetes));
        errors.extend(src.check_unique(&mut seen, &raw.kubernetes, "EKS Kubernetes version"));
        let dates = [
            &raw.upstream_release,
            &raw.eks_release,
            &raw.end_of_standard,
            &raw.end_of_extended,
        ];
        errors.extend(check_order(&src, &dates, true, 1, as_of));
        eks.push(eks_row(raw, as_of));
    }
    let mut seen = BTreeMap::new();
    let mut rosa = Vec::new();
    for raw in &file.rosa.version {
        errors.extend(check_version(&src, &raw.kubernetes));
        errors.extend(check_version(&src, &raw.rosa));
        errors.extend(src.check_unique(&mut seen, &raw.rosa, "ROSA version"));
        errors.extend(check_order(
            &src,
            &[&raw.release, &raw.end_of_life],
            false,
            0,
            as_of,
        ));
        rosa.push(rosa_row(raw, as_of));
    }
    match factor {
        Some(factor) if errors.is_empty() => Ok(Lifecycle {
            as_of,
            eks_source: file.eks.source.into_inner(),
            eks_cluster_price: file.eks.cluster_price.get_ref().clone(),
            eks_extended_fee_factor: factor,
            cluster_price_span: file.eks.cluster_price.span(),
            eks,
            rosa_source: file.rosa.source.into_inner(),
            rosa,
        }),
        _ => Err(errors),
    }
}

fn eks_row(raw: &RawEks, as_of: NaiveDate) -> EksRow {
    let d = |v: &Spanned<TomlDate>| v.get_ref().0;
    let (end_std, end_ext) = (d(&raw.end_of_standard), d(&raw.end_of_extended));
    let status = if as_of < end_std {
        Status::Supported
    } else if as_of < end_ext {
        Status::Extended
    } else {
        Status::Ended
    };
    EksRow {
        kubernetes: raw.kubernetes.get_ref().clone(),
        upstream_release: d(&raw.upstream_release),
        eks_release: d(&raw.eks_release),
        end_of_standard: end_std,
        end_of_extended: end_ext,
        standard: Span::between(d(&raw.eks_release), end_std),
        extended: Span::between(end_std, end_ext),
        status,
    }
}

fn rosa_row(raw: &RawRosa, as_of: NaiveDate) -> RosaRow {
    let (release, end_of_life) = (raw.release.get_ref().0, raw.end_of_life.get_ref().0);
    RosaRow {
        kubernetes: raw.kubernetes.get_ref().clone(),
        rosa: raw.rosa.get_ref().clone(),
        release,
        end_of_life,
        support: Span::between(release, end_of_life),
        status: if as_of < end_of_life {
            Status::Supported
        } else {
            Status::Ended
        },
    }
}

/// A version is `major.minor` digits, e.g. `1.29` or `4.14`.
fn check_version(src: &Src, v: &Spanned<String>) -> Option<Diagnostic> {
    let ok = v.get_ref().split_once('.').is_some_and(|(a, b)| {
        [a, b]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
    });
    (!ok).then(|| {
        src.error(
            v.span(),
            format!("`{}` is not a version like \"1.29\"", v.get_ref()),
        )
    })
}

/// Dates of a row must not go backwards: each must come after the previous one, except that a
/// provider release may share its upstream date (`same_day_ok` for the first step). The last
/// start date, the provider release `dates[release]`, must not be after `as_of`: the table
/// claims to be true on that date.
fn check_order(
    src: &Src,
    dates: &[&Spanned<TomlDate>],
    same_day_ok: bool,
    release: usize,
    as_of: NaiveDate,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, pair) in dates.windows(2).enumerate() {
        let (a, b) = (pair[0].get_ref().0, pair[1].get_ref().0);
        if b < a || (b == a && !(same_day_ok && i == 0)) {
            errors.push(src.error(
                pair[1].span(),
                format!("date out of order: {b} is not after {a}"),
            ));
        }
    }
    let r = dates[release];
    if r.get_ref().0 > as_of {
        let msg = format!(
            "release date {} is after the data's as_of date {as_of}",
            r.get_ref().0
        );
        errors.push(
            src.error(r.span(), msg)
                .hint("update as_of at the top of the file"),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_edge_cases() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let span = |a, b| {
            let s = Span::between(a, b);
            (s.months, s.days)
        };
        // Jan 31 + 1 month clamps to Feb 29 (2024 is a leap year).
        assert_eq!(span(day(2024, 1, 31), day(2024, 2, 29)), (1, 0));
        assert_eq!(span(day(2024, 1, 31), day(2024, 2, 28)), (0, 28));
        assert_eq!(span(day(2024, 3, 1), day(2024, 3, 1)), (0, 0));
        // 2024-02-15 + 28 days = 2024-03-14
        assert_eq!(span(day(2023, 3, 15), day(2024, 3, 14)), (11, 28));
        assert_eq!(span(day(2022, 8, 11), day(2023, 10, 11)), (14, 0));
    }
}
