//! `faqpress diff A B`: what changed between two releases, per question, as
//! text for people or JSON for tools.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};

use clap::ColorChoice;

use crate::cli::{DiffArgs, DiffFormat};
use crate::diff::{self, Change, Comparison, Piece, PieceKind, QuestionDiff};
use crate::error::Result;
use crate::project::Project;

pub fn run(args: &DiffArgs) -> Result<()> {
    let project = Project::open(&args.source.sources)?;
    let from = project.release(Some(&args.from))?;
    let to = project.release(args.to.as_deref())?;
    let comparison = diff::compare(&project.faq, from, to);
    let text = match args.format {
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&comparison)
                .map_err(|e| anyhow::anyhow!("cannot write JSON ({e})"))?;
            json.push('\n');
            json
        }
        DiffFormat::Text => render(&comparison, Style::new(use_colour(args.color))),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    Ok(())
}

/// Colour on a terminal unless `NO_COLOR` is set (<https://no-color.org>).
fn use_colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// How changes are shown: ANSI colours, or plain markers in the manner of
/// `git diff --word-diff=plain`.
#[derive(Clone, Copy)]
struct Style {
    colour: bool,
}

impl Style {
    fn new(colour: bool) -> Self {
        Self { colour }
    }

    fn piece(self, piece: &Piece) -> String {
        let text = &piece.text;
        match (piece.kind, self.colour) {
            (PieceKind::Same, _) => text.clone(),
            (PieceKind::Deleted, true) => format!("\x1b[31;9m{text}\x1b[0m"),
            (PieceKind::Inserted, true) => format!("\x1b[32m{text}\x1b[0m"),
            (PieceKind::Deleted, false) => format!("[-{text}-]"),
            (PieceKind::Inserted, false) => format!("{{+{text}+}}"),
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn kind(self, change: Change, text: &str) -> String {
        let code = match change {
            Change::Added => "32",
            Change::Removed => "31",
            Change::Question | Change::Answer => "33",
            Change::Moved => "36",
        };
        self.paint(code, text)
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The whole report as text.
fn render(cmp: &Comparison, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        style.bold(&format!(
            "Changes from {} ({}) to {} ({})",
            cmp.from.version, cmp.from.date, cmp.to.version, cmp.to.date
        ))
    );
    let (changed, moved): (Vec<&QuestionDiff>, Vec<&QuestionDiff>) =
        cmp.questions.iter().partition(|q| q.content_changed());
    for q in changed {
        question(&mut out, q, style);
        out.push('\n');
    }
    if !moved.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style.kind(Change::Moved, "moved, text unchanged:")
        );
        for q in moved {
            let _ = writeln!(out, "  {}  {}", numbers(q), q.id);
        }
        out.push('\n');
    }
    let s = &cmp.summary;
    let _ = writeln!(
        out,
        "{} added, {} removed, {} changed, {} moved, {} unchanged",
        s.added, s.removed, s.changed, s.moved, s.unchanged
    );
    out
}

/// One question whose text changed, or that was added or removed.
fn question(out: &mut String, q: &QuestionDiff, style: Style) {
    let place = q
        .after
        .as_ref()
        .or(q.before.as_ref())
        .expect("in one release at least");
    let _ = writeln!(
        out,
        "{}  {}",
        style.bold(&format!("{}. {}", numbers(q), place.question)),
        q.id
    );
    let kinds: Vec<String> = q
        .changes
        .iter()
        .map(|c| style.kind(*c, &change_name(*c, q)))
        .collect();
    let editorial = if q.editorial { " (editorial)" } else { "" };
    let _ = writeln!(out, "   {}{editorial}", kinds.join(", "));
    let (Some(before), Some(after)) = (&q.before, &q.after) else {
        return;
    };
    if q.changes.contains(&Change::Question) {
        let lines = diff::word_diff(&before.question, &after.question);
        let _ = writeln!(out, "   question:");
        write_lines(out, &lines, style);
    }
    if q.changes.contains(&Change::Answer) {
        let lines = diff::word_diff(&before.answer, &after.answer);
        let _ = writeln!(out, "   answer:");
        write_lines(out, &lines, style);
    }
}

/// The changed lines of a word diff, with `…` for the unchanged ones between.
fn write_lines(out: &mut String, lines: &[Vec<Piece>], style: Style) {
    let mut skipped = false;
    for line in lines {
        if !diff::line_changed(line) {
            skipped |= line.iter().any(|p| !p.text.trim().is_empty());
            continue;
        }
        if skipped {
            let _ = writeln!(out, "     …");
            skipped = false;
        }
        let text: String = line.iter().map(|p| style.piece(p)).collect();
        let _ = writeln!(out, "     {text}");
    }
    if skipped {
        let _ = writeln!(out, "     …");
    }
}

/// "7", or "7 → 6" when the number changed.
fn numbers(q: &QuestionDiff) -> String {
    match (&q.before, &q.after) {
        (Some(b), Some(a)) if b.number != a.number => format!("{} → {}", b.number, a.number),
        (_, Some(p)) | (Some(p), None) => p.number.clone(),
        (None, None) => String::new(),
    }
}

fn change_name(change: Change, q: &QuestionDiff) -> String {
    let section = |p: &Option<diff::Place>| p.as_ref().and_then(|p| p.section.clone());
    match change {
        Change::Moved if section(&q.before) != section(&q.after) => format!(
            "moved from section “{}” to “{}”",
            section(&q.before).unwrap_or_default(),
            section(&q.after).unwrap_or_default()
        ),
        Change::Moved => "renumbered".to_string(),
        other => other.name().to_string(),
    }
}
