//! What the command line and `faq.toml` settings resolve to.
//!
//! The arguments shared by several commands are declared here; each command
//! resolves them once, against the project's `[document]` settings, into a
//! [`PdfConfig`] that the build reads. No command changes the model to say
//! how to build.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use clap::Args;
use typst_pdf::{PdfStandard, PdfStandards};

use crate::diag::DiagnosticFormat;
use crate::error::{Failure, Result};
use crate::model::Document;

/// Where the sources are and how their errors are printed.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// The sources folder (holds faq.toml).
    #[arg(long, default_value = "sources", value_name = "DIR")]
    pub sources: PathBuf,
    /// How errors are printed.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub diagnostic_format: DiagnosticFormat,
}

#[derive(Debug, Args, Clone)]
pub struct PdfArgs {
    /// PDF standards to conform to, comma-separated (default from faq.toml, else a-2b,ua-1; "none" for plain PDF).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub pdf_standard: Option<Vec<Standard>>,
}

impl PdfArgs {
    /// The configuration these arguments give for `doc`; `attach` is
    /// `--attach-sources`.
    pub fn resolve(&self, attach: bool, doc: &Document) -> Result<PdfConfig> {
        PdfConfig::resolve(self.pdf_standard.as_deref(), attach, doc)
    }
}

/// An edition of a release: the PDF, or the web page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Edition {
    /// The archival PDF.
    Pdf,
    /// One self-contained HTML page.
    Html,
}

/// The PDF standards written unless a project or the command line says
/// otherwise: archival and accessible.
pub const DEFAULT_STANDARDS: &[&str] = &["a-2b", "ua-1"];

/// The default with `attach-sources`: PDF/A-2 forbids embedded files other
/// than PDF/A documents, PDF/A-3 allows them.
pub const ATTACH_STANDARDS: &[&str] = &["a-3b", "ua-1"];

/// The standards a PDF may claim, by the names people write.
const STANDARDS: &[(&str, Option<PdfStandard>)] = &[
    ("none", None),
    ("1.4", Some(PdfStandard::V_1_4)),
    ("1.5", Some(PdfStandard::V_1_5)),
    ("1.6", Some(PdfStandard::V_1_6)),
    ("1.7", Some(PdfStandard::V_1_7)),
    ("2.0", Some(PdfStandard::V_2_0)),
    ("a-1b", Some(PdfStandard::A_1b)),
    ("a-1a", Some(PdfStandard::A_1a)),
    ("a-2b", Some(PdfStandard::A_2b)),
    ("a-2u", Some(PdfStandard::A_2u)),
    ("a-2a", Some(PdfStandard::A_2a)),
    ("a-3b", Some(PdfStandard::A_3b)),
    ("a-3u", Some(PdfStandard::A_3u)),
    ("a-3a", Some(PdfStandard::A_3a)),
    ("a-4", Some(PdfStandard::A_4)),
    ("a-4f", Some(PdfStandard::A_4f)),
    ("a-4e", Some(PdfStandard::A_4e)),
    ("ua-1", Some(PdfStandard::Ua_1)),
];

/// What to write instead of an unknown standard.
const STANDARDS_HINT: &str = "use a-1b, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1, a PDF version such as 1.7, or none";

/// One PDF standard as written on the command line or in `pdf-standard`:
/// `a-2b`, `ua-1`, a PDF version such as `1.7`, or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standard {
    name: &'static str,
    typst: Option<PdfStandard>,
}

impl Standard {
    pub fn name(self) -> &'static str {
        self.name
    }

    /// The standard as people write it: `a-2b` is PDF/A-2b, `ua-1` PDF/UA-1.
    pub fn display_name(self) -> String {
        display_name(self.name)
    }

    /// Whether the standard forbids files attached to the PDF.
    fn forbids_attachments(self) -> bool {
        self.name.starts_with("a-1") || self.name.starts_with("a-2") || self.name == "a-4"
    }
}

impl FromStr for Standard {
    type Err = String;

