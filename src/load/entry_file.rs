//! `entries/<id>.toml`: one question with its history.

use std::collections::BTreeMap;

use toml::de::DeTable;

use crate::diag::{Diagnostic, FileRef, nearest};
use crate::load::Reader;
use crate::load::faq_file::{Listed, is_slug};
use crate::load::fields::{Fields, Loc};
use crate::load::snippets::Snippets;
use crate::load::strings::mapped;
use crate::model::{Entry, Release, Revision};

/// Reads every listed entry and reports listing problems: duplicates, invalid
/// ids, missing files, and files nobody lists.
pub fn read_entries(
    reader: &mut Reader,
    sections: &[Listed],
    releases: &[Release],
    snippets: &mut Snippets,
) -> BTreeMap<String, Entry> {
    let mut entries = BTreeMap::new();
    let mut seen: BTreeMap<&str, &Loc> = BTreeMap::new();
    for (section, locs) in sections {
        for (id, loc) in section.entries.iter().zip(locs) {
            if let Some(first) = seen.insert(id, loc) {
                let (line, _) = reader.files.line_col(first.0, first.1.start);
                reader
                    .diags
                    .error(loc.clone(), format!("question `{id}` is listed twice"))
                    .hints
                    .push(format!(
                        "it is already listed at line {line}; a question appears once"
                    ));
                continue;
            }
            if !is_slug(id) {
                reader.diags.error(loc.clone(), format!("invalid entry id `{}`", id.escape_debug())).hints.push(
                    "entry ids use lowercase letters, digits and `-` (the file is entries/<id>.toml)".into(),
                );
                continue;
            }
            if let Some(entry) = read_entry(reader, id, loc, releases, snippets) {
                entries.insert(id.clone(), entry);
            }
        }
    }
    report_unlisted(reader, &seen);
    entries
}

