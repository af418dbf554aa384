//! The redline as Typst: release B's document with the words deleted since A
//! struck through and those inserted underlined, in two colours, each changed
//! word with a bar in the left margin; a first page that says it is a
//! comparison and lists the changed questions with their pages.
//!
//! Source text enters only through [`str_lit`] and [`tree::text_code`], as in
//! every release.

use std::fmt::Write;

use crate::model::doc::{Block, Inline, Text};
use crate::model::labels::Language;
use crate::render::typst::escape::str_lit;
use crate::render::typst::{self as render, CONTENT_PATH, IMPORTS, TypstFile, tree};
use crate::timeline::Snapshot;
use crate::timeline::redline::{Mark, Piece, RBlock, RQuestion, RSection, Redline, Status, Token};

/// The functions the redline calls: how marks and bars look.
pub const REDLINE_PATH: &str = "faqpress-redline.typ";
const REDLINE: &str = include_str!("redline.typ");

/// The words of the redline, per language.
struct Words {
    title: &'static str,
    notice: &'static str,
    legend: &'static str,
    changed_heading: &'static str,
    none_changed: &'static str,
    version: &'static str,
    previously: &'static str,
    /// After `previously`, or alone without numbers: the section it left.
    previously_in: &'static str,
    moved_from: &'static str,
    added: &'static str,
    removed: &'static str,
    changed: &'static str,
    moved: &'static str,
    page: &'static str,
}

const DE: Words = Words {
    title: "Änderungsvergleich: Version {b} gegenüber Version {a}",
    notice: "Dies ist ein Vergleich zweier Versionen dieser FAQ und keine Freigabe. Maßgeblich ist allein die freigegebene Fassung der Version {b} vom {date}.",
    legend: "Gelöschter Text ist rot und durchgestrichen, eingefügter Text blau und unterstrichen; jede geänderte Zeile trägt einen Balken am linken Rand.",
    changed_heading: "Geänderte Fragen",
    none_changed: "Keine Frage wurde geändert.",
    version: "{a} → {b} (Vergleich)",
    previously: "bisher Frage {n}",
    previously_in: "bisher Frage {n} im Abschnitt „{section}“",
    moved_from: "bisher im Abschnitt „{section}“",
    added: "neu",
    removed: "entfernt",
    changed: "geändert",
    moved: "nur verschoben",
    page: "Seite",
};

const EN: Words = Words {
    title: "Comparison: version {b} against version {a}",
    notice: "This is a comparison of two versions of this FAQ, not a release. Only the released version {b} of {date} is authoritative.",
    legend: "Deleted text is red and struck through, inserted text blue and underlined; every changed line carries a bar in the left margin.",
    changed_heading: "Changed questions",
    none_changed: "No question was changed.",
    version: "{a} → {b} (comparison)",
    previously: "previously question {n}",
    previously_in: "previously question {n} in section “{section}”",
    moved_from: "previously in section “{section}”",
    added: "new",
    removed: "removed",
    changed: "changed",
    moved: "moved only",
    page: "page",
};

fn words(language: Language) -> &'static Words {
    match language {
        Language::De => &DE,
        Language::En => &EN,
    }
}

/// The generated Typst files of the redline of `redline.to` against
/// `redline.from`, the main file first.
pub fn typst_files(redline: &Redline) -> Vec<TypstFile> {
    let faq = redline.faq;
    let w = words(faq.document.language);
    let (a, b) = (
        &faq.releases[redline.from].version,
        &faq.releases[redline.to].version,
    );
    let snap = Snapshot::new(faq, redline.to);
    let shown = w.version.replace("{a}", a).replace("{b}", b);
    let mut files = render::typst_files_for(&snap, Some(&shown));
    files.retain(|f| f.path != CONTENT_PATH);
    files.push(TypstFile {
        path: REDLINE_PATH.into(),
        text: REDLINE.to_string(),
    });
    files.push(TypstFile {
        path: CONTENT_PATH.into(),
        text: content(redline, w),
    });
    files
}

