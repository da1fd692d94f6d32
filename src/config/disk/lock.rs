//! Serialising writers: an exclusive lock on a lock file next to the config
//! (`.<name>.modalcfg.lock`), taken with `std::fs::File::try_lock` (`flock(2)` on Unix,
//! `LockFileEx` on Windows).
//!
//! Locking the folder itself (as modalcfg once did) let any local user who can read `$HOME`
//! block every write. On Unix the lock file is 0600 and owned by us (or by the folder's owner,
//! e.g. when root edits a user's file), so nobody else can open, hence lock, it; on Windows it
//! inherits the folder's access control (a user profile is private to its user). When the lock
//! stays taken, the error names the process holding it (on Linux from `/proc/locks`, else the
//! pid written in the file by the last modalcfg that took it).
//!
//! The lock file does not outlive the write (it would stay in `$HOME` forever): on Unix the
//! holder deletes it while still holding the lock, and whoever takes the lock checks that the
//! path still names the file it locked (same device and inode), else it opens the path again
//! and retries ([`lock`], [`Lock`]'s `Drop`). So a writer that opened the file just before it
//! was deleted and then got the lock on the deleted file notices and starts over, and two
//! writers are never inside at once: the lock is as strong as before. A cooperating tool that
//! takes the lock must do the same check after its `flock` (the race test's editor does, in
//! `tests/reliability_race.rs`); one that locks without checking is serialised against
//! modalcfg only while the file exists, as with any unlink-under-lock scheme. When the
//! filesystem cannot lock, nothing is deleted (there is no lock to delete it under).
//!
//! On Windows a file another process has open cannot be deleted, and a waiting writer always
//! has it open, so the lock file stays there.

use std::ffi::{OsStr, OsString};
use std::fs::{File, Metadata, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{SaveError, io_err};

/// How long a save waits for another writer holding the lock.
pub(super) const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// The lock file of the config file named `name` in `dir`: `.modal.toml` →
/// `.modal.toml.modalcfg.lock`, `modal.toml` → `.modal.toml.modalcfg.lock`.
pub fn lock_path(dir: &Path, name: &OsStr) -> PathBuf {
    let mut file = OsString::from(if name.as_encoded_bytes().starts_with(b".") {
        ""
    } else {
        "."
    });
    file.push(name);
    file.push(".modalcfg.lock");
    dir.join(file)
}

/// A taken lock (released when dropped, after deleting the lock file on Unix), or `None`
/// inside when the filesystem cannot lock.
pub(super) struct Lock(Option<File>, PathBuf);

impl Drop for Lock {
    /// Delete the lock file while still holding the lock (then the descriptor closes and the
    /// lock is released): a writer waiting on it sees that the path no longer names the file
    /// it locked and starts over (see the module docs).
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            sys::remove_held(&self.1, file);
        }
    }
}

impl Lock {
    pub(super) fn held(&self) -> bool {
        self.0.is_some()
    }
}

/// Take an exclusive lock on the lock file of `name` in `dir` (whose metadata is `dir_meta`),
/// waiting up to `timeout`.
pub(super) fn lock(
    dir: &Path,
    name: &OsStr,
    dir_meta: &Metadata,
    timeout: Duration,
) -> Result<Lock, SaveError> {
    let path = lock_path(dir, name);
    let mut file = sys::open_lock_file(&path, dir_meta)?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            // The holder before us deleted the file we locked (or something replaced it):
            // lock what the path names now.
            Ok(()) if !sys::names_file(&path, &file) => {
                file = sys::open_lock_file(&path, dir_meta)?;
            }
            Ok(()) => {
                // Best effort: who holds it, for the message another writer may show.
                let _ = file
                    .set_len(0)
                    .and_then(|()| file.write_all(format!("{}\n", std::process::id()).as_bytes()));
                return Ok(Lock(Some(file), path));
            }
            Err(TryLockError::WouldBlock) => {
                if start.elapsed() >= timeout {
                    let holder = holder(&mut file);
                    return Err(SaveError::Busy { path, holder });
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(TryLockError::Error(e)) if sys::cannot_lock(&e) => return Ok(Lock(None, path)),
            Err(TryLockError::Error(e)) => return Err(io_err(&path, "lock", e)),
        }
    }
}

/// "process 123 (modalcfg)": the holder of the lock, as `/proc/locks` tells (Linux), else the
/// pid the last locker wrote in the file (on Windows the locked file cannot be read: "another
/// process").
fn holder(file: &mut File) -> String {
    let pid = sys::holder_from_system(file).or_else(|| {
        let mut s = String::new();
        file.rewind().ok()?;
        file.take(32).read_to_string(&mut s).ok()?;
        s.trim().parse().ok()
    });
    match pid {
        Some(pid) => format!("process {pid}{}", sys::process_name(pid)),
        None => "another process".into(),
    }
}

#[cfg(unix)]
mod sys {
    use std::fs::{File, Metadata, OpenOptions};
    use std::io;
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::path::Path;

    use super::super::{NEW_FILE_MODE, SaveError, io_err};

