//! Checks of the loaded FAQ as a whole: what no single file shows.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Severity, nearest};
use crate::model::Faq;
use crate::model::ids::ReleaseIndex;
use crate::timeline::Snapshot;

/// Every check of the loaded FAQ, for every release, without repeats.
pub fn check(faq: &Faq) -> Vec<Diagnostic> {
    let mut diags = vec![];
    for index in faq.release_indices() {
        diags.extend(links(faq, index));
    }
    diags.extend(crate::source::limits::check(faq));
    diags
}

/// Links to questions that are not in the release that shows them.
fn links(faq: &Faq, index: ReleaseIndex) -> Vec<Diagnostic> {
    let snap = Snapshot::without_changes(faq, index);
    let version = &faq.releases[index].version;
    let mut out = vec![];
    for text in snap.texts() {
        for (id, loc) in text.refs() {
            if snap.number_of(id.as_str()).is_some() {
                continue;
            }
            let diag = if faq.entries.contains_key(id) {
                Diagnostic::error(Some(loc.clone()), format!("link to question `{id}`, which is not in release `{version}`"))
                    .hint("link only to questions present in every release that shows this text, or add a revision")
            } else {
                let d = Diagnostic::error(
                    Some(loc.clone()),
                    format!("link to unknown question `{id}`"),
                );
                match nearest(id.as_str(), faq.entries.keys().map(|k| k.as_str())) {
                    Some(near) => d.hint(format!("did you mean `#{near}`?")),
                    None => d.hint("a link to a question is written [](#question-id) with the id of a listed entry"),
                }
            };
            out.push(diag);
        }
    }
    out
}

/// Removes repeats (a text in force in several releases is checked in each)
/// and puts errors first, in the order of the files.
pub fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    diags.retain(|d| seen.insert((d.at.clone(), d.message.clone())));
    diags.sort_by_key(|d| {
        (
            d.severity == Severity::Warning,
            d.at.as_ref().map(|(f, r)| (*f, r.start)),
        )
    });
}