fn content(redline: &Redline, w: &Words) -> String {
    let faq = redline.faq;
    let (a, b) = (&faq.releases[redline.from], &faq.releases[redline.to]);
    let fill = |s: &str| {
        s.replace("{a}", &a.version)
            .replace("{b}", &b.version)
            .replace("{date}", &b.date.display(faq.document.language))
    };
    let mut out = String::with_capacity(32 * 1024);
    out.push_str(IMPORTS);
    let _ = writeln!(out, "#import \"/{REDLINE_PATH}\": *");
    out.push_str("\n#faq-title(faq-meta)\n");
    let _ = writeln!(
        out,
        "#rl-notice({}, {}, {})",
        str_lit(&fill(w.title)),
        str_lit(&fill(w.notice)),
        str_lit(w.legend)
    );
    let _ = writeln!(out, "#rl-changes-heading({})", str_lit(w.changed_heading));
    let mut items = String::new();
    for q in redline
        .questions
        .iter()
        .filter(|q| q.status != Status::Unchanged)
    {
        let status = match q.status {
            Status::Added => w.added,
            Status::Removed => w.removed,
            Status::Changed => w.changed,
            Status::Moved => w.moved,
            Status::Unchanged => continue,
        };
        let number = q.number.as_deref().unwrap_or("–");
        let previously = previously(q, w);
        let _ = writeln!(
            items,
            "  (number: {}, previously: {}, text: {}, status: {}, target: label({})),",
            str_lit(number),
            previously.as_deref().map_or("none".into(), str_lit),
            str_lit(&plain_question(q)),
            str_lit(status),
            str_lit(&target(q)),
        );
    }
    let _ = writeln!(
        out,
        "#rl-changes({}, {}, (\n{items}))",
        str_lit(w.page),
        str_lit(w.none_changed)
    );
    if let Some(intro) = &faq.document.intro {
        let _ = writeln!(out, "#faq-intro(faq-meta, {})", tree::text_code(intro));
    }
    out.push_str("#faq-body-start(faq-meta)\n");
    let titled = redline.sections.iter().any(|s| s.title.is_some());
    let mut n = 0;
    for (index, section) in redline.sections.iter().enumerate() {
        if let Some(title) = section.title {
            write_section_heading(&mut out, section, title, index);
        }
        for q in redline.questions.iter().filter(|q| q.section == index) {
            n += 1;
            write_question(&mut out, q, w, titled, n);
        }
    }
    if let Some(closing) = &faq.document.closing {
        let _ = writeln!(out, "#faq-closing(faq-meta, {})", tree::text_code(closing));
    }
    out
}

/// A section's heading as a release writes it; one new since A or gone
/// since then through `rl-section`, which marks its words.
fn write_section_heading(out: &mut String, section: &RSection, title: &str, index: usize) {
    let data = format!(
        "(number: \"{}\", title: {})",
        section.number,
        str_lit(title)
    );
    let _ = match section.mark {
        Mark::Same => writeln!(
            out,
            "\n#faq-section-heading(faq-meta, {data})<s-{}>",
            index + 1
        ),
        mark => writeln!(
            out,
            "\n#rl-section(faq-meta, {data}, {})<s-{}>",
            str_lit(mark_name(mark)),
            index + 1
        ),
    };
}

/// The label the changes list points to.
fn target(q: &RQuestion) -> String {
    format!("rl-{}", q.id.as_str())
}

fn previously(q: &RQuestion, w: &Words) -> Option<String> {
    if let (Some(section), Some(old)) = (q.moved_from, &q.old_number) {
        let words = if old.is_empty() {
            w.moved_from
        } else {
            w.previously_in
        };
        return Some(words.replace("{n}", old).replace("{section}", section));
    }
    match (&q.old_number, &q.number) {
        (Some(old), Some(new)) if old != new => Some(w.previously.replace("{n}", old)),
        (Some(old), None) => Some(w.previously.replace("{n}", old)),
        _ => None,
    }
}

/// The question's text in B (in A for a removed one), without marks.
fn plain_question(q: &RQuestion) -> String {
    q.question
        .iter()
        .filter(|p| match q.status {
            Status::Removed => true,
            _ => p.mark != Mark::Deleted,
        })
        .map(|p| match p.token {
            Token::Word(w) => w,
            _ => " ",
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_question(out: &mut String, q: &RQuestion, w: &Words, sections: bool, n: usize) {
    let level = if sections { 2 } else { 1 };
    // Links between questions lead to B's questions.
    if q.status != Status::Removed {
        let _ = writeln!(out, "\n#metadata(none)<{}>", q.id.label());
    }
    let number = q
        .number
        .as_deref()
        .or(q.old_number.as_deref())
        .unwrap_or_default();
    let number_mark = match q.status {
        Status::Removed => Mark::Deleted,
        Status::Added => Mark::Inserted,
        _ => Mark::Same,
    };
    let heading = pieces_code(&q.question, q, n, &mut 0);
    let _ = writeln!(out, "#metadata(none)<{}>", target(q));
    let _ = writeln!(
        out,
        "#rl-question({level}, {}, {}, {}, {}, {})",
        str_lit(&if number.is_empty() {
            String::new()
        } else {
            format!("{number}.")
        }),
        str_lit(mark_name(number_mark)),
        previously(q, w).as_deref().map_or("none".into(), str_lit),
        heading,
        answer_code(q, n),
    );
}

fn mark_name(mark: Mark) -> &'static str {
    match mark {
        Mark::Same => "same",
        Mark::Deleted => "del",
        Mark::Inserted => "ins",
    }
}

fn answer_code(q: &RQuestion, n: usize) -> String {
    let mut counter = 0;
    let items: Vec<String> = q
        .answer
        .iter()
        .map(|b| block_code(b, q, n, &mut counter))
        .collect();
    code_block(&items)
}

fn code_block(items: &[String]) -> String {
    match items {
        [] => "[]".into(),
        _ => format!("{{\n{}\n}}", items.join("\n")),
    }
}

/// The text a block of the redline comes from: A for what was deleted, B otherwise.
fn source_text<'a>(q: &'a RQuestion, mark: Mark) -> Option<&'a Text> {
    match mark {
        Mark::Deleted => q.old_text,
        _ => q.new_text.or(q.old_text),
    }
}

