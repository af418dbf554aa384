//! `faq.toml`: document settings, the order of the questions, the releases.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Loc, SourceFiles, nearest};
use crate::model::address;
use crate::model::doc::Text;
use crate::model::ids::{EntryId, ReleaseIndex, is_slug};
use crate::model::labels::{Label, Labels, Language};
use crate::model::placeholders;
use crate::model::{
    ChangeOrder, ChangePages, Document, Entry, Faq, Listing, Note, NoteTarget, Numbering, Release,
    ReleaseDate, Section,
};
use crate::source::entry_file;
use crate::source::fields::Fields;
use crate::source::snippets::Snippets;
use crate::source::strings::mapped;
use crate::source::{Listed, ListedAt, Reader};
use crate::terminal::{is_bidi_control, is_hostile};

/// Reads the whole project; `None` when `faq.toml` itself could not be read.
pub fn read_project(reader: &mut Reader) -> Option<Faq> {
    let path = reader.root.join("faq.toml");
    if !reader.root.is_dir() {
        let name = reader.shown(&reader.root.clone());
        reader.diags.push(
            Diagnostic::error(None, format!("sources folder `{name}` does not exist"))
                .hint("run faqpress in the folder that holds `sources/`, or pass `--sources DIR`"),
        );
        return None;
    }
    let file = reader.read_text(&path, None)?;
    let mut snippets = Snippets::default();
    let (document, labels, sections, releases) = reader.with_toml(file, |reader, table| {
        let top = Fields::new(file, table, 0..0, "faq.toml");
        let (document, sections) = read_document(reader, &top, &mut snippets);
        let labels = read_labels(reader, &top, document.as_ref().map(|d| d.language));
        let releases = read_releases(reader, &top);
        top.finish(&mut reader.diags);
        (document, labels, sections, releases)
    })?;
    // The entries are read even when `[document]` has errors, so that all
    // mistakes are reported in one run.
    let mut sections = sections?;
    resolve_listings(reader, &mut sections, &releases);
    let entries = entry_file::read_entries(reader, &sections, &releases, &mut snippets);
    check_moves(reader, &sections, &releases, &entries);
    let document = document?;
    let listed: Vec<&str> = sections
        .iter()
        .flat_map(|(s, _)| s.entries.iter().map(|l| l.id.as_str()))
        .collect();
    check_note_targets(reader, &releases, &entries, &listed);
    Some(Faq {
        document,
        labels,
        sections: sections.into_iter().map(|(s, _)| s).collect(),
        releases,
        entries,
        root: reader.root.clone(),
        files: Default::default(),
    })
}

