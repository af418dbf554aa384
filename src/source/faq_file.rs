//! `faq.toml`: document settings, the order of the questions, the releases.

use toml::de::DeValue;

use crate::diag::{Diagnostic, Diagnostics, Loc, nearest};
use crate::model::address;
use crate::model::doc::Text;
use crate::model::ids::is_slug;
use crate::model::labels::{Label, Labels, Language};
use crate::model::{ChangeOrder, ChangePages, Document, Faq, Numbering};
use crate::source::entry_file;
use crate::source::fields::Fields;
use crate::source::snippets::Snippets;
use crate::source::strings::mapped;
use crate::source::{Listed, Reader};

mod releases;
mod sections;

use releases::{check_note_targets, read_releases};
use sections::{check_moves, read_sections, resolve_listings};

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
