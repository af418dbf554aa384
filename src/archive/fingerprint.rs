//! Fingerprints of the texts a release shows, so that `verify` can name what
//! changed since a release was published without the sources of that day.
//!
//! Each fingerprint is a SHA-256 over length-prefixed fields, so that no two
//! different lists of fields hash alike.

use sha2::{Digest, Sha256};

use crate::model::Faq;
use crate::model::ids::ReleaseIndex;
use crate::timeline::{Question, Snapshot};

/// The fingerprints of one release.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint {
    /// Title, subtitle, organisation, language, labels, intro and closing.
    pub document_text: String,
    /// Every row of the change table, as generated before layout.
    pub change_table: String,
    /// Per question, in document order: its id and the fingerprint of its
    /// question, contents title, answer (snippets expanded) and images.
    pub questions: Vec<(String, String)>,
}

impl Fingerprint {
    pub fn of_release(faq: &Faq, index: ReleaseIndex) -> Self {
        let snap = Snapshot::new(faq, index);
        Self {
            document_text: document_text(faq),
            change_table: change_table(&snap),
            questions: snap
                .questions()
                .map(|q| (q.id.to_string(), question(faq, q)))
                .collect(),
        }
    }
}

/// The SHA-256 of `data`, as lowercase hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A SHA-256 over a list of fields.
struct Fields(Sha256);

impl Fields {
    fn new(kind: &str) -> Self {
        let mut fields = Self(Sha256::new());
        fields.add(kind);
        fields
    }

    fn add(&mut self, field: impl AsRef<[u8]>) -> &mut Self {
        let field = field.as_ref();
        self.0.update((field.len() as u64).to_le_bytes());
        self.0.update(field);
        self
    }

    fn optional(&mut self, field: Option<&str>) -> &mut Self {
        match field {
            Some(text) => self.add("some").add(text),
            None => self.add("none"),
        }
    }

    fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

fn document_text(faq: &Faq) -> String {
    let doc = &faq.document;
    let mut f = Fields::new("document");
    f.add(&doc.title)
        .optional(doc.subtitle.as_deref())
        .add(&doc.organization)
        .add(doc.language.code())
        .optional(doc.intro.as_ref().map(|m| m.source.as_str()))
        .optional(doc.closing.as_ref().map(|m| m.source.as_str()));
    for (label, value) in faq.labels.iter() {
        f.add(label.key()).add(value);
    }
    f.finish()
}

fn change_table(snap: &Snapshot) -> String {
    let mut f = Fields::new("changes");
    for row in &snap.rows {
        f.add("row").add(&row.version).add(&row.date);
        for item in &row.items {
            f.add(item.kind.key())
                .optional(item.target.as_deref())
                .add(&item.number)
                .add(&item.text);
        }
    }
    f.finish()
}

fn question(faq: &Faq, q: &Question) -> String {
    let mut f = Fields::new("question");
    f.add(q.question).optional(q.title).add(&q.answer.source);
    for image in q.answer.images() {
        let content = std::fs::read(faq.root.join(image))
            .map(|bytes| sha256_hex(&bytes))
            .unwrap_or_default();
        f.add(image).add(content);
    }
    f.finish()
}
