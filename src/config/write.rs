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

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::{self, DirBuilder, File, Metadata, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// Longest symlink chain followed (the kernel's own limit is 40).
const MAX_SYMLINK_HOPS: usize = 40;
/// How long a save waits for another modalcfg writing in the same folder.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);
const TMP_TAG: &str = ".modalcfg-";
const TMP_SUFFIX: &str = ".tmp";
const TMP_RAND_LEN: usize = 10;
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

/// The folder a path is in (`.` for a bare file name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

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

/// Follow a chain of symlinks (relative links resolved against the link's own folder) to the
/// final target path, which may not exist yet. A loop (or more than 40 links) is an error.
/// When the target's folder exists it is canonicalised, so the result is absolute and clean.
pub fn resolve_target(path: &Path) -> io::Result<PathBuf> {
    let mut cur = path.to_path_buf();
    let mut seen: Vec<PathBuf> = Vec::new();
    loop {
        match fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                if seen.contains(&cur) || seen.len() >= MAX_SYMLINK_HOPS {
                    return Err(io::Error::other(format!(
                        "symbolic link loop (or more than {MAX_SYMLINK_HOPS} links) while \
                         resolving {}, at {}",
                        path.display(),
                        cur.display()
                    )));
                }
                let link = fs::read_link(&cur)?;
                let next = if link.is_absolute() {
                    link
                } else {
                    parent_of(&cur).join(link)
                };
                seen.push(std::mem::replace(&mut cur, next));
            }
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::NotFound => break,
            Err(e) => return Err(e),
        }
    }
    // Canonicalising only the folder keeps the final name (it may not exist yet) and gives the
    // same result the kernel would (`..` after a symlinked folder goes to the link's target).
    if let Some(name) = cur.file_name()
        && let Ok(dir) = fs::canonicalize(parent_of(&cur))
    {
        return Ok(dir.join(name));
    }
    Ok(cur)
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

/// Create the missing folders of `dir` with mode 0700 (whatever the umask); returns them,
/// outermost first.
fn ensure_dir(dir: &Path) -> Result<Vec<PathBuf>, SaveError> {
    let mut missing: Vec<PathBuf> = (dir.ancestors())
        .take_while(|p| !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    (DirBuilder::new()
        .recursive(true)
        .mode(NEW_DIR_MODE)
        .create(dir))
    .map_err(|e| io_err(dir, "create the folder", e))?;
    missing.reverse();
    for d in &missing {
        fs::set_permissions(d, Permissions::from_mode(NEW_DIR_MODE))
            .map_err(|e| io_err(d, "set the permissions of the folder", e))?;
    }
    Ok(missing)
}

/// Take an exclusive `flock` on the folder. `Ok(false)`: the filesystem cannot lock.
fn lock_dir(dir_file: &File, dir: &Path, timeout: Duration) -> Result<bool, SaveError> {
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

/// Whether `name` is one of our temp files: `.<name>.modalcfg-<digits>-<10 alphanumerics>.tmp`.
fn is_our_temp(name: &OsStr) -> bool {
    let b = name.as_bytes();
    let Some(core) = b
        .strip_prefix(b".")
        .and_then(|c| c.strip_suffix(TMP_SUFFIX.as_bytes()))
    else {
        return false;
    };
    let tag = TMP_TAG.as_bytes();
    let Some(i) = core.windows(tag.len()).rposition(|w| w == tag) else {
        return false;
    };
    let rest = &core[i + tag.len()..];
    let Some(dash) = rest.iter().position(|&c| c == b'-') else {
        return false;
    };
    let (pid, rand) = (&rest[..dash], &rest[dash + 1..]);
    i > 0
        && !pid.is_empty()
        && pid.iter().all(u8::is_ascii_digit)
        && rand.len() == TMP_RAND_LEN
        && rand.iter().all(u8::is_ascii_alphanumeric)
}

/// Remove our temp files left in `dir` by killed runs (call only under the lock). Best effort.
fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| is_our_temp(&e.file_name()))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// The target's current hash and metadata, `None` if it does not exist.
fn current_state(target: &Path) -> Result<Option<([u8; 32], Metadata)>, SaveError> {
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

/// Write a temp file next to `target` and rename it over `target`. The temp file is a
/// `NamedTempFile`, so every early return (and the failed-rename path) deletes it.
fn write_and_rename(
    dir: &Path,
    name: &OsStr,
    target: &Path,
    contents: &[u8],
    old: Option<&Metadata>,
) -> Result<(), SaveError> {
    // `.modal.toml` -> `.modal.toml.modalcfg-…`; `modal.toml` -> `.modal.toml.modalcfg-…`.
    let dot = if name.as_bytes().starts_with(b".") {
        ""
    } else {
        "."
    };
    let mut prefix = OsString::from(dot);
    prefix.push(name);
    prefix.push(format!("{TMP_TAG}{}-", std::process::id()));
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TMP_SUFFIX)
        .rand_bytes(TMP_RAND_LEN)
        .permissions(Permissions::from_mode(NEW_FILE_MODE))
        .tempfile_in(dir)
        .map_err(|e| io_err(dir, "create a temporary file in", e))?;
    let tmp_path = tmp.path().to_path_buf();
    let tp = tmp_path.as_path();
    let fail = |op: &'static str| move |e: io::Error| io_err(tp, op, e);

    tmp.write_all(contents)
        .and_then(|()| fault("write"))
        .map_err(fail("write the temporary file"))?;
    if let Some(m) = old {
        // Keep the owner when we can (root editing a user's file); EPERM just means we can't.
        match std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid())) {
            Err(e) if e.raw_os_error() != Some(libc::EPERM) => {
                return Err(fail("set the owner of the temporary file")(e));
            }
            _ => {}
        }
    }
    // After fchown, which may clear set-id bits. Explicit, so the umask plays no part.
    let mode = old.map_or(NEW_FILE_MODE, |m| m.mode() & 0o7777);
    tmp.as_file()
        .set_permissions(Permissions::from_mode(mode))
        .map_err(fail("set the permissions of the temporary file"))?;
    tmp.as_file()
        .sync_all()
        .and_then(|()| fault("sync"))
        .map_err(fail("fsync the temporary file"))?;
    let rename_op = "rename the temporary file over";
    fault("rename").map_err(|e| io_err(target, rename_op, e))?;
    // On failure the returned PersistError owns the temp file and deletes it when dropped.
    tmp.persist(target)
        .map_err(|e| io_err(target, rename_op, e.error))?;
    Ok(())
}

