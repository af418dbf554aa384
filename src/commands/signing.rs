//! How `publish --sign KEY` signs what it archives: the key, checked against
//! the archive's `allowed_signers` (created with this key when there is none
//! yet), and the detached signature written beside the file.

use std::path::{Path, PathBuf};

use crate::archive::Archive;
use crate::archive::signature::{
    self, ALLOWED_SIGNERS, AllowedSigner, SigningKey, parse_allowed_signers,
};
use crate::error::{Failure, Result};
use crate::output;

/// A signature to archive with a release.
#[derive(Debug)]
pub struct Signed {
    /// The signature's file name in the archive.
    pub name: String,
    /// The armored signature.
    pub text: String,
    /// The signing key's fingerprint.
    pub fingerprint: String,
    /// Who the allowed signers say the key is.
    pub principal: String,
    /// The `allowed_signers` line to write when the archive has none yet.
    pub new_signers: Option<String>,
}

/// The signer for this publication: the key read from `key`, if given and
/// allowed; refuses to publish unsigned into an archive whose releases are signed.
/// The signing key at `path`, or why it cannot sign.
pub fn check_key(path: &Path) -> Result<SigningKey> {
    SigningKey::read(path).map_err(|why| {
        Failure::usage(
            format!("the key `{}` {why}; nothing was published", path.display()),
            None,
        )
    })
}

pub fn signer(archive: &Archive, key: Option<&Path>, id: &str) -> Result<Option<Signer>> {
    let signed = archive
        .manifest
        .records
        .iter()
        .find(|r| r.signed_by.is_some());
    let Some(path) = key else {
        if let Some(record) = signed {
            return Err(Failure::usage(
                format!(
                    "the archive's releases are signed (from release {} on); nothing was published",
                    record.version
                ),
                Some(
                    "publish with `--sign KEY`, the SSH key of someone listed in allowed_signers"
                        .into(),
                ),
            ));
        }
        return Ok(None);
    };
    let key = check_key(path)?;
    let signers_path = archive.dir.join(ALLOWED_SIGNERS);
    let (principal, new_signers) = match std::fs::read_to_string(&signers_path) {
        Ok(text) => {
            let signers = parse_allowed_signers(&text).map_err(|err| {
                Failure::usage(
                    format!("`{}`: {err}; nothing was published", signers_path.display()),
                    Some("each line is `principal [namespaces=\"file\"] ssh-ed25519 AAAA…`, as in OpenSSH".into()),
                )
            })?;
            let Some(principal) = signature::principals_of(&key.public(), &signers) else {
                return Err(Failure::usage(
                    format!(
                        "the key {} is not listed in `{}` as a signer of files; nothing was published",
                        key.fingerprint(),
                        signers_path.display()
                    ),
                    Some(format!(
                        "add its public key as a line `principal namespaces=\"file\" {}` once it is trusted",
                        public_line(&key)
                    )),
                ));
            };
            (principal, None)
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let principal = key.principal().unwrap_or_else(|| id.to_string());
            let line = AllowedSigner::line_for(&principal, &key.public())
                .map_err(|err| Failure::usage(err, None))?;
            (principal, Some(line))
        }
        Err(err) => {
            return Err(Failure::Env(anyhow::anyhow!(
                "cannot read `{}` ({err})",
                signers_path.display()
            )));
        }
    };
    Ok(Some(Signer {
        key,
        principal,
        new_signers,
        signers_path,
    }))
}

fn public_line(key: &SigningKey) -> String {
    let mut public = key.public();
    public.set_comment("");
    public.to_openssh().unwrap_or_default()
}

/// A key allowed to sign this archive's releases.
#[derive(Debug)]
pub struct Signer {
    key: SigningKey,
    principal: String,
    new_signers: Option<String>,
    signers_path: PathBuf,
}

impl Signer {
    /// Signs the archived file `file` holding `pdf`.
    pub fn sign(&self, file: &str, pdf: &[u8]) -> Result<Signed> {
        let text = self
            .key
            .sign(pdf)
            .map_err(|err| Failure::Env(anyhow::anyhow!("{err}")))?;
        Ok(Signed {
            name: signature::signature_name(file),
            text,
            fingerprint: self.key.fingerprint(),
            principal: self.principal.clone(),
            new_signers: self.new_signers.clone(),
        })
    }

    pub fn signers_path(&self) -> &Path {
        &self.signers_path
    }
}

/// Writes the signature (and a new `allowed_signers`) into `dir`; returns the
/// files written, for removal should the manifest not be written.
pub fn write(dir: &Path, signed: &Signed) -> Result<Vec<PathBuf>> {
    let mut written = vec![];
    let sig = dir.join(&signed.name);
    output::write_new_atomic(&sig, signed.text.as_bytes())?;
    written.push(sig);
    if let Some(line) = &signed.new_signers {
        let path = dir.join(ALLOWED_SIGNERS);
        let text = format!(
            "# Who signs this archive's releases (OpenSSH allowed_signers format).\n# Check a file: ssh-keygen -Y verify -f {ALLOWED_SIGNERS} -I <principal> -n file -s FILE.pdf.sig < FILE.pdf\n{line}"
        );
        if let Err(err) = output::write_new_atomic(&path, text.as_bytes()) {
            for file in &written {
                let _ = std::fs::remove_file(file);
            }
            return Err(err.into());
        }
        written.push(path);
    }
    Ok(written)
}
