//! A file's inode flags that forbid any change whatever its mode: immutable (`chattr +i`) and
//! append-only (`chattr +a`), read with `FS_IOC_GETFLAGS` on Linux. Other systems have their
//! own (`chflags uchg` on macOS and the BSDs, shown by a refused write as before).

use std::path::Path;

/// Why a file cannot be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Immutable,
    AppendOnly,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Flag::Immutable => "immutable",
            Flag::AppendOnly => "append-only",
        }
    }

    /// Its `chattr` letter.
    pub fn letter(self) -> char {
        match self {
            Flag::Immutable => 'i',
            Flag::AppendOnly => 'a',
        }
    }
}

/// The flag that forbids replacing or rewriting `path`, if it has one.
#[cfg(target_os = "linux")]
pub fn unchangeable(path: &Path) -> Option<Flag> {
    use std::os::fd::AsRawFd;
    const FS_IMMUTABLE_FL: libc::c_long = 0x10;
    const FS_APPEND_FL: libc::c_long = 0x20;
    let f = std::fs::File::open(path).ok()?;
    let mut flags: libc::c_long = 0;
    // SAFETY: FS_IOC_GETFLAGS writes one long through the pointer, which outlives the call.
    let rc = unsafe { libc::ioctl(f.as_raw_fd(), libc::FS_IOC_GETFLAGS, &mut flags) };
    if rc != 0 {
        return None; // a file system without these flags
    }
    if flags & FS_IMMUTABLE_FL != 0 {
        Some(Flag::Immutable)
    } else if flags & FS_APPEND_FL != 0 {
        Some(Flag::AppendOnly)
    } else {
        None
    }
}

#[cfg(not(target_os = "linux"))]
#[cfg_attr(windows, allow(dead_code))] // asked only by the POSIX writer
pub fn unchangeable(_path: &Path) -> Option<Flag> {
    None
}
