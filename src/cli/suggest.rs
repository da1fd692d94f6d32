//! Noticing typos: which profile a command acts on and how it was named, what to say when
//! that profile or a key does not exist, and the "did you mean" that goes with it.

use super::UserError;
use crate::client::Client;
use crate::client::settings::Setting;
use crate::config::read::file::{ConfigFile, Source as FileSource};
use crate::config::resolve::layers::{ProfileChoice, ProfileReason, effective_profile};
use crate::config::resolve::names::{closest, either, profile_exists, suggestions};
use crate::env::Env;

/// How the profile a command acts on was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedBy {
    /// `--profile NAME` (or the command's NAME argument).
    Flag,
    /// `MODAL_PROFILE`.
    EnvVar,
    /// The first `active = true` table.
    ActiveFlag,
    /// Nothing: the client falls back to `default`.
    Fallback,
}

/// The profile a command acts on.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub named_by: NamedBy,
}

/// `--profile` when given, else the profile the client uses.
pub fn target(env: &Env, file: &ConfigFile, given: Option<&str>) -> Target {
    if let Some(name) = given {
        return Target {
            name: name.to_string(),
            named_by: NamedBy::Flag,
        };
    }
    let choice = effective_profile(env, file);
    let named_by = match choice.reason {
        ProfileReason::EnvVar => NamedBy::EnvVar,
        ProfileReason::ActiveFlag { .. } => NamedBy::ActiveFlag,
        ProfileReason::Fallback => NamedBy::Fallback,
    };
    Target {
        name: choice.name,
        named_by,
    }
}

/// The target is missing from a file the client reads (a missing, remote or unreadable file
/// has no profiles to check against: those cases are reported elsewhere).
pub fn is_missing(file: &ConfigFile, t: &Target) -> bool {
    matches!(file.source, FileSource::Parsed(_)) && !profile_exists(file, &t.name)
}

/// "no profile `nope` in FILE (did you mean `prod`? profiles: default, dev, prod)".
pub fn missing_profile(file: &ConfigFile, t: &Target) -> String {
    let path = crate::py::surrogate::path_str(&file.path);
    let name = &t.name;
    let chosen = |reason| ProfileChoice {
        name: name.clone(),
        reason,
    };
    let what = match t.named_by {
        NamedBy::EnvVar => chosen(ProfileReason::EnvVar).not_in_file(&path),
        NamedBy::Fallback => chosen(ProfileReason::Fallback).not_in_file(&path),
        NamedBy::Flag | NamedBy::ActiveFlag => format!("no profile `{name}` in {path}"),
    };
    match profile_hint(file, name) {
        Some(h) => format!("{what} ({h})"),
        None => what,
    }
}

/// "did you mean `prod`?" for a likely typo, else the closest name and the list; `None` when
/// the file has no profiles.
pub fn profile_hint(file: &ConfigFile, name: &str) -> Option<String> {
    let names: Vec<&str> = file.profiles().iter().map(|p| p.name.as_str()).collect();
    let (near, _) = closest(name, names.iter().copied())?;
    let shown = 8;
    let mut list = names
        .iter()
        .take(shown)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > shown {
        list.push_str(&format!(", … {} more", names.len() - shown));
    }
    let best = suggestions(name, names.iter().copied());
    Some(if best.is_empty() {
        format!("the closest name is `{near}`; profiles: {list}")
    } else {
        format!("did you mean {}? profiles: {list}", either(&best))
    })
}

/// Fails when `--profile NAME` names a profile the file does not have.
pub fn require_named_profile(file: &ConfigFile, t: &Target) -> Result<(), UserError> {
    if t.named_by == NamedBy::Flag && is_missing(file, t) {
        return Err(UserError(missing_profile(file, t)));
    }
    Ok(())
}

/// For writers that would create the profile: it must exist, unless `--create` is given or
/// the file has no profile yet (a first profile cannot be a typo of another).
pub fn require_profile_or_create(
    file: &ConfigFile,
    t: &Target,
    create: bool,
) -> Result<(), UserError> {
    if create || !is_missing(file, t) || file.profiles().is_empty() {
        return Ok(());
    }
    Err(UserError(format!(
        "{}; add --create to make it (nothing was written)",
        missing_profile(file, t)
    )))
}

/// For writers that need an existing profile (activate, rename, delete, unset).
pub fn require_profile(file: &ConfigFile, t: &Target) -> Result<(), UserError> {
    if is_missing(file, t) {
        return Err(UserError(format!(
            "{} (nothing was written)",
            missing_profile(file, t)
        )));
    }
    Ok(())
}

