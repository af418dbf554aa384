//! `entries/<id>.toml`: one question with its history.

use std::collections::BTreeMap;

use toml::de::DeTable;

use crate::diag::Loc;
use crate::diag::{Diagnostic, Diagnostics, FileRef, nearest};
use crate::model::ids::{EntryId, ReleaseIndex, is_slug};
use crate::model::{Entry, Release, Revision, same_version};
use crate::source::Reader;
use crate::source::fields::Fields;
use crate::source::snippets::Snippets;
use crate::source::strings::mapped;
use crate::source::{Listed, ListedAt};

/// Reads every listed entry and reports listing problems: duplicates, invalid
/// ids, missing files, and files nobody lists.
pub fn read_entries(
    reader: &mut Reader,
    sections: &[Listed],
    releases: &[Release],
    snippets: &mut Snippets,
) -> BTreeMap<EntryId, Entry> {
    let mut entries = BTreeMap::new();
    let mut seen: BTreeMap<&str, &ListedAt> = BTreeMap::new();
    // Files named in a "did you mean": no second message that they are unlisted.
    let mut suggested = vec![];
    for (section, places) in sections {
        for (id, at) in section.entries.iter().map(|l| l.id.as_str()).zip(places) {
            let loc = &at.id;
            if let Some(first) = seen.get(id) {
                // Listings with releases of their own (a question that moves
                // between sections) are checked with the releases.
                if first.is_plain() && at.is_plain() {
                    let (line, _) = reader.files.line_col(first.id.0, first.id.1.start);
                    reader
                        .diags
                        .error(loc.clone(), format!("question `{id}` is listed twice"))
                        .hints
                        .push(format!(
                            "it is already listed at line {line}; a question appears once, unless it moves between sections: then give its listings `removed` and `since`"
                        ));
                }
                continue;
            }
            seen.insert(id, at);
            if !is_slug(id) {
                let mut diag = Diagnostic::error(
                    Some(loc.clone()),
                    format!("invalid entry id `{}`", id.escape_debug()),
                )
                .hint("entry ids use lowercase letters, digits and `-` (the file is entries/<id>.toml)");
                let files = entry_files(reader);
                if let Some(near) = nearest(&id.to_lowercase(), files.iter().map(String::as_str)) {
                    diag = diag.hint(format!("did you mean `{near}`?"));
                    suggested.push(near.to_string());
                }
                reader.diags.push(diag);
                continue;
            }
            let path = reader.root.join("entries").join(format!("{id}.toml"));
            if !path.is_file() {
                suggested.extend(report_missing(reader, id, loc));
                continue;
            }
            if let Some(entry) = read_entry(reader, id, loc, releases, snippets) {
                entries.insert(EntryId::new(id), entry);
            }
        }
    }
    report_unlisted(reader, &seen, &suggested);
    entries
}

/// A listed entry without a file; returns the existing file it suggests.
fn report_missing(reader: &mut Reader, id: &str, listed_at: &Loc) -> Option<String> {
    let path = reader.root.join("entries").join(format!("{id}.toml"));
    let shown = reader.shown(&path);
    let files = entry_files(reader);
    let diag = Diagnostic::error(
        Some(listed_at.clone()),
        format!("question `{id}` is listed but `{shown}` does not exist"),
    );
    let near = nearest(id, files.iter().map(String::as_str)).map(str::to_string);
    reader.diags.push(match &near {
        Some(near) => diag.hint(format!(
            "did you mean `{near}`? (`entries/{near}.toml` exists)"
        )),
        None => diag.hint(format!(
            "create `{shown}` with `question` and `answer`, or remove `{id}` from the list"
        )),
    });
    near
}

fn read_entry(
    reader: &mut Reader,
    id: &str,
    listed_at: &Loc,
    releases: &[Release],
    snippets: &mut Snippets,
) -> Option<Entry> {
    let path = reader.root.join("entries").join(format!("{id}.toml"));
    let file = reader.read_text(&path, Some(listed_at.clone()))?;
    reader
        .with_toml(file, |reader, table| {
            EntryReader {
                reader,
                file,
                id,
                releases,
                snippets,
                since_at: vec![],
            }
            .read(table)
        })
        .flatten()
}

struct EntryReader<'r, 's> {
    reader: &'r mut Reader,
    file: FileRef,
    id: &'r str,
    releases: &'r [Release],
    snippets: &'s mut Snippets,
    /// Where each revision read so far names its release (its `since`, or
    /// its table when it has none), for errors about the order.
    since_at: Vec<Loc>,
}

