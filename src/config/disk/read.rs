//! Reading what is on disk without ever blocking: the loader's read, and the hash taken
//! under the lock to check that nobody changed the file since it was loaded.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{SaveError, changed, io_err, kind_of, not_a_file};

/// Most bytes read from a FIFO or a device: `/dev/zero` or `/dev/full` never end (the client
/// would read until it runs out of memory).
const SPECIAL_MAX: u64 = 16 << 20;

/// Read what the Modal client reads with `open(path).read()`, following symlinks; `Ok(None)`
/// when it does not exist (also a dangling symlink). A regular file is read whole. A FIFO or
/// a device (`/dev/null`, `<(…)`) is read like the client reads it, to its end, except that it
/// never blocks on opening (a FIFO nobody writes to is empty) and stops after 16 MiB. A folder
/// or a socket fails with the error the client's `open` gets (EISDIR, ENXIO). Writing is
/// another matter: only a regular file is ever written (see `save`).
pub fn read_config(path: &Path) -> io::Result<Option<Vec<u8>>> {
    Ok(read_config_with_mode(path)?.map(|(bytes, _)| bytes))
}

/// The bytes read, and the permission bits of a regular file (`None` for a FIFO or device).
pub type ReadWithMode = (Vec<u8>, Option<u32>);

/// [`read_config`], with the permission bits of a regular file.
pub fn read_config_with_mode(path: &Path) -> io::Result<Option<ReadWithMode>> {
    // `os.path.exists` is false on any error: a missing file, a dangling symlink, but also a
    // path through a file (`…/modal.toml/`, ENOTDIR) or a folder we may not search.
    match fs::metadata(path) {
        Ok(m) => {
            if let Some(e) = sys::unopenable(&m) {
                return Err(e);
            }
        }
        Err(_) => return Ok(None),
    }
    let mut file = match sys::open_nonblocking(path, false) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    // It may have been swapped between the stat and the open: check what we actually opened.
    let m = file.metadata()?;
    if let Some(e) = sys::unopenable(&m) {
        return Err(e);
    }
    if m.is_file() {
        let mut bytes = Vec::with_capacity(m.len() as usize);
        file.read_to_end(&mut bytes)?;
        return Ok(Some((bytes, super::mode_bits(&m))));
    }
    // A FIFO or a device: blocking reads from here on, as the client's (a FIFO without a
    // writer reads as empty at once).
    sys::make_blocking(&file)?;
    let mut bytes = Vec::new();
    (&mut file).take(SPECIAL_MAX + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > SPECIAL_MAX {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} is a {}, not a regular file, and gives more than {} MiB without an end \
                 (the Modal client would never finish reading it)",
                path.display(),
                kind_of(&m),
                SPECIAL_MAX >> 20
            ),
        ));
    }
    Ok(Some((bytes, None)))
}

/// Open the target under the lock (no symlink followed), `None` if it does not exist.
pub(super) fn open_locked(target: &Path) -> Result<Option<(File, Metadata)>, SaveError> {
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
    let file = match sys::open_nonblocking(target, true) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if sys::is_symlink_refused(&e) => return Err(changed(target)),
        Err(e) => return Err(io_err(target, "open", e)),
    };
    let m = file.metadata().map_err(|e| io_err(target, "inspect", e))?;
    if m.file_type().is_symlink() {
        return Err(changed(target)); // a link put there between the check and the open
    }
    if !m.is_file() {
        return Err(not_a_file(target, &m));
    }
    Ok(Some((file, m)))
}

/// The target's current hash and metadata, `None` if it does not exist.
pub(super) fn current_state(target: &Path) -> Result<Option<([u8; 32], Metadata)>, SaveError> {
    let Some((mut file, m)) = open_locked(target)? else {
        return Ok(None);
    };
    // Hash while reading, so no copy of the secret is kept in memory.
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher).map_err(|e| io_err(target, "read", e))?;
    Ok(Some((hasher.finalize().into(), m)))
}

/// The target's current bytes and metadata (to re-plan an edit on), `None` if it does not exist.
pub(super) fn read_locked(target: &Path) -> Result<Option<(Vec<u8>, Metadata)>, SaveError> {
    let Some((mut file, m)) = open_locked(target)? else {
        return Ok(None);
    };
    let mut bytes = Vec::with_capacity(m.len() as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| io_err(target, "read", e))?;
    Ok(Some((bytes, m)))
}

#[cfg(unix)]
mod sys {
    use std::fs::{File, Metadata, OpenOptions};
    use std::io;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    use std::path::Path;

    /// Open an existing file for reading without ever blocking (a FIFO opened `O_NONBLOCK`
    /// returns at once) and without becoming our controlling terminal.
    pub(super) fn open_nonblocking(path: &Path, nofollow: bool) -> io::Result<File> {
        let flags = libc::O_NONBLOCK | libc::O_NOCTTY | if nofollow { libc::O_NOFOLLOW } else { 0 };
        OpenOptions::new().read(true).custom_flags(flags).open(path)
    }

    /// `O_NOFOLLOW` met a symbolic link.
    pub(super) fn is_symlink_refused(e: &io::Error) -> bool {
        e.raw_os_error() == Some(libc::ELOOP)
    }

    /// What the client's `open(path)` fails with for a folder (EISDIR) or a socket (ENXIO).
    pub(super) fn unopenable(m: &Metadata) -> Option<io::Error> {
        if m.is_dir() {
            Some(io::Error::from_raw_os_error(libc::EISDIR))
        } else if m.file_type().is_socket() {
            Some(io::Error::from_raw_os_error(libc::ENXIO))
        } else {
            None
        }
    }

    /// Clear `O_NONBLOCK` (set by [`open_nonblocking`]) before reading a FIFO or a device.
    pub(super) fn make_blocking(file: &File) -> io::Result<()> {
        // SAFETY: fcntl on a descriptor we own; no memory is involved.
        let flags = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) };
        // SAFETY: as above.
        if flags < 0
            || unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK) }
                < 0
        {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

#[cfg(windows)]
mod sys {
    use std::fs::{File, Metadata, OpenOptions};
    use std::io;
    use std::os::windows::fs::OpenOptionsExt;
    use std::path::Path;

    /// `FILE_FLAG_OPEN_REPARSE_POINT`: open a symbolic link itself, not what it points to.
    const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    /// `ERROR_ACCESS_DENIED`: what the client's `open(path)` gets for a folder (Python's
    /// `PermissionError: [Errno 13]`).
    const ERROR_ACCESS_DENIED: i32 = 5;

    /// Open an existing file for reading (Windows has no FIFOs in the file system, so a
    /// read never blocks on opening); with `nofollow` a symbolic link is opened itself.
    pub(super) fn open_nonblocking(path: &Path, nofollow: bool) -> io::Result<File> {
        let mut o = OpenOptions::new();
        o.read(true);
        if nofollow {
            o.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
        }
        o.open(path)
    }

    /// A link opened itself is caught by its metadata, not by an error.
    pub(super) fn is_symlink_refused(_e: &io::Error) -> bool {
        false
    }

    /// What the client's `open(path)` fails with for a folder.
    pub(super) fn unopenable(m: &Metadata) -> Option<io::Error> {
        m.is_dir()
            .then(|| io::Error::from_raw_os_error(ERROR_ACCESS_DENIED))
    }

    /// Nothing to do: the file was opened blocking.
    pub(super) fn make_blocking(_file: &File) -> io::Result<()> {
        Ok(())
    }
}
