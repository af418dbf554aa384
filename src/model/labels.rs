//! The words faqpress itself puts into a document, per language.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    De,
    En,
}

impl Language {
    pub const ALL: [&'static str; 2] = ["de", "en"];

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "de" => Some(Self::De),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
        }
    }
}

/// The words faqpress puts into a document, each with its key in `[labels]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    Changes,
    Version,
    Date,
    Change,
    Contents,
    PageOf,
    New,
    Updated,
    Draft,
    Note,
    Tip,
    Important,
    Warning,
    Caution,
    QuestionRef,
    RefPlace,
    OnPage,
    NewQuestion,
    NewQuestions,
    UpdatedQuestion,
    UpdatedQuestions,
    RemovedQuestion,
    RemovedQuestions,
    RenumberedQuestion,
    RenumberedQuestions,
    MovedQuestion,
    MovedQuestionNamed,
    Range,
    And,
    NoChange,
    NewQuestionNamed,
    UpdatedQuestionNamed,
    RemovedQuestionNamed,
    RefPage,
    Author,
    Reason,
    Page,
    CurrentVersion,
    ThisVersion,
    QrCode,
}

/// Every label with its key and its German and English default.
/// Placeholders in braces are filled in by faqpress: `{n}` question
/// numbers, `{page}` a page.
const DEFAULTS: &[(Label, &str, &str, &str)] = &[
    (
        Label::Changes,
        "changes",
        "Versionierung",
        "Version history",
    ),
    (Label::Version, "version", "Version", "Version"),
    (Label::Date, "date", "Datum / Uhrzeit", "Date / time"),
    (Label::Change, "change", "Änderung", "Change"),
    (
        Label::Contents,
        "contents",
        "Inhaltsverzeichnis",
        "Contents",
    ),
    (
        Label::PageOf,
        "page-of",
        "Seite {page} von {pages}",
        "Page {page} of {pages}",
    ),
    (Label::New, "new", "neu", "new"),
    (Label::Updated, "updated", "aktualisiert", "updated"),
    (Label::Draft, "draft", "ENTWURF", "DRAFT"),
    (Label::Note, "note", "Hinweis", "Note"),
    (Label::Tip, "tip", "Tipp", "Tip"),
    (Label::Important, "important", "Wichtig", "Important"),
    (Label::Warning, "warning", "Achtung", "Warning"),
    (Label::Caution, "caution", "Vorsicht", "Caution"),
    (
        Label::QuestionRef,
        "question-ref",
        "Frage {n}",
        "question {n}",
    ),
    (
        Label::RefPlace,
        "ref-place",
        "(Frage {n}, Seite {page})",
        "(question {n}, page {page})",
    ),
    (Label::OnPage, "on-page", "Seite {page}, ", "page {page}, "),
    (
        Label::NewQuestion,
        "new-question",
        "neue Frage Nr. {n} hinzugefügt",
        "new question {n} added",
    ),
    (
        Label::NewQuestions,
        "new-questions",
        "neue Fragen Nr. {n} hinzugefügt",
        "new questions {n} added",
    ),
    (
        Label::UpdatedQuestion,
        "updated-question",
        "Aktualisierung Frage {n}",
        "question {n} updated",
    ),
    (
        Label::UpdatedQuestions,
        "updated-questions",
        "Aktualisierung Fragen {n}",
        "questions {n} updated",
    ),
    (
        Label::RemovedQuestion,
        "removed-question",
        "Frage {n} entfernt",
        "question {n} removed",
    ),
    (
        Label::RemovedQuestions,
        "removed-questions",
        "Fragen {n} entfernt",
        "questions {n} removed",
    ),
    (
        Label::RenumberedQuestion,
        "renumbered-question",
        "Frage {n}: Nummerierung geändert (bisher {old})",
        "question {n} renumbered (previously {old})",
    ),
    (
        Label::RenumberedQuestions,
        "renumbered-questions",
        "Fragen {n}: Nummerierung geändert (bisher {old})",
        "questions {n} renumbered (previously {old})",
    ),
    (
        Label::MovedQuestion,
        "moved-question",
        "Frage {n} in den Abschnitt „{section}“ verschoben (bisher Frage {old})",
        "question {n} moved to section “{section}” (previously question {old})",
    ),
    (
        Label::MovedQuestionNamed,
        "moved-question-named",
        "Frage „{title}“ in den Abschnitt „{section}“ verschoben (bisher „{old-section}“)",
        "question “{title}” moved to section “{section}” (previously in “{old-section}”)",
    ),
    (
        Label::Range,
        "range",
        "{first} bis {last}",
        "{first} to {last}",
    ),
    (Label::And, "and", " und ", " and "),
    (Label::NoChange, "no-change", "–", "–"),
    (
        Label::NewQuestionNamed,
        "new-question-named",
        "neue Frage „{title}“ hinzugefügt",
        "new question “{title}” added",
    ),
    (
        Label::UpdatedQuestionNamed,
        "updated-question-named",
        "Aktualisierung Frage „{title}“",
        "question “{title}” updated",
    ),
    (
        Label::RemovedQuestionNamed,
        "removed-question-named",
        "Frage „{title}“ entfernt",
        "question “{title}” removed",
    ),
    (
        Label::RefPage,
        "ref-page",
        "(Seite {page})",
        "(page {page})",
    ),
    (Label::Author, "author", "Autor", "Author"),
    (Label::Reason, "reason", "Begründung", "Reason"),
    (Label::Page, "page", "Seite", "Page"),
    (
        Label::CurrentVersion,
        "current-version",
        "Die jeweils aktuelle Fassung dieser FAQ:",
        "The latest version of this FAQ is always at:",
    ),
    (
        Label::ThisVersion,
        "this-version",
        "Diese Fassung (Version {version}):",
        "This version ({version}):",
    ),
    (
        Label::QrCode,
        "qr-code",
        "QR-Code mit der Adresse der aktuellen Fassung: {url}",
        "QR code with the address of the latest version: {url}",
    ),
];

