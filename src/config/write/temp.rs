//! The temp file a save writes and renames over the target, and the clean-up of the temp
//! files that killed modalcfg runs left behind.

use std::ffi::{OsStr, OsString};
use std::fs::{self, Metadata, Permissions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use super::{NEW_FILE_MODE, SaveError, fault, io_err};

const TMP_TAG: &str = ".modalcfg-";
/// What a failed rename is reported as (`in_place` looks for it).
pub(super) const RENAME_OP: &str = "rename the temporary file over";
const TMP_SUFFIX: &str = ".tmp";
const TMP_RAND_LEN: usize = 10;

/// Whether `name` is one of our temp files: `.<name>.modalcfg-<digits>-<10 alphanumerics>.tmp`.
pub(super) fn is_our_temp(name: &OsStr) -> bool {
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
pub(super) fn remove_stale_temps(dir: &Path) -> usize {
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

/// Write a temp file next to `target` and rename it over `target`. The temp file is a
/// `NamedTempFile`, so every early return (and the failed-rename path) deletes it.
pub(super) fn write_and_rename(
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
        keep_owner(tmp.as_file(), m, target)?;
        super::attrs::copy_xattrs(target, tmp.as_file())?;
    }
    // After fchown, which may clear set-id bits, and after the ACL (the mode's group bits are
    // the ACL mask, the same as the old file's). Explicit, so the umask plays no part.
    let mode = old.map_or(NEW_FILE_MODE, |m| m.mode() & 0o7777);
    tmp.as_file()
        .set_permissions(Permissions::from_mode(mode))
        .map_err(fail("set the permissions of the temporary file"))?;
    tmp.as_file()
        .sync_all()
        .and_then(|()| fault("sync"))
        .map_err(fail("fsync the temporary file"))?;
    let rename_op = RENAME_OP;
    fault("rename").map_err(|e| io_err(target, rename_op, e))?;
    // On failure the returned PersistError owns the temp file and deletes it when dropped.
    tmp.persist(target)
        .map_err(|e| io_err(target, rename_op, e.error))?;
    Ok(())
}

/// Give the temp file the old file's owner and group. When we may not (a user editing a file
/// someone else owns, or whose group they are not in), refuse: replacing the file would hand it
/// to us and could lock its owner out.
fn keep_owner(tmp: &fs::File, old: &Metadata, target: &Path) -> Result<(), SaveError> {
    let now = tmp
        .metadata()
        .map_err(|e| io_err(target, "inspect the temporary file for", e))?;
    if (now.uid(), now.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    match std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid())) {
        Ok(()) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::EPERM) => Err(SaveError::OwnerNotKept {
            path: target.into(),
            uid: old.uid(),
            gid: old.gid(),
        }),
        Err(e) => Err(io_err(target, "set the owner of the temporary file for", e)),
    }
}
