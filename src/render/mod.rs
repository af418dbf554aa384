//! Renderers over the document tree and the timeline of a release. Typst is
//! the one there is; another edition (HTML, a redline) sits beside it.

pub mod typst;
