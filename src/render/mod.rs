//! Renderers over the document tree and the timeline of a release: Typst for
//! the PDF, HTML for the web page; each is the only writer of its language.

pub mod html;
pub mod qr;
pub mod typst;
