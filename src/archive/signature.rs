//! Detached SSH signatures of archived files (the SSHSIG format of
//! `ssh-keygen -Y sign`, ed25519 keys), and the archive's `allowed_signers`
//! (the format of OpenSSH and git) that says whose signatures count.
//!
//! A signature lies beside its file as `<file>.sig`, so that anyone can check
//! it with plain OpenSSH:
//! `ssh-keygen -Y verify -f allowed_signers -I <principal> -n file -s <file>.sig < <file>`.

use std::path::Path;

use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

use crate::archive::{Archive, MANIFEST, Problem, ProblemKind};

/// The file in the archive folder naming the keys whose signatures count.
pub const ALLOWED_SIGNERS: &str = "allowed_signers";

/// The SSHSIG namespace of every signature: the one OpenSSH suggests for files.
pub const NAMESPACE: &str = "file";

/// The name of the signature of `file`.
pub fn signature_name(file: &str) -> String {
    format!("{file}.sig")
}

/// A private key read for signing. It lives only in memory: nothing of it but
/// its public half and fingerprint is ever written or printed.
pub struct SigningKey {
    key: PrivateKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.fingerprint())
    }
}

impl SigningKey {
    /// Reads an OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`);
    /// only unencrypted ed25519 keys are accepted. The error says why not.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read(path).map_err(|err| format!("cannot be read ({err})"))?;
        Self::parse(&text)
    }

    pub fn parse(text: &[u8]) -> Result<Self, String> {
        let key = PrivateKey::from_openssh(text).map_err(|_| {
            "is not an OpenSSH private key (make one with `ssh-keygen -t ed25519`)".to_string()
        })?;
        if key.is_encrypted() {
            return Err("is protected by a passphrase, which faqpress cannot ask for; sign with a key without one, kept where only the release manager can read it".into());
        }
        if key.algorithm() != Algorithm::Ed25519 {
            return Err(format!(
                "is an {} key; releases are signed with ed25519 keys (`ssh-keygen -t ed25519`)",
                key.algorithm()
            ));
        }
        Ok(Self { key })
    }

    pub fn public(&self) -> PublicKey {
        self.key.public_key().clone()
    }

    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint(HashAlg::Sha256).to_string()
    }

    /// The key's comment, when it is one word (usable as a principal).
    pub fn principal(&self) -> Option<String> {
        let comment = self.key.comment().trim();
        (!comment.is_empty() && !comment.contains(char::is_whitespace) && !comment.contains('"'))
            .then(|| comment.to_string())
    }

    /// The armored detached signature of `data`, as `ssh-keygen -Y sign -n file` writes it.
    pub fn sign(&self, data: &[u8]) -> Result<String, String> {
        let sig = self
            .key
            .sign(NAMESPACE, HashAlg::Sha512, data)
            .map_err(|err| format!("cannot sign ({err})"))?;
        sig.to_pem(LineEnding::LF)
            .map_err(|err| format!("cannot write the signature ({err})"))
    }
}

/// One line of `allowed_signers`: who, with which key, for which namespaces.
#[derive(Debug, Clone, PartialEq)]
pub struct AllowedSigner {
    pub principals: String,
    /// `None`: any namespace.
    pub namespaces: Option<Vec<String>>,
    pub key: PublicKey,
    /// The line in the file, from 1.
    pub line: usize,
}

impl AllowedSigner {
    fn allows(&self, key: &PublicKey) -> bool {
        self.key.key_data() == key.key_data()
            && self
                .namespaces
                .as_ref()
                .is_none_or(|ns| ns.iter().any(|n| n == NAMESPACE || n == "*"))
    }

    /// The line for `key` with `principal`, restricted to our namespace.
    pub fn line_for(principal: &str, key: &PublicKey) -> Result<String, String> {
        let mut key = key.clone();
        key.set_comment("");
        let key = key
            .to_openssh()
            .map_err(|err| format!("cannot write the public key ({err})"))?;
        Ok(format!("{principal} namespaces=\"{NAMESPACE}\" {key}\n"))
    }
}

