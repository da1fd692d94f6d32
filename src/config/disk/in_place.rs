//! Writing the file in place when it cannot be replaced: a single file bind-mounted into a
//! container (`docker run -v ~/.modal.toml:/root/.modal.toml`) is a mount point, so renaming
//! the temp file over it fails with `EBUSY` (or `EXDEV`), while the Modal client, which
//! truncates and writes in place, can still change it. Then the new bytes are written into
//! the same file under the lock: fsynced and read back, and the old bytes, kept in memory,
//! are written back if any step fails. This is not atomic (a crash in the middle can leave
//! a partial file), and the outcome says so ([`super::SaveOutcome::in_place`]).

use std::fs::OpenOptions;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::{SaveError, io_err};

/// The rename of the temp file over the target was refused because the target cannot be
/// replaced, only written: it is a mount point (`EBUSY`) or on another file system than its
/// folder (`EXDEV`).
pub(super) fn rename_refused(e: &SaveError) -> bool {
    match e {
        SaveError::Io { op, source, .. } if *op == super::temp::RENAME_OP => {
            matches!(
                source.kind(),
                io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices
            )
        }
        _ => false,
    }
}

/// Replaces the contents of `target` with `contents` in place (call under the lock). On
/// failure the old bytes are put back; the error says whether that worked.
pub(super) fn write_in_place(target: &Path, contents: &[u8]) -> Result<(), SaveError> {
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(target)
        .map_err(|e| io_err(target, "open for writing in place", e))?;
    let mut old = Vec::new();
    f.read_to_end(&mut old)
        .map_err(|e| io_err(target, "read before writing in place", e))?;
    let write = |f: &mut std::fs::File, bytes: &[u8]| -> io::Result<()> {
        f.seek(SeekFrom::Start(0))?;
        f.write_all(bytes)?;
        f.set_len(bytes.len() as u64)?;
        fault()?;
        f.sync_all()?;
        let mut back = Vec::with_capacity(bytes.len());
        f.seek(SeekFrom::Start(0))?;
        f.read_to_end(&mut back)?;
        if back == bytes {
            Ok(())
        } else {
            Err(io::Error::other(
                "reading it back did not give what was written",
            ))
        }
    };
    match write(&mut f, contents) {
        Ok(()) => Ok(()),
        Err(e) => {
            let restored = write_back(&mut f, &old);
            old.iter_mut().for_each(|b| *b = 0);
            Err(io_err(
                target,
                if restored {
                    "write in place (the old contents were put back)"
                } else {
                    "write in place (putting the old contents back failed too: check the file)"
                },
                e,
            ))
        }
    }
}

fn write_back(f: &mut std::fs::File, old: &[u8]) -> bool {
    f.seek(SeekFrom::Start(0)).is_ok()
        && f.write_all(old).is_ok()
        && f.set_len(old.len() as u64).is_ok()
        && f.sync_all().is_ok()
}

#[cfg(not(test))]
#[inline(always)]
fn fault() -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
thread_local! {
    /// Fail the in-place write after its bytes went in (per test thread).
    pub(super) static FAIL_WRITE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
fn fault() -> io::Result<()> {
    if FAIL_WRITE.with(|f| f.get()) {
        Err(io::Error::other("injected failure"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_in_place_and_restores_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "[a]\nx = 1\nlonger = \"old contents\"\n").unwrap();
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&p).unwrap());
        write_in_place(&p, b"[a]\nx = 2\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"[a]\nx = 2\n");
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&p).unwrap()),
            ino,
            "same file"
        );
        FAIL_WRITE.with(|f| f.set(true));
        let e = write_in_place(&p, b"[a]\nx = 3, and much longer than before\n").unwrap_err();
        FAIL_WRITE.with(|f| f.set(false));
        assert!(e.to_string().contains("old contents were put back"), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"[a]\nx = 2\n");
    }

    #[test]
    fn only_a_refused_rename_writes_in_place() {
        let p = Path::new("/x");
        let busy = io_err(
            p,
            super::super::temp::RENAME_OP,
            io::Error::from(io::ErrorKind::ResourceBusy),
        );
        let xdev = io_err(
            p,
            super::super::temp::RENAME_OP,
            io::Error::from(io::ErrorKind::CrossesDevices),
        );
        let perm = io_err(
            p,
            super::super::temp::RENAME_OP,
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        let other = io_err(p, "write", io::Error::from(io::ErrorKind::ResourceBusy));
        assert!(rename_refused(&busy) && rename_refused(&xdev));
        assert!(!rename_refused(&perm) && !rename_refused(&other));
    }
}
