//! Serialising writers: an exclusive `flock(2)` on a lock file we own next to the config
//! (`.<name>.modalcfg.lock`, mode 0600).
//!
//! Locking the folder itself (as modalcfg once did) let any local user who can read `$HOME`
//! block every write. A 0600 file owned by us (or by the folder's owner, e.g. when root edits a
//! user's file) cannot be opened, hence not locked, by anyone else. When the lock stays taken,
//! the error names the process holding it (from `/proc/locks`, else the pid written in the
//! file by the last modalcfg that took it).
//!
//! The lock file does not outlive the write (it would stay in `$HOME` forever): the holder
//! deletes it while still holding the lock, and whoever takes the lock checks that the path
//! still names the file it locked (same device and inode), else it opens the path again and
//! retries ([`lock`], [`Lock`]'s `Drop`). So a writer that opened the file just before it was
//! deleted and then got the lock on the deleted file notices and starts over, and two
//! writers are never inside at once: the lock is as strong as before. A cooperating tool that
//! takes the lock must do the same check after its `flock` (the race test's editor does, in
//! `tests/reliability_race.rs`); one that locks without checking is serialised against
//! modalcfg only while the file exists, as with any unlink-under-lock scheme (e.g. Maildir's
//! dot-locks, systemd's `LockFile` helpers). When the filesystem cannot lock, nothing is
//! deleted (there is no lock to delete it under) and the file stays.
//!
//! Windows (its own lock module): a file another process has open cannot be deleted, and a
//! waiting writer always has it open, so the lock file stays there.

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{NEW_FILE_MODE, SaveError, io_err};

/// How long a save waits for another writer holding the lock.
pub(super) const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// The lock file of the config file named `name` in `dir`: `.modal.toml` →
/// `.modal.toml.modalcfg.lock`, `modal.toml` → `.modal.toml.modalcfg.lock`.
pub fn lock_path(dir: &Path, name: &OsStr) -> PathBuf {
    let mut file = OsString::from(if name.as_bytes().starts_with(b".") {
        ""
    } else {
        "."
    });
    file.push(name);
    file.push(".modalcfg.lock");
    dir.join(file)
}

/// A taken lock (released when dropped, after deleting the lock file), or `None` inside when
/// the filesystem cannot lock.
pub(super) struct Lock(Option<File>, PathBuf);

impl Drop for Lock {
    /// Delete the lock file while still holding the lock (then the descriptor closes and the
    /// lock is released): a writer waiting on it sees that the path no longer names the file
    /// it locked and starts over (see the module docs).
    fn drop(&mut self) {
        if let Some(file) = &self.0
            && names_file(&self.1, file)
        {
            let _ = std::fs::remove_file(&self.1);
        }
    }
}

/// Whether `path` (not followed if it is a symbolic link) names the open `file`.
fn names_file(path: &Path, file: &File) -> bool {
    match (std::fs::symlink_metadata(path), file.metadata()) {
        (Ok(p), Ok(f)) => p.dev() == f.dev() && p.ino() == f.ino(),
        _ => false,
    }
}

impl Lock {
    pub(super) fn held(&self) -> bool {
        self.0.is_some()
    }
}

/// Open (creating it 0600 if needed) the lock file and check that nobody else could lock it.
fn open_lock_file(path: &Path, dir_owner: u32) -> Result<File, SaveError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(NEW_FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NOCTTY | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| io_err(path, "open the lock file", e))?;
    let m = file
        .metadata()
        .map_err(|e| io_err(path, "inspect the lock file", e))?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if !m.is_file() || (m.uid() != me && m.uid() != dir_owner) {
        return Err(SaveError::ForeignLock {
            path: path.into(),
            uid: m.uid(),
        });
    }
    if m.mode() & 0o077 != 0 {
        if m.uid() != me {
            return Err(SaveError::ForeignLock {
                path: path.into(),
                uid: m.uid(),
            });
        }
        // Ours but readable by others (an old umask, a copy): close it to them.
        file.set_permissions(std::fs::Permissions::from_mode(NEW_FILE_MODE))
            .map_err(|e| io_err(path, "set the permissions of the lock file", e))?;
    }
    Ok(file)
}

