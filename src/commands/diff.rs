//! `faqpress diff A B`: what changed between two releases, per question, as
//! text for people or JSON for tools.

use std::fmt::Write as _;

use anstyle::AnsiColor;
use clap::{Args, ColorChoice};

use crate::config::SourceArgs;
use crate::error::Result;
use crate::project::Project;
use crate::timeline::diff::{self, Change, Comparison, Piece, PieceKind, QuestionDiff};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    /// For people: a word-level diff of each changed answer.
    Text,
    /// For tools: every changed question with both texts.
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The earlier release (its version).
    #[arg(value_name = "A")]
    pub from: String,
    /// The later release; the latest by default.
    #[arg(value_name = "B")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = clap::ColorChoice::Auto)]
    pub color: clap::ColorChoice,
}

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
        DiffFormat::Text => render(&made_safe(comparison), Style::new(use_colour(args.color))),
    };
    // The text was made safe before it was coloured, and JSON escapes
    // control characters itself.
    crate::console::out_bytes(text.as_bytes());
    Ok(())
}

/// The comparison with every text from the sources made safe for a
/// terminal (a question holding `ESC ]0;…` would retitle the window), so
/// that the colours added after it are the only escapes printed.
fn made_safe(mut cmp: Comparison) -> Comparison {
    let safe = |text: &mut String| {
        if let std::borrow::Cow::Owned(clean) = crate::terminal::clean(text) {
            *text = clean;
        }
    };
    for release in [&mut cmp.from, &mut cmp.to] {
        safe(&mut release.version);
        safe(&mut release.date);
    }
    for q in &mut cmp.questions {
        safe(&mut q.id);
        for place in [&mut q.before, &mut q.after].into_iter().flatten() {
            safe(&mut place.number);
            place.section.iter_mut().for_each(safe);
            safe(&mut place.question);
            safe(&mut place.answer);
        }
    }
    cmp
}

/// Colour on a terminal unless `NO_COLOR` is set (<https://no-color.org>)
/// or the terminal cannot show it, as anstream decides; `always` and `never`
/// override.
fn use_colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// How changes are shown: colours, or plain markers in the manner of
/// `git diff --word-diff=plain`.
#[derive(Clone, Copy)]
struct Style {
    colour: bool,
}

const DELETED: anstyle::Style = AnsiColor::Red.on_default().strikethrough();
const INSERTED: anstyle::Style = AnsiColor::Green.on_default();
const BOLD: anstyle::Style = anstyle::Style::new().bold();

impl Style {
    fn new(colour: bool) -> Self {
        Self { colour }
    }

    fn piece(self, piece: &Piece) -> String {
        let text = &piece.text;
        match (piece.kind, self.colour) {
            (PieceKind::Same, _) => text.clone(),
            (PieceKind::Deleted, true) => self.paint(DELETED, text),
            (PieceKind::Inserted, true) => self.paint(INSERTED, text),
            (PieceKind::Deleted, false) => format!("[-{text}-]"),
            (PieceKind::Inserted, false) => format!("{{+{text}+}}"),
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint(BOLD, text)
    }

    fn kind(self, change: Change, text: &str) -> String {
        let colour = match change {
            Change::Added => AnsiColor::Green,
            Change::Removed => AnsiColor::Red,
            Change::Question | Change::Answer => AnsiColor::Yellow,
            Change::Moved => AnsiColor::Cyan,
        };
        self.paint(colour.on_default(), text)
    }

    fn paint(self, style: anstyle::Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
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
            // A question that changed its section says so; one that only
            // changed its number needs no more words.
            let section = match change_name(Change::Moved, q) {
                name if name == "renumbered" => String::new(),
                name => format!("  {}", style.kind(Change::Moved, &name)),
            };
            let _ = writeln!(out, "  {}  {}{section}", numbers(q), q.id);
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
        style.bold(&match numbers(q) {
            // Without numbers (`numbering = "none"`), the question alone.
            n if n.is_empty() => place.question.clone(),
            n => format!("{n}. {}", place.question),
        }),
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
