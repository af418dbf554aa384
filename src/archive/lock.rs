//! Locks on the archive folder: `publish` holds an exclusive one from reading
//! the archive to recording the new release, `verify` a shared one while it
//! reads the files, so that neither ever sees half of another's work.
//!
//! The lock is taken on the folder itself, so it leaves no file behind; the
//! operating system releases it when the process ends, however it ends.

use std::fs::{File, TryLockError};
use std::path::Path;

/// A lock held on an archive folder until dropped.
#[derive(Debug)]
pub struct Lock {
    _folder: Option<File>,
}

/// Takes the exclusive lock on `dir`, creating the folder if need be;
/// `waiting` is called once if another process holds a lock and this one has
/// to wait for it.
pub fn exclusive(dir: &Path, waiting: impl FnOnce()) -> std::io::Result<Lock> {
    std::fs::create_dir_all(dir)?;
    let Some(folder) = open(dir)? else {
        return Ok(Lock { _folder: None });
    };
    match folder.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            waiting();
            folder.lock()?;
        }
        Err(TryLockError::Error(err)) => return Err(err),
    }
    Ok(Lock {
        _folder: Some(folder),
    })
}

/// Takes a shared lock on `dir` if it exists, waiting for a publish under way.
pub fn shared(dir: &Path) -> std::io::Result<Lock> {
    let folder = match open(dir) {
        Ok(folder) => folder,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(err),
    };
    if let Some(folder) = &folder {
        folder.lock_shared()?;
    }
    Ok(Lock { _folder: folder })
}

/// The folder opened for locking; on systems that cannot open a folder as a
/// file there is no lock.
fn open(dir: &Path) -> std::io::Result<Option<File>> {
    if cfg!(unix) {
        File::open(dir).map(Some)
    } else {
        Ok(None)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn an_exclusive_lock_excludes_every_other() {
        let dir = tempfile::tempdir().unwrap();
        let held = exclusive(dir.path(), || {}).unwrap();
        let other = File::open(dir.path()).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        assert!(matches!(
            other.try_lock_shared(),
            Err(TryLockError::WouldBlock)
        ));
        drop(held);
        let reader = shared(dir.path()).unwrap();
        assert!(other.try_lock_shared().is_ok());
        drop(reader);
    }
}
