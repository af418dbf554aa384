//! Reading a file that must lie inside a folder of the project: the sources,
//! `layouts/`, `fonts/`, the archive. The same rules hold for all of them: a
//! regular file (a FIFO or device would block or never end), inside the
//! folder once every link is resolved, and no larger than a limit, checked on
//! the open file so that a file swapped or grown meanwhile changes nothing.

use std::fs::File;
use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// The rules of one folder, for reading and for the messages.
#[derive(Clone, Copy)]
pub struct Folder<'a> {
    /// The folder every file must lie in.
    pub root: &'a Path,
    /// The folder as messages name it: "the sources folder".
    pub name: &'a str,
    /// The largest file allowed.
    pub max_bytes: u64,
    /// What to do about a file over the limit.
    pub too_big_hint: &'a str,
}

impl Folder<'_> {
    /// Reads `path` like `std::fs::read`, under the folder's rules. The error
    /// says why, for a message "cannot read `file` (…)"; a file that does not
    /// exist is `ErrorKind::NotFound`.
    pub fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let mut file = self.open(path)?;
        let len = file.metadata()?.len();
        if len > self.max_bytes {
            return Err(self.too_big(len));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        // The file may grow while it is read; never read more than the limit.
        (&mut file)
            .take(self.max_bytes + 1)
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(self.too_big(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// Opens `path` for reading if it is a regular file inside the folder,
    /// without ever waiting for it (a FIFO is opened non-blocking, then
    /// refused).
    pub fn open(&self, path: &Path) -> std::io::Result<File> {
        let real = path.canonicalize()?;
        let root = if self.root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            self.root
        };
        let inside = root.canonicalize().is_ok_and(|root| real.starts_with(root));
        if !inside {
            return Err(Error::new(
                ErrorKind::PermissionDenied,
                format!(
                    "it is a link to a file outside {}; copy the file into {0} instead",
                    self.name
                ),
            ));
        }
        let file = open_nonblocking(&real)?;
        if !file.metadata()?.is_file() {
            return Err(Error::other(
                "it is not a regular file; replace it with an ordinary file",
            ));
        }
        Ok(file)
    }

    fn too_big(&self, len: u64) -> Error {
        Error::other(format!(
            "it is {} KiB; files in {} may have at most {} KiB: {}",
            len.div_ceil(1024),
            self.name,
            self.max_bytes / 1024,
            self.too_big_hint
        ))
    }
}

/// Opens the canonical path `real` without following a link put in its place
/// since, and without blocking on a FIFO or device.
#[cfg(unix)]
fn open_nonblocking(real: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(real)
}

#[cfg(not(unix))]
fn open_nonblocking(real: &Path) -> std::io::Result<File> {
    if !std::fs::metadata(real)?.is_file() {
        return Err(Error::other(
            "it is not a regular file; replace it with an ordinary file",
        ));
    }
    File::open(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(root: &Path) -> Folder<'_> {
        Folder {
            root,
            name: "the test folder",
            max_bytes: 8,
            too_big_hint: "make it smaller",
        }
    }

    #[test]
    fn reads_regular_files_inside_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), b"12345678").unwrap();
        std::fs::write(dir.path().join("b"), b"123456789").unwrap();
        assert_eq!(
            folder(dir.path()).read(&dir.path().join("a")).unwrap(),
            b"12345678"
        );
        let err = folder(dir.path()).read(&dir.path().join("b")).unwrap_err();
        assert!(
            err.to_string().contains("at most 0 KiB: make it smaller"),
            "{err}"
        );
        let err = folder(dir.path()).read(&dir.path().join("c")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_devices_and_fifos_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("inner");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(dir.path().join("outside"), b"secret").unwrap();
        std::os::unix::fs::symlink("../outside", inner.join("out")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", inner.join("zero")).unwrap();
        let err = folder(&inner).read(&inner.join("out")).unwrap_err();
        assert!(err.to_string().contains("outside the test folder"), "{err}");
        let err = folder(&inner).read(&inner.join("zero")).unwrap_err();
        assert!(err.to_string().contains("outside the test folder"), "{err}");
        let fifo = inner.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = folder(&inner).read(&fifo).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let err = folder(Path::new("/dev"))
            .read(Path::new("/dev/zero"))
            .unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }
}