impl EntryReader<'_, '_> {
    fn read(mut self, table: &DeTable) -> Option<Entry> {
        let top = Fields::new(self.file, table, 0..0, format!("entry `{}`", self.id));
        let title = top.opt_str(&mut self.reader.diags, "title").map(|(t, _)| t);
        let removed = top
            .opt_str(&mut self.reader.diags, "removed")
            .and_then(|(v, l)| Some((self.release(&v, &l)?, l)));
        let full = top.opt_tables(&mut self.reader.diags, "revision");
        let errors_before = self.error_count();
        let revisions: Vec<Revision> = if full.is_empty() {
            self.short_form(&top).into_iter().collect()
        } else {
            self.mixed_form_check(&top);
            let count = full.len();
            let earliest = self.earliest(&full);
            let revisions: Vec<Revision> = full
                .into_iter()
                .enumerate()
                .filter_map(|(i, (t, span))| {
                    let fields = Fields::new(self.file, t, span, "`[[revision]]`");
                    let rev = self.revision(&fields, i == earliest);
                    fields.finish(&mut self.reader.diags);
                    rev
                })
                .collect();
            // A revision that could not be read would make the order checks
            // below compare the wrong neighbours.
            if revisions.len() < count {
                return None;
            }
            revisions
        };
        top.finish(&mut self.reader.diags);
        self.check_history(&revisions, removed.clone());
        // An entry with errors is left out of the model, and so out of the
        // checks that name it (notes, links): its own errors say enough.
        if self.error_count() > errors_before {
            return None;
        }
        let first = revisions.first()?;
        let removed = removed.map(|(r, _)| r);
        Some(Entry {
            id: EntryId::new(self.id),
            title,
            since: first.since,
            removed,
            loc: (self.file, 0..0),
            revisions,
        })
    }

    /// The index of the revision for the earliest release: the one that must
    /// state both question and answer. It is the first, unless the revisions
    /// are out of order (which is reported on its own).
    fn earliest(&self, tables: &[(&DeTable, std::ops::Range<usize>)]) -> usize {
        let since = |t: &DeTable| {
            let (_, value) = t.iter().find(|(k, _)| k.get_ref() == "since")?;
            let version = value.get_ref().as_str()?;
            self.releases.iter().position(|r| r.version == version)
        };
        tables
            .iter()
            .enumerate()
            .filter_map(|(i, (t, _))| Some((since(t)?, i)))
            .min()
            .map_or(0, |(_, i)| i)
    }

    fn error_count(&self) -> usize {
        self.reader
            .diags
            .list
            .iter()
            .filter(|d| d.is_error())
            .count()
    }

    /// `question` and `answer` at the top: one text from `since` on.
    fn short_form(&mut self, top: &Fields) -> Option<Revision> {
        let rev = self.revision(top, true);
        for key in ["change", "reason", "editorial"] {
            if top.get(key).is_some() {
                self.reader.diags.error(top.key_loc(key), format!("`{key}` belongs in a `[[revision]]` table"))
                    .hints.push("a short-form entry has one text; use `[[revision]]` tables for its history".into());
            }
        }
        rev
    }

    fn mixed_form_check(&mut self, top: &Fields) {
        for key in [
            "question",
            "answer",
            "since",
            "change",
            "reason",
            "editorial",
        ] {
            if top.get(key).is_some() {
                self.reader
                    .diags
                    .error(
                        top.key_loc(key),
                        format!("`{key}` at the top of an entry that has `[[revision]]` tables"),
                    )
                    .hints
                    .push(format!(
                        "an entry uses one form: move `{key}` into the first `[[revision]]`"
                    ));
            }
        }
    }

