//! `[[section]]` tables and `entries` lists: which questions stand in
//! which section, release by release.

use std::collections::BTreeMap;

use toml::de::DeValue;

use crate::diag::{Diagnostics, Loc};
use crate::model::ids::{EntryId, ReleaseIndex};
use crate::model::{Entry, Listing, Release, Section};
use crate::source::entry_file;
use crate::source::fields::Fields;
use crate::source::{Listed, ListedAt, Reader};

/// The releases a listing names, as indices; a listing whose `removed` is
/// not after its `since` is an error.
pub(super) fn resolve_listings(reader: &mut Reader, sections: &mut [Listed], releases: &[Release]) {
    let diags = &mut reader.diags;
    for (section, places) in sections.iter_mut() {
        for (listing, at) in section.entries.iter_mut().zip(places.iter_mut()) {
            let mut index = |named: &Option<(String, Loc)>| {
                let (version, loc) = named.as_ref()?;
                let index = entry_file::release_index(diags, releases, version, loc);
                at.faulty |= index.is_none();
                index
            };
            listing.since = index(&at.since);
            listing.removed = index(&at.removed);
            if let (Some(since), Some(removed), Some((_, loc))) =
                (listing.since, listing.removed, &at.removed)
                && removed <= since
            {
                at.faulty = true;
                diags
                    .error(
                        loc.clone(),
                        format!(
                            "`removed = \"{}\"` is not after `since = \"{}\"`",
                            releases[removed].version, releases[since].version
                        ),
                    )
                    .hints
                    .push("a listing holds the question from its `since` up to the release before its `removed`: name a later release".into());
            }
        }
    }
}

/// A question listed in several sections (it moves between them) must stand
/// in exactly one of them in every release it is in: the listings neither
/// overlap nor leave a gap.
pub(super) fn check_moves(
    reader: &mut Reader,
    sections: &[Listed],
    releases: &[Release],
    entries: &BTreeMap<EntryId, Entry>,
) {
    let mut by_id: BTreeMap<&str, Vec<(&Listing, &ListedAt)>> = BTreeMap::new();
    for (section, places) in sections {
        for (listing, at) in section.entries.iter().zip(places) {
            by_id
                .entry(listing.id.as_str())
                .or_default()
                .push((listing, at));
        }
    }
    for (id, listings) in by_id {
        // Plain repeats are reported as listed twice; an entry with errors
        // has them reported already.
        let Some(entry) = entries.get(id) else {
            continue;
        };
        if listings.iter().all(|(_, at)| at.is_plain()) || listings.iter().any(|(_, at)| at.faulty)
        {
            continue;
        }
        let present = (0..releases.len())
            .map(ReleaseIndex)
            .filter(|&r| entry.is_present(r));
        for release in present {
            let covering: Vec<&(&Listing, &ListedAt)> =
                listings.iter().filter(|(l, _)| l.covers(release)).collect();
            let version = &releases[release].version;
            match covering.as_slice() {
                [_] => {}
                [] => {
                    let (_, at) = listings[0];
                    reader
                        .diags
                        .error(
                            at.id.clone(),
                            format!("question `{id}` is in release `{version}`, but no section lists it there"),
                        )
                        .hints
                        .push(format!(
                            "the listings of a question that moves take turns: the old one's `removed` and the new one's `since` name the same release; `{version}` falls between them"
                        ));
                    break;
                }
                [(_, first), (_, second), ..] => {
                    let (line, _) = reader.files.line_col(first.id.0, first.id.1.start);
                    reader
                        .diags
                        .error(
                            second.id.clone(),
                            format!("question `{id}` is listed in two sections for release `{version}`"),
                        )
                        .hints
                        .push(format!(
                            "it is listed at line {line} too; a question stands in one section at a time: end the old listing with `removed = \"{version}\"` where the new one starts with `since = \"{version}\"`"
                        ));
                    break;
                }
            }
        }
    }
}

