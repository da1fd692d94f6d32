//! Where the bytes go: the symlink chain is followed to the real file, and its missing
//! folders are created.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{SaveError, io_err};

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
        return Ok(sys::plain(dir).join(name));
    }
    Ok(cur)
}

/// Create the missing folders of `dir` (on Unix with mode 0700, whatever the umask); returns
/// them, outermost first.
pub(super) fn ensure_dir(dir: &Path) -> Result<Vec<PathBuf>, SaveError> {
    let mut missing: Vec<PathBuf> = (dir.ancestors())
        .take_while(|p| !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    sys::create_dirs(dir).map_err(|e| io_err(dir, "create the folder", e))?;
    missing.reverse();
    for d in &missing {
        sys::make_dir_private(d).map_err(|e| io_err(d, "set the permissions of the folder", e))?;
    }
    Ok(missing)
}

#[cfg(unix)]
mod sys {
    use std::fs::{DirBuilder, Permissions};
    use std::io;
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    use std::path::{Path, PathBuf};

    use super::super::NEW_DIR_MODE;

    /// A canonical path as is.
    pub(super) fn plain(p: PathBuf) -> PathBuf {
        p
    }

    pub(super) fn create_dirs(dir: &Path) -> io::Result<()> {
        DirBuilder::new()
            .recursive(true)
            .mode(NEW_DIR_MODE)
            .create(dir)
    }

    /// 0700 whatever the umask.
    pub(super) fn make_dir_private(dir: &Path) -> io::Result<()> {
        std::fs::set_permissions(dir, Permissions::from_mode(NEW_DIR_MODE))
    }
}

#[cfg(windows)]
mod sys {
    use std::io;
    use std::path::{Path, PathBuf};

    /// `fs::canonicalize` gives verbatim paths (`\\?\C:\Users\me`); shown to a user and
    /// compared with what they typed, the plain form (`C:\Users\me`, `\\server\share`) is
    /// meant. A verbatim path that has no plain form (a reserved name, a trailing dot, over
    /// the length limit) stays verbatim.
    pub(super) fn plain(p: PathBuf) -> PathBuf {
        let Some(s) = p.to_str() else { return p };
        let plain = if let Some(rest) = s.strip_prefix(r"\\?\UNC\") {
            format!(r"\\{rest}")
        } else if let Some(rest) = s.strip_prefix(r"\\?\")
            && rest.as_bytes().get(1) == Some(&b':')
        {
            rest.to_string()
        } else {
            return p;
        };
        let risky = plain.len() >= 260
            || plain
                .split('\\')
                .skip(1)
                .any(|c| c.ends_with('.') || c.ends_with(' ') || is_reserved(c));
        if risky { p } else { PathBuf::from(plain) }
    }

    /// `CON`, `NUL`, `COM1`, ... (with any extension): names Windows maps to devices.
    fn is_reserved(component: &str) -> bool {
        let stem = component
            .split('.')
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
            || (stem.len() == 4
                && (stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.as_bytes()[3].is_ascii_digit())
    }

    pub(super) fn create_dirs(dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)
    }

    /// A new folder inherits its parent's access control (a user profile is private).
    pub(super) fn make_dir_private(_dir: &Path) -> io::Result<()> {
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn verbatim_paths_become_plain_where_they_can() {
            let p = |s: &str| plain(PathBuf::from(s));
            assert_eq!(p(r"\\?\C:\Users\me"), PathBuf::from(r"C:\Users\me"));
            assert_eq!(p(r"\\?\UNC\srv\share\d"), PathBuf::from(r"\\srv\share\d"));
            assert_eq!(p(r"\\?\C:\a\nul.txt"), PathBuf::from(r"\\?\C:\a\nul.txt"));
            assert_eq!(p(r"\\?\C:\a\b."), PathBuf::from(r"\\?\C:\a\b."));
            assert_eq!(p(r"C:\x"), PathBuf::from(r"C:\x"));
        }
    }
}