/// The lines of an `allowed_signers` file. Certificate authorities are
/// refused (an archive names its signers' keys themselves).
pub fn parse_allowed_signers(text: &str) -> Result<Vec<AllowedSigner>, String> {
    let mut out = vec![];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(parse_line(line).map_err(|err| format!("line {}: {err}", n + 1))?);
        if let Some(last) = out.last_mut() {
            last.line = n + 1;
        }
    }
    Ok(out)
}

fn parse_line(line: &str) -> Result<AllowedSigner, String> {
    let tokens = tokens(line);
    let key_at = tokens
        .iter()
        .position(|t| is_key_type(t))
        .ok_or("no public key (`ssh-ed25519 AAAA…`) on the line")?;
    if key_at == 0 {
        return Err("the line starts with a key; put the signer's principal (an e-mail address, say) before it".into());
    }
    let principals = tokens[0].trim_matches('"').to_string();
    let mut namespaces = None;
    for option in tokens[1..key_at].iter().flat_map(|t| split_options(t)) {
        let (name, value) = option.split_once('=').unwrap_or((option.as_str(), ""));
        match name.to_ascii_lowercase().as_str() {
            "namespaces" => {
                namespaces = Some(
                    value
                        .trim_matches('"')
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .collect(),
                );
            }
            "cert-authority" => {
                return Err(
                    "certificate authorities are not supported; list the signer's own key".into(),
                );
            }
            _ => {}
        }
    }
    let key_text = tokens[key_at..].join(" ");
    let key = PublicKey::from_openssh(&key_text)
        .map_err(|_| format!("`{}` is not a public key", tokens[key_at]))?;
    Ok(AllowedSigner {
        principals,
        namespaces,
        key,
        line: 0,
    })
}

fn is_key_type(token: &str) -> bool {
    token.starts_with("ssh-")
        || token.starts_with("ecdsa-")
        || token.starts_with("sk-ssh-")
        || token.starts_with("sk-ecdsa-")
}

/// Whitespace-separated tokens; double quotes keep spaces inside a token.
fn tokens(line: &str) -> Vec<String> {
    let mut out = vec![];
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `a,b="x,y",c` → `a`, `b="x,y"`, `c`.
fn split_options(token: &str) -> Vec<String> {
    let mut out = vec![];
    let mut current = String::new();
    let mut quoted = false;
    for c in token.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out.push(current);
    out.retain(|o| !o.is_empty());
    out
}

/// Why a signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Not an armored SSH signature.
    Unreadable,
    /// Made for another namespace than `file`.
    Namespace(String),
    /// Made by another key than the manifest records.
    OtherKey(String),
    /// Does not match the file's bytes.
    Mismatch,
    /// The key is not in `allowed_signers` (its fingerprint).
    UnknownSigner(String),
}

/// Checks `signature` (armored SSHSIG) of `data`: made with the key the
/// manifest records (`fingerprint`) and listed in `signers`. Returns the
/// principals of the signer.
pub fn check(
    data: &[u8],
    signature: &str,
    fingerprint: &str,
    signers: &[AllowedSigner],
) -> Result<String, Invalid> {
    let sig = SshSig::from_pem(signature).map_err(|_| Invalid::Unreadable)?;
    if sig.namespace() != NAMESPACE {
        return Err(Invalid::Namespace(sig.namespace().to_string()));
    }
    let key = PublicKey::from(sig.public_key().clone());
    let actual = key.fingerprint(HashAlg::Sha256).to_string();
    if actual != fingerprint {
        return Err(Invalid::OtherKey(actual));
    }
    key.verify(NAMESPACE, data, &sig)
        .map_err(|_| Invalid::Mismatch)?;
    signers
        .iter()
        .find(|s| s.allows(&key))
        .map(|s| s.principals.clone())
        .ok_or(Invalid::UnknownSigner(actual))
}

/// The principals `signers` give `key`, if it is allowed to sign files.
pub fn principals_of(key: &PublicKey, signers: &[AllowedSigner]) -> Option<String> {
    signers
        .iter()
        .find(|s| s.allows(key))
        .map(|s| s.principals.clone())
}

