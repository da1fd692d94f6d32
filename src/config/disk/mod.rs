//! Loading and atomically saving `~/.modal.toml` without the Modal client's weaknesses
//! (spec §11: truncate-in-place, no lock, new files world-readable, missing folder = error).
//!
//! * Symlinks are followed and the **target** is replaced; the links stay links.
//! * Writers are serialised with `flock(2)` on `.<name>.modalcfg.lock`, a 0600 file we own
//!   next to the target (see `lock.rs`; nobody else can open it, so nobody else can block us).
//! * Under the lock the file is compared with what was loaded ([`Fingerprint`]); if another
//!   program changed it meanwhile, the caller may re-plan its edit on what is there now
//!   (a `rebase` given to [`save`], as `git rebase` does); otherwise nothing is written
//!   ([`SaveError::ChangedOnDisk`]).
//! * What the user set on the file is kept or the save is refused, never silently dropped:
//!   no write permission for us (the client's `open("w")` would fail too), several hard links
//!   (a rename would detach this name from the others), an owner or group we cannot give the
//!   new file, an extended attribute or ACL we cannot copy.
//! * The new bytes go to `.<name>.modalcfg-<pid>-<random>.tmp` in the same folder (0600,
//!   `O_EXCL`), are fsynced, get the old owner, extended attributes (ACL included) and mode,
//!   and are renamed over the target; then the folder is fsynced. On failure the temp file is
//!   removed and the original is untouched.
//! * Still under the lock the file is read back and must hash to what was written (after the
//!   lock is released another writer may legitimately replace it).
//! * Errors and `Debug` output name paths and operations, never file contents.
//!
//! On Windows the same steps run with what the platform has: `LockFileEx` on the lock file
//! (through `std::fs::File::try_lock`), a rename that replaces the target, the hidden and
//! system attributes kept, and a read-only file refused (the client's `open("w")` fails on it
//! too). POSIX modes, owners and extended attributes do not exist there; `make_private` says so.

#[cfg(unix)]
mod attrs;
mod fs_flags;
mod in_place;
mod lock;
mod read;
mod target;
mod temp;
#[cfg(all(test, unix))]
mod tests;
#[cfg(all(test, windows))]
mod tests_windows;

use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

pub use lock::lock_path;
use lock::{LOCK_TIMEOUT, lock};
pub use read::{ReadWithMode, read_config, read_config_with_mode};
use read::{current_state, read_locked};
pub use target::resolve_target;
use target::{ensure_dir, parent_of};
use temp::{remove_stale_temps, write_and_rename};

/// Mode of a newly created config file and of folders we create (it holds an API secret).
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o600;
#[cfg(unix)]
const NEW_DIR_MODE: u32 = 0o700;

/// What was on disk when the file was loaded: `None` = it did not exist.
/// Otherwise the SHA-256 of its bytes. `Debug` shows only a short hash prefix.
#[derive(Clone, PartialEq, Eq)]
pub struct Fingerprint(pub Option<[u8; 32]>);

impl Fingerprint {
    /// "The file did not exist."
    pub const ABSENT: Fingerprint = Fingerprint(None);
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("Fingerprint(absent)"),
            Some(h) => {
                f.write_str("Fingerprint(sha256:")?;
                h[..4].iter().try_for_each(|b| write!(f, "{b:02x}"))?;
                f.write_str("…)")
            }
        }
    }
}

/// Fingerprint of loaded bytes (`None` = the file did not exist).
pub fn fingerprint(bytes: Option<&[u8]>) -> Fingerprint {
    Fingerprint(bytes.map(|b| Sha256::digest(b).into()))
}