/// Take an exclusive `flock` on the lock file of `name` in `dir`, waiting up to `timeout`.
pub(super) fn lock(
    dir: &Path,
    name: &OsStr,
    dir_owner: u32,
    timeout: Duration,
) -> Result<Lock, SaveError> {
    let path = lock_path(dir, name);
    let mut file = open_lock_file(&path, dir_owner)?;
    let start = Instant::now();
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is involved.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            // The holder before us deleted the file we locked (or something replaced it):
            // lock what the path names now.
            if !names_file(&path, &file) {
                file = open_lock_file(&path, dir_owner)?;
                continue;
            }
            // Best effort: who holds it, for the message another writer may show.
            let _ = file
                .set_len(0)
                .and_then(|()| file.write_all(format!("{}\n", std::process::id()).as_bytes()));
            return Ok(Lock(Some(file), path));
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => {}
            Some(c) if c == libc::EWOULDBLOCK => {
                if start.elapsed() >= timeout {
                    let holder = holder(&mut file);
                    return Err(SaveError::Busy { path, holder });
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::EBADF | libc::EINVAL) => {
                return Ok(Lock(None, path));
            }
            _ => return Err(io_err(&path, "lock", e)),
        }
    }
}

/// "process 123 (modalcfg)": the holder of the lock, as `/proc/locks` tells, else the pid the
/// last locker wrote in the file.
fn holder(file: &mut File) -> String {
    let from_proc = file.metadata().ok().and_then(|m| {
        let locks = std::fs::read_to_string("/proc/locks").ok()?;
        proc_locks_holder(&locks, m.dev(), m.ino())
    });
    let pid = from_proc.or_else(|| {
        let mut s = String::new();
        file.rewind().ok()?;
        file.take(32).read_to_string(&mut s).ok()?;
        s.trim().parse().ok()
    });
    match pid {
        Some(pid) => {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|c| format!(" ({})", c.trim()))
                .unwrap_or_default();
            format!("process {pid}{comm}")
        }
        None => "another process".into(),
    }
}

/// The pid of the `FLOCK` holder of the file with this device and inode in `/proc/locks`
/// (lines like `1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF`).
fn proc_locks_holder(locks: &str, dev: u64, ino: u64) -> Option<u32> {
    let (maj, min) = (libc::major(dev), libc::minor(dev));
    locks.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let (kind, pid, id) = (f.get(1)?, f.get(4)?, f.get(5)?);
        let mut parts = id.split(':');
        let ma = u32::from_str_radix(parts.next()?, 16).ok()?;
        let mi = u32::from_str_radix(parts.next()?, 16).ok()?;
        let i: u64 = parts.next()?.parse().ok()?;
        (*kind == "FLOCK" && ma == maj && mi == min && i == ino)
            .then(|| pid.parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_names_and_proc_locks_parsing() {
        let d = Path::new("/h");
        assert_eq!(
            lock_path(d, OsStr::new(".modal.toml")),
            Path::new("/h/.modal.toml.modalcfg.lock")
        );
        assert_eq!(
            lock_path(d, OsStr::new("c.toml")),
            Path::new("/h/.c.toml.modalcfg.lock")
        );
        let dev = libc::makedev(0xfd, 0x01);
        let locks = "1: POSIX  ADVISORY  WRITE 77 fd:01:42 0 EOF\n\
                     2: FLOCK  ADVISORY  WRITE 1234 fd:01:42 0 EOF\n";
        assert_eq!(proc_locks_holder(locks, dev, 42), Some(1234));
        assert_eq!(proc_locks_holder(locks, dev, 43), None);
    }

    /// Whether another open of `path` could take the lock now.
    fn free(path: &Path) -> bool {
        let f = File::open(path).unwrap();
        // SAFETY: flock on a descriptor we own.
        unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }

    #[test]
    fn the_lock_file_goes_with_the_lock_and_a_waiter_on_it_starts_over() {
        let t = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(t.path()).unwrap();
        let name = OsStr::new(".modal.toml");
        let path = lock_path(&dir, name);
        let first = lock(&dir, name, 0, Duration::ZERO).unwrap();
        let first_ino = std::fs::metadata(&path).unwrap().ino();
        assert!(!free(&path));
        // A second writer opens the file now and waits for the lock on it.
        let (held, taken) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let d = dir.clone();
        let waiter = std::thread::spawn(move || {
            let l = lock(&d, OsStr::new(".modal.toml"), 0, Duration::from_secs(10)).unwrap();
            held.send(()).unwrap();
            released.recv().unwrap();
            drop(l);
        });
        std::thread::sleep(Duration::from_millis(200));
        drop(first);
        taken.recv().unwrap();
        // The first file was deleted under the lock; the waiter holds the file the path names
        // now, and nobody else can take it.
        let now = std::fs::metadata(&path).unwrap();
        assert_ne!(now.ino(), first_ino);
        assert!(!free(&path));
        release.send(()).unwrap();
        waiter.join().unwrap();
        assert!(std::fs::symlink_metadata(&path).is_err(), "lock file left");
    }
}