fn read_entry(
    reader: &mut Reader,
    id: &str,
    listed_at: &Loc,
    releases: &[Release],
    snippets: &mut Snippets,
) -> Option<Entry> {
    let path = reader.root.join("entries").join(format!("{id}.toml"));
    if !path.is_file() {
        let shown = reader.shown(&path);
        reader
            .diags
            .error(
                listed_at.clone(),
                format!("question `{id}` is listed but `{shown}` does not exist"),
            )
            .hints
            .push(format!(
                "create `{shown}` with `question` and `answer`, or remove `{id}` from the list"
            ));
        return None;
    }
    let file = reader.read_text(&path, Some(listed_at.clone()))?;
    reader
        .with_toml(file, |reader, table| {
            EntryReader {
                reader,
                file,
                id,
                releases,
                snippets,
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
}

impl EntryReader<'_, '_> {
    fn read(mut self, table: &DeTable) -> Option<Entry> {
        let top = Fields::new(self.file, table, 0..0, format!("entry `{}`", self.id));
        let title = top.opt_str(&mut self.reader.diags, "title").map(|(t, _)| t);
        let removed = top
            .opt_str(&mut self.reader.diags, "removed")
            .and_then(|(v, l)| self.release(&v, &l));
        let full = top.opt_tables(&mut self.reader.diags, "revision");
        let revisions: Vec<Revision> = if full.is_empty() {
            self.short_form(&top).into_iter().collect()
        } else {
            self.mixed_form_check(&top);
            full.into_iter()
                .filter_map(|(t, span)| {
                    let fields = Fields::new(self.file, t, span, "`[[revision]]`");
                    let rev = self.revision(&fields);
                    fields.finish(&mut self.reader.diags);
                    rev
                })
                .collect()
        };
        top.finish(&mut self.reader.diags);
        self.check_history(&revisions, removed)?;
        let first = revisions.first()?;
        Some(Entry {
            id: self.id.to_string(),
            title,
            since: first.since,
            removed,
            loc: (self.file, 0..0),
            revisions,
        })
    }

    /// `question` and `answer` at the top: one text from `since` on.
    fn short_form(&mut self, top: &Fields) -> Option<Revision> {
        let rev = self.revision(top);
        if top.get("question").is_none() && top.get("answer").is_none() {
            self.reader.diags.error((self.file, 0..0), format!("entry `{}` has no question", self.id)).hints.push(
                "write `question = \"…\"` and `answer = \"\"\"…\"\"\"`, or `[[revision]]` tables".into(),
            );
            return None;
        }
        for key in ["change", "editorial"] {
            if top.get(key).is_some() {
                self.reader.diags.error(top.key_loc(key), format!("`{key}` belongs in a `[[revision]]` table"))
                    .hints.push("a short-form entry has one text; use `[[revision]]` tables for its history".into());
            }
        }
        rev
    }

    fn mixed_form_check(&mut self, top: &Fields) {
        for key in ["question", "answer", "since", "change", "editorial"] {
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

    fn revision(&mut self, fields: &Fields) -> Option<Revision> {
        let diags = &mut self.reader.diags;
        let question = fields.opt_str(diags, "question");
        let answer = fields.opt_str(diags, "answer");
        let change = fields.opt_str(diags, "change").map(|(c, _)| c);
        let editorial = fields.opt_bool(diags, "editorial").unwrap_or(false);
        let since = match fields.opt_str(diags, "since") {
            Some((v, l)) => self.release(&v, &l)?,
            None if fields.what == "`[[revision]]`" => {
                self.reader
                    .diags
                    .error(fields.loc(), "revision is missing `since`")
                    .hints
                    .push(
                        "add `since = \"<version>\"`: the release this text is in force from"
                            .into(),
                    );
                return None;
            }
            None => 0,
        };
        if let Some((q, loc)) = &question {
            if q.trim().is_empty() {
                self.reader
                    .diags
                    .error(loc.clone(), "the question is empty")
                    .hints
                    .push("write the question, such as `question = \"Wer ist betroffen?\"`".into());
            }
        }
        let answer = answer.map(|(text, loc)| {
            let raw = mapped(&text, &loc, self.reader.files.text(loc.0));
            let expanded = self.snippets.expand(self.reader, &raw);
            let key = format!("{}-{since}", self.id);
            crate::markdown::convert(expanded, &self.reader.root, &key, &mut self.reader.diags)
        });
        Some(Revision {
            since,
            question: question.map(|(q, _)| q),
            answer,
            change,
            editorial,
            loc: fields.loc(),
        })
    }

    /// The index of the release `version`, or a diagnostic.
    fn release(&mut self, version: &str, loc: &Loc) -> Option<usize> {
        let index = self.releases.iter().position(|r| r.version == version);
        if index.is_none() {
            let known: Vec<&str> = self.releases.iter().map(|r| r.version.as_str()).collect();
            let mut diag =
                Diagnostic::error(Some(loc.clone()), format!("unknown release `{version}`"));
            if let Some(near) = nearest(version, known.iter().copied()) {
                diag = diag.hint(format!("did you mean `{near}`?"));
            }
            diag = diag.hint(format!(
                "the releases in faq.toml are: {}",
                known.join(", ")
            ));
            self.reader.diags.push(diag);
        }
        index
    }

    /// Revisions in order; the first complete; `removed` after the start.
    fn check_history(&mut self, revisions: &[Revision], removed: Option<usize>) -> Option<()> {
        let first = revisions.first()?;
        let diags = &mut self.reader.diags;
        if first.question.is_none() || first.answer.is_none() {
            diags
                .error(
                    first.loc.clone(),
                    "the first revision needs both `question` and `answer`",
                )
                .hints
                .push(
                    "later revisions state only what changed; the first states everything".into(),
                );
        }
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
            let (before, rev) = (&pair[0], &pair[1]);
            if rev.since <= before.since {
                diags
                    .error(
                        rev.loc.clone(),
                        format!(
                            "revisions out of order: `{}` does not come after `{}`",
                            self.releases[rev.since].version, self.releases[before.since].version
                        ),
                    )
                    .hints
                    .push("list revisions oldest first, one per release".into());
            }
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
        if let Some(removed) = removed {
            if removed <= first.since {
                diags.error((self.file, 0..0), format!(
                    "`removed = \"{}\"` is not after the release the question appears in (`{}`)",
                    self.releases[removed].version, self.releases[first.since].version
                )).hints.push("`removed` names the first release without the question".into());
            } else if let Some(late) = revisions.iter().find(|r| r.since >= removed) {
                diags
                    .error(
                        late.loc.clone(),
                        "revision comes after the question was removed",
                    )
                    .hints
                    .push("remove the revision or the `removed` key".into());
            }
        }
        Some(())
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
) -> Option<&'a crate::markdown::Markdown> {
    revisions
        .iter()
        .take_while(|r| r.since < rev.since)
        .filter_map(|r| r.answer.as_ref())
        .last()
}

/// A file in `entries/` that no list names is a warning: it may be a question
/// in preparation, but more often it was forgotten.
fn report_unlisted(reader: &mut Reader, listed: &BTreeMap<&str, &Loc>) {
    let Ok(dir) = std::fs::read_dir(reader.root.join("entries")) else {
        return;
    };
    let mut unlisted: Vec<String> = dir
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".toml")
                .map(str::to_string)
        })
        .filter(|id| !listed.contains_key(id.as_str()))
        .collect();
    unlisted.sort();
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