/// What a successful [`save`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveOutcome {
    /// The regular file actually written (symlinks resolved, folder canonicalised).
    pub target: PathBuf,
    /// The file did not exist before.
    pub created: bool,
    /// Folders created (mode 0700), outermost first.
    pub created_dirs: Vec<PathBuf>,
    /// Stale temp files of killed modalcfg runs removed from the folder.
    pub stale_temps_removed: usize,
    /// The file had changed on disk since it was loaded and the edit was re-planned on what
    /// was there (a `rebase` given to [`save`]).
    pub rebased: bool,
    /// `false` when the filesystem does not support `flock` (e.g. some network filesystems):
    /// the save was still checked and atomic, but not serialised with other writers.
    pub locked: bool,
    /// The file's permission bits now (the old file's, or 0600 for a new one); `None` on
    /// Windows, which has no POSIX modes.
    pub mode: Option<u32>,
    /// `false` if the final fsync of the folder failed (the file is replaced, but the rename may
    /// not survive a power loss).
    pub dir_synced: bool,
    /// Written in place, not replaced: the file could not be renamed over (a single-file
    /// bind mount, see `in_place`), so this write was not atomic.
    pub in_place: bool,
}

/// Why [`save`] wrote nothing. In every case the file on disk is unchanged.
#[derive(Debug)]
pub enum SaveError {
    /// The file differs from what was loaded (changed, created or deleted by someone else).
    ChangedOnDisk {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
    },
    /// Something other than a regular file (a folder, FIFO, socket, device) is at the path.
    NotARegularFile {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// What is there instead (`directory`, `FIFO`, …).
        /// What is there instead (`directory`, `FIFO`, …).
        kind: &'static str,
    },
    /// The file changed on disk since it was loaded and the edit could not be re-planned on
    /// what is there now (`detail` says why, e.g. the same key changed).
    Conflict {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// Why the edit cannot be applied on top.
        /// Why the edit cannot be applied on top.
        detail: String,
    },
    /// Another process (`holder`, e.g. "process 12 (modalcfg)") kept the lock file `path`
    /// locked for longer than the timeout.
    Busy {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// Who holds the lock.
        /// Who holds the lock.
        holder: String,
    },
    /// The lock file exists but belongs to someone else (who could block our writes).
    ForeignLock {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// The owner's user id.
        /// The owner's user id.
        uid: u32,
    },
    /// We have no write permission on the file (the client could not write it either).
    NotWritable {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// The file's permission bits.
        /// The file's permission bits.
        mode: u32,
    },
    /// The file is immutable or append-only (`chattr +i` / `+a`): no permission helps.
    Unchangeable {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// Which flag.
        /// Which flag.
        flag: fs_flags::Flag,
    },
    /// The file has the Windows read-only attribute (the client could not write it either).
    ReadOnly {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
    },
    /// The operation is about POSIX permissions, which Windows does not have.
    NotOnWindows {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// What was asked.
        /// What was asked.
        what: &'static str,
    },
    /// The file has several hard links: replacing it would detach this name from the others.
    HardLinked {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// How many names the file has.
        /// How many names the file has.
        links: u64,
    },
    /// The new file could not be given the old file's owner and group.
    OwnerNotKept {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// The owner's user id.
        /// The owner's user id.
        uid: u32,
        /// The group id.
        /// The group id.
        gid: u32,
    },
    /// An extended attribute (an ACL is one) of the old file could not be copied.
    AttrNotKept {
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// The attribute's name.
        name: String,
        /// The OS error.
        source: io::Error,
    },
    /// The file was replaced, but reading it back (still under the lock) did not give the
    /// bytes written: something outside modalcfg's control changed or corrupted it.
    ReadBackMismatch {
        /// The file (or lock file) concerned.
        /// The file (or lock file) concerned.
        path: PathBuf,
    },
    /// An operation failed; `op` reads as "could not {op} {path}".
    Io {
        /// The file (or lock file) concerned.
        path: PathBuf,
        /// What failed, as a verb phrase.
        op: &'static str,
        /// The OS error.
        source: io::Error,
    },
}