/// Test hook (see `tests::fault`): a no-op in normal builds.
#[cfg(not(test))]
#[inline(always)]
fn fault(_step: &'static str) -> io::Result<()> {
    Ok(())
}
#[cfg(test)]
use tests::fault;

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::sync::mpsc;

    thread_local! {
        /// The step at which to inject an I/O failure (per test thread).
        static FAIL_AT: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
    }

    pub(super) fn fault(step: &'static str) -> io::Result<()> {
        match FAIL_AT.with(|f| f.get()) {
            Some(s) if s == step => Err(io::Error::other(format!("injected failure at {step}"))),
            _ => Ok(()),
        }
    }

    const SECRET: &[u8] = b"[default]\ntoken_id = \"ak-1\"\ntoken_secret = \"as-SECRET\"\n";
    const NEW: &[u8] = b"[default]\ntoken_id = \"ak-2\"\ntoken_secret = \"as-NEWSECRET\"\n";

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }
    fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions.
        unsafe { libc::geteuid() == 0 }
    }
    /// Write `bytes` at `p` with `m` and return the fingerprint a loader would record.
    fn put(p: &Path, bytes: &[u8], m: u32) -> Fingerprint {
        fs::write(p, bytes).unwrap();
        fs::set_permissions(p, Permissions::from_mode(m)).unwrap();
        fingerprint(read_config(p).unwrap().as_deref())
    }
    fn temps_in(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".modalcfg-"))
            .collect()
    }
    fn no_secret(text: &str) {
        assert!(!text.contains("SECRET"), "contents leaked into: {text}");
    }

    #[test]
    fn new_file_gets_0600_and_missing_parents_0700() {
        let t = tempfile::tempdir().unwrap();
        let path = t.path().join("a/b/.modal.toml");
        assert_eq!(read_config(&path).unwrap(), None);
        let out = save_atomic(&path, NEW, &fingerprint(None)).unwrap();
        assert_eq!(fs::read(&path).unwrap(), NEW);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&t.path().join("a")), 0o700);
        assert_eq!(mode(&t.path().join("a/b")), 0o700);
        let canon = fs::canonicalize(t.path()).unwrap();
        assert_eq!(out.created_dirs, [canon.join("a"), canon.join("a/b")]);
        assert!(out.created && out.locked && out.dir_synced);
        assert_eq!(out.target, canon.join("a/b/.modal.toml"));
        assert!(temps_in(&t.path().join("a/b")).is_empty());
    }

    #[test]
    fn existing_mode_0640_is_kept_and_0644_not_tightened() {
        let t = tempfile::tempdir().unwrap();
        for m in [0o640, 0o644, 0o600] {
            let p = t.path().join(format!("f{m:o}.toml"));
            let fp = put(&p, SECRET, m);
            let out = save_atomic(&p, NEW, &fp).unwrap();
            assert!(!out.created && out.created_dirs.is_empty());
            assert_eq!((fs::read(&p).unwrap(), mode(&p)), (NEW.to_vec(), m));
        }
    }

    #[test]
    fn owner_is_kept_when_root() {
        if !is_root() {
            eprintln!("skipped: chown to another uid needs root");
            return;
        }
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        let fp = put(&p, SECRET, 0o640);
        std::os::unix::fs::chown(&p, Some(12345), Some(23456)).unwrap();
        save_atomic(&p, NEW, &fp).unwrap();
        let m = fs::metadata(&p).unwrap();
        assert_eq!((m.uid(), m.gid(), mode(&p)), (12345, 23456, 0o640));
    }

    #[test]
    fn absolute_symlink_stays_a_link_and_target_changes() {
        let t = tempfile::tempdir().unwrap();
        let real = t.path().join("store/real.toml");
        fs::create_dir(t.path().join("store")).unwrap();
        let fp = put(&real, SECRET, 0o600);
        let link = t.path().join(".modal.toml");
        symlink(&real, &link).unwrap();
        assert_eq!(fingerprint(read_config(&link).unwrap().as_deref()), fp);
        let out = save_atomic(&link, NEW, &fp).unwrap();
        assert_eq!(out.target, fs::canonicalize(&real).unwrap());
        assert_eq!(fs::read_link(&link).unwrap(), real);
        assert_eq!(fs::read(&real).unwrap(), NEW);
    }

    #[test]
    fn relative_symlink_into_dotfiles_stays_relative() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
        fs::create_dir_all(home.join("dotfiles")).unwrap();
        let fp = put(&home.join("dotfiles/modal.toml"), SECRET, 0o640);
        symlink("dotfiles/modal.toml", home.join(".modal.toml")).unwrap();
        save_atomic(&home.join(".modal.toml"), NEW, &fp).unwrap();
        assert_eq!(
            fs::read_link(home.join(".modal.toml")).unwrap(),
            Path::new("dotfiles/modal.toml")
        );
        assert_eq!(fs::read(home.join("dotfiles/modal.toml")).unwrap(), NEW);
        assert_eq!(mode(&home.join("dotfiles/modal.toml")), 0o640);
        assert!(temps_in(&home).is_empty() && temps_in(&home.join("dotfiles")).is_empty());
    }

    #[test]
    fn chain_of_two_links_writes_the_final_target() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        fs::create_dir_all(d.join("x/y")).unwrap();
        let fp = put(&d.join("x/y/final.toml"), SECRET, 0o600);
        symlink("../x/y/final.toml", d.join("x/mid")).unwrap(); // relative to x/
        symlink(d.join("x/mid"), d.join(".modal.toml")).unwrap(); // absolute
        assert_eq!(
            resolve_target(&d.join(".modal.toml")).unwrap(),
            fs::canonicalize(d).unwrap().join("x/y/final.toml")
        );
        save_atomic(&d.join(".modal.toml"), NEW, &fp).unwrap();
        assert!(
            fs::symlink_metadata(d.join(".modal.toml"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            fs::symlink_metadata(d.join("x/mid"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(d.join("x/y/final.toml")).unwrap(), NEW);
    }

    #[test]
    fn relative_link_behind_a_symlinked_folder_resolves_like_the_kernel() {
        // home/cfg -> ../a/real (a folder link); a/real/.modal.toml -> ../dotfiles/m.toml.
        // The kernel resolves `..` from the link's real folder (a/), not lexically (home/).
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        fs::create_dir_all(d.join("a/real")).unwrap();
        fs::create_dir_all(d.join("a/dotfiles")).unwrap();
        fs::create_dir_all(d.join("home/dotfiles")).unwrap(); // the wrong, lexical answer
        let fp = put(&d.join("a/dotfiles/m.toml"), SECRET, 0o600);
        symlink("../a/real", d.join("home/cfg")).unwrap();
        symlink("../dotfiles/m.toml", d.join("a/real/.modal.toml")).unwrap();
        let via = d.join("home/cfg/.modal.toml");
        let canon = fs::canonicalize(d).unwrap();
        assert_eq!(
            resolve_target(&via).unwrap(),
            canon.join("a/dotfiles/m.toml")
        );
        save_atomic(&via, NEW, &fp).unwrap();
        assert_eq!(fs::read(d.join("a/dotfiles/m.toml")).unwrap(), NEW);
        assert!(!d.join("home/dotfiles/m.toml").exists());
    }

    #[test]
    fn dangling_link_creates_the_target_and_its_folder() {
        let t = tempfile::tempdir().unwrap();
        let link = t.path().join(".modal.toml");
        symlink("dotfiles/modal.toml", &link).unwrap();
        assert_eq!(read_config(&link).unwrap(), None);
        let out = save_atomic(&link, NEW, &Fingerprint::ABSENT).unwrap();
        assert!(out.created);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&link).unwrap(), NEW);
        assert_eq!(mode(&t.path().join("dotfiles/modal.toml")), 0o600);
        assert_eq!(mode(&t.path().join("dotfiles")), 0o700);
    }

    #[test]
    fn symlink_loops_are_errors() {
        let t = tempfile::tempdir().unwrap();
        symlink("b", t.path().join("a")).unwrap();
        symlink("a", t.path().join("b")).unwrap();
        symlink("self", t.path().join("self")).unwrap();
        for name in ["a", "self"] {
            let e = resolve_target(&t.path().join(name)).unwrap_err();
            assert!(e.to_string().contains("loop"), "{e}");
            let e = save_atomic(&t.path().join(name), NEW, &Fingerprint::ABSENT).unwrap_err();
            assert!(
                matches!(
                    e,
                    SaveError::Io {
                        op: "resolve the symbolic links of",
                        ..
                    }
                ),
                "{e}"
            );
        }
    }

    #[test]
    fn changed_on_disk_is_refused_and_original_untouched() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        let expect_refused = |fp: &Fingerprint, on_disk: Option<&[u8]>| {
            let e = save_atomic(&p, NEW, fp).unwrap_err();
            assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e}");
            assert!(e.to_string().contains(".modal.toml"));
            no_secret(&format!("{e} {e:?}"));
            assert_eq!(read_config(&p).unwrap().as_deref(), on_disk);
            assert!(temps_in(t.path()).is_empty());
        };
        // Bytes differ: loaded SECRET, someone else wrote other bytes.
        let fp = put(&p, SECRET, 0o600);
        fs::write(&p, b"other = 1\n").unwrap();
        expect_refused(&fp, Some(b"other = 1\n"));
        // Deleted since loading.
        let fp = put(&p, SECRET, 0o600);
        fs::remove_file(&p).unwrap();
        expect_refused(&fp, None);
        // Deleted together with its folder: refused, and the folder is not recreated.
        let sub = t.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let fp_sub = put(&sub.join("c.toml"), SECRET, 0o600);
        fs::remove_dir_all(&sub).unwrap();
        let e = save_atomic(&sub.join("c.toml"), NEW, &fp_sub).unwrap_err();
        assert!(
            matches!(e, SaveError::ChangedOnDisk { .. }) && !sub.exists(),
            "{e}"
        );
        // Appeared since loading (loaded as absent).
        fs::write(&p, SECRET).unwrap();
        expect_refused(&Fingerprint::ABSENT, Some(SECRET));
    }

    #[test]
    fn directory_at_path_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        fs::create_dir(&p).unwrap();
        let e = save_atomic(&p, NEW, &Fingerprint::ABSENT).unwrap_err();
        assert!(
            matches!(
                e,
                SaveError::NotARegularFile {
                    kind: "directory",
                    ..
                }
            ),
            "{e}"
        );
        assert!(
            e.to_string().contains("is a directory, not a regular file"),
            "{e}"
        );
        let e = read_config(&p).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("directory"), "{e}");
        assert!(temps_in(t.path()).is_empty());
    }

    #[test]
    fn fifo_at_path_is_refused_without_blocking() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
        // SAFETY: valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Also through a symlink, which read_config follows.
        symlink(&p, t.path().join("link")).unwrap();
        let (tx, rx) = mpsc::channel();
        let (p2, l2) = (p.clone(), t.path().join("link"));
        std::thread::spawn(move || {
            let saved = save_atomic(&l2, NEW, &Fingerprint::ABSENT).map_err(|e| e.to_string());
            let read = read_config(&p2).map_err(|e| e.to_string());
            let _ = tx.send((saved, read));
        });
        let (saved, read) = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("blocked on the FIFO");
        assert!(
            saved
                .unwrap_err()
                .contains("is a FIFO (named pipe), not a regular file")
        );
        assert!(read.unwrap_err().contains("FIFO"));
        assert!(fs::symlink_metadata(&p).unwrap().file_type().is_fifo());
    }

    #[test]
    fn stale_temp_files_of_ours_are_removed_others_kept() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        let fp = put(&p, SECRET, 0o600);
        let stale = [
            ".modal.toml.modalcfg-4242-Ab3dE6gH9k.tmp",
            ".other.toml.modalcfg-1-0123456789.tmp",
        ];
        let keep = [
            ".modal.toml.modalcfg-4242-short.tmp",
            "modal.toml.modalcfg-1-0123456789.tmp",
            ".modal.toml.modalcfg-x1-0123456789.tmp",
            ".modal.toml.swp",
            "notes.tmp",
        ];
        for n in stale.iter().chain(&keep) {
            fs::write(t.path().join(n), b"x").unwrap();
        }
        let out = save_atomic(&p, NEW, &fp).unwrap();
        assert_eq!(out.stale_temps_removed, 2);
        for n in stale {
            assert!(!t.path().join(n).exists(), "{n} kept");
        }
        for n in keep {
            assert!(t.path().join(n).exists(), "{n} removed");
        }
    }

    #[test]
    fn temp_name_pattern_matches_what_we_create() {
        assert!(is_our_temp(OsStr::new(
            ".modal.toml.modalcfg-1-abcdefghij.tmp"
        )));
        assert!(is_our_temp(OsStr::new(
            ".a.modalcfg-b.modalcfg-77-ABCDEFGHIJ.tmp"
        )));
        assert!(!is_our_temp(OsStr::new("..modalcfg-1-abcdefghij.tmp")));
        assert!(!is_our_temp(OsStr::new(
            ".modal.toml.modalcfg--abcdefghij.tmp"
        )));
        assert!(!is_our_temp(OsStr::new(
            ".modal.toml.modalcfg-1-abcdefghi_.tmp"
        )));
        // The real name: a failure after the write reports the temp file's path.
        let t = tempfile::tempdir().unwrap();
        FAIL_AT.with(|f| f.set(Some("sync")));
        let r = save_atomic(&t.path().join(".modal.toml"), NEW, &Fingerprint::ABSENT);
        FAIL_AT.with(|f| f.set(None));
        let e = r.unwrap_err();
        let name = e.path().file_name().unwrap();
        let pid_part = format!(".modal.toml.modalcfg-{}-", std::process::id());
        assert!(name.to_str().unwrap().starts_with(&pid_part), "{name:?}");
        assert!(is_our_temp(name), "{name:?}");
    }

    #[test]
    fn read_only_folder_gives_clear_error_and_original_intact() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path().join("ro");
        fs::create_dir(&d).unwrap();
        let p = d.join(".modal.toml");
        let fp = put(&p, SECRET, 0o600);
        fs::set_permissions(&d, Permissions::from_mode(0o500)).unwrap();
        let r = save_atomic(&p, NEW, &fp);
        fs::set_permissions(&d, Permissions::from_mode(0o700)).unwrap();
        if is_root() {
            // Root ignores the folder's mode bits: the save succeeds, nothing to assert.
            eprintln!("skipped read-only assertions: running as root (euid 0)");
            return;
        }
        let e = r.unwrap_err();
        let msg = e.to_string();
        assert!(
            matches!(
                e,
                SaveError::Io {
                    op: "create a temporary file in",
                    ..
                }
            ),
            "{msg}"
        );
        assert!(
            msg.contains("/ro") && msg.contains("ermission denied"),
            "{msg}"
        );
        no_secret(&format!("{msg} {e:?}"));
        assert_eq!(fs::read(&p).unwrap(), SECRET);
        assert!(temps_in(&d).is_empty());
    }

    #[test]
    fn failure_at_any_step_leaves_no_temp_and_original_intact() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        let fp = put(&p, SECRET, 0o640);
        let ino = fs::metadata(&p).unwrap().ino();
        for step in ["write", "sync", "rename"] {
            FAIL_AT.with(|f| f.set(Some(step)));
            let r = save_atomic(&p, NEW, &fp);
            FAIL_AT.with(|f| f.set(None));
            let e = r.unwrap_err();
            assert!(
                e.to_string().contains("injected failure") && e.to_string().contains("not changed"),
                "{e}"
            );
            no_secret(&format!("{e} {e:?}"));
            assert_eq!(
                (fs::read(&p).unwrap(), mode(&p)),
                (SECRET.to_vec(), 0o640),
                "{step}"
            );
            assert_eq!(fs::metadata(&p).unwrap().ino(), ino);
            assert!(
                temps_in(t.path()).is_empty(),
                "{step}: {:?}",
                temps_in(t.path())
            );
        }
        // A failed final folder fsync is reported, not fatal: the file is already replaced.
        FAIL_AT.with(|f| f.set(Some("sync_dir")));
        let out = save_atomic(&p, NEW, &fp);
        FAIL_AT.with(|f| f.set(None));
        assert!(!out.unwrap().dir_synced);
        assert_eq!(fs::read(&p).unwrap(), NEW);
    }

    #[test]
    fn concurrent_writers_never_lose_an_update() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        fs::write(&p, b"0").unwrap();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let p = p.clone();
                std::thread::spawn(move || {
                    let (mut done, mut refused) = (0, 0);
                    while done < 25 {
                        let bytes = read_config(&p).unwrap().unwrap();
                        let n: u32 = std::str::from_utf8(&bytes).unwrap().parse().unwrap();
                        match save_atomic(
                            &p,
                            (n + 1).to_string().as_bytes(),
                            &fingerprint(Some(&bytes)),
                        ) {
                            Ok(_) => done += 1,
                            Err(SaveError::ChangedOnDisk { .. }) => refused += 1,
                            Err(e) => panic!("{e}"),
                        }
                    }
                    refused
                })
            })
            .collect();
        let refused: u32 = threads.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(fs::read_to_string(&p).unwrap(), "100");
        assert!(temps_in(t.path()).is_empty());
        eprintln!("{refused} stale saves refused");
    }

    #[test]
    fn held_lock_gives_busy_and_writes_nothing() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(".modal.toml");
        let fp = put(&p, SECRET, 0o600);
        let holder = File::open(t.path()).unwrap();
        assert!(lock_dir(&holder, t.path(), Duration::ZERO).unwrap());
        let e = save_with_timeout(&p, NEW, &fp, Duration::from_millis(200)).unwrap_err();
        assert!(matches!(e, SaveError::Busy { .. }), "{e}");
        assert!(e.to_string().contains("locked"), "{e}");
        assert_eq!(fs::read(&p).unwrap(), SECRET);
        drop(holder); // releases the lock
        save_atomic(&p, NEW, &fp).unwrap();
    }

    #[test]
    fn debug_output_shows_no_contents() {
        let fp = fingerprint(Some(SECRET));
        let dbg = format!("{fp:?}");
        assert!(
            dbg.starts_with("Fingerprint(sha256:") && dbg.len() < 40,
            "{dbg}"
        );
        assert_eq!(format!("{:?}", Fingerprint::ABSENT), "Fingerprint(absent)");
        let t = tempfile::tempdir().unwrap();
        let out = save_atomic(&t.path().join("c.toml"), SECRET, &Fingerprint::ABSENT).unwrap();
        no_secret(&format!("{out:?}"));
    }

    #[test]
    fn relative_path_in_current_folder_resolves() {
        // A bare file name has the parent "" (meaning "."); it must not be treated as missing.
        let r = resolve_target(Path::new("no-such-modalcfg-test-file.toml")).unwrap();
        assert_eq!(
            r,
            std::env::current_dir()
                .unwrap()
                .canonicalize()
                .unwrap()
                .join("no-such-modalcfg-test-file.toml")
        );
    }
}
