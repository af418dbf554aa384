//! faqpress compiles versioned FAQ documents, written as TOML and Markdown,
//! into dated, archival PDFs through Typst.
//!
//! Data flows one way: the sources folder is read into a [`model::Faq`]
//! ([`source`]), whose texts are [document trees](model::doc); one release of
//! it is taken as readers see it ([`timeline`]), rendered as Typst
//! ([`render`]) and typeset to PDF ([`typeset`]); [`archive`] keeps releases
//! as records. [`project`] ties these together for the [`commands`], which
//! the [`cli`] calls. Imports run the same way: no module uses one above it.

// The sources are untrusted: a failure on them is a diagnostic, never a
// panic. Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]
// Everything is printed through `console`, which survives a closed pipe.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod console;

pub mod archive;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diag;
pub mod error;
pub mod model;
pub mod output;
pub mod project;
pub mod render;
pub mod source;
pub mod terminal;
pub mod timeline;
pub mod typeset;
