//! `{{#snippet name}}`: reusable Markdown blocks from `snippets/<name>.md`.

use std::collections::BTreeMap;

use crate::diag::Loc;
use crate::diag::{Diagnostic, FileRef, nearest};
use crate::source::Reader;
use crate::source::limits::MAX_SNIPPET_DEPTH;
use crate::source::mapped::MappedText;

/// Snippets read so far, by name.
#[derive(Default)]
pub struct Snippets {
    loaded: BTreeMap<String, Option<FileRef>>,
}

impl Snippets {
    /// Replaces every `{{#snippet name}}` line of `text` with the snippet,
    /// recursively. Problems are reported and the line is left out.
    pub fn expand(&mut self, reader: &mut Reader, text: &MappedText) -> MappedText {
        self.expand_in(reader, text, &mut vec![])
    }

    fn expand_in(
        &mut self,
        reader: &mut Reader,
        text: &MappedText,
        chain: &mut Vec<String>,
    ) -> MappedText {
        let mut out = MappedText::default();
        let mut pos = 0;
        for line in text.text.split_inclusive('\n') {
            if out.text.len() > crate::source::limits::MAX_MARKDOWN_BYTES {
                // Snippets that insert each other many times over grow
                // exponentially: stop here; `limits::check` reports the length.
                break;
            }
            let range = pos..pos + line.len();
            pos += line.len();
            // The line without its indentation and line break, for messages.
            let lead = line.len() - line.trim_start().len();
            let shown = range.start + lead..range.start + line.trim_end().len().max(lead);
            let Some(name) = directive(line) else {
                if line.contains("{{#snippet") {
                    reader
                        .diags
                        .error(
                            text.loc(shown),
                            "`{{#snippet …}}` must stand alone on its own line",
                        )
                        .hints
                        .push("put the snippet line between blank lines".into());
                }
                out.append(&slice(text, range.clone()));
                continue;
            };
            let at = text.loc(shown);
            if let Some(snippet) = self.resolve(reader, name, &at, chain) {
                chain.push(name.to_string());
                let expanded = self.expand_in(reader, &snippet, chain);
                chain.pop();
                out.append(&expanded);
                if !expanded.text.ends_with('\n') {
                    out.push("\n", at.0, at.1.start, false);
                }
            }
        }
        out
    }

    /// Loads the snippet `name`, reporting unknown names, cycles and depth.
    fn resolve(
        &mut self,
        reader: &mut Reader,
        name: &str,
        at: &Loc,
        chain: &[String],
    ) -> Option<MappedText> {
        if chain.iter().any(|c| c == name) {
            let cycle = chain
                .iter()
                .chain(std::iter::once(&name.to_string()))
                .cloned()
                .collect::<Vec<_>>();
            let chain_text = cycle
                .iter()
                .skip_while(|c| *c != name)
                .cloned()
                .collect::<Vec<_>>()
                .join(" → ");
            reader.diags.push(
                Diagnostic::error(Some(at.clone()), format!("snippet cycle: {chain_text}"))
                    .hint("a snippet must not include itself, directly or through others"),
            );
            return None;
        }
        if chain.len() >= MAX_SNIPPET_DEPTH {
            reader.diags.push(Diagnostic::error(
                Some(at.clone()),
                format!("snippets nested more than {MAX_SNIPPET_DEPTH} deep"),
            ));
            return None;
        }
        if !valid_name(name) {
            reader.diags.push(
                Diagnostic::error(Some(at.clone()), format!("invalid snippet name `{name}`")).hint(
                    "snippet names use a-z, 0-9, `-` and `_`; the file is snippets/<name>.md",
                ),
            );
            return None;
        }
        let file = match self.loaded.get(name) {
            Some(file) => *file,
            None => {
                let file = self.load(reader, name, at);
                self.loaded.insert(name.to_string(), file);
                file
            }
        }?;
        let mut text = MappedText::default();
        text.push(reader.files.text(file), file, 0, true);
        Some(text.clone())
    }

    fn load(&mut self, reader: &mut Reader, name: &str, at: &Loc) -> Option<FileRef> {
        let path = reader.root.join("snippets").join(format!("{name}.md"));
        if !path.is_file() {
            let known = known_snippets(reader);
            let mut diag = Diagnostic::error(Some(at.clone()), format!("unknown snippet `{name}`"));
            diag = match nearest(name, known.iter().map(String::as_str)) {
                Some(near) => diag.hint(format!("did you mean `{near}`?")),
                None => diag.hint(format!("create `snippets/{name}.md` in the sources folder")),
            };
            reader.diags.push(diag);
            return None;
        }
        reader.read_text(&path, Some(at.clone()))
    }
}

/// The snippet name of a `{{#snippet name}}` line.
fn directive(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("{{#snippet")?.strip_suffix("}}")?;
    if !inner.starts_with(char::is_whitespace) {
        return None;
    }
    let name = inner.trim();
    (!name.is_empty() && !name.contains(char::is_whitespace)).then_some(name)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn known_snippets(reader: &Reader) -> Vec<String> {
    crate::source::file_stems(&reader.root.join("snippets"), ".md")
}

fn slice(text: &MappedText, range: std::ops::Range<usize>) -> MappedText {
    let mut out = MappedText::default();
    let (file, at) = text.loc(range.clone());
    let exact = at.len() == range.len();
    out.push(&text.text[range], file, at.start, exact);
    out
}