/// One block's code as a release would write it, through the tree renderer;
/// `counter` keeps footnote labels apart.
fn tree_block(block: &Block, text: Option<&Text>, n: usize, counter: &mut usize) -> String {
    let Some(text) = text else {
        return "[]".into();
    };
    *counter += 1;
    let one = Text {
        key: format!("rl{n}-{counter}-{}", text.key),
        source: String::new(),
        at: text.at.clone(),
        blocks: vec![block.clone()],
        footnotes: text.footnotes.clone(),
    };
    tree::text_code(&one)
}

fn block_code(b: &RBlock, q: &RQuestion, n: usize, counter: &mut usize) -> String {
    match b {
        RBlock::Same(block) => tree_block(block, source_text(q, Mark::Same), n, counter),
        RBlock::Whole(mark, block) => {
            let code = tree_block(block, source_text(q, *mark), n, counter);
            format!("rl-block({}, {code})", str_lit(mark_name(*mark)))
        }
        RBlock::Inlines { paragraph, pieces } => {
            let code = pieces_code(pieces, q, n, counter);
            if *paragraph {
                format!("{code}\nparbreak()")
            } else {
                code
            }
        }
        RBlock::List {
            start,
            tight,
            items,
        } => {
            let items: Vec<String> = items
                .iter()
                .map(|item| {
                    code_block(
                        &item
                            .iter()
                            .map(|b| block_code(b, q, n, counter))
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            match start {
                Some(start) => {
                    format!("enum(tight: {tight}, start: {start}, {})", items.join(", "))
                }
                None => format!("list(tight: {tight}, {})", items.join(", ")),
            }
        }
        RBlock::Quote(blocks) => {
            let items: Vec<String> = blocks
                .iter()
                .map(|b| block_code(b, q, n, counter))
                .collect();
            format!("quote(block: true, {})", code_block(&items))
        }
        RBlock::Alert(kind, title, blocks) => {
            let items: Vec<String> = blocks
                .iter()
                .map(|b| block_code(b, q, n, counter))
                .collect();
            let title = title.map_or_else(String::new, |t| format!("title: {}, ", str_lit(t)));
            format!(
                "faq-alert({}, {title}{})",
                str_lit(kind.key()),
                code_block(&items)
            )
        }
    }
}

/// A run of pieces: unchanged ones as they are, each deleted or inserted word
/// (or whole inline) in `rl-del` / `rl-ins`, the spaces inside a changed run
/// in `rl-del-space` / `rl-ins-space` so that lines still break there.
fn pieces_code(pieces: &[Piece], q: &RQuestion, n: usize, counter: &mut usize) -> String {
    let mut items = vec![];
    for piece in pieces {
        let inner = match piece.token {
            Token::Word(word) => str_lit(word),
            Token::Space => "\" \"".into(),
            Token::LineBreak => {
                items.push("linebreak()".to_string());
                continue;
            }
            Token::Atom(inline) => atom_code(inline, source_text(q, piece.mark), n, counter),
        };
        let styled = piece.styles.iter().rev().fold(inner, |code, style| {
            format!("{}({code})", tree::style_name(*style))
        });
        let code = match (piece.mark, &piece.token) {
            (Mark::Same, _) => styled,
            (Mark::Deleted, Token::Space) => format!("rl-del-space({styled})"),
            (Mark::Inserted, Token::Space) => format!("rl-ins-space({styled})"),
            (Mark::Deleted, _) => format!("rl-del({styled})"),
            (Mark::Inserted, _) => format!("rl-ins({styled})"),
        };
        items.push(code);
    }
    match items.as_slice() {
        [] => "[]".into(),
        _ => format!("{{\n{}\n}}", items.join("\n")),
    }
}

fn atom_code(inline: &Inline, text: Option<&Text>, n: usize, counter: &mut usize) -> String {
    let block = Block::Plain(vec![inline.clone()]);
    tree_block(&block, text, n, counter)
}
