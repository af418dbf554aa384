//! The words faqpress itself puts into a document, per language, and the way
//! dates are written.

use std::collections::BTreeMap;

use crate::model::ReleaseDate;

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

/// Every label key with its German and English default. Placeholders in braces
/// are filled in by faqpress: `{n}` question numbers, `{page}` a page.
const DEFAULTS: &[(&str, &str, &str)] = &[
    ("changes", "Versionierung", "Version history"),
    ("version", "Version", "Version"),
    ("date", "Datum / Uhrzeit", "Date / time"),
    ("change", "Änderung", "Change"),
    ("contents", "Inhaltsverzeichnis", "Contents"),
    (
        "page-of",
        "Seite {page} von {pages}",
        "Page {page} of {pages}",
    ),
    ("new", "neu", "new"),
    ("updated", "aktualisiert", "updated"),
    ("draft", "ENTWURF", "DRAFT"),
    ("note", "Hinweis", "Note"),
    ("tip", "Tipp", "Tip"),
    ("important", "Wichtig", "Important"),
    ("warning", "Achtung", "Warning"),
    ("caution", "Vorsicht", "Caution"),
    ("question-ref", "Frage {n}", "question {n}"),
    ("on-page", "Seite {page}, ", "page {page}, "),
    (
        "new-question",
        "neue Frage Nr. {n} hinzugefügt",
        "new question {n} added",
    ),
    (
        "new-questions",
        "neue Fragen Nr. {n} hinzugefügt",
        "new questions {n} added",
    ),
    (
        "updated-question",
        "Aktualisierung Frage {n}",
        "question {n} updated",
    ),
    (
        "updated-questions",
        "Aktualisierung Fragen {n}",
        "questions {n} updated",
    ),
    (
        "removed-question",
        "Frage {n} entfernt",
        "question {n} removed",
    ),
    (
        "removed-questions",
        "Fragen {n} entfernt",
        "questions {n} removed",
    ),
    ("and", " und ", " and "),
    ("no-change", "–", "–"),
];

/// The labels of one document: the language's defaults with the project's
/// overrides applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    map: BTreeMap<&'static str, String>,
}

impl Labels {
    pub fn new(language: Language) -> Self {
        let map = DEFAULTS
            .iter()
            .map(|(key, de, en)| {
                (
                    *key,
                    if language == Language::De { *de } else { *en }.to_string(),
                )
            })
            .collect();
        Self { map }
    }

    /// All label keys, for validating `[labels]`.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        DEFAULTS.iter().map(|(key, _, _)| *key)
    }

    /// Replaces a label; returns false if the key is unknown.
    pub fn set(&mut self, key: &str, value: String) -> bool {
        match DEFAULTS.iter().find(|(k, _, _)| *k == key) {
            Some((k, _, _)) => {
                self.map.insert(k, value);
                true
            }
            None => false,
        }
    }

    pub fn get(&self, key: &str) -> &str {
        self.map.get(key).map_or("", String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.map.iter().map(|(k, v)| (*k, v.as_str()))
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A release date as readers see it: de "08.11.2021 / 12.00 Uhr", en
/// "8 November 2021, 12:00"; a plain date is shown without a time.
pub fn format_date(date: &ReleaseDate, language: Language) -> String {
    use chrono::{Datelike, Timelike};
    let d = date.date;
    match language {
        Language::De => {
            let mut out = format!("{:02}.{:02}.{}", d.day(), d.month(), d.year());
            if let Some(t) = date.time {
                out += &format!(" / {:02}.{:02} Uhr", t.hour(), t.minute());
            }
            out
        }
        Language::En => {
            let mut out = format!(
                "{} {} {}",
                d.day(),
                MONTHS_EN[d.month0() as usize],
                d.year()
            );
            if let Some(t) = date.time {
                out += &format!(", {:02}:{:02}", t.hour(), t.minute());
            }
            out
        }
    }
}
