//! Signed releases: `publish --sign KEY` writes a detached SSH signature
//! beside the archived PDF and records the key's fingerprint; `verify` checks
//! every signature against `allowed_signers` and fails, naming the file, on a
//! changed file or signature, an unknown signer and a removed signature.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use ssh_key::private::Ed25519Keypair;
use ssh_key::{HashAlg, LineEnding, PrivateKey};

const PDF: &str = "kunden-faq_v5.0_2026-03-11.pdf";

/// An ed25519 key from `seed`, written in OpenSSH format to `dir/name`;
/// returns its path and fingerprint.
fn write_key(dir: &Path, name: &str, seed: u8, comment: &str) -> (PathBuf, String) {
    let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]));
    key.set_comment(comment);
    let path = dir.join(name);
    let text = key.to_openssh(LineEnding::LF).expect("an OpenSSH key");
    std::fs::write(&path, text.as_bytes()).expect("write the key");
    (path, key.fingerprint(HashAlg::Sha256).to_string())
}

fn output_text(output: &Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

fn verify_fails(p: &TempProject, archive: &Path) -> String {
    let output = p.run(&["verify", "--archive", archive.to_str().expect("UTF-8 path")]);
    let text = output_text(&output);
    assert_eq!(output.status.code(), Some(1), "verify should fail:\n{text}");
    text
}

/// A copy of the signed archive, for one way of breaking it.
fn copy_of(p: &TempProject, name: &str) -> PathBuf {
    let copy = p.path().join(name);
    copy_dir(&p.path().join("archive"), &copy);
    copy
}

#[test]
fn signed_releases_verify_and_every_tampering_fails_naming_the_file() {
    let p = TempProject::sample();
    let keys = tempfile::tempdir().expect("a folder for keys");
    let (key, fingerprint) = write_key(keys.path(), "release_key", 7, "press@ostwind.example");
    let key_arg = key.to_str().expect("UTF-8 path");

    let published = p.run(&["publish", "--release", "5.0", "--sign", key_arg]);
    assert_ok(&published);
    let said = output_text(&published);
    assert!(said.contains(&fingerprint), "{said}");

    let archive = p.path().join("archive");
    let mut files: Vec<String> = std::fs::read_dir(&archive)
        .expect("archive")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "allowed_signers".to_string(),
            PDF.into(),
            format!("{PDF}.sig"),
            "manifest.toml".into()
        ]
    );
    let manifest = std::fs::read_to_string(archive.join("manifest.toml")).expect("manifest");
    assert!(manifest.contains(&format!("signature = \"{PDF}.sig\"\n")));
    assert!(manifest.contains(&format!("signed-by = \"{fingerprint}\"\n")));
    let signers = std::fs::read_to_string(archive.join("allowed_signers")).expect("signers");
    assert!(signers.contains("press@ostwind.example namespaces=\"file\" ssh-ed25519 AAAA"));

    // The private key is nowhere but where it was.
    let private = std::fs::read_to_string(&key).expect("key");
    let body: Vec<&str> = private
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    for (name, bytes) in std::fs::read_dir(&archive)
        .expect("archive")
        .map(|e| e.expect("entry").path())
        .map(|path| {
            (
                path.display().to_string(),
                std::fs::read(&path).expect("read"),
            )
        })
        .chain([("publish's output".to_string(), said.into_bytes())])
    {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("PRIVATE KEY"), "{name}");
        for line in &body {
            assert!(
                !text.contains(line),
                "{name} holds a line of the private key"
            );
        }
    }

    let verified = p.run(&["verify"]);
    assert_ok(&verified);
    assert!(
        stdout(&verified).contains(&format!("ok        {PDF}.sig  signed with {fingerprint}")),
        "{}",
        stdout(&verified)
    );

    // A flipped byte in the PDF: the file differs and the signature does not match it.
    let flipped = copy_of(&p, "flipped");
    let mut bytes = std::fs::read(flipped.join(PDF)).expect("PDF");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(flipped.join(PDF), bytes).expect("write");
    let text = verify_fails(&p, &flipped);
    assert!(
        text.contains(&format!("SIGNATURE {PDF}.sig: does not match `{PDF}`")),
        "{text}"
    );

    // A changed signature: the same key's signature of other bytes.
    let changed = copy_of(&p, "changed");
    let other_pdf = keys.path().join("other.pdf");
    std::fs::write(&other_pdf, b"%PDF-1.7 something else").expect("write");
    let sig = ssh_keygen_free_sign(&key, b"%PDF-1.7 something else");
    std::fs::write(changed.join(format!("{PDF}.sig")), sig).expect("write");
    let text = verify_fails(&p, &changed);
    assert!(
        text.contains(&format!("SIGNATURE {PDF}.sig: does not match `{PDF}`")),
        "{text}"
    );

    // A garbled signature.
    let garbled = copy_of(&p, "garbled");
    std::fs::write(garbled.join(format!("{PDF}.sig")), "hello").expect("write");
    let text = verify_fails(&p, &garbled);
    assert!(
        text.contains(&format!("SIGNATURE {PDF}.sig: is not an SSH signature")),
        "{text}"
    );

    // An unknown signer: allowed_signers names another key.
    let (other_key, other_fingerprint) = write_key(keys.path(), "other_key", 9, "someone");
    let unknown = copy_of(&p, "unknown");
    let other_public = ssh_key::PrivateKey::read_openssh_file(&other_key)
        .expect("key")
        .public_key()
        .to_openssh()
        .expect("public key");
    std::fs::write(
        unknown.join("allowed_signers"),
        format!("press@ostwind.example {other_public}\n"),
    )
    .expect("write");
    let text = verify_fails(&p, &unknown);
    assert!(
        text.contains(&format!(
            "SIGNATURE {PDF}.sig: was made with the key {fingerprint}, which allowed_signers does not list"
        )),
        "{text}"
    );

    // A signature by another key than the manifest records.
    let forged = copy_of(&p, "forged");
    let pdf = std::fs::read(forged.join(PDF)).expect("PDF");
    std::fs::write(
        forged.join(format!("{PDF}.sig")),
        ssh_keygen_free_sign(&other_key, &pdf),
    )
    .expect("write");
    let text = verify_fails(&p, &forged);
    assert!(
        text.contains(&format!(
            "SIGNATURE {PDF}.sig: was made with the key {other_fingerprint}; the manifest records {fingerprint}"
        )),
        "{text}"
    );

    // A removed signature.
    let removed = copy_of(&p, "removed");
    std::fs::remove_file(removed.join(format!("{PDF}.sig"))).expect("remove");
    let text = verify_fails(&p, &removed);
    assert!(
        text.contains(&format!("MISSING   {PDF}.sig: release 5.0 was signed with {fingerprint}, but its signature is gone")),
        "{text}"
    );

    // Once releases are signed, an unsigned publication is refused, and a key
    // that allowed_signers does not list cannot sign.
    let unsigned = p.run(&["publish", "--release", "6.0"]);
    assert_eq!(
        unsigned.status.code(),
        Some(2),
        "{}",
        output_text(&unsigned)
    );
    assert!(output_text(&unsigned).contains("publish with `--sign KEY`"));
    let stranger = p.run(&[
        "publish",
        "--release",
        "6.0",
        "--sign",
        other_key.to_str().expect("UTF-8"),
    ]);
    assert_eq!(
        stranger.status.code(),
        Some(2),
        "{}",
        output_text(&stranger)
    );
    assert!(
        output_text(&stranger).contains(&format!("the key {other_fingerprint} is not listed in")),
        "{}",
        output_text(&stranger)
    );
    assert!(!archive.join("kunden-faq_v6.0_2026-03-16.pdf").exists());

    assert_ok(&p.run(&["publish", "--release", "6.0", "--sign", key_arg]));
    assert_ok(&p.run(&["verify"]));
}

/// A detached signature of `data` made with the key file `key`, through the
/// library rather than faqpress.
fn ssh_keygen_free_sign(key: &Path, data: &[u8]) -> String {
    let key = PrivateKey::read_openssh_file(key).expect("key");
    key.sign("file", HashAlg::Sha512, data)
        .expect("signs")
        .to_pem(LineEnding::LF)
        .expect("armored")
}

#[test]
fn keys_that_cannot_sign_are_refused_before_anything_is_written() {
    let p = TempProject::sample();
    let keys = tempfile::tempdir().expect("a folder for keys");
    let not_a_key = keys.path().join("not_a_key");
    std::fs::write(&not_a_key, "hello").expect("write");
    for (path, expected) in [
        (not_a_key, "is not an OpenSSH private key"),
        (keys.path().join("absent"), "cannot be read"),
    ] {
        let output = p.run(&["publish", "--sign", path.to_str().expect("UTF-8")]);
        assert_eq!(output.status.code(), Some(2), "{}", output_text(&output));
        assert!(
            output_text(&output).contains(expected),
            "{}",
            output_text(&output)
        );
        assert!(!p.path().join("archive").exists());
    }
}
