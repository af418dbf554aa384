//! Typesetting with the typst crates: the hermetic world, the fonts, layout
//! and PDF export, and the check that every character has a glyph.

pub mod compile;
pub mod fonts;
pub mod glyphs;
pub mod resolution;
pub mod world;
