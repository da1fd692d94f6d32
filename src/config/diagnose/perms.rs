//! Loose permissions on a config file that holds a secret: a warning like ssh's ("UNPROTECTED
//! PRIVATE KEY FILE") and the aws CLI's, and the fix (`modalcfg fix-permissions`, which sets
//! 0600 through `write::make_private`). `check`, `show` and the app render this finding from
//! the core's list ([`crate::config::diagnose::check::findings`]).

use super::finding::{Code, Finding, Severity};
use crate::config::read::file::ConfigFile;
use crate::config::secret::is_secret_key;

/// The one rule: the file, as loaded from disk, holds a secret key and other users may access
/// it (any group or other permission bit, as ssh judges a private key).
pub fn loose_permissions(file: &ConfigFile) -> Option<Finding> {
    let parsed = file.parsed()?;
    let mode = parsed.mode.filter(|m| m & 0o077 != 0)?;
    // Only a file others may access is searched for a secret.
    let secret = (parsed.profiles.iter())
        .flat_map(|p| &p.entries)
        .find(|e| is_secret_key(&e.key))?;
    Some(Finding::new(
        Code::LoosePermissions,
        Severity::Warning,
        format!(
            "{} holds a secret (`{}`) but other users may read or change it (mode {mode:04o}); \
                 run `modalcfg fix-permissions` to make it 0600",
            crate::env::shown_os(file.path.as_os_str()),
            secret.key
        ),
    ))
}

/// What `write::make_private` did to the file at `path`, which had mode `before`, in words
/// (`modalcfg fix-permissions` prints it, the app's `P` shows it).
pub fn made_private(path: &std::path::Path, before: u32) -> String {
    let shown = crate::env::shown_os(path.as_os_str());
    if before == 0o600 {
        format!("{shown} is already 0600 (only you can read or write it)")
    } else {
        format!("{shown}: mode {before:04o} -> 0600 (only you can read or write it)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::read::file::Source;

    fn with_mode(text: &str, mode: Option<u32>) -> ConfigFile {
        let mut f = ConfigFile::from_bytes(std::path::Path::new("/h/.modal.toml"), text.into());
        if let Source::Parsed(p) = &mut f.source {
            p.mode = mode;
        }
        f
    }

    #[test]
    fn only_a_secret_in_a_file_others_may_access_is_warned_about() {
        let secret = "[a]\ntoken_id = \"ak-1\"\ntoken_secret = \"as-SECRET\"\n";
        for mode in [0o644, 0o666, 0o640, 0o604, 0o660] {
            let f = loose_permissions(&with_mode(secret, Some(mode))).expect("warned");
            assert_eq!(f.code, Code::LoosePermissions);
            assert!(
                f.message.contains(&format!("mode {mode:04o}")),
                "{}",
                f.message
            );
            assert!(f.message.contains("fix-permissions") && !f.message.contains("SECRET"));
        }
        assert!(loose_permissions(&with_mode(secret, Some(0o600))).is_none());
        assert!(loose_permissions(&with_mode(secret, Some(0o400))).is_none());
        assert!(loose_permissions(&with_mode(secret, None)).is_none());
        let no_secret = "[a]\ntoken_id = \"ak-1\"\nloglevel = \"debug\"\n";
        assert!(loose_permissions(&with_mode(no_secret, Some(0o644))).is_none());
    }
}
