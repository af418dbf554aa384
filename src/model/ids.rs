//! The keys that travel between the parts of faqpress: which question, which
//! release. Newtypes, so that an entry id is never taken for other text and a
//! release's place in the list never for another number.

use std::borrow::Borrow;
use std::fmt;

/// The id of a question, `kontakt`: the name of its file in `entries/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(String);

impl EntryId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Typst label of the question's heading, `q-kontakt`.
    pub fn label(&self) -> String {
        format!("q-{}", self.0)
    }
}

/// Maps keyed by entry id can be looked up with a `&str`.
impl Borrow<str> for EntryId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for EntryId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// Whether `id` is a slug, as entry and document ids are: lowercase
/// letters, digits and `-`.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A release by its place in `faq.toml`'s list, the oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReleaseIndex(pub usize);

impl ReleaseIndex {
    pub const FIRST: Self = Self(0);

    pub fn get(self) -> usize {
        self.0
    }

    /// The release before this one, if any.
    pub fn previous(self) -> Option<Self> {
        self.0.checked_sub(1).map(Self)
    }

    /// Every release from the first up to and including this one.
    pub fn up_to(self) -> impl DoubleEndedIterator<Item = Self> {
        (0..=self.0).map(Self)
    }
}

impl fmt::Display for ReleaseIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
