//! Loading and atomically saving `~/.modal.toml` without the Modal client's weaknesses
//! (spec §11: truncate-in-place, no lock, new files world-readable, missing folder = error).
//!
//! * Symlinks are followed and the **target** is replaced; the links stay links.
//! * Writers are serialised with `flock(2)` on the target's folder (no lock file is left).
//! * Under the lock the file is compared with what was loaded ([`Fingerprint`]); if another
//!   program changed it meanwhile nothing is written ([`SaveError::ChangedOnDisk`]).
//! * The new bytes go to `.<name>.modalcfg-<pid>-<random>.tmp` in the same folder (0600,
//!   `O_EXCL`), are fsynced, get the old mode and owner, and are renamed over the target; then
//!   the folder is fsynced. On failure the temp file is removed and the original is untouched.
//! * Still under the lock the file is read back and must hash to what was written (after the
//!   lock is released another writer may legitimately replace it).
//! * Errors and `Debug` output name paths and operations, never file contents.

mod lock;
mod read;
mod target;
mod temp;
#[cfg(test)]
mod tests;

use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File, Metadata};
use std::io;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use lock::{LOCK_TIMEOUT, lock_dir};
use read::current_state;
pub use read::read_config;
pub use target::resolve_target;
use target::{ensure_dir, parent_of};
use temp::{remove_stale_temps, write_and_rename};

/// Mode of a newly created config file and of folders we create (it holds an API secret).
const NEW_FILE_MODE: u32 = 0o600;
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

/// What a successful [`save_atomic`] did.
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
    /// `false` when the filesystem does not support `flock` (e.g. some network filesystems):
    /// the save was still checked and atomic, but not serialised with other writers.
    pub locked: bool,
    /// `false` if the final fsync of the folder failed (the file is replaced, but the rename may
    /// not survive a power loss).
    pub dir_synced: bool,
}

/// Why [`save_atomic`] wrote nothing. In every case the file on disk is unchanged.
#[derive(Debug)]
pub enum SaveError {
    /// The file differs from what was loaded (changed, created or deleted by someone else).
    ChangedOnDisk { path: PathBuf },
    /// Something other than a regular file (a folder, FIFO, socket, device) is at the path.
    NotARegularFile { path: PathBuf, kind: &'static str },
    /// Another modalcfg kept the folder locked for longer than the timeout.
    Busy { path: PathBuf },
    /// The file was replaced, but reading it back (still under the lock) did not give the
    /// bytes written: something outside modalcfg's control changed or corrupted it.
    ReadBackMismatch { path: PathBuf },
    /// An operation failed; `op` reads as "could not {op} {path}".
    Io {
        path: PathBuf,
        op: &'static str,
        source: io::Error,
    },
}

impl SaveError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            SaveError::ChangedOnDisk { path }
            | SaveError::NotARegularFile { path, .. }
            | SaveError::Busy { path }
            | SaveError::ReadBackMismatch { path }
            | SaveError::Io { path, .. } => path,
        }
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.path().display();
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
            SaveError::Busy { .. } => write!(
                f,
                "another modalcfg kept {p} locked for over {} s; nothing was written",
                LOCK_TIMEOUT.as_secs()
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
            SaveError::Io { source, .. } => Some(source),
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
    let kinds = [
        (t.is_dir(), "directory"),
        (t.is_fifo(), "FIFO (named pipe)"),
        (t.is_socket(), "socket"),
        (t.is_block_device() || t.is_char_device(), "device"),
        (t.is_symlink(), "symbolic link"),
    ];
    kinds
        .into_iter()
        .find(|k| k.0)
        .map_or("special file", |k| k.1)
}

/// Atomically replace the file at `path` with `contents`, only if what is on disk still matches
/// `expected` (see the module docs for the full procedure).
pub fn save_atomic(
    path: &Path,
    contents: &[u8],
    expected: &Fingerprint,
) -> Result<SaveOutcome, SaveError> {
    save_with_timeout(path, contents, expected, LOCK_TIMEOUT)
}

fn save_with_timeout(
    path: &Path,
    contents: &[u8],
    expected: &Fingerprint,
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
    if dir_gone && expected.0.is_some() {
        return Err(changed(&target)); // the file was loaded, and even its folder is gone now
    }
    let created_dirs = ensure_dir(&dir)?;

    let dir_file = File::open(&dir).map_err(|e| io_err(&dir, "open the folder", e))?;
    // Held until `dir_file` is dropped at the end of this function.
    let locked = lock_dir(&dir_file, &dir, lock_timeout)?;
    // Without the lock a temp file might belong to a live writer: only clean up when locked.
    let stale_temps_removed = if locked { remove_stale_temps(&dir) } else { 0 };

    let old = current_state(&target)?;
    let found = Fingerprint(old.as_ref().map(|(hash, _)| *hash));
    if found != *expected {
        return Err(changed(&target));
    }
    let old_meta = old.map(|(_, m)| m);
    write_and_rename(&dir, &name, &target, contents, old_meta.as_ref())?;
    let dir_synced = fault("sync_dir").and_then(|()| dir_file.sync_all()).is_ok();
    // Read back while still holding the lock: once it is released another modalcfg may
    // legitimately replace the file, and a later comparison would report a false failure.
    let written: [u8; 32] = Sha256::digest(contents).into();
    if current_state(&target)?.map(|(hash, _)| hash) != Some(written) {
        return Err(SaveError::ReadBackMismatch { path: target });
    }
    Ok(SaveOutcome {
        target,
        created: old_meta.is_none(),
        created_dirs,
        stale_temps_removed,
        locked,
        dir_synced,
    })
}

/// Test hook (see `tests::fault`): a no-op in normal builds.
#[cfg(not(test))]
#[inline(always)]
fn fault(_step: &'static str) -> io::Result<()> {
    Ok(())
}
#[cfg(test)]
use tests::fault;
