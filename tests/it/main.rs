//! The integration tests: one binary (one link, one run), one module per area, all built on the
//! fixture builder and helpers of [`support`]. A test goes in the module of the command or area
//! it exercises; see README.md, "Tests".

mod support;

mod assets;
mod brand;
mod build;
mod check;
mod data_decks;
mod deploy;
mod errors;
mod glyphs;
mod hardening;
mod incremental;
mod layout;
mod output;
mod pdf;
mod pdf_process;
mod pptx;
mod serve;
