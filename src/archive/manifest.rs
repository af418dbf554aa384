//! The archive's manifest, `manifest.toml`: one `[[release]]` table per
//! published file, written by faqpress and read back by `verify`.
//!
//! The text is only ever appended to: a new record is added at the end and the
//! records before it stay byte for byte as they were, so that the manifest's
//! history in version control shows one added block per publication.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::ReleaseDate;

/// The manifest's file name inside the archive folder.
pub const MANIFEST: &str = "manifest.toml";

/// The opening lines of a new manifest.
pub const HEADER: &str = "\
# The archive of published releases, written by `faqpress publish`.
# Each [[release]] records one archived PDF. Records are only ever appended;
# `faqpress verify` checks every file in this folder against them.
";

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Manifest {
    #[serde(default, rename = "release")]
    pub records: Vec<Record>,
}

/// One archived release.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Record {
    pub version: String,
    /// The release's date as it stood in `faq.toml`.
    pub date: toml::value::Datetime,
    /// The PDF's file name in the archive folder.
    pub file: String,
    pub sha256: String,
    pub size: u64,
    pub pages: usize,
    /// The PDF standards the file was written for (needed to rebuild it).
    pub pdf_standard: Vec<String>,
    /// Whether the release's sources are embedded in the file.
    #[serde(default)]
    pub attach_sources: bool,
    /// The faqpress and Typst versions that wrote the file.
    pub faqpress: String,
    pub typst: String,
    /// Fingerprints of the texts in force in the release (see `fingerprint`).
    pub document_text: String,
    pub change_table: String,
    /// Per question id, the fingerprint of its text in the release.
    #[serde(default)]
    pub questions: BTreeMap<String, String>,
    /// The detached signature beside the file (`<file>.sig`), if it was signed.
    #[serde(default)]
    pub signature: Option<String>,
    /// The fingerprint (`SHA256:…`) of the key that signed it.
    #[serde(default)]
    pub signed_by: Option<String>,
    /// The HTML edition archived beside the PDF (`publish --html`), if it was.
    #[serde(default)]
    pub html: Option<ArchivedFile>,
    /// The redline archived beside the PDF (`publish --redline-from A`), if
    /// one was.
    #[serde(default)]
    pub redline: Option<ArchivedRedline>,
}

/// The redline of a release against an earlier one, archived with it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ArchivedRedline {
    /// The version of the earlier release it marks the changes since.
    pub from: String,
    /// The file's name in the archive folder.
    pub file: String,
    pub sha256: String,
    pub size: u64,
    /// Its detached signature (`<file>.sig`), when the release was signed.
    #[serde(default)]
    pub signature: Option<String>,
}

impl ArchivedRedline {
    /// The file with its checksum, as any archived file is checked.
    pub fn archived_file(&self) -> ArchivedFile {
        ArchivedFile {
            file: self.file.clone(),
            sha256: self.sha256.clone(),
            size: self.size,
        }
    }
}

/// A further file of a release in the archive, with its checksum.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ArchivedFile {
    /// The file's name in the archive folder.
    pub file: String,
    pub sha256: String,
    pub size: u64,
}

impl Manifest {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    pub fn by_version(&self, version: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.version == version)
    }
}

/// The manifest `text` with `record` appended.
pub fn append(text: &str, record: &Record, order: &[&str]) -> String {
    let mut out = if text.trim().is_empty() {
        HEADER.to_string()
    } else {
        text.to_string()
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&render(record, order));
    out
}

/// One record as TOML; the questions are listed in `order` (document order),
/// any others after them.
pub fn render(record: &Record, order: &[&str]) -> String {
    let mut out = String::from("[[release]]\n");
    let mut line = |key: &str, value: String| out.push_str(&format!("{key} = {value}\n"));
    line("version", string(&record.version));
    line("date", record.date.to_string());
    line("file", string(&record.file));
    line("sha256", string(&record.sha256));
    line("size", record.size.to_string());
    line("pages", record.pages.to_string());
    let standards: Vec<String> = record.pdf_standard.iter().map(|s| string(s)).collect();
    line("pdf-standard", format!("[{}]", standards.join(", ")));
    line("attach-sources", record.attach_sources.to_string());
    line("faqpress", string(&record.faqpress));
    line("typst", string(&record.typst));
    line("document-text", string(&record.document_text));
    line("change-table", string(&record.change_table));
    if let Some(signature) = &record.signature {
        line("signature", string(signature));
    }
    if let Some(signed_by) = &record.signed_by {
        line("signed-by", string(signed_by));
    }
    if let Some(html) = &record.html {
        out.push_str(&format!(
            "\n[release.html]\nfile = {}\nsha256 = {}\nsize = {}\n",
            string(&html.file),
            string(&html.sha256),
            html.size
        ));
    }
    if let Some(redline) = &record.redline {
        out.push_str(&format!(
            "\n[release.redline]\nfrom = {}\nfile = {}\nsha256 = {}\nsize = {}\n",
            string(&redline.from),
            string(&redline.file),
            string(&redline.sha256),
            redline.size
        ));
        if let Some(signature) = &redline.signature {
            out.push_str(&format!("signature = {}\n", string(signature)));
        }
    }
    out.push_str("\n[release.questions]\n");
    let listed = order
        .iter()
        .copied()
        .filter(|id| record.questions.contains_key(*id));
    let others = record
        .questions
        .keys()
        .map(String::as_str)
        .filter(|id| !order.contains(id));
    for id in listed.chain(others) {
        out.push_str(&format!(
            "{} = {}\n",
            key(id),
            string(&record.questions[id])
        ));
    }
    out
}