/// The releases a listing names, as indices; a listing whose `removed` is
/// not after its `since` is an error.
fn resolve_listings(reader: &mut Reader, sections: &mut [Listed], releases: &[Release]) {
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
fn check_moves(
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

/// `[document]`, and the questions it (or `[[section]]`) lists; each `None`
/// when it has errors.
fn read_document(
    reader: &mut Reader,
    top: &Fields,
    snippets: &mut Snippets,
) -> (Option<Document>, Option<Vec<Listed>>) {
    let diags = &mut reader.diags;
    let Some((table, span)) = top.opt_table(diags, "document") else {
        if top.get("document").is_none() {
            top.require(
                "document",
                Diagnostic::error(Some((top.file, 0..0)), "faq.toml has no `[document]` table")
                    .hint("start faq.toml with `[document]` and the keys id, title, organization, language"),
            );
        }
        return (None, None);
    };
    let doc = Fields::new(top.file, table, span, "`[document]`");
    let id = doc.req_str(diags, "id");
    if let Some((id, loc)) = &id
        && !is_slug(id)
    {
        diags.error(loc.clone(), format!("invalid document id `{id}`")).hints.push(
            "the id is used in file names: use lowercase letters, digits and `-`, such as `kunden-faq`".into(),
        );
    }
    let title = doc.req_str(diags, "title");
    let subtitle = doc.opt_str(diags, "subtitle").map(|(s, _)| s);
    let short_title = doc.opt_str(diags, "short-title").map(|(s, _)| s);
    let keep_whole = read_keep_whole(diags, &doc);
    let (url, release_url) = read_addresses(diags, &doc);
    let organization = doc.req_str(diags, "organization");
    let language = read_language(reader, &doc);
    let diags = &mut reader.diags;
    let layout = doc.opt_str(diags, "layout");
    if let Some((name, loc)) = &layout {
        if !is_slug(name) {
            diags.error(loc.clone(), format!("invalid layout name `{name}`")).hints.push(
                "a layout is `layouts/<name>.typ` beside the sources folder; use a-z, 0-9 and `-`".into(),
            );
        } else if name != "standard" {
            let base = reader.root.parent().unwrap_or(std::path::Path::new(""));
            // A file that is there but cannot be read is reported when the
            // layout is read.
            let path = base.join("layouts").join(format!("{name}.typ"));
            if std::fs::symlink_metadata(path).is_err() {
                let mut diag =
                    Diagnostic::error(Some(loc.clone()), format!("unknown layout `{name}`"));
                let known = layouts(base);
                let known = known.iter().map(String::as_str).chain(["standard"]);
                diag = match nearest(name, known) {
                    Some(near) => diag.hint(format!("did you mean `{near}`?")),
                    None => diag.hint(format!(
                        "create `layouts/{name}.typ` beside the sources folder, or use `layout = \"standard\"`"
                    )),
                };
                diags.push(diag);
            }
        }
    }
    let numbering = match doc.opt_str(diags, "numbering") {
        None => Numbering::Continuous,
        Some((n, _)) if n == "continuous" => Numbering::Continuous,
        Some((n, _)) if n == "per-section" => Numbering::PerSection,
        Some((n, _)) if n == "none" => Numbering::None,
        Some((n, loc)) => {
            diags
                .error(loc, format!("unknown numbering `{n}`"))
                .hints
                .push("use `numbering = \"continuous\"` (1, 2, 3 …), `\"per-section\"` (1.1, 1.2, 2.1 …) or `\"none\"` (no numbers)".into());
            Numbering::Continuous
        }
    };
    let change_order = match doc.opt_str(diags, "change-order") {
        None => ChangeOrder::OldestFirst,
        Some((o, _)) if o == "oldest-first" => ChangeOrder::OldestFirst,
        Some((o, _)) if o == "newest-first" => ChangeOrder::NewestFirst,
        Some((o, loc)) => {
            diags
                .error(loc, format!("unknown change order `{o}`"))
                .hints
                .push("use `change-order = \"oldest-first\"` (the default) or `\"newest-first\"` (the release being built on top)".into());
            ChangeOrder::OldestFirst
        }
    };
    let change_pages = match doc.opt_str(diags, "change-pages") {
        None => ChangePages::Inline,
        Some((p, _)) if p == "inline" => ChangePages::Inline,
        Some((p, _)) if p == "column" => ChangePages::Column,
        Some((p, loc)) => {
            diags
                .error(loc, format!("unknown change-pages value `{p}`"))
                .hints
                .push("use `change-pages = \"inline\"` (\"Seite 6, …\", the default) or `\"column\"` (a column of its own)".into());
            ChangePages::Inline
        }
    };
    let pdf_standard = read_standards(reader, &doc);
    let attach_sources = doc
        .opt_bool(&mut reader.diags, "attach-sources")
        .unwrap_or(false);
    let report_renumbering = doc
        .opt_bool(&mut reader.diags, "report-renumbering")
        .unwrap_or(false);
    let number_start = doc
        .opt_count(&mut reader.diags, "number-start", (0, 1_000_000))
        .map_or(1, |(n, _)| n);
    let number_prefix = doc.opt_str(&mut reader.diags, "number-prefix");
    if let Some((prefix, loc)) = &number_prefix
        && (prefix.chars().any(|c| c.is_whitespace() || c.is_control())
            || prefix.chars().count() > 8)
    {
        reader
            .diags
            .error(loc.clone(), format!("invalid number prefix `{}`", prefix.escape_debug()))
            .hints
            .push("a prefix is a short text without spaces before every number, such as \"A\" (A1, A2 …)".into());
    }
    let intro = markdown_field(reader, &doc, "intro", snippets);
    let closing = markdown_field(reader, &doc, "closing", snippets);
    let sections = read_sections(reader, top, &doc);
    doc.finish(&mut reader.diags);
    let document = (|| {
        Some(Document {
            id: id?.0,
            title: title?.0,
            subtitle,
            short_title,
            organization: organization?.0,
            url,
            release_url,
            keep_whole,
            language: language?,
            layout: layout.map_or_else(|| "standard".to_string(), |(l, _)| l),
            numbering,
            intro,
            closing,
            pdf_standard,
            attach_sources,
            report_renumbering,
            number_start,
            number_prefix: number_prefix.map(|(p, _)| p).unwrap_or_default(),
            change_order,
            change_pages,
        })
    })();
    (document, sections)
}

/// `url` and `release-url`, each `None` when absent or wrong (an error).
fn read_addresses(diags: &mut Diagnostics, doc: &Fields) -> (Option<String>, Option<String>) {
    let url = read_address(diags, doc, "url");
    let release_url = read_address(diags, doc, "release-url");
    if let Some((pinned, loc)) = &release_url {
        if !pinned.contains(address::VERSION_PLACEHOLDER) {
            diags.error(loc.clone(), "`release-url` has no `{version}`").hints.push(
                "write where each release's version goes: `release-url = \"https://www.example.org/faq/faq-v{version}.pdf\"`".into(),
            );
        } else if url.is_none() && doc.get("url").is_none() {
            diags.error(loc.clone(), "`release-url` without `url`").hints.push(
                "add `url = \"https://…\"`, the address where the latest version always is; `release-url` is each release's own".into(),
            );
        }
    }
    (url.map(|(u, _)| u), release_url.map(|(u, _)| u))
}

/// One address of the current-version stamp, checked by [`address::check`].
fn read_address(diags: &mut Diagnostics, doc: &Fields, key: &'static str) -> Option<(String, Loc)> {
    let (url, loc) = doc.opt_str(diags, key)?;
    let braces = key == "release-url";
    if let Err(why) = address::check(&url, braces) {
        diags
            .error(loc, format!("`{key}` is not a usable web address: {why}"))
            .hints
            .push(format!(
                "write the full address as a reader types it, starting with `https://`, at most {} characters: `{key} = \"https://www.example.org/faq{}\"`",
                address::MAX_CHARS,
                if braces { "/faq-v{version}.pdf" } else { "" }
            ));
        return None;
    }
    Some((url, loc))
}

/// `keep-whole`: words, each without line breaks or blanks at its ends.
fn read_keep_whole(diags: &mut Diagnostics, doc: &Fields) -> Vec<String> {
    let mut words = vec![];
    for (word, loc) in doc.opt_str_array(diags, "keep-whole").unwrap_or_default() {
        if word.trim().is_empty() || word.trim() != word || word.contains(char::is_control) {
            diags.error(loc, format!("`keep-whole` holds {word:?}, which is not a word")).hints.push(
                "list each name as it is written, without blanks around it: `keep-whole = [\"medatixx\", \"x.concept\"]`".into(),
            );
        } else if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

fn read_language(reader: &mut Reader, doc: &Fields) -> Option<Language> {
    let Some((code, loc)) = doc.opt_str(&mut reader.diags, "language") else {
        return Some(Language::De);
    };
    let language = Language::parse(&code);
    if language.is_none() {
        let diag = Diagnostic::error(Some(loc), format!("unsupported language `{code}`"));
        let diag = match language_meant(&code) {
            Some(near) => diag.hint(format!("did you mean `{near}`?")),
            None => diag.hint("faqpress writes `language = \"de\"` or `language = \"en\"`"),
        };
        reader.diags.push(diag);
    }
    language
}

/// The supported language a user likely meant: `DE`, `de-AT`, `German`.
/// (Codes are too short for a spelling distance: `fr` is not a typo of `de`.)
fn language_meant(code: &str) -> Option<&'static str> {
    let code = code.trim().to_lowercase();
    let base = code.split(['-', '_']).next().unwrap_or("");
    match base {
        "de" | "deu" | "ger" | "german" | "deutsch" => Some("de"),
        "en" | "eng" | "english" | "englisch" => Some("en"),
        _ => None,
    }
}

fn read_standards(reader: &mut Reader, doc: &Fields) -> Option<Vec<String>> {
    let value = doc.get("pdf-standard")?;
    match value.get_ref() {
        DeValue::String(s) => Some(vec![s.to_string()]),
        DeValue::Array(_) => doc
            .opt_str_array(&mut reader.diags, "pdf-standard")
            .map(|v| v.into_iter().map(|(s, _)| s).collect()),
        _ => {
            reader.diags.error(
                doc.value_loc(value),
                "`pdf-standard` must be a string or an array of strings",
            );
            None
        }
    }
}

fn markdown_field(
    reader: &mut Reader,
    fields: &Fields,
    key: &'static str,
    snippets: &mut Snippets,
) -> Option<Text> {
    let (text, loc) = fields.opt_str(&mut reader.diags, key)?;
    let raw = mapped(&text, &loc, reader.files.text(loc.0));
    let expanded = snippets.expand(reader, &raw);
    Some(crate::source::markdown::parse(
        &expanded,
        &reader.root,
        key,
        &mut reader.diags,
    ))
}

/// `entries = [...]` or `[[section]]` tables: the questions in order.
fn read_sections(reader: &mut Reader, top: &Fields, doc: &Fields) -> Option<Vec<Listed>> {
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

fn read_labels(reader: &mut Reader, top: &Fields, language: Option<Language>) -> Labels {
    let mut labels = Labels::new(language.unwrap_or(Language::De));
    let Some((table, _)) = top.opt_table(&mut reader.diags, "labels") else {
        return labels;
    };
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let loc = (top.file, key.span());
        let DeValue::String(text) = value.get_ref() else {
            reader.diags.error(
                (top.file, value.span()),
                format!("label `{name}` must be a string"),
            );
            continue;
        };
        if let Some(label) = Label::parse(name) {
            labels.set(label, text.to_string());
        } else {
            let mut diag = Diagnostic::error(Some(loc), format!("unknown label `{name}`"));
            diag = match nearest(name, Labels::keys()) {
                Some(near) => diag.hint(format!("did you mean `{near}`?")),
                None => diag.hint(format!(
                    "known labels: {}",
                    Labels::keys().collect::<Vec<_>>().join(", ")
                )),
            };
            reader.diags.push(diag);
        }
    }
    labels
}

fn read_releases(reader: &mut Reader, top: &Fields) -> Vec<Release> {
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
fn check_note_targets(
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

/// The names of the project's own layouts (`layouts/*.typ` beside the sources).
fn layouts(base: &std::path::Path) -> Vec<String> {
    crate::source::file_stems(&base.join("layouts"), ".typ")
}

#[cfg(test)]
mod tests {
    use super::language_meant;

    #[test]
    fn only_spellings_of_a_supported_language_are_suggested() {
        assert_eq!(language_meant("DE"), Some("de"));
        assert_eq!(language_meant("de-AT"), Some("de"));
        assert_eq!(language_meant("en_GB"), Some("en"));
        assert_eq!(language_meant("German"), Some("de"));
        assert_eq!(language_meant("fr"), None);
        assert_eq!(language_meant("es"), None);
    }
}