impl Label {
    /// The label written as a key of `[labels]`.
    pub fn parse(key: &str) -> Option<Self> {
        DEFAULTS.iter().find(|d| d.1 == key).map(|d| d.0)
    }

    /// The key of the label in `[labels]` and in the layout's `labels`.
    pub fn key(self) -> &'static str {
        DEFAULTS.iter().find(|d| d.0 == self).map_or("", |d| d.1)
    }

    /// Whether the label is a heading, which must not be blank.
    pub fn is_heading(self) -> bool {
        matches!(self, Label::Changes | Label::Contents)
    }
}

/// The labels of one document: the language's defaults with the project's
/// overrides applied, ordered by key.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    map: BTreeMap<&'static str, (Label, String)>,
}

impl Labels {
    pub fn new(language: Language) -> Self {
        let map = DEFAULTS
            .iter()
            .map(|(label, key, de, en)| {
                let text = if language == Language::De { *de } else { *en };
                (*key, (*label, text.to_string()))
            })
            .collect();
        Self { map }
    }

    /// All label keys, for validating `[labels]`.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        DEFAULTS.iter().map(|d| d.1)
    }

    /// Replaces a label.
    pub fn set(&mut self, label: Label, value: String) {
        self.map.insert(label.key(), (label, value));
    }

    pub fn get(&self, label: Label) -> &str {
        self.map
            .get(label.key())
            .map_or("", |(_, text)| text.as_str())
    }

    /// Every label with its text, ordered by key.
    pub fn iter(&self) -> impl Iterator<Item = (Label, &str)> {
        self.map
            .values()
            .map(|(label, text)| (*label, text.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_its_own_key_and_both_languages() {
        for (label, key, de, en) in DEFAULTS {
            assert_eq!(Label::parse(key), Some(*label));
            assert_eq!(label.key(), *key);
            assert_eq!(Labels::new(Language::De).get(*label), *de);
            assert_eq!(Labels::new(Language::En).get(*label), *en);
        }
        assert_eq!(Label::parse("nothing"), None);
    }
}
