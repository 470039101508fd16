//! Command line: clap derive; shared flags flattened into each subcommand.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kumo-deck",
    version,
    about = "Bilingual Markdown slide decks and document sites"
)]
pub struct Cli {
    /// Project folder (holding deck.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into dist/ (atomically: a failed build leaves the previous output intact).
    Build(BuildArgs),
}

/// Flags every command that builds shares.
#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    /// Output folder (default: <root>/dist).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Absolute URL the site is published at (used for canonical links; links stay relative).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that kumo-deck did not write.
    #[arg(long)]
    pub force: bool,
}

impl BuildArgs {
    pub fn options(&self) -> kumo_deck::BuildOptions {
        kumo_deck::BuildOptions {
            out: self.out.clone(),
            base_url: self.base_url.clone(),
            force: self.force,
        }
    }
}