impl SaveError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            SaveError::ChangedOnDisk { path }
            | SaveError::NotARegularFile { path, .. }
            | SaveError::Conflict { path, .. }
            | SaveError::Busy { path, .. }
            | SaveError::ForeignLock { path, .. }
            | SaveError::NotWritable { path, .. }
            | SaveError::Unchangeable { path, .. }
            | SaveError::ReadOnly { path }
            | SaveError::NotOnWindows { path, .. }
            | SaveError::HardLinked { path, .. }
            | SaveError::OwnerNotKept { path, .. }
            | SaveError::AttrNotKept { path, .. }
            | SaveError::ReadBackMismatch { path }
            | SaveError::Io { path, .. } => path,
        }
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = crate::env::shown_os(self.path().as_os_str());
        match self {
            SaveError::ChangedOnDisk { .. } => write!(
                f,
                "{p} was changed by another program since it was loaded; nothing was written \
                 (reload it and try again)"
            ),
            SaveError::NotARegularFile { kind, .. } => {
                write!(
                    f,
                    "{p} is a {kind}, not a regular file; nothing was written"
                )
            }
            SaveError::Conflict { detail, .. } => write!(
                f,
                "{p} changed on disk since it was loaded and {detail}; nothing was written \
                 (reload it and try again)"
            ),
            SaveError::Busy { holder, .. } => write!(
                f,
                "{holder} has held the lock file {p} for over {} s; nothing was written",
                LOCK_TIMEOUT.as_secs()
            ),
            SaveError::ForeignLock { uid, .. } => write!(
                f,
                "the lock file {p} belongs to uid {uid}, who could block every write; nothing \
                 was written (remove it, modalcfg recreates it)"
            ),
            SaveError::NotWritable { mode, .. } => write!(
                f,
                "{p} is not writable for you (mode {mode:04o}); the Modal client could not write \
                 it either, so nothing was written (`chmod u+w` it to allow edits)"
            ),
            SaveError::Unchangeable { flag, .. } => write!(
                f,
                "{p} is {} (`chattr +{}`): nobody may change it, the Modal client neither, so \
                 nothing was written (`sudo chattr -{} {p}` to allow edits)",
                flag.name(),
                flag.letter(),
                flag.letter()
            ),
            SaveError::ReadOnly { .. } => write!(
                f,
                "{p} is read-only (its read-only attribute is set); the Modal client could not \
                 write it either, so nothing was written (clear \"Read-only\" in the file's \
                 Properties to allow edits)"
            ),
            SaveError::NotOnWindows { what, .. } => write!(
                f,
                "{what} is not on Windows: a file there has no POSIX mode (who may read {p} is \
                 set by its access control list, in the file's Properties > Security); nothing \
                 was changed"
            ),
            SaveError::HardLinked { links, .. } => write!(
                f,
                "{p} has {links} hard links; modalcfg replaces the file atomically (a new file \
                 renamed over it), which would detach this name from the other {}, so nothing \
                 was written (keep one name and make the others symbolic links: modalcfg \
                 writes through symbolic links)",
                links - 1
            ),
            SaveError::OwnerNotKept { uid, gid, .. } => write!(
                f,
                "{p} belongs to uid {uid}, gid {gid}, which you cannot give to the new file; \
                 replacing it would change its owner, so nothing was written (edit it as its \
                 owner)"
            ),
            SaveError::AttrNotKept { name, source, .. } => write!(
                f,
                "cannot keep the extended attribute {name} of {p} on the new file: {source}; \
                 nothing was written"
            ),
            SaveError::ReadBackMismatch { .. } => write!(
                f,
                "{p} was replaced, but reading it back right after did not give what was \
                 written; check it"
            ),
            SaveError::Io { op, source, .. } => {
                write!(
                    f,
                    "could not {op} {p}: {source} (the config file was not changed)"
                )
            }
        }
    }
}

impl std::error::Error for SaveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SaveError::Io { source, .. } | SaveError::AttrNotKept { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_err(path: &Path, op: &'static str, source: io::Error) -> SaveError {
    let path = path.to_path_buf();
    SaveError::Io { path, op, source }
}

fn changed(path: &Path) -> SaveError {
    SaveError::ChangedOnDisk {
        path: path.to_path_buf(),
    }
}

fn not_a_file(path: &Path, m: &Metadata) -> SaveError {
    let (path, kind) = (path.to_path_buf(), kind_of(m));
    SaveError::NotARegularFile { path, kind }
}

/// Human name of a file type, for errors.
fn kind_of(m: &Metadata) -> &'static str {
    let t = m.file_type();
    #[cfg(unix)]
    let special = {
        use std::os::unix::fs::FileTypeExt;
        [
            (t.is_fifo(), "FIFO (named pipe)"),
            (t.is_socket(), "socket"),
            (t.is_block_device() || t.is_char_device(), "device"),
        ]
    };
    #[cfg(not(unix))]
    let special = [];
    let kinds = [(t.is_dir(), "directory")]
        .into_iter()
        .chain(special)
        .chain([(t.is_symlink(), "symbolic link")]);
    kinds
        .into_iter()
        .find(|k| k.0)
        .map_or("special file", |k| k.1)
}