/// `entries = [...]` or `[[section]]` tables: the questions in order.
pub(super) fn read_sections(
    reader: &mut Reader,
    top: &Fields,
    doc: &Fields,
) -> Option<Vec<Listed>> {
    let diags = &mut reader.diags;
    let tables = top.opt_tables(diags, "section");
    let flat = read_listings(diags, doc, tables.is_empty().then_some(doc));
    match (flat, tables.is_empty()) {
        (Some(_), false) => {
            diags.error(doc.key_loc("entries"), "`entries` in `[document]` and `[[section]]` tables are both given").hints.push(
                "list the questions either in `entries` or in the sections' own `entries`, not both".into(),
            );
            None
        }
        (Some(list), true) => Some(vec![section_of(None, list)]),
        // `entries` of the wrong type is reported already.
        (None, true) if doc.get("entries").is_some() => None,
        (None, true) => {
            diags.error(doc.loc(), "no questions are listed").hints.push(
                "add `entries = [\"first-question\", …]` to `[document]`, or `[[section]]` tables with `title` and `entries`".into(),
            );
            None
        }
        (None, false) => {
            let mut out = vec![];
            for (i, (table, span)) in tables.into_iter().enumerate() {
                let sec = Fields::new(top.file, table, span, format!("section {}", i + 1));
                let title = sec.req_str(diags, "title");
                let entries = read_listings(diags, &sec, None);
                if entries.is_none() && sec.get("entries").is_none() {
                    diags
                        .error(sec.loc(), format!("section {} lists no `entries`", i + 1))
                        .hints
                        .push("add `entries = [\"question-id\", …]` to the section".into());
                }
                sec.finish(diags);
                out.push(section_of(
                    title.map(|(t, _)| t),
                    entries.unwrap_or_default(),
                ));
            }
            Some(out)
        }
    }
}

fn section_of(title: Option<String>, list: Vec<(String, ListedAt)>) -> Listed {
    let (ids, places): (Vec<String>, Vec<ListedAt>) = list.into_iter().unzip();
    let entries = ids
        .into_iter()
        .map(|id| Listing::always(EntryId::new(id)))
        .collect();
    (Section { title, entries }, places)
}

/// The `entries` of `fields`: entry ids, or tables `{ id = "…", since = "…",
/// removed = "…" }` for a question that moves between sections. `flat` is
/// `[document]` when the document has no sections, where a listing has no
/// releases of its own.
fn read_listings(
    diags: &mut Diagnostics,
    fields: &Fields,
    flat: Option<&Fields>,
) -> Option<Vec<(String, ListedAt)>> {
    let items = fields.opt_array(diags, "entries", "an array of strings")?;
    let mut out = vec![];
    for item in items {
        match item.get_ref() {
            DeValue::String(s) => out.push((
                s.to_string(),
                ListedAt {
                    id: fields.value_loc(item),
                    since: None,
                    removed: None,
                    faulty: false,
                },
            )),
            DeValue::Table(table) => {
                let reported = diags.list.len();
                let listing =
                    Fields::new(fields.file, table, item.span(), "a listing in `entries`");
                let id = listing.req_str(diags, "id");
                let since = listing.opt_str(diags, "since");
                let removed = listing.opt_str(diags, "removed");
                listing.finish(diags);
                if flat.is_some() {
                    for (key, (_, loc)) in [("since", &since), ("removed", &removed)]
                        .into_iter()
                        .filter_map(|(k, v)| Some((k, v.as_ref()?)))
                    {
                        diags
                            .error(loc.clone(), format!("`{key}` on a listing in a document without sections"))
                            .hints
                            .push(format!(
                                "a listing's `since` and `removed` say when a question stands in a `[[section]]`; to say when it is in the document, write `{key}` in its own file under `entries/`"
                            ));
                    }
                }
                if let Some((id, id_loc)) = id {
                    let faulty = diags.list.len() > reported;
                    out.push((
                        id,
                        ListedAt {
                            id: id_loc,
                            since,
                            removed,
                            faulty,
                        },
                    ));
                }
            }
            other => {
                diags
                    .error(
                        fields.value_loc(item),
                        format!(
                            "the items of `entries` must be strings, not {}",
                            crate::source::fields::type_name(other)
                        ),
                    )
                    .hints
                    .push("list each question by its id, `\"kontakt\"`, or, in a section it moves to or from, as `{ id = \"kontakt\", since = \"3.0\" }`".into());
            }
        }
    }
    Some(out)
}
