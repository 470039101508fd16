//! kumo-deck: bilingual Markdown slide decks.
pub mod diag;
pub mod i18n;