/// A regular file's POSIX permission bits (`None` on Windows, which has none).
fn mode_bits(m: &Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        None
    }
}

/// Whether a save waits for another writer's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Up to 10 seconds, then [`SaveError::Busy`] naming the holder (the CLI, a script).
    ForLock,
    /// Not at all: [`SaveError::Busy`] at once, nothing written (the app waits itself,
    /// drawing and cancellable, and tries again).
    Never,
}

impl Wait {
    fn timeout(self) -> Duration {
        match self {
            Wait::ForLock => LOCK_TIMEOUT,
            Wait::Never => Duration::ZERO,
        }
    }
}

/// Re-plans an edit on the bytes now on disk (`None`: no file): the new bytes, or why the edit
/// cannot be applied on top of what changed (refused as [`SaveError::Conflict`]).
pub type Rebase<'a> = &'a mut dyn FnMut(Option<&[u8]>) -> Result<Vec<u8>, String>;

/// The one function that writes the file's bytes: atomically replaces the file at `path`
/// with `contents` (see the module docs for the full procedure). When what is on disk no
/// longer matches `expected`, nothing is written ([`SaveError::ChangedOnDisk`]) unless a
/// `rebase` is given: it is called under the lock with what is there now, and its bytes are
/// written instead.
pub fn save(
    path: &Path,
    contents: &[u8],
    expected: &Fingerprint,
    rebase: Option<Rebase>,
    wait: Wait,
) -> Result<SaveOutcome, SaveError> {
    save_with_timeout(path, contents, expected, rebase, wait.timeout())
}