    fn from_str(name: &str) -> std::result::Result<Self, String> {
        STANDARDS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(name, typst)| Standard { name, typst })
            .ok_or_else(|| format!("unknown PDF standard `{name}`; {STANDARDS_HINT}"))
    }
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A standard's name as people write it: `a-2b` is PDF/A-2b.
pub fn display_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("ua-") {
        format!("PDF/UA-{rest}")
    } else if let Some(rest) = name.strip_prefix("a-") {
        format!("PDF/A-{rest}")
    } else {
        name.to_string()
    }
}

/// How a release is made into a PDF, resolved and checked.
#[derive(Debug, Clone)]
pub struct PdfConfig {
    pub standards: Vec<Standard>,
    /// Embed the release's sources in the PDF.
    pub attach_sources: bool,
}

impl PdfConfig {
    /// The command line's standards, else the project's, else the default
    /// (a-3b + ua-1 when the sources are attached); `attach` is the command
    /// line's `--attach-sources`, added to the project's setting.
    pub fn resolve(args: Option<&[Standard]>, attach: bool, doc: &Document) -> Result<Self> {
        let attach_sources = attach || doc.attach_sources;
        let standards = match (args, &doc.pdf_standard) {
            (Some(list), _) => list.to_vec(),
            (None, Some(names)) => parse_all(names)?,
            (None, None) if attach_sources => parse_all(ATTACH_STANDARDS)?,
            (None, None) => parse_all(DEFAULT_STANDARDS)?,
        };
        Self::checked(standards, attach_sources)
    }

    /// The configuration a release was archived with.
    pub fn recorded(names: &[String], attach_sources: bool) -> Result<Self> {
        Self::checked(parse_all(names)?, attach_sources)
    }

    fn checked(standards: Vec<Standard>, attach_sources: bool) -> Result<Self> {
        let config = Self {
            standards,
            attach_sources,
        };
        config.typst_standards()?;
        if attach_sources
            && let Some(standard) = config.standards.iter().find(|s| s.forbids_attachments())
        {
            return Err(Failure::usage(
                format!(
                    "attach-sources embeds the release's sources in the PDF, which {} does not allow",
                    standard.display_name()
                ),
                Some(format!(
                    "use PDF/A-3 (`--pdf-standard {}`, or `pdf-standard = [\"a-3b\", \"ua-1\"]` in [document]), \
                     or leave the standard unset: with attach-sources the default is {}",
                    ATTACH_STANDARDS.join(","),
                    ATTACH_STANDARDS.join(" + ")
                )),
            ));
        }
        Ok(config)
    }

    /// The names of the standards, as the manifest records them.
    pub fn names(&self) -> Vec<String> {
        self.standards
            .iter()
            .map(|s| s.name().to_string())
            .collect()
    }

    /// The standards for Typst's PDF export.
    pub fn typst_standards(&self) -> Result<PdfStandards> {
        let list: Vec<PdfStandard> = self.standards.iter().filter_map(|s| s.typst).collect();
        PdfStandards::new(&list).map_err(|err| {
            Failure::usage(
                format!(
                    "the PDF standards {} cannot be combined ({})",
                    self.names().join(" + "),
                    err.message()
                ),
                Some("choose compatible standards, such as a-2b with ua-1".into()),
            )
        })
    }
}

fn parse_all(names: &[impl AsRef<str>]) -> Result<Vec<Standard>> {
    names
        .iter()
        .map(|name| {
            let name = name.as_ref();
            name.parse().map_err(|_| {
                Failure::usage(
                    format!("unknown PDF standard `{name}`"),
                    Some(STANDARDS_HINT.into()),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_standard_parses_and_keeps_its_name() {
        for (name, _) in STANDARDS {
            let standard: Standard = name.parse().unwrap();
            assert_eq!(standard.name(), *name);
        }
        assert!("a-5".parse::<Standard>().is_err());
    }

    #[test]
    fn attached_sources_need_a_standard_that_allows_them() {
        let a2b: Standard = "a-2b".parse().unwrap();
        let err = PdfConfig::checked(vec![a2b], true).unwrap_err();
        assert!(matches!(err, Failure::Usage { .. }));
        assert!(PdfConfig::checked(vec![a2b], false).is_ok());
    }
}
