//! `publish --redline-from A`: the redline from A to the published release
//! is archived beside its PDF, recorded in the manifest with its SHA-256 and
//! signed with it; `verify` checks it and rebuilds it like the release.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use ssh_key::private::Ed25519Keypair;
use ssh_key::{LineEnding, PrivateKey};

const PDF: &str = "kunden-faq_v6.0_2026-03-16.pdf";
const REDLINE: &str = "kunden-faq_v6.0_redline-from-v4.0.pdf";

fn archive(p: &TempProject) -> PathBuf {
    p.path().join("archive")
}

fn output_text(output: &Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

fn fails(output: &Output, code: i32) -> String {
    let text = output_text(output);
    assert_eq!(output.status.code(), Some(code), "{text}");
    text
}

/// The archive's file names, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("archive folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_redline_is_archived_recorded_and_verified_like_the_release() {
    let p = TempProject::sample();
    assert_ok(&p.run(&["publish", "--redline-from", "4.0"]));
    let dir = archive(&p);
    assert_eq!(
        files(&dir),
        [
            "kunden-faq_v6.0_2026-03-16.pdf",
            "kunden-faq_v6.0_redline-from-v4.0.pdf",
            "manifest.toml"
        ]
    );

    // The very redline `faqpress redline` writes.
    assert_ok(&p.run(&["redline", "4.0"]));
    let archived = std::fs::read(dir.join(REDLINE)).expect("the archived redline");
    assert_eq!(
        archived,
        std::fs::read(p.out().join(REDLINE)).expect("the redline")
    );

    let manifest = std::fs::read_to_string(dir.join("manifest.toml")).expect("manifest");
    let record = format!(
        "\n[release.redline]\nfrom = \"4.0\"\nfile = \"{REDLINE}\"\nsha256 = \"{}\"\nsize = {}\n",
        faqpress::archive::sha256_hex(&archived),
        archived.len()
    );
    assert!(manifest.contains(&record), "{manifest}");

    let verified = p.run(&["verify"]);
    assert_ok(&verified);
    let text = output_text(&verified);
    assert!(
        text.contains(&format!("ok        {REDLINE}  SHA-256 as recorded")),
        "{text}"
    );
    assert!(text.contains("6.0  reproduced byte for byte"), "{text}");

    // Publishing it again is nothing to do; the redline has to be the same.
    assert_ok(&p.run(&["publish", "--redline-from", "4.0"]));
    let other = fails(&p.run(&["publish", "--redline-from", "5.0"]), 1);
    assert!(other.contains("archived already"), "{other}");

    // A flipped byte in the redline fails verify, naming it.
    let mut bytes = archived.clone();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(dir.join(REDLINE), bytes).expect("tamper");
    let text = fails(&p.run(&["verify"]), 1);
    assert!(text.contains(&format!("CHANGED   {REDLINE}")), "{text}");
    std::fs::remove_file(dir.join(REDLINE)).expect("remove");
    let text = fails(&p.run(&["verify"]), 1);
    assert!(text.contains(&format!("MISSING   {REDLINE}")), "{text}");
}

#[test]
fn a_redline_that_todays_sources_build_otherwise_is_drift() {
    let p = TempProject::sample();
    assert_ok(&p.run(&["publish", "--redline-from", "4.0"]));
    // A text in force in 4.0 and replaced since: release 6.0 prints the
    // same, its redline does not.
    p.edit(
        "entries/updates.toml",
        "verschiebt sich dadurch",
        "verschiebt sich deshalb",
    );
    let text = fails(&p.run(&["verify"]), 1);
    assert!(text.contains("6.0  DRIFT"), "{text}");
    assert!(
        text.contains(&format!(
            "the rebuilt redline from release 4.0 differs from {REDLINE}"
        )),
        "{text}"
    );
}

#[test]
fn a_signed_release_signs_its_redline() {
    let p = TempProject::sample();
    let keys = tempfile::tempdir().expect("a folder for keys");
    let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&[9; 32]));
    key.set_comment("press@ostwind.example");
    let path = keys.path().join("release_key");
    std::fs::write(
        &path,
        key.to_openssh(LineEnding::LF).expect("key").as_bytes(),
    )
    .expect("key");
    let key_arg = path.to_str().expect("UTF-8 path");

    assert_ok(&p.run(&["publish", "--redline-from", "4.0", "--sign", key_arg]));
    let dir = archive(&p);
    assert_eq!(
        files(&dir),
        [
            "allowed_signers".to_string(),
            PDF.into(),
            format!("{PDF}.sig"),
            REDLINE.into(),
            format!("{REDLINE}.sig"),
            "manifest.toml".into()
        ]
    );
    let manifest = std::fs::read_to_string(dir.join("manifest.toml")).expect("manifest");
    assert!(
        manifest.contains(&format!("signature = \"{REDLINE}.sig\"\n")),
        "{manifest}"
    );
    let verified = p.run(&["verify"]);
    assert_ok(&verified);
    let text = output_text(&verified);
    assert!(
        text.contains(&format!("ok        {REDLINE}.sig  signed with SHA256:")),
        "{text}"
    );

    // The release's signature does not sign the redline.
    std::fs::copy(
        dir.join(format!("{PDF}.sig")),
        dir.join(format!("{REDLINE}.sig")),
    )
    .expect("swap the signature");
    let text = fails(&p.run(&["verify"]), 1);
    assert!(
        text.contains(&format!(
            "SIGNATURE {REDLINE}.sig: does not match `{REDLINE}`"
        )),
        "{text}"
    );
    std::fs::remove_file(dir.join(format!("{REDLINE}.sig"))).expect("remove");
    let text = fails(&p.run(&["verify"]), 1);
    assert!(text.contains(&format!("MISSING   {REDLINE}.sig")), "{text}");
}

#[test]
fn the_redline_must_come_from_an_earlier_release() {
    let p = TempProject::sample();
    let text = fails(
        &p.run(&["publish", "--release", "4.0", "--redline-from", "5.0"]),
        2,
    );
    assert!(
        text.contains("release 5.0 is not older than release 4.0"),
        "{text}"
    );
    let text = fails(&p.run(&["publish", "--redline-from", "9.9"]), 2);
    assert!(text.contains("unknown release"), "{text}");
    assert!(!archive(&p).exists() || files(&archive(&p)).is_empty());
}
