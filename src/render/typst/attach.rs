//! `attach-sources`: the calls that embed a release's sources in its PDF, as
//! `pdf.attach` with relationship "Source". Text files are string literals,
//! images are read through the world (which keeps reads inside the sources
//! folder).

use std::fmt::Write;

use crate::render::typst::escape::str_lit;
use crate::timeline::attached::{Content, SourceFile};

/// The Typst code that attaches `files`; appended to the generated document.
/// One code block, so that no space between the calls can become text (an
/// empty line at the end of a full page would start a new page).
pub fn typst(files: &[SourceFile]) -> String {
    let mut out =
        String::from("\n// The release's sources, embedded in the PDF (attach-sources).\n#{\n");
    for file in files {
        let data = match &file.content {
            Content::Text(text) => format!("bytes({})", str_lit(text)),
            Content::File(path) => {
                format!("read({}, encoding: none)", str_lit(&format!("/{path}")))
            }
        };
        let _ = writeln!(
            out,
            "  std.pdf.attach({}, {data}, relationship: \"source\", mime-type: {}, description: {})",
            str_lit(&format!("/{}", file.name)),
            str_lit(file.mime_type),
            str_lit(&file.description),
        );
    }
    out.push_str("}\n");
    out
}
