//! Typesetting with the typst crates: the hermetic world, the fonts, layout
//! and PDF export, the check that every character has a glyph, and what the
//! layout says the other editions should follow.

pub mod compile;
pub mod fonts;
pub mod glyphs;
pub mod resolution;
pub mod settings;
pub mod world;
