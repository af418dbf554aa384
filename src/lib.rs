//! faqpress compiles versioned FAQ documents, written as TOML and Markdown,
//! into dated, archival PDFs through Typst.
//!
//! Data flows one way: the sources are loaded into a [`model::Faq`]
//! ([`load`]), one release of it is taken as a [`release::Snapshot`], turned
//! into Typst ([`generate`], [`markdown`]) and compiled to PDF ([`compile`]).

// The sources are untrusted: a failure on them is a diagnostic, never a
// panic. Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

/// Like `eprintln!`, but a standard error that cannot be written (a full
/// disk, a closed pipe) is no reason to panic: the exit code still tells.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod archive;
pub mod attach;
pub mod cli;
pub mod commands;
pub mod compile;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod error;
pub mod escape;
pub mod fonts;
pub mod generate;
pub mod glyphs;
pub mod labels;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod project;
pub mod release;
pub mod text;
pub mod world;
