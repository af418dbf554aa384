//! `faqpress new DIR`: a ready-to-edit FAQ project that `build` turns into a
//! PDF at once: two releases, three entries (one with a revision, one new in
//! the second release), a snippet, and comments pointing to the reference.

use std::path::Path;

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::error::{Failure, Result};

/// The files of a new project, below `sources/`, per language.
const GERMAN: &[(&str, &str)] = &[
    ("faq.toml", include_str!("../new_project/de/faq.toml")),
    (
        "entries/was-ist-passiert.toml",
        include_str!("../new_project/de/entries/was-ist-passiert.toml"),
    ),
    (
        "entries/bin-ich-betroffen.toml",
        include_str!("../new_project/de/entries/bin-ich-betroffen.toml"),
    ),
    (
        "entries/kontakt.toml",
        include_str!("../new_project/de/entries/kontakt.toml"),
    ),
    (
        "snippets/kontaktdaten.md",
        include_str!("../new_project/de/snippets/kontaktdaten.md"),
    ),
];

const ENGLISH: &[(&str, &str)] = &[
    ("faq.toml", include_str!("../new_project/en/faq.toml")),
    (
        "entries/what-happened.toml",
        include_str!("../new_project/en/entries/what-happened.toml"),
    ),
    (
        "entries/am-i-affected.toml",
        include_str!("../new_project/en/entries/am-i-affected.toml"),
    ),
    (
        "entries/contact.toml",
        include_str!("../new_project/en/entries/contact.toml"),
    ),
    (
        "snippets/contact-details.md",
        include_str!("../new_project/en/snippets/contact-details.md"),
    ),
];

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// The language of the document and of the example text.
    #[arg(long, value_parser = ["de", "en"], default_value = "de")]
    pub language: String,
}

pub fn run(args: &NewArgs) -> Result<()> {
    let dir = &args.dir;
    refuse_non_empty(dir)?;
    let files = if args.language == "en" {
        ENGLISH
    } else {
        GERMAN
    };
    let id = slug(dir);
    let date = today();
    for (name, text) in files {
        let text = text.replace("{{ID}}", &id).replace("{{DATE}}", &date);
        write_new(&dir.join("sources").join(name), &text)?;
    }
    write_new(&dir.join(".gitignore"), "/out/\n")?;
    crate::note!(
        "created a new FAQ project in {}\n  next: cd {} && faqpress build   (or faqpress watch)",
        dir.display(),
        shell_word(dir)
    );
    Ok(())
}

fn refuse_non_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Failure::usage(
            format!("`{}` exists and is not a folder", dir.display()),
            Some("name a new folder; faqpress creates it".to_string()),
        ));
    }
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read folder `{}`", dir.display()))?;
    if entries.next().is_some() {
        return Err(Failure::usage(
            format!(
                "folder `{}` is not empty; nothing was written",
                dir.display()
            ),
            Some("name a new or empty folder, so that no file of yours is overwritten".to_string()),
        ));
    }
    Ok(())
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create folder `{}`", parent.display()))?;
    }
    std::fs::File::create_new(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// A document id from the folder's name: lower case letters, digits and
/// hyphens, as `faq.toml` requires.
fn slug(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        let spelled = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            _ => "",
        };
        if !spelled.is_empty() {
            out.push_str(spelled);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "faq".to_string()
    } else {
        out.to_string()
    }
}

/// Today's date (UTC) as a TOML date, for the example releases.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date = chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .unwrap_or_default()
        .date_naive();
    date.format("%Y-%m-%d").to_string()
}

/// The folder as the user would type it in the hint.
fn shell_word(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_folder_name() {
        assert_eq!(slug(Path::new("Kunden FAQ")), "kunden-faq");
        assert_eq!(slug(Path::new("Störung_2026")), "stoerung-2026");
        assert_eq!(slug(Path::new("…")), "faq");
    }
}