/// A warning for stderr when the profile read is not in the file (`MODAL_PROFILE` or the
/// `default` fallback): the values come from the environment and the defaults alone.
pub fn missing_profile_warning(file: &ConfigFile, t: &Target) -> Option<String> {
    is_missing(file, t).then(|| {
        format!(
            "warning: {}; values come from the environment and the defaults",
            missing_profile(file, t)
        )
    })
}

/// A setting of modal 1.6.4, or an error that says what is wrong with the name.
pub fn require_setting(client: &Client, key: &str) -> Result<&'static Setting, UserError> {
    client
        .find(key)
        .ok_or_else(|| UserError(unknown_key(client, key)))
}

/// "unknown setting `loglevl` (did you mean `loglevel`?)".
pub fn unknown_key(client: &Client, key: &str) -> String {
    if let Some(why) = client.ignores(key) {
        return format!("`{key}` is {why}");
    }
    let best = suggestions(key, client.settings().iter().map(|s| s.key));
    match best.as_slice() {
        [_, ..] => format!("unknown setting `{key}` (did you mean {}?)", either(&best)),
        [] => {
            format!("unknown setting `{key}` (`modalcfg show --include-internal` lists every key)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn file() -> ConfigFile {
        ConfigFile::from_bytes(
            Path::new("/c.toml"),
            b"[default]\n[dev]\nactive = true\n[prod]\n".to_vec(),
        )
    }

    #[test]
    fn a_named_profile_must_exist() {
        let f = file();
        let env = Env::default();
        let t = target(&env, &f, Some("prdo"));
        let e = require_named_profile(&f, &t).unwrap_err().0;
        assert_eq!(
            e,
            "no profile `prdo` in /c.toml (did you mean `prod`? profiles: default, dev, prod)"
        );
        let far = target(&env, &f, Some("nope"));
        assert!(
            missing_profile(&f, &far)
                .ends_with("(the closest name is `dev`; profiles: default, dev, prod)")
        );
        assert!(require_named_profile(&f, &target(&env, &f, Some("dev"))).is_ok());
        assert!(require_named_profile(&f, &target(&env, &f, None)).is_ok());
    }

    #[test]
    fn modal_profile_naming_a_missing_profile_is_a_warning() {
        let f = file();
        let env = Env::from_pairs([("MODAL_PROFILE", "ghost")]);
        let t = target(&env, &f, None);
        assert_eq!(t.named_by, NamedBy::EnvVar);
        assert!(require_named_profile(&f, &t).is_ok());
        let w = missing_profile_warning(&f, &t).unwrap();
        assert!(w.contains("MODAL_PROFILE=ghost names a profile that is not in /c.toml"));
        let missing = ConfigFile::load(&Env::from_pairs([(
            "MODAL_CONFIG_PATH",
            "/nonexistent/modalcfg/c.toml",
        )]));
        assert!(missing_profile_warning(&missing, &t).is_none());
    }

    #[test]
    fn writers_need_create_for_a_new_profile_unless_the_file_has_none() {
        let f = file();
        let env = Env::default();
        let t = target(&env, &f, Some("nope"));
        let e = require_profile_or_create(&f, &t, false).unwrap_err().0;
        assert!(e.contains("add --create") && e.contains("`dev`"), "{e}");
        assert!(require_profile_or_create(&f, &t, true).is_ok());
        let empty = ConfigFile::from_bytes(Path::new("/c.toml"), b"# nothing yet\n".to_vec());
        assert!(
            require_profile_or_create(&empty, &target(&env, &empty, Some("nope")), false).is_ok()
        );
        assert!(require_profile(&f, &t).is_err());
        assert!(require_profile(&f, &target(&env, &f, Some("prod"))).is_ok());
    }

    #[test]
    fn keys_suggest_the_nearest() {
        let c = Client::newest();
        assert_eq!(
            unknown_key(&c, "loglevl"),
            "unknown setting `loglevl` (did you mean `loglevel`?)"
        );
        assert!(unknown_key(&c, "qqqqqqqq").contains("--include-internal"));
        assert!(require_setting(&c, "loglevel").is_ok());
    }

    #[test]
    fn a_prefix_is_suggested_before_a_nearer_spelling() {
        let f = ConfigFile::from_bytes(
            Path::new("/c.toml"),
            b"[alice]\n[acme-prod]\n[acme-dev]\n".to_vec(),
        );
        let t = target(&Env::default(), &f, Some("acme"));
        assert_eq!(
            missing_profile(&f, &t),
            "no profile `acme` in /c.toml (did you mean `acme-prod` or `acme-dev`? profiles: alice, acme-prod, acme-dev)"
        );
    }
}