    /// One text of the entry; the first (or only) one must hold both the
    /// question and the answer.
    fn revision(&mut self, fields: &Fields, first: bool) -> Option<Revision> {
        let diags = &mut self.reader.diags;
        let (question, answer) = if first {
            (
                fields.req_str(diags, "question"),
                fields.req_str(diags, "answer"),
            )
        } else {
            (
                fields.opt_str(diags, "question"),
                fields.opt_str(diags, "answer"),
            )
        };
        let change = fields.opt_str(diags, "change").map(|(c, _)| c);
        let reason = fields.opt_str(diags, "reason");
        if let Some((_, loc)) = &reason
            && change.is_none()
            && fields.what == "`[[revision]]`"
        {
            diags
                .error(loc.clone(), "`reason` without a `change` line")
                .hints
                .push("a reason explains the revision's line in the change table: add `change = \"…\"`, the line it explains, or remove `reason`".into());
        }
        let reason = reason.map(|(r, _)| r);
        let editorial = fields.opt_bool(diags, "editorial").unwrap_or(false);
        let since_at = fields
            .get("since")
            .map_or(fields.loc(), |v| fields.value_loc(v));
        let since = match fields.opt_str(diags, "since") {
            Some((v, l)) => self.release(&v, &l)?,
            None if fields.what == "`[[revision]]`" => {
                fields.require(
                    "since",
                    Diagnostic::error(Some(fields.loc()), "revision is missing `since`").hint(
                        "add `since = \"<version>\"`: the release this text is in force from",
                    ),
                );
                return None;
            }
            None => ReleaseIndex::FIRST,
        };
        if let Some((q, loc)) = &question
            && q.trim().is_empty()
        {
            self.reader
                .diags
                .error(loc.clone(), "the question is empty")
                .hints
                .push("write the question, such as `question = \"Who is affected?\"`".into());
        }
        if let Some((a, loc)) = &answer
            && a.trim().is_empty()
        {
            self.reader
                .diags
                .error(loc.clone(), "the answer is empty")
                .hints
                .push("write the answer (Markdown) between ''' and '''".into());
        }
        self.since_at.push(since_at);
        let answer = answer.map(|(text, loc)| {
            let raw = mapped(&text, &loc, self.reader.files.text(loc.0));
            let expanded = self.snippets.expand(self.reader, &raw);
            let key = format!("{}-{since}", self.id);
            crate::source::markdown::parse(
                &expanded,
                &self.reader.root,
                &key,
                &mut self.reader.diags,
            )
        });
        Some(Revision {
            since,
            question: question.map(|(q, _)| q),
            answer,
            change,
            reason,
            editorial,
            loc: fields.loc(),
        })
    }

    /// The index of the release `version`, or a diagnostic.
    fn release(&mut self, version: &str, loc: &Loc) -> Option<ReleaseIndex> {
        release_index(&mut self.reader.diags, self.releases, version, loc)
    }

    /// Revisions in order, each changing something; `removed` after the start.
    fn check_history(&mut self, revisions: &[Revision], removed: Option<(ReleaseIndex, Loc)>) {
        let Some(first) = revisions.first() else {
            return;
        };
        if !self.check_order(revisions) {
            // What is "before" is unclear until the order is fixed.
            return;
        }
        let diags = &mut self.reader.diags;
        if first.change.is_some() {
            diags.push(
                Diagnostic::warning(
                    Some(first.loc.clone()),
                    "`change` on the first revision is not used",
                )
                .hint("the change table says the question was added; `change` words later updates"),
            );
        }
        for pair in revisions.windows(2) {
            let rev = &pair[1];
            if rev.question.is_none() && rev.answer.is_none() {
                diags
                    .error(rev.loc.clone(), "revision changes nothing")
                    .hints
                    .push("give it a new `question` or `answer`, or remove it".into());
            } else if rev
                .question
                .as_ref()
                .is_none_or(|q| Some(q) == before_question(revisions, rev))
                && rev
                    .answer
                    .as_ref()
                    .is_none_or(|a| Some(a) == before_answer(revisions, rev))
            {
                diags.push(
                    Diagnostic::warning(
                        Some(rev.loc.clone()),
                        "revision is identical to the text before it",
                    )
                    .hint("it would mark the question as updated without a change; remove it"),
                );
            }
        }
        if let Some((removed, loc)) = removed {
            if removed <= first.since {
                let since = &self.releases[first.since].version;
                let hint = match self.releases.get(first.since.get() + 1) {
                    Some(next) => format!(
                        "`removed` names the first release without the question; the earliest possible is `{}`",
                        next.version
                    ),
                    None => "`removed` names the first release without the question: add that release to faq.toml first".into(),
                };
                diags
                    .error(
                        loc,
                        format!(
                            "`removed = \"{}\"` is not after `{since}`, the release the question appears in",
                            self.releases[removed].version
                        ),
                    )
                    .hints
                    .push(hint);
            } else if let Some(late) = revisions.iter().position(|r| r.since >= removed) {
                let (at, late) = (self.since_at[late].clone(), &revisions[late]);
                diags
                    .error(
                        at,
                        format!(
                            "revision for `{}` comes after the question was removed in `{}`",
                            self.releases[late.since].version, self.releases[removed].version
                        ),
                    )
                    .hints
                    .push("remove the revision, or move `removed` to a later release".into());
            }
        }
    }

