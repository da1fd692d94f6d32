//! Reading what is on disk without ever blocking: the loader's read, and the hash taken
//! under the lock to check that nobody changed the file since it was loaded.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{SaveError, changed, io_err, kind_of, not_a_file};

/// Open an existing file for reading without ever blocking (a FIFO opened `O_NONBLOCK` returns
/// at once) and without becoming our controlling terminal.
fn open_nonblocking(path: &Path, nofollow: bool) -> io::Result<File> {
    let flags = libc::O_NONBLOCK | libc::O_NOCTTY | if nofollow { libc::O_NOFOLLOW } else { 0 };
    OpenOptions::new().read(true).custom_flags(flags).open(path)
}

fn not_regular(path: &Path, m: &Metadata) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{} is a {}, not a regular file", path.display(), kind_of(m)),
    )
}

/// Read the file (following symlinks); `Ok(None)` when it does not exist (also a dangling
/// symlink). A folder, FIFO, socket or device is refused with an `InvalidInput` error that
/// names it, without opening it in a way that could block.
pub fn read_config(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(not_regular(path, &m)),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut file = match open_nonblocking(path, false) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    // It may have been swapped between the stat and the open: check what we actually opened.
    let m = file.metadata()?;
    if !m.is_file() {
        return Err(not_regular(path, &m));
    }
    let mut bytes = Vec::with_capacity(m.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// The target's current hash and metadata, `None` if it does not exist.
pub(super) fn current_state(target: &Path) -> Result<Option<([u8; 32], Metadata)>, SaveError> {
    let m = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(target, "inspect", e)),
    };
    if m.file_type().is_symlink() {
        return Err(changed(target)); // someone re-pointed the path since we resolved it
    }
    if !m.is_file() {
        return Err(not_a_file(target, &m));
    }
    let mut file = match open_nonblocking(target, true) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(changed(target)),
        Err(e) => return Err(io_err(target, "open", e)),
    };
    let m = file.metadata().map_err(|e| io_err(target, "inspect", e))?;
    if !m.is_file() {
        return Err(not_a_file(target, &m));
    }
    // Hash while reading, so no copy of the secret is kept in memory.
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher).map_err(|e| io_err(target, "read", e))?;
    Ok(Some((hasher.finalize().into(), m)))
}