fn save_with_timeout(
    path: &Path,
    contents: &[u8],
    expected: &Fingerprint,
    rebase: Option<Rebase>,
    lock_timeout: Duration,
) -> Result<SaveOutcome, SaveError> {
    let target =
        resolve_target(path).map_err(|e| io_err(path, "resolve the symbolic links of", e))?;
    let Some(name) = target.file_name().map(OsStr::to_os_string) else {
        let kind = "directory"; // `/`, or a path ending in `..`
        return Err(SaveError::NotARegularFile { path: target, kind });
    };
    let dir = parent_of(&target).to_path_buf();
    let dir_gone =
        matches!(fs::symlink_metadata(&dir), Err(e) if e.kind() == io::ErrorKind::NotFound);
    if dir_gone && expected.0.is_some() && rebase.is_none() {
        return Err(changed(&target)); // the file was loaded, and even its folder is gone now
    }
    // Only a regular file is ever written: refuse a FIFO, a device (`/dev/null`) or a folder
    // before creating anything (a lock file in /dev, a folder).
    if let Ok(m) = fs::symlink_metadata(&target)
        && !m.is_file()
        && !m.file_type().is_symlink()
    {
        return Err(not_a_file(&target, &m));
    }
    let created_dirs = ensure_dir(&dir)?;

    let dir_file = open_dir(&dir)?;
    let dir_meta = (fs::metadata(&dir)).map_err(|e| io_err(&dir, "inspect the folder", e))?;
    // Held until `lock` is dropped at the end of this function.
    let lock = lock(&dir, &name, &dir_meta, lock_timeout)?;
    let locked = lock.held();
    // Without the lock a temp file might belong to a live writer: only clean up when locked.
    let stale_temps_removed = if locked { remove_stale_temps(&dir) } else { 0 };

    let mut old = current_state(&target)?;
    let found = Fingerprint(old.as_ref().map(|(hash, _)| *hash));
    let mut contents = std::borrow::Cow::Borrowed(contents);
    let rebased = found != *expected;
    if rebased {
        let Some(rebase) = rebase else {
            return Err(changed(&target));
        };
        let now = read_locked(&target)?;
        old = now
            .as_ref()
            .map(|(bytes, m)| (Sha256::digest(bytes).into(), m.clone()));
        if Fingerprint(old.as_ref().map(|(hash, _)| *hash)) != found {
            return Err(changed(&target)); // a writer that takes no lock is at work right now
        }
        let new = rebase(now.as_ref().map(|(b, _)| b.as_slice())).map_err(|detail| {
            SaveError::Conflict {
                path: target.clone(),
                detail,
            }
        })?;
        contents = std::borrow::Cow::Owned(new);
    }
    let old_meta = old.map(|(_, m)| m);
    if let Some(m) = &old_meta {
        keeps_what_the_user_set(&target, m)?;
    }
    // A file that can be written but not replaced (a single-file bind mount): in place.
    let in_place = match write_and_rename(&dir, &name, &target, &contents, old_meta.as_ref()) {
        Err(e) if old_meta.is_some() && in_place::rename_refused(&e) => {
            in_place::write_in_place(&target, &contents)?;
            true
        }
        other => other.map(|()| false)?,
    };
    let dir_synced = fault("sync_dir")
        .and_then(|()| sync_dir(dir_file.as_ref()))
        .is_ok();
    // Read back while still holding the lock: once it is released another modalcfg may
    // legitimately replace the file, and a later comparison would report a false failure.
    let written: [u8; 32] = Sha256::digest(&*contents).into();
    if current_state(&target)?.map(|(hash, _)| hash) != Some(written) {
        return Err(SaveError::ReadBackMismatch { path: target });
    }
    drop(lock);
    Ok(SaveOutcome {
        target,
        mode: old_meta.as_ref().map_or(NEW_FILE_MODE_BITS, mode_bits),
        created: old_meta.is_none(),
        created_dirs,
        stale_temps_removed,
        rebased,
        locked,
        dir_synced,
        in_place,
    })
}

/// What a new file's mode is reported as (`None` on Windows).
#[cfg(unix)]
const NEW_FILE_MODE_BITS: Option<u32> = Some(NEW_FILE_MODE);
#[cfg(not(unix))]
const NEW_FILE_MODE_BITS: Option<u32> = None;

/// The folder, opened to fsync it after the rename (Unix; Windows cannot open a folder as a
/// file, and its rename is durable once `MoveFileEx` returns).
#[cfg(unix)]
fn open_dir(dir: &Path) -> Result<Option<File>, SaveError> {
    File::open(dir)
        .map(Some)
        .map_err(|e| io_err(dir, "open the folder", e))
}
#[cfg(not(unix))]
fn open_dir(_dir: &Path) -> Result<Option<File>, SaveError> {
    Ok(None)
}

fn sync_dir(dir: Option<&File>) -> io::Result<()> {
    dir.map_or(Ok(()), File::sync_all)
}

/// Set the file's permission bits to 0600 (only its owner may read or write it), under the
/// lock, without touching its contents, owner or name (`modalcfg fix-permissions`). Returns
/// the mode before; symlinks are followed to the file. On Windows, which has no POSIX modes,
/// [`SaveError::NotOnWindows`].
pub fn make_private(path: &Path) -> Result<u32, SaveError> {
    let target =
        resolve_target(path).map_err(|e| io_err(path, "resolve the symbolic links of", e))?;
    let name = target.file_name().map(OsStr::to_os_string);
    let (Some(name), Ok(m)) = (name, fs::symlink_metadata(&target)) else {
        let e = io::Error::from(io::ErrorKind::NotFound);
        return Err(io_err(&target, "find", e));
    };
    if !m.is_file() {
        return Err(not_a_file(&target, &m));
    }
    sys::make_private(&target, &name)
}