/// A release date as a TOML date or date-time, as it would be written in
/// `faq.toml`.
pub fn toml_date(date: &ReleaseDate) -> toml::value::Datetime {
    date.iso()
        .parse()
        .expect("a chrono date and time written as TOML parse as a TOML date-time")
}

fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn key(id: &str) -> String {
    let bare = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { id.to_string() } else { string(id) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(version: &str) -> Record {
        Record {
            version: version.into(),
            date: "2026-03-02T12:00:00".parse().unwrap(),
            file: format!("faq_v{version}_2026-03-02.pdf"),
            sha256: "ab".repeat(32),
            size: 1234,
            pages: 5,
            pdf_standard: vec!["a-2b".into(), "ua-1".into()],
            attach_sources: version == "1.0",
            faqpress: "0.1.0".into(),
            typst: "0.15.1".into(),
            document_text: "cd".repeat(32),
            change_table: "ef".repeat(32),
            questions: [("b-q", "11"), ("a-q", "22")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            signature: (version == "2.0").then(|| "faq_v2.0_2026-03-02.pdf.sig".into()),
            signed_by: (version == "2.0").then(|| "SHA256:abc".into()),
            html: (version != "1.0").then(|| ArchivedFile {
                file: format!("faq_v{version}_2026-03-02.html"),
                sha256: "01".repeat(32),
                size: 99,
            }),
            redline: (version != "1.0").then(|| ArchivedRedline {
                from: "1.0".into(),
                file: format!("faq_v{version}_redline-from-v1.0.pdf"),
                sha256: "02".repeat(32),
                size: 98,
                signature: (version == "2.0").then(|| "faq_v2.0_redline-from-v1.0.pdf.sig".into()),
            }),
        }
    }

    #[test]
    fn records_read_back_as_written() {
        let text = append("", &record("1.0"), &["b-q", "a-q"]);
        let text = append(&text, &record("2.0 \"beta\""), &[]);
        let text = append(&text, &record("2.0"), &[]);
        let manifest = Manifest::parse(&text).unwrap();
        assert_eq!(
            manifest.records,
            vec![record("1.0"), record("2.0 \"beta\""), record("2.0")]
        );
        assert!(text.contains("signed-by = \"SHA256:abc\"\n"));
        assert!(text.contains("[release.redline]\nfrom = \"1.0\"\n"));
    }

    #[test]
    fn a_manifest_from_before_redlines_reads() {
        let text = append("", &record("1.0"), &[]);
        assert!(!text.contains("redline"));
        let manifest = Manifest::parse(&text).unwrap();
        assert_eq!(manifest.records[0].redline, None);
    }

    #[test]
    fn appending_keeps_the_earlier_text_and_the_question_order() {
        let first = append("", &record("1.0"), &["b-q", "a-q"]);
        let second = append(&first, &record("2.0"), &["b-q", "a-q"]);
        assert!(second.starts_with(&first));
        assert!(first.find("b-q = ").unwrap() < first.find("a-q = ").unwrap());
        assert!(first.starts_with(HEADER));
    }

    #[test]
    fn dates_keep_their_form() {
        let d = |date: &str, time: Option<&str>, offset| ReleaseDate {
            date: date.parse().unwrap(),
            time: time.map(|t| t.parse().unwrap()),
            offset_minutes: offset,
        };
        assert_eq!(
            toml_date(&d("2026-03-02", None, None)).to_string(),
            "2026-03-02"
        );
        assert_eq!(
            toml_date(&d("2026-03-02", Some("12:30:00"), None)).to_string(),
            "2026-03-02T12:30:00"
        );
        assert_eq!(
            toml_date(&d("2026-03-02", Some("12:30:00"), Some(-90))).to_string(),
            "2026-03-02T12:30:00-01:30"
        );
    }
}
