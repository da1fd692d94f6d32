//! The temp file a save writes and renames over the target, and the clean-up of the temp
//! files that killed modalcfg runs left behind.

use std::ffi::{OsStr, OsString};
use std::fs::{self, Metadata};
use std::io::{self, Write};
use std::path::Path;

use super::{SaveError, fault, io_err};

const TMP_TAG: &str = ".modalcfg-";
/// What a failed rename is reported as (`in_place` looks for it).
pub(super) const RENAME_OP: &str = "rename the temporary file over";
const TMP_SUFFIX: &str = ".tmp";
const TMP_RAND_LEN: usize = 10;

/// Whether `name` is one of our temp files: `.<name>.modalcfg-<digits>-<10 alphanumerics>.tmp`.
pub(super) fn is_our_temp(name: &OsStr) -> bool {
    let b = name.as_encoded_bytes();
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
    let dot = if name.as_encoded_bytes().starts_with(b".") {
        ""
    } else {
        "."
    };
    let mut prefix = OsString::from(dot);
    prefix.push(name);
    prefix.push(format!("{TMP_TAG}{}-", std::process::id()));
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(TMP_SUFFIX)
        .rand_bytes(TMP_RAND_LEN);
    sys::private_from_the_start(&mut builder);
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| io_err(dir, "create a temporary file in", e))?;
    let tmp_path = tmp.path().to_path_buf();
    let tp = tmp_path.as_path();
    let fail = |op: &'static str| move |e: io::Error| io_err(tp, op, e);

    tmp.write_all(contents)
        .and_then(|()| fault("write"))
        .map_err(fail("write the temporary file"))?;
    sys::keep_what_the_old_file_had(tmp.as_file(), tp, old, target)?;
    tmp.as_file()
        .sync_all()
        .and_then(|()| fault("sync"))
        .map_err(fail("fsync the temporary file"))?;
    let rename_op = RENAME_OP;
    fault("rename").map_err(|e| io_err(target, rename_op, e))?;
    sys::rename_over(tmp, target, old).map_err(|e| io_err(target, rename_op, e))
}

#[cfg(unix)]
mod sys {
    use std::fs::{self, Metadata, Permissions};
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::path::Path;

    use super::super::{NEW_FILE_MODE, SaveError, io_err};

    /// Rename the temp file over the target. On failure the returned `PersistError` owns the
    /// temp file and deletes it when dropped.
    pub(super) fn rename_over(
        tmp: tempfile::NamedTempFile,
        target: &Path,
        _old: Option<&Metadata>,
    ) -> std::io::Result<()> {
        tmp.persist(target).map(drop).map_err(|e| e.error)
    }

    /// The temp file is created 0600, so the secret is never readable by others, even briefly.
    pub(super) fn private_from_the_start(b: &mut tempfile::Builder) {
        b.permissions(Permissions::from_mode(NEW_FILE_MODE));
    }

    /// The old file's owner, extended attributes (ACL included) and mode on the temp file at
    /// `tmp_path` (0600 for a new file).
    pub(super) fn keep_what_the_old_file_had(
        tmp: &fs::File,
        tmp_path: &Path,
        old: Option<&Metadata>,
        target: &Path,
    ) -> Result<(), SaveError> {
        if let Some(m) = old {
            keep_owner(tmp, m, target)?;
            super::super::attrs::copy_xattrs(target, tmp)?;
        }
        // After fchown, which may clear set-id bits, and after the ACL (the mode's group bits
        // are the ACL mask, the same as the old file's). Explicit, so the umask plays no part.
        let mode = old.map_or(NEW_FILE_MODE, |m| m.mode() & 0o7777);
        tmp.set_permissions(Permissions::from_mode(mode))
            .map_err(|e| io_err(tmp_path, "set the permissions of the temporary file", e))
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
}

#[cfg(windows)]
mod sys {
    use std::fs::{self, Metadata};
    use std::os::windows::ffi::OsStrExt;
    use std::os::windows::fs::MetadataExt;
    use std::path::Path;

    use super::super::SaveError;

    const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
    const FILE_ATTRIBUTE_SYSTEM: u32 = 0x4;
    /// The attributes a user sets on a file that a replacement must keep (read-only is
    /// refused before, see `keeps_what_the_user_set`).
    const KEPT: u32 = FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn SetFileAttributesW(name: *const u16, attributes: u32) -> i32;
    }

    /// The temp file inherits the folder's access control; nothing to set at creation.
    pub(super) fn private_from_the_start(_b: &mut tempfile::Builder) {}

    /// Nothing to copy before the rename: Windows files have no POSIX mode, owner change or
    /// extended attributes here; the hidden and system attributes are set in [`rename_over`].
    pub(super) fn keep_what_the_old_file_had(
        _tmp: &fs::File,
        _tmp_path: &Path,
        _old: Option<&Metadata>,
        _target: &Path,
    ) -> Result<(), SaveError> {
        Ok(())
    }

    /// Give the temp file the old file's hidden and system attributes and rename it over the
    /// target (`MoveFileEx` replaces it). `tempfile`'s own persist resets the attributes to
    /// normal first, so the file is kept (which clears its temporary attribute), its attributes
    /// set, and renamed here; on failure it is removed.
    pub(super) fn rename_over(
        tmp: tempfile::NamedTempFile,
        target: &Path,
        old: Option<&Metadata>,
    ) -> std::io::Result<()> {
        let (file, path) = tmp.keep().map_err(|e| e.error)?;
        drop(file);
        let kept = old.map_or(0, |m| m.file_attributes() & KEPT);
        let result = set_attributes(&path, kept).and_then(|()| rename_retrying(&path, target));
        if result.is_err() {
            let _ = fs::remove_file(&path);
        }
        result
    }

    /// `fs::rename`, retried for up to a second while the target is open in another process
    /// without delete sharing (`ERROR_ACCESS_DENIED`, `ERROR_SHARING_VIOLATION`): another
    /// reader of the config, a virus scanner or an indexer holds it for a moment. Windows
    /// without POSIX rename semantics (and Wine) refuses to replace a file while it is open.
    fn rename_retrying(from: &Path, to: &Path) -> std::io::Result<()> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        loop {
            match fs::rename(from, to) {
                Err(e)
                    if matches!(e.raw_os_error(), Some(5 | 32))
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                result => return result,
            }
        }
    }

    /// Add `attributes` to the file's own (nothing to do for none).
    fn set_attributes(path: &Path, attributes: u32) -> std::io::Result<()> {
        if attributes == 0 {
            return Ok(());
        }
        let now = fs::metadata(path)?.file_attributes();
        let wide: Vec<u16> = path.as_os_str().encode_wide().chain([0]).collect();
        // SAFETY: a NUL-terminated UTF-16 path that outlives the call; nothing is retained.
        if unsafe { SetFileAttributesW(wide.as_ptr(), now | attributes) } == 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
}
