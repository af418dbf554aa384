//! `[[release]]` tables: versions, dates in order, drafts, notes and their
//! targets.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Loc, SourceFiles, nearest};
use crate::model::ids::{EntryId, ReleaseIndex};
use crate::model::placeholders;
use crate::model::{Entry, Note, NoteTarget, Release, ReleaseDate};
use crate::source::Reader;
use crate::source::fields::Fields;
use crate::source::strings::mapped;
use crate::terminal::{is_bidi_control, is_hostile};

pub(super) fn read_releases(reader: &mut Reader, top: &Fields) -> Vec<Release> {
    let tables = top.opt_tables(&mut reader.diags, "release");
    if tables.is_empty() {
        reader.diags.push(
            Diagnostic::error(Some((top.file, 0..0)), "faq.toml has no releases")
                .hint("add a `[[release]]` table with `version = \"1.0\"` and `date = 2026-01-15T12:00:00`"),
        );
        return vec![];
    }
    let mut read: Vec<ReadRelease> = vec![];
    for (table, span) in tables {
        let Some(release) = read_release(reader, top.file, table, span) else {
            continue;
        };
        check_order(reader, &read, &release);
        read.push(release);
    }
    let releases: Vec<Release> = read.into_iter().map(|r| r.release).collect();
    if let Some(first_draft) = releases.iter().position(|r| r.draft)
        && let Some(later) = releases[first_draft..].iter().find(|r| !r.draft)
    {
        reader.diags.error(later.loc.clone(), format!(
            "release `{}` is published after the draft `{}`", later.version, releases[first_draft].version
        )).hints.push("only the latest releases may be drafts: publish the draft (remove `draft = true`) or move it last".into());
    }
    releases
}

/// Why a character that [`is_hostile`] has no place in a version: a file
/// name holding it misleads whoever reads the name.
fn hostile_hint(c: char) -> String {
    let what = if is_bidi_control(c) {
        "a bidi control, which shows the rest of a file name in another order (`1.0\\u{202e}fdp.exe` reads as `1.0exe.pdf`)"
    } else if c.is_control() && !matches!(c, '\u{85}') {
        "a control character, which terminals obey instead of showing it"
    } else {
        "a line separator, which breaks a file name across lines"
    };
    format!("it holds U+{:04X}, {what}; remove it", c as u32)
}

/// A release as read, with where its version and its date are written.
struct ReadRelease {
    release: Release,
    version_at: Loc,
    /// `None` when the date is missing or invalid (already an error): such a
    /// release still counts as a release, so that entries naming it get no
    /// second error, but it is left out of the date order check.
    date_at: Option<Loc>,
}