/// What is wrong with the signatures of `archive`: a signed release whose
/// signature is gone, does not match its file or was made by a key that
/// `allowed_signers` does not list, and a release published unsigned after
/// one that was signed.
pub fn problems(archive: &Archive) -> Vec<Problem> {
    let records = &archive.manifest.records;
    let Some(first_signed) = records.iter().position(|r| r.signed_by.is_some()) else {
        return vec![];
    };
    let problem = |file: &str, kind, message: String| Problem {
        file: file.to_string(),
        kind,
        message,
    };
    let signers = match std::fs::read_to_string(archive.dir.join(ALLOWED_SIGNERS)) {
        Ok(text) => match parse_allowed_signers(&text) {
            Ok(signers) => Some(signers),
            Err(err) => {
                return vec![problem(
                    ALLOWED_SIGNERS,
                    ProblemKind::Signature,
                    format!("{err}; restore it from version control"),
                )];
            }
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => {
            return vec![problem(
                ALLOWED_SIGNERS,
                ProblemKind::Signature,
                format!("cannot be read ({err})"),
            )];
        }
    };
    let Some(signers) = signers else {
        return vec![problem(
            ALLOWED_SIGNERS,
            ProblemKind::Missing,
            format!(
                "is gone, so the signature of release {} and those after it cannot be checked; restore it from version control",
                records[first_signed].version
            ),
        )];
    };
    let mut out = vec![];
    for record in &records[first_signed..] {
        let version = &record.version;
        let (Some(fingerprint), Some(name)) = (&record.signed_by, &record.signature) else {
            out.push(problem(
                &record.file,
                ProblemKind::Signature,
                format!(
                    "release {version} is not signed, though release {} before it is; every release after the first signed one must be signed",
                    records[first_signed].version
                ),
            ));
            continue;
        };
        if *name != signature_name(&record.file) {
            out.push(problem(
                MANIFEST,
                ProblemKind::Manifest,
                format!(
                    "release {version} names the signature `{name}`; it must be `{}`",
                    signature_name(&record.file)
                ),
            ));
            continue;
        }
        out.extend(file_problem(
            archive,
            &signers,
            version,
            &record.file,
            name,
            fingerprint,
        ));
        if let Some(redline) = &record.redline {
            let expected = signature_name(&redline.file);
            match &redline.signature {
                Some(name) if *name == expected => out.extend(file_problem(
                    archive,
                    &signers,
                    version,
                    &redline.file,
                    name,
                    fingerprint,
                )),
                Some(name) => out.push(problem(
                    MANIFEST,
                    ProblemKind::Manifest,
                    format!(
                        "the redline of release {version} names the signature `{name}`; it must be `{expected}`"
                    ),
                )),
                None => out.push(problem(
                    &redline.file,
                    ProblemKind::Signature,
                    format!(
                        "the redline of release {version} is not signed, though the release is; a signed release's redline is signed with it"
                    ),
                )),
            }
        }
    }
    out
}

/// What is wrong with the signature `name` of the archived `file` of
/// release `version`, which the key `fingerprint` signed, if anything.
fn file_problem(
    archive: &Archive,
    signers: &[AllowedSigner],
    version: &str,
    file: &str,
    name: &str,
    fingerprint: &str,
) -> Option<Problem> {
    let problem = |kind, message: String| {
        Some(Problem {
            file: name.to_string(),
            kind,
            message,
        })
    };
    let Ok(data) = std::fs::read(archive.dir.join(file)) else {
        return None; // reported as a missing or unreadable file
    };
    let sig = match std::fs::read_to_string(archive.dir.join(name)) {
        Ok(sig) => sig,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return problem(
                ProblemKind::Missing,
                format!(
                    "release {version} was signed with {fingerprint}, but its signature is gone; restore it from version control"
                ),
            );
        }
        Err(err) => return problem(ProblemKind::Signature, format!("cannot be read ({err})")),
    };
    let message = match check(&data, &sig, fingerprint, signers) {
        Ok(_) => return None,
        Err(Invalid::Unreadable) => "is not an SSH signature".to_string(),
        Err(Invalid::Namespace(ns)) => {
            format!("was made for the namespace `{ns}`, not `{NAMESPACE}`")
        }
        Err(Invalid::OtherKey(actual)) => format!(
            "was made with the key {actual}; the manifest records {fingerprint} for release {version}"
        ),
        Err(Invalid::Mismatch) => format!(
            "does not match `{file}`: the file or the signature was changed after release {version} was signed"
        ),
        Err(Invalid::UnknownSigner(actual)) => format!(
            "was made with the key {actual}, which {ALLOWED_SIGNERS} does not list as a signer of files"
        ),
    };
    problem(ProblemKind::Signature, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ssh_key::private::Ed25519Keypair;

    fn key(seed: u8, comment: &str) -> SigningKey {
        let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]));
        key.set_comment(comment);
        let text = key.to_openssh(LineEnding::LF).unwrap();
        SigningKey::parse(text.as_bytes()).unwrap()
    }

    fn signers(lines: &str) -> Vec<AllowedSigner> {
        parse_allowed_signers(lines).unwrap()
    }

    #[test]
    fn a_signature_checks_against_the_allowed_signers() {
        let alice = key(1, "alice@example.org");
        let line = AllowedSigner::line_for("alice@example.org", &alice.public()).unwrap();
        let allowed = signers(&format!("# who signs releases\n\n{line}"));
        assert_eq!(allowed[0].line, 3);
        let sig = alice.sign(b"the PDF").unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
        assert_eq!(
            check(b"the PDF", &sig, &alice.fingerprint(), &allowed),
            Ok("alice@example.org".into())
        );
        assert_eq!(
            check(b"the PDF!", &sig, &alice.fingerprint(), &allowed),
            Err(Invalid::Mismatch)
        );
        assert_eq!(
            check(
                b"the PDF",
                "not a signature",
                &alice.fingerprint(),
                &allowed
            ),
            Err(Invalid::Unreadable)
        );
        let mallory = key(2, "mallory");
        let forged = mallory.sign(b"the PDF").unwrap();
        assert_eq!(
            check(b"the PDF", &forged, &mallory.fingerprint(), &allowed),
            Err(Invalid::UnknownSigner(mallory.fingerprint()))
        );
        assert_eq!(
            check(b"the PDF", &forged, &alice.fingerprint(), &allowed),
            Err(Invalid::OtherKey(mallory.fingerprint()))
        );
    }

    #[test]
    fn signatures_are_deterministic_and_hold_no_private_key() {
        let alice = key(1, "alice");
        assert_eq!(alice.sign(b"x").unwrap(), alice.sign(b"x").unwrap());
        assert!(alice.fingerprint().starts_with("SHA256:"));
        assert!(!format!("{alice:?}").contains("PRIVATE"));
    }

    #[test]
    fn namespaces_limit_what_a_key_may_sign() {
        let alice = key(1, "alice");
        let public = alice.public().to_openssh().unwrap();
        let sig = alice.sign(b"x").unwrap();
        for (line, ok) in [
            (format!("alice {public}"), true),
            (format!("alice namespaces=\"file\" {public}"), true),
            (
                format!("alice,bob namespaces=\"git,file\" {public} a comment"),
                true,
            ),
            (format!("alice namespaces=\"git\" {public}"), false),
        ] {
            let allowed = signers(&line);
            assert_eq!(
                check(b"x", &sig, &alice.fingerprint(), &allowed).is_ok(),
                ok,
                "{line}"
            );
        }
    }

    #[test]
    fn bad_lines_and_keys_are_refused_with_a_reason() {
        let public = key(1, "").public().to_openssh().unwrap();
        assert!(
            parse_allowed_signers(&public)
                .unwrap_err()
                .contains("principal")
        );
        assert!(
            parse_allowed_signers("alice ssh-ed25519 AAAA")
                .unwrap_err()
                .starts_with("line 1:")
        );
        assert!(
            parse_allowed_signers(&format!("alice cert-authority {public}"))
                .unwrap_err()
                .contains("certificate")
        );
        assert!(SigningKey::parse(b"hello").is_err());
        assert_eq!(key(1, "two words").principal(), None);
        assert_eq!(key(1, "a@b").principal(), Some("a@b".into()));
    }
}