    /// Reports revisions that are not oldest first, one per release; returns
    /// whether they are in order.
    fn check_order(&mut self, revisions: &[Revision]) -> bool {
        let mut ordered = true;
        for (i, pair) in revisions.windows(2).enumerate() {
            let (before, rev) = (&pair[0], &pair[1]);
            let (line, _) = self.reader.files.line_col(before.loc.0, before.loc.1.start);
            let since_at = self.since_at.get(i + 1).unwrap_or(&rev.loc).clone();
            let diags = &mut self.reader.diags;
            ordered &= rev.since > before.since;
            if rev.since == before.since {
                diags
                    .error(
                        since_at,
                        format!(
                            "a second revision for release `{}`",
                            self.releases[rev.since].version
                        ),
                    )
                    .hints
                    .push(format!(
                        "the revision at line {line} is already for `{}`: merge the two, or give this one a later `since`",
                        self.releases[rev.since].version
                    ));
            } else if rev.since < before.since {
                diags
                    .error(
                        since_at,
                        format!(
                            "revisions out of order: `{}` comes after `{}`",
                            self.releases[rev.since].version, self.releases[before.since].version
                        ),
                    )
                    .hints
                    .push(format!(
                        "list revisions oldest first: move this one above the revision at line {line}"
                    ));
            }
        }
        ordered
    }
}

fn before_question<'a>(revisions: &'a [Revision], rev: &Revision) -> Option<&'a String> {
    revisions
        .iter()
        .take_while(|r| r.since < rev.since)
        .filter_map(|r| r.question.as_ref())
        .last()
}

fn before_answer<'a>(
    revisions: &'a [Revision],
    rev: &Revision,
) -> Option<&'a crate::model::doc::Text> {
    revisions
        .iter()
        .take_while(|r| r.since < rev.since)
        .filter_map(|r| r.answer.as_ref())
        .last()
}

/// The ids of the files in `entries/`, sorted.
fn entry_files(reader: &Reader) -> Vec<String> {
    crate::source::file_stems(&reader.root.join("entries"), ".toml")
}

/// A file in `entries/` that no list names is a warning: it may be a question
/// in preparation, but more often it was forgotten.
fn report_unlisted(reader: &mut Reader, listed: &BTreeMap<&str, &ListedAt>, suggested: &[String]) {
    let mut unlisted = entry_files(reader);
    unlisted.retain(|id| !listed.contains_key(id.as_str()) && !suggested.contains(id));
    for id in unlisted {
        let path = reader.root.join("entries").join(format!("{id}.toml"));
        let shown = reader.shown(&path);
        let file = reader.files.add(
            shown.clone(),
            std::fs::read_to_string(&path).unwrap_or_default(),
        );
        reader.diags.push(
            Diagnostic::warning(Some((file, 0..0)), format!("`{shown}` is not listed in faq.toml"))
                .hint(format!("add \"{id}\" to `entries` (or a section's `entries`) to publish it, or delete the file")),
        );
    }
}

/// The index of the release `version`, or a diagnostic at `loc` that lists
/// the releases.
pub fn release_index(
    diags: &mut Diagnostics,
    releases: &[Release],
    version: &str,
    loc: &Loc,
) -> Option<ReleaseIndex> {
    let index = releases
        .iter()
        .position(|r| r.version == version)
        .map(ReleaseIndex);
    // Without any release, faq.toml's own error says it all.
    if index.is_none() && !releases.is_empty() {
        let mut known: Vec<&str> = vec![];
        for release in releases {
            if !known.contains(&release.version.as_str()) {
                known.push(&release.version);
            }
        }
        let mut diag = Diagnostic::error(Some(loc.clone()), format!("unknown release `{version}`"));
        // Versions are too alike for a spelling distance (`3.0` is no typo
        // of `1.0`); only the same number written differently is suggested.
        if let Some(near) = known.iter().find(|k| same_version(k, version)) {
            diag = diag.hint(format!("did you mean `{near}`?"));
        }
        diag = diag.hint(format!(
            "the releases in faq.toml are: {}",
            known.join(", ")
        ));
        diags.push(diag);
    }
    index
}
