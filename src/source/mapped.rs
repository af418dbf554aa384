//! Text assembled from pieces of several files (an answer with its snippets),
//! remembering where each piece came from so that diagnostics can point at the
//! right file, line and column.

use std::ops::Range;

use crate::diag::FileRef;
use crate::diag::Loc;

#[derive(Debug, Clone, Default)]
pub struct MappedText {
    pub text: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
struct Piece {
    /// Start of the piece in `text`.
    start: usize,
    file: FileRef,
    /// Where the piece starts in its file.
    file_start: usize,
    /// Whether the piece is a byte-for-byte copy of the file (no escapes were
    /// decoded), so that offsets inside it map one to one.
    exact: bool,
}

impl PartialEq for MappedText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl MappedText {
    /// Appends text that stands at `file_start` in `file`.
    pub fn push(&mut self, text: &str, file: FileRef, file_start: usize, exact: bool) {
        self.pieces.push(Piece {
            start: self.text.len(),
            file,
            file_start,
            exact,
        });
        self.text.push_str(text);
    }

    /// Appends another mapped text.
    pub fn append(&mut self, other: &MappedText) {
        let base = self.text.len();
        self.pieces.extend(other.pieces.iter().map(|p| Piece {
            start: p.start + base,
            ..p.clone()
        }));
        self.text.push_str(&other.text);
    }

    /// The location in the files of a byte range of the text.
    pub fn loc(&self, range: Range<usize>) -> Loc {
        let index = self
            .pieces
            .partition_point(|p| p.start <= range.start)
            .saturating_sub(1);
        let Some(piece) = self.pieces.get(index) else {
            return (0, 0..0);
        };
        if !piece.exact {
            return (piece.file, piece.file_start..piece.file_start);
        }
        let start = piece.file_start + (range.start - piece.start);
        (piece.file, start..start + range.len())
    }
}