fn read_release(
    reader: &mut Reader,
    file: usize,
    table: &DeTable,
    span: std::ops::Range<usize>,
) -> Option<ReadRelease> {
    let diags = &mut reader.diags;
    let rel = Fields::new(file, table, span, "`[[release]]`");
    let version = rel.req_str(diags, "version");
    if let Some((v, loc)) = &version
        && (v.trim().is_empty()
            || v.chars()
                .any(|c| is_hostile(c) || "/\\:*?\"<>|".contains(c)))
    {
        let d = diags.error(
            loc.clone(),
            format!("invalid version `{}`", v.escape_debug()),
        );
        if let Some(c) = v.chars().find(|&c| is_hostile(c)) {
            d.hints.push(hostile_hint(c));
        }
        d.hints.push(
            "the version appears in file names: use letters, digits, `.`, `-` and `_`, such as \"2.1\"".into(),
        );
    }
    let date = read_date(reader, &rel);
    let diags = &mut reader.diags;
    let draft = rel.opt_bool(diags, "draft").unwrap_or(false);
    let title = rel.opt_str(diags, "title").map(|(t, _)| t);
    let subtitle = rel.opt_str(diags, "subtitle").map(|(t, _)| t);
    let author = rel.opt_str(diags, "author").map(|(t, _)| t);
    let mut notes = vec![];
    for (table, span) in rel.opt_tables(diags, "notes") {
        let note = Fields::new(file, table, span, "a note");
        let text = note.req_str(diags, "text");
        let at = note
            .opt_str(diags, "at")
            .map(|(at, loc)| match at.as_str() {
                "changes" => (NoteTarget::Changes, loc),
                "contents" => (NoteTarget::Contents, loc),
                _ => (NoteTarget::Entry(EntryId::new(at)), loc),
            });
        let reason = note.opt_str(diags, "reason").map(|(r, _)| r);
        note.finish(diags);
        if let Some((text, text_at)) = text {
            let (at, at_loc) = at.unzip();
            let names_entry = matches!(at, Some(NoteTarget::Entry(_)));
            check_placeholders(diags, &reader.files, &text, &text_at, names_entry);
            notes.push(Note {
                text,
                at,
                at_loc,
                reason,
            });
        }
    }
    let loc = rel.loc();
    let (version, version_at) = version?;
    if date.is_none() && rel.get("date").is_none() {
        rel.require(
            "date",
            Diagnostic::error(Some(loc.clone()), format!("release `{version}` is missing its `date`"))
                .hint("add `date = 2026-01-15T12:00:00` (a TOML date-time, no quotes) or a plain date `2026-01-15`"),
        );
    }
    let date_at = rel
        .get("date")
        .map(|v| rel.value_loc(v))
        .filter(|_| date.is_some());
    rel.finish(diags);
    // Without a valid date the model is never built (there is an error), so
    // the placeholder is never shown.
    let date = date.unwrap_or(ReleaseDate {
        date: chrono::NaiveDate::MIN,
        time: None,
        offset_minutes: None,
    });
    Some(ReadRelease {
        release: Release {
            version,
            date,
            title,
            subtitle,
            author,
            notes,
            draft,
            loc,
        },
        version_at,
        date_at,
    })
}

