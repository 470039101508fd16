//! kumo-deck: bilingual (Japanese/English) Markdown to a slide deck and document site.
//!
//! The stages, in order (see DESIGN.md):
//! 1. [`source`]: the only reader of project files (`deck.toml` via [`config`]).
//! 2. [`content`]: Markdown files -> slides (front matter, split on top-level rules, ids, parity);
//!    [`data`]: prices, scenarios and lifecycles in exact decimals; [`i18n`]: Fluent strings;
//!    [`assets`]: images and files beside the slides (per language, then neutral).
//! 3. [`markdown`]: slides -> HTML (syntect classes, directive fences, notes, footnotes).
//! 4. [`render`]: Tera pages over typed view-models -> [`site::Site`] (in memory).
//! 5. [`output`]: the atomic writer of `dist/`.
//! 6. [`pdf`] and [`pptx`]: exports of the built site and model, planned before the pages are
//!    rendered and put into the site before it is written ([`commands`]).
//! 7. [`deploy`]: publishes a built `dist/` to S3 or a GitHub Pages branch.
//!
//! [`pipeline::build`] runs stages 1-4 and returns the site, the diagnostics, the project as it
//! read it and the files read; [`commands`] runs one build per command and writes the output.

// House style: no function over 60 lines (clippy counts code lines, not blank or comment lines;
// the threshold is in clippy.toml). Tests may be longer: a scenario reads best in one piece.
#![warn(unreachable_pub)]
#![warn(missing_docs)]
#![warn(clippy::too_many_lines)]
#![cfg_attr(test, allow(clippy::too_many_lines))]

pub(crate) mod assets;
pub mod check;
pub mod commands;
pub mod config;
pub mod content;
pub mod data;
pub mod deploy;
pub(crate) mod diag;
pub mod i18n;
pub mod init;
pub(crate) mod markdown;
pub(crate) mod media;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod pptx;
pub(crate) mod render;
pub mod render_cache;
pub mod serve;
pub mod site;
pub(crate) mod source;
pub mod util;

pub use config::{BuildOptions, Config};
pub use pipeline::{build, build_with_cache, BuildOutput};
