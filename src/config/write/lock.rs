//! Serialising writers: an exclusive `flock(2)` on the target's folder (no lock file is left).

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{SaveError, io_err};

/// How long a save waits for another modalcfg writing in the same folder.
pub(super) const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Take an exclusive `flock` on the folder. `Ok(false)`: the filesystem cannot lock.
pub(super) fn lock_dir(dir_file: &File, dir: &Path, timeout: Duration) -> Result<bool, SaveError> {
    let start = Instant::now();
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is involved.
        if unsafe { libc::flock(dir_file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => {}
            Some(c) if c == libc::EWOULDBLOCK => {
                if start.elapsed() >= timeout {
                    return Err(SaveError::Busy { path: dir.into() });
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::EBADF | libc::EINVAL) => {
                return Ok(false);
            }
            _ => return Err(io_err(dir, "lock the folder", e)),
        }
    }
}
