//! Where the bytes go: the symlink chain is followed to the real file, and its missing
//! folders are created.

use std::fs::{self, DirBuilder, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{NEW_DIR_MODE, SaveError, io_err};

/// Longest symlink chain followed (the kernel's own limit is 40).
const MAX_SYMLINK_HOPS: usize = 40;

/// The folder a path is in (`.` for a bare file name).
pub(super) fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
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

/// Create the missing folders of `dir` with mode 0700 (whatever the umask); returns them,
/// outermost first.
pub(super) fn ensure_dir(dir: &Path) -> Result<Vec<PathBuf>, SaveError> {
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
