//! Extended attributes kept across the temp-file-and-rename: the POSIX ACL
//! (`system.posix_acl_access`), `user.*` attributes and any other the old file carries. The
//! Modal client writes in place and so keeps them; a rename would silently drop them (a file
//! shared through an ACL would fall back to its bare mode bits).
//!
//! Every attribute of the old file is set on the temp file with the same value, and attributes
//! the temp file got that the old one lacks (an ACL inherited from the folder's default ACL)
//! are removed, so the new file carries exactly the old set. When one cannot be kept the save
//! is refused ([`SaveError::AttrNotKept`]) and nothing is written.

use std::fs::File;
use std::io;
use std::path::Path;

use xattr::FileExt;

use super::{SaveError, io_err};

/// `ENOTSUP` / `EOPNOTSUPP`: the filesystem has no extended attributes at all.
fn unsupported(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ENOTSUP | libc::ENOSYS))
        || e.raw_os_error() == Some(libc::EOPNOTSUPP)
}

/// Make the extended attributes of `tmp` exactly those of the file at `target`.
pub(super) fn copy_xattrs(target: &Path, tmp: &File) -> Result<(), SaveError> {
    let old_names: Vec<_> = match xattr::list_deref(target) {
        Ok(names) => names.collect(),
        Err(e) if unsupported(&e) => return Ok(()),
        Err(e) => return Err(io_err(target, "list the extended attributes of", e)),
    };
    let new_names: Vec<_> = match tmp.list_xattr() {
        Ok(names) => names.collect(),
        Err(e) if unsupported(&e) => Vec::new(),
        Err(e) => {
            return Err(io_err(
                target,
                "list the extended attributes of a new copy of",
                e,
            ));
        }
    };
    let refuse = |name: &std::ffi::OsStr, source: io::Error| SaveError::AttrNotKept {
        path: target.into(),
        name: name.to_string_lossy().into_owned(),
        source,
    };
    for name in new_names.iter().filter(|n| !old_names.contains(n)) {
        tmp.remove_xattr(name).map_err(|e| refuse(name, e))?;
    }
    for name in &old_names {
        let value = match xattr::get_deref(target, name) {
            Ok(Some(v)) => v,
            Ok(None) => continue, // removed meanwhile by someone else
            Err(e) => return Err(refuse(name, e)),
        };
        if tmp.get_xattr(name).ok().flatten().as_deref() == Some(value.as_slice()) {
            continue; // already the same (e.g. an inherited label): nothing to ask for
        }
        tmp.set_xattr(name, &value).map_err(|e| refuse(name, e))?;
    }
    Ok(())
}