#[cfg(unix)]
mod sys {
    use std::ffi::OsStr;
    use std::fs::{self, Metadata};
    use std::io;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    use super::lock::{LOCK_TIMEOUT, lock};
    use super::target::parent_of;
    use super::{NEW_FILE_MODE, SaveError, io_err};

    pub(super) fn make_private(target: &Path, name: &OsStr) -> Result<u32, SaveError> {
        let dir = parent_of(target);
        let dir_meta = fs::metadata(dir).map_err(|e| io_err(dir, "inspect the folder", e))?;
        let _lock = lock(dir, name, &dir_meta, LOCK_TIMEOUT)?;
        let Some((file, m)) = crate::config::disk::read::open_locked(target)? else {
            let e = io::Error::from(io::ErrorKind::NotFound);
            return Err(io_err(target, "find", e));
        };
        let before = m.mode() & 0o7777;
        if before != NEW_FILE_MODE {
            use std::os::unix::fs::PermissionsExt;
            (file.set_permissions(fs::Permissions::from_mode(NEW_FILE_MODE)))
                .map_err(|e| io_err(target, "set the permissions of", e))?;
        }
        Ok(before)
    }

    /// Refuse to replace a file whose permissions or links say it must not be (see the module
    /// docs). Owner, group and extended attributes are checked while copying them.
    pub(super) fn keeps_what_the_user_set(target: &Path, m: &Metadata) -> Result<(), SaveError> {
        use std::os::unix::ffi::OsStrExt;
        // `chattr +i` / `+a`: no mode change helps, and the client cannot write it either.
        if let Some(flag) = super::fs_flags::unchangeable(target) {
            return Err(SaveError::Unchangeable {
                path: target.into(),
                flag,
            });
        }
        // Like the client's `open(path, "w")`: the effective ids decide (root may write a 0400
        // file, a user may not).
        let c = std::ffi::CString::new(target.as_os_str().as_bytes())
            .map_err(|e| io_err(target, "check write permission on", io::Error::other(e)))?;
        // SAFETY: a valid NUL-terminated path; no memory is retained.
        let rc =
            unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) };
        if rc != 0 {
            let e = io::Error::last_os_error();
            return Err(match e.raw_os_error() {
                Some(libc::EACCES | libc::EPERM) => SaveError::NotWritable {
                    path: target.into(),
                    mode: m.mode() & 0o7777,
                },
                _ => io_err(target, "check write permission on", e),
            });
        }
        // A rename gives this name a new inode: the other links would keep the old contents.
        // Writing in place instead would give up atomicity (a crash could leave half a file),
        // so the choice is left to the user, in the message.
        if m.nlink() > 1 {
            return Err(SaveError::HardLinked {
                path: target.into(),
                links: m.nlink(),
            });
        }
        Ok(())
    }
}

#[cfg(windows)]
mod sys {
    use std::ffi::OsStr;
    use std::fs::Metadata;
    use std::path::Path;

    use super::SaveError;

    pub(super) fn make_private(target: &Path, _name: &OsStr) -> Result<u32, SaveError> {
        Err(SaveError::NotOnWindows {
            path: target.into(),
            what: "Making the file 0600",
        })
    }

    /// A read-only file is refused: the client's `open(path, "w")` fails on it, and replacing
    /// it would drop the attribute the user set.
    pub(super) fn keeps_what_the_user_set(target: &Path, m: &Metadata) -> Result<(), SaveError> {
        if m.permissions().readonly() {
            return Err(SaveError::ReadOnly {
                path: target.into(),
            });
        }
        Ok(())
    }
}

use sys::keeps_what_the_user_set;

/// Test hook: a no-op in normal builds.
#[cfg(not(test))]
#[inline(always)]
fn fault(_step: &'static str) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
thread_local! {
    /// The step at which the tests inject an I/O failure (per test thread).
    static FAIL_AT: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Test hook: fails at the step the test named in [`FAIL_AT`] (both platforms' writer tests).
#[cfg(test)]
fn fault(step: &'static str) -> io::Result<()> {
    match FAIL_AT.with(|f| f.get()) {
        Some(s) if s == step => Err(io::Error::other(format!("injected failure at {step}"))),
        _ => Ok(()),
    }
}