fn read_date(reader: &mut Reader, rel: &Fields) -> Option<ReleaseDate> {
    let diags = &mut reader.diags;
    let value = rel.get("date")?;
    let loc = rel.value_loc(value);
    let DeValue::Datetime(dt) = value.get_ref() else {
        let hint = if let DeValue::String(s) = value.get_ref() {
            format!("remove the quotes: `date = {s}`")
        } else {
            "write a TOML date-time such as `date = 2026-01-15T12:00:00`".into()
        };
        diags
            .error(
                loc,
                "`date` must be a TOML date or date-time, not a string or number",
            )
            .hints
            .push(hint);
        return None;
    };
    let Some(d) = dt.date else {
        diags
            .error(loc, "`date` has a time but no date")
            .hints
            .push("write `date = 2026-01-15T12:00:00`".into());
        return None;
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?;
    let time = dt.time.and_then(|t| {
        chrono::NaiveTime::from_hms_opt(u32::from(t.hour), u32::from(t.minute), u32::from(t.second))
    });
    let offset_minutes = dt.offset.map(|o| match o {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i32::from(minutes),
    });
    Some(ReleaseDate {
        date,
        time,
        offset_minutes,
    })
}

/// A version must be new, and a date not before the last dated release's.
fn check_order(reader: &mut Reader, earlier: &[ReadRelease], read: &ReadRelease) {
    let release = &read.release;
    if let Some(first) = earlier
        .iter()
        .find(|r| r.release.version == release.version)
    {
        let (line, _) = reader
            .files
            .line_col(first.version_at.0, first.version_at.1.start);
        reader
            .diags
            .error(
                read.version_at.clone(),
                format!("release `{}` is listed twice", release.version),
            )
            .hints
            .push(format!(
                "the first `{}` is at line {line}; give each release its own version",
                release.version
            ));
        return;
    }
    let previous = earlier.iter().rev().find(|r| r.date_at.is_some());
    if let (Some(prev), Some(date_at)) = (previous, &read.date_at) {
        let prev = &prev.release;
        if release.date.instant() < prev.date.instant() {
            reader
                .diags
                .error(
                    date_at.clone(),
                    format!(
                        "release `{}` is dated before the release `{}` above it ({} is before {})",
                        release.version,
                        prev.version,
                        release.date.iso(),
                        prev.date.iso()
                    ),
                )
                .hints
                .push(dated_before_hint(&release.date, prev));
        }
    }
}

/// A note may hold `{n}` when it names a question, and no other braces
/// (`{{` and `}}` are braces as text).
fn check_placeholders(
    diags: &mut Diagnostics,
    files: &SourceFiles,
    text: &str,
    at: &Loc,
    names_entry: bool,
) {
    let number = names_entry.then_some("1");
    let Err(bad) = placeholders::fill(text, number) else {
        return;
    };
    let place = mapped(text, at, files.text(at.0)).loc(bad.at.clone());
    let (message, hint) = if bad.written == "{n}" {
        (
            "`{n}` in a note that names no question".to_string(),
            "`{n}` is the number of the question the note names: add `at = \"<entry id>\"`, or write the number's words instead".to_string(),
        )
    } else {
        (
            format!("`{}` in a note is no placeholder", bad.written),
            "the only placeholder in a note is `{n}`, the number of the question named by `at`; to show a brace, write it twice: `{{` or `}}`".to_string(),
        )
    };
    diags.push(Diagnostic::error(Some(place), message).hint(hint));
}

/// How to fix a release dated before the one above it; when an offset is
/// written, the dates are compared as instants, which the hint shows in UTC.
fn dated_before_hint(date: &ReleaseDate, prev: &Release) -> String {
    let fix = "releases are listed oldest first: fix the date or move the release";
    if date.offset_minutes.is_none() && prev.date.offset_minutes.is_none() {
        return format!("`{}` is dated {}; {fix}", prev.version, prev.date.iso());
    }
    let utc = |d: &ReleaseDate| {
        let written = if d.offset_minutes.is_some() {
            ""
        } else {
            " (no offset: read as UTC)"
        };
        format!("{} UTC{written}", d.instant().format("%Y-%m-%d %H:%M"))
    };
    format!(
        "compared as instants, {} is {} and `{}` is {}; {fix}",
        date.iso(),
        utc(date),
        prev.version,
        utc(&prev.date)
    )
}

/// Notes with `at = "<entry>"` must name an entry present in that release.
pub(super) fn check_note_targets(
    reader: &mut Reader,
    releases: &[Release],
    entries: &BTreeMap<EntryId, Entry>,
    listed: &[&str],
) {
    for (index, release) in releases.iter().enumerate() {
        let index = ReleaseIndex(index);
        for note in &release.notes {
            let (Some(NoteTarget::Entry(id)), Some(loc)) = (&note.at, note.at_loc.clone()) else {
                continue;
            };
            match entries.get(id) {
                Some(entry) if entry.is_present(index) => {}
                Some(_) => {
                    reader
                        .diags
                        .error(
                            loc,
                            format!(
                                "note names `{id}`, which is not in release `{}`",
                                release.version
                            ),
                        )
                        .hints
                        .push("a note can only point at a question present in its release".into());
                }
                // Listed, but its file had errors: those are reported already.
                None if listed.contains(&id.as_str()) => {}
                None => {
                    let mut diag =
                        Diagnostic::error(Some(loc), format!("note names unknown place `{id}`"));
                    let known = ["changes", "contents"]
                        .into_iter()
                        .chain(entries.keys().map(EntryId::as_str));
                    diag = match nearest(id.as_str(), known) {
                        Some(near) => diag.hint(format!("did you mean `{near}`?")),
                        None => {
                            diag.hint("`at` is \"changes\", \"contents\" or the id of a question")
                        }
                    };
                    reader.diags.push(diag);
                }
            }
        }
    }
}