    /// Open (creating it 0600 if needed) the lock file and check that nobody else could lock it.
    pub(super) fn open_lock_file(path: &Path, dir_meta: &Metadata) -> Result<File, SaveError> {
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
        if !m.is_file() || (m.uid() != me && m.uid() != dir_meta.uid()) {
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

    /// Whether `path` (not followed if it is a symbolic link) names the open `file`.
    pub(super) fn names_file(path: &Path, file: &File) -> bool {
        match (std::fs::symlink_metadata(path), file.metadata()) {
            (Ok(p), Ok(f)) => p.dev() == f.dev() && p.ino() == f.ino(),
            _ => false,
        }
    }

    /// Deletes the lock file `file` (held) while the lock is still held, if the path still
    /// names it.
    pub(super) fn remove_held(path: &Path, file: &File) {
        if names_file(path, file) {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The filesystem does not support `flock` (some network filesystems): save unlocked.
    pub(super) fn cannot_lock(e: &io::Error) -> bool {
        matches!(
            e.raw_os_error(),
            Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::EBADF | libc::EINVAL)
        )
    }

    /// The pid of the `FLOCK` holder of `file` in `/proc/locks`.
    #[cfg(target_os = "linux")]
    pub(super) fn holder_from_system(file: &File) -> Option<u32> {
        let m = file.metadata().ok()?;
        let locks = std::fs::read_to_string("/proc/locks").ok()?;
        super::proc_locks::holder(&locks, m.dev(), m.ino())
    }

    /// No `/proc/locks` outside Linux: the pid in the file tells.
    #[cfg(not(target_os = "linux"))]
    pub(super) fn holder_from_system(_file: &File) -> Option<u32> {
        None
    }

    /// " (modalcfg)": the process's name from `/proc/<pid>/comm`, empty where there is none.
    pub(super) fn process_name(pid: u32) -> String {
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .map(|c| format!(" ({})", c.trim()))
            .unwrap_or_default()
    }
}

#[cfg(windows)]
mod sys {
    use std::fs::{File, Metadata, OpenOptions};
    use std::io;
    use std::path::Path;

    use super::super::{SaveError, io_err};

    /// Open (creating it if needed) the lock file. Windows has no owner check to make here:
    /// the file inherits the access control of its folder.
    pub(super) fn open_lock_file(path: &Path, _dir_meta: &Metadata) -> Result<File, SaveError> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| io_err(path, "open the lock file", e))?;
        let m = file
            .metadata()
            .map_err(|e| io_err(path, "inspect the lock file", e))?;
        if !m.is_file() {
            let e = io::Error::other("it is not a regular file");
            return Err(io_err(path, "open the lock file", e));
        }
        Ok(file)
    }

    /// The lock file is never deleted on Windows (see the module docs), so the path always
    /// names the file locked.
    pub(super) fn names_file(_path: &Path, _file: &File) -> bool {
        true
    }

    /// Nothing to delete: a waiting writer has the file open, which Windows refuses to delete.
    pub(super) fn remove_held(_path: &Path, _file: &File) {}

    /// `ERROR_INVALID_FUNCTION` / `ERROR_NOT_SUPPORTED`: the filesystem cannot lock (some
    /// network shares): save unlocked.
    pub(super) fn cannot_lock(e: &io::Error) -> bool {
        matches!(e.raw_os_error(), Some(1 | 50))
    }

    /// Windows has no list of who holds a lock.
    pub(super) fn holder_from_system(_file: &File) -> Option<u32> {
        None
    }

    /// No process name is looked up on Windows.
    pub(super) fn process_name(_pid: u32) -> String {
        String::new()
    }
}

/// `/proc/locks` parsing (Linux).
#[cfg(target_os = "linux")]
mod proc_locks {
    /// The pid of the `FLOCK` holder of the file with this device and inode in `/proc/locks`
    /// (lines like `1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF`).
    pub(super) fn holder(locks: &str, dev: u64, ino: u64) -> Option<u32> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_names() {
        let d = Path::new("/h");
        assert_eq!(
            lock_path(d, OsStr::new(".modal.toml")),
            Path::new("/h/.modal.toml.modalcfg.lock")
        );
        assert_eq!(
            lock_path(d, OsStr::new("c.toml")),
            Path::new("/h/.c.toml.modalcfg.lock")
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_locks_parsing() {
        use super::proc_locks::holder as proc_locks_holder;
        let dev = libc::makedev(0xfd, 0x01);
        let locks = "1: POSIX  ADVISORY  WRITE 77 fd:01:42 0 EOF\n\
                     2: FLOCK  ADVISORY  WRITE 1234 fd:01:42 0 EOF\n";
        assert_eq!(proc_locks_holder(locks, dev, 42), Some(1234));
        assert_eq!(proc_locks_holder(locks, dev, 43), None);
    }

    /// Whether another open of `path` could take the lock now.
    #[cfg(unix)]
    fn free(path: &Path) -> bool {
        use std::os::fd::AsRawFd;
        let f = File::open(path).unwrap();
        // SAFETY: flock on a descriptor we own.
        unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_goes_with_the_lock_and_a_waiter_on_it_starts_over() {
        use std::os::unix::fs::MetadataExt;
        let t = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(t.path()).unwrap();
        let meta = std::fs::metadata(&dir).unwrap();
        let name = OsStr::new(".modal.toml");
        let path = lock_path(&dir, name);
        let first = lock(&dir, name, &meta, Duration::ZERO).unwrap();
        let first_ino = std::fs::metadata(&path).unwrap().ino();
        assert!(!free(&path));
        // A second writer opens the file now and waits for the lock on it.
        let (held, taken) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let (d, m) = (dir.clone(), meta.clone());
        let waiter = std::thread::spawn(move || {
            let l = lock(&d, OsStr::new(".modal.toml"), &m, Duration::from_secs(10)).unwrap();
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
