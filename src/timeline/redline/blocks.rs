//! Answers compared block by block: blocks matched on a key that ignores
//! where a text is written, a changed paragraph diffed word by word, a
//! changed table or code block shown whole, old then new.

use similar::{Algorithm, DiffOp};

use super::words::{diff_pieces, inline_tokens, inlines_key};
use super::{Mark, Piece, RBlock};
use crate::model::doc::{Block, Inline};

/// Blocks wholly deleted or inserted.
pub(super) fn whole_blocks(blocks: &[Block], mark: Mark) -> Vec<RBlock<'_>> {
    blocks.iter().map(|b| whole_block(b, mark)).collect()
}

fn whole_block(block: &Block, mark: Mark) -> RBlock<'_> {
    match block {
        Block::Paragraph(inlines) | Block::Plain(inlines) => RBlock::Inlines {
            paragraph: matches!(block, Block::Paragraph(_)),
            pieces: inline_tokens(inlines)
                .into_iter()
                .map(|(styles, token)| Piece {
                    mark,
                    styles,
                    token,
                })
                .collect(),
        },
        Block::List(list) => RBlock::List {
            start: list.start,
            tight: list.tight,
            items: list.items.iter().map(|i| whole_blocks(i, mark)).collect(),
        },
        Block::Quote(inner) => RBlock::Quote(whole_blocks(inner, mark)),
        Block::Alert(kind, title, inner) => {
            RBlock::Alert(*kind, title.as_deref(), whole_blocks(inner, mark))
        }
        other => RBlock::Whole(mark, other),
    }
}

/// The blocks of B against those of A.
pub(super) fn diff_blocks<'a>(old: &'a [Block], new: &'a [Block]) -> Vec<RBlock<'a>> {
    let old_keys: Vec<String> = old.iter().map(block_key).collect();
    let new_keys: Vec<String> = new.iter().map(block_key).collect();
    let mut out = vec![];
    for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                out.extend(new[new_index..new_index + len].iter().map(RBlock::Same));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(whole_blocks(
                &old[old_index..old_index + old_len],
                Mark::Deleted,
            )),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(whole_blocks(
                &new[new_index..new_index + new_len],
                Mark::Inserted,
            )),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let olds = &old[old_index..old_index + old_len];
                let news = &new[new_index..new_index + new_len];
                let paired = olds.len().min(news.len());
                for (o, n) in olds.iter().zip(news).take(paired) {
                    out.extend(pair(o, n));
                }
                out.extend(whole_blocks(&olds[paired..], Mark::Deleted));
                out.extend(whole_blocks(&news[paired..], Mark::Inserted));
            }
        }
    }
    out
}

/// A block of A and the one of B in its place.
fn pair<'a>(old: &'a Block, new: &'a Block) -> Vec<RBlock<'a>> {
    match (old, new) {
        (Block::Paragraph(a), Block::Paragraph(b)) | (Block::Plain(a), Block::Plain(b)) => {
            vec![RBlock::Inlines {
                paragraph: matches!(new, Block::Paragraph(_)),
                pieces: diff_pieces(&inline_tokens(a), &inline_tokens(b)),
            }]
        }
        (Block::List(a), Block::List(b)) if a.start.is_some() == b.start.is_some() => {
            let mut items = vec![];
            let old_keys: Vec<String> = a.items.iter().map(|i| blocks_key(i)).collect();
            let new_keys: Vec<String> = b.items.iter().map(|i| blocks_key(i)).collect();
            for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
                for (o, n) in op_pairs(&op) {
                    items.push(match (o, n) {
                        (Some(i), Some(j)) => diff_blocks(&a.items[i], &b.items[j]),
                        (Some(i), None) => whole_blocks(&a.items[i], Mark::Deleted),
                        (None, Some(j)) => whole_blocks(&b.items[j], Mark::Inserted),
                        (None, None) => continue,
                    });
                }
            }
            vec![RBlock::List {
                start: b.start,
                tight: b.tight,
                items,
            }]
        }
        (Block::Quote(a), Block::Quote(b)) => vec![RBlock::Quote(diff_blocks(a, b))],
        (Block::Alert(k, s, a), Block::Alert(l, t, b)) if k == l && s == t => {
            vec![RBlock::Alert(*l, t.as_deref(), diff_blocks(a, b))]
        }
        _ => vec![
            whole_block(old, Mark::Deleted),
            whole_block(new, Mark::Inserted),
        ],
    }
}

/// The items an op covers, as (old, new) index pairs: equal and replaced
/// items side by side, the rest of a replacement alone.
fn op_pairs(op: &DiffOp) -> Vec<(Option<usize>, Option<usize>)> {
    match *op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => (0..len)
            .map(|k| (Some(old_index + k), Some(new_index + k)))
            .collect(),
        DiffOp::Delete {
            old_index, old_len, ..
        } => (0..old_len).map(|k| (Some(old_index + k), None)).collect(),
        DiffOp::Insert {
            new_index, new_len, ..
        } => (0..new_len).map(|k| (None, Some(new_index + k))).collect(),
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => (0..old_len.max(new_len))
            .map(|k| {
                (
                    (k < old_len).then_some(old_index + k),
                    (k < new_len).then_some(new_index + k),
                )
            })
            .collect(),
    }
}

fn blocks_key(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(block_key)
        .collect::<Vec<_>>()
        .join("\u{1}")
}

/// A block's content without the places its inlines are written at.
fn block_key(block: &Block) -> String {
    match block {
        Block::Paragraph(i) => format!("P({})", inlines_key(i)),
        Block::Plain(i) => format!("T({})", inlines_key(i)),
        Block::List(l) => format!(
            "L({:?},{},{})",
            l.start,
            l.tight,
            l.items
                .iter()
                .map(|i| blocks_key(i))
                .collect::<Vec<_>>()
                .join("\u{2}")
        ),
        Block::Quote(b) => format!("Q({})", blocks_key(b)),
        Block::Alert(k, t, b) => format!("A({:?},{:?},{})", k, t, blocks_key(b)),
        Block::Code { lang, text } => format!("C({lang:?},{text:?})"),
        Block::Table(t) => {
            let row = |cells: &[Vec<Inline>]| {
                cells
                    .iter()
                    .map(|c| inlines_key(c))
                    .collect::<Vec<_>>()
                    .join("\u{3}")
            };
            format!(
                "X({:?},{},{})",
                t.align,
                row(&t.head),
                t.rows
                    .iter()
                    .map(|r| row(r))
                    .collect::<Vec<_>>()
                    .join("\u{2}")
            )
        }
        Block::Rule => "R".into(),
    }
}
