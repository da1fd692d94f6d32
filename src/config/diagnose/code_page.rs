//! The file's encoding on Windows. The client reads the file with `open(path)` in text mode:
//! UTF-8 on Unix, but on Windows the ANSI code page (cp1252 on a Western install) unless Python
//! runs in UTF-8 mode (`PYTHONUTF8=1`, `-X utf8`). modalcfg reads UTF-8, as the client on Unix
//! and in UTF-8 mode does; which code page a user's Python uses is not knowable from here, so a
//! file with non-ASCII bytes gets a warning rather than a guess. `check`, `show` and the app
//! render it from the core's list ([`crate::config::diagnose::check::findings`]).

use super::finding::{Code, Finding, Severity};
use crate::config::read::file::ConfigFile;

/// The one rule: on Windows, the file as loaded holds a byte outside ASCII (its first one's
/// line is given). Elsewhere `None`: the client reads UTF-8 there, as modalcfg does.
pub fn non_ascii_on_windows(file: &ConfigFile) -> Option<Finding> {
    if cfg!(windows) { non_ascii(file) } else { None }
}

/// The finding for a file with a non-ASCII byte, whatever the platform (tested everywhere).
fn non_ascii(file: &ConfigFile) -> Option<Finding> {
    let bytes = file.bytes()?;
    let at = bytes.iter().position(|b| !b.is_ascii())?;
    let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
    let mut f = Finding::new(
        Code::WindowsCodePage,
        Severity::Warning,
        format!(
            "{} has characters outside ASCII (the first on line {line}); the Modal client on \
             Windows reads the file with the ANSI code page (such as cp1252) unless Python runs \
             in UTF-8 mode (PYTHONUTF8=1 or -X utf8), so it may read them differently from \
             what modalcfg shows (the UTF-8 reading)",
            crate::env::shown_os(file.path.as_os_str())
        ),
    );
    f.line = Some(line);
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> ConfigFile {
        ConfigFile::from_bytes(std::path::Path::new("/h/.modal.toml"), bytes.to_vec())
    }

    #[test]
    fn a_non_ascii_byte_is_named_with_its_line() {
        let f = non_ascii(&file("[a]\nx = \"ok\"\n# café\n".as_bytes())).expect("found");
        assert_eq!(
            (f.code, f.severity, f.line),
            (Code::WindowsCodePage, Severity::Warning, Some(3))
        );
        assert!(f.message.contains("ANSI code page") && f.message.contains("UTF-8 mode"));
        assert!(non_ascii(&file(b"[a]\nx = \"ok\"\n")).is_none());
    }

    #[test]
    fn only_windows_gets_the_warning() {
        let f = non_ascii_on_windows(&file("[a]\nenvironment = \"é\"\n".as_bytes()));
        assert_eq!(f.is_some(), cfg!(windows), "{f:?}");
    }
}
