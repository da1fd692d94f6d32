//! A snapshot of the process environment, taken once. Nothing else in modalcfg reads
//! `std::env`, so tests build an [`Env`] by hand and never see the real `~/.modal.toml`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Clone, Default)]
pub struct Env {
    /// Every `MODAL_*` variable (names are case-sensitive, as in the client), its value as
    /// the OS gives it, which need not be UTF-8.
    vars: BTreeMap<String, OsString>,
    /// The same values as the client's Python sees them ([`crate::py::surrogate::env_str`]:
    /// bytes that are not UTF-8 are lone surrogates there, not dropped); `MODAL_CONFIG_PATH`
    /// with such bytes written `\xNN`, for display.
    text: BTreeMap<String, String>,
    /// `HOME` as set (it may be empty, or not UTF-8), or `None` when unset.
    home: Option<OsString>,
    /// `MODAL_CONFIG_PATH` exactly as set: a path need not be UTF-8 (`vars` holds it with
    /// invalid bytes escaped, for display).
    config_path: Option<OsString>,
    /// The home folder from the password database, used when `HOME` is unset.
    fallback_home: Option<PathBuf>,
    /// What finds the user's `modal`: `MODALCFG_CLIENT_VERSION`, `VIRTUAL_ENV`, modalcfg's own
    /// location and `PATH`.
    client_lookup: ClientLookup,
    /// `NO_COLOR` set and not empty (https://no-color.org).
    no_color: bool,
}

/// The variables that say which Modal client the user would run (see `crate::client::detect`).
#[derive(Debug, Clone, Default)]
pub struct ClientLookup {
    /// `MODALCFG_CLIENT_VERSION`, as set.
    pub version: Option<String>,
    /// `VIRTUAL_ENV`: the active virtual environment.
    pub virtual_env: Option<OsString>,
    /// `PATH`.
    pub path: Option<OsString>,
    /// modalcfg's own executable (`std::env::current_exe`): installed from the wheel, it sits
    /// in the environment that may also hold modal.
    pub current_exe: Option<PathBuf>,
}

/// Masked: the values of secret variables (`MODAL_TOKEN_SECRET`, ...) are not printed.
impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::config::secret::{Reveal, is_secret_key, shown};
        let vars: BTreeMap<&str, crate::py::PyValue> = self
            .text
            .iter()
            .map(|(k, v)| {
                let secret = k
                    .strip_prefix("MODAL_")
                    .is_some_and(|key| is_secret_key(&key.to_lowercase()));
                let v = crate::py::PyValue::Str(v.clone());
                (k.as_str(), shown(secret, &v, Reveal::Masked))
            })
            .collect();
        f.debug_struct("Env")
            .field("vars", &vars)
            .field("home", &self.home)
            .field("fallback_home", &self.fallback_home)
            .finish()
    }
}

const CONFIG_PATH_VAR: &str = "MODAL_CONFIG_PATH";

/// A path or value as text, with bytes that are not UTF-8 escaped as `\xNN` (a lossy
/// conversion would show U+FFFD and hide which file is meant).
pub fn shown_os(s: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in s.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

impl Env {
    /// Reads the real process environment.
    pub fn from_process() -> Env {
        let mut env = Env::default();
        for (k, v) in std::env::vars_os() {
            match k.to_str() {
                Some("VIRTUAL_ENV") => env.client_lookup.virtual_env = Some(v.clone()),
                Some("PATH") => env.client_lookup.path = Some(v.clone()),
                Some("NO_COLOR") => env.no_color = !v.is_empty(),
                Some("MODALCFG_CLIENT_VERSION") => {
                    env.client_lookup.version = Some(v.to_string_lossy().into_owned())
                }
                _ => {}
            }
            // Paths stay as the OS gives them (bytes), never converted lossily.
            match k.to_str() {
                Some("HOME") => env.home = Some(v),
                Some(CONFIG_PATH_VAR) => env.set_os(CONFIG_PATH_VAR.into(), v),
                // Kept whatever the bytes: the client sees them too (as lone surrogates).
                Some(k) if k.starts_with("MODAL_") => env.set_os(k.to_string(), v),
                // The app's `E` opens the file in the user's editor.
                Some(k @ ("VISUAL" | "EDITOR")) => env.set_os(k.to_string(), v),
                _ => {}
            }
        }
        if env.home.is_none() {
            env.fallback_home = dirs::home_dir();
        }
        env.client_lookup.current_exe = std::env::current_exe().ok();
        env
    }

    /// `NO_COLOR` asks for no colours (set and not empty).
    pub fn no_color(&self) -> bool {
        self.no_color
    }

    /// An environment with only the given variables (`HOME` among them if wanted).
    pub fn from_pairs<I, K, V>(pairs: I) -> Env
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut env = Env::default();
        for (k, v) in pairs {
            env.set(k.into(), v.into());
        }
        env
    }

    /// Sets a variable in this snapshot (the process environment is never touched).
    pub fn set(&mut self, name: String, value: String) {
        self.set_os(name, value.into());
    }

    /// [`Env::set`] with a value that need not be UTF-8: kept exactly, and read as the
    /// client's Python reads it (`surrogateescape`).
    pub fn set_os(&mut self, name: String, value: OsString) {
        if name == "HOME" {
            self.home = Some(value);
            return;
        }
        let text = if name == CONFIG_PATH_VAR {
            self.config_path = Some(value.clone());
            shown_os(&value)
        } else {
            crate::py::surrogate::env_str(&value)
        };
        self.text.insert(name.clone(), text);
        self.vars.insert(name, value);
    }

    /// Removes a variable from this snapshot.
    pub fn remove(&mut self, name: &str) {
        if name == "HOME" {
            self.home = None;
        } else {
            if name == CONFIG_PATH_VAR {
                self.config_path = None;
            }
            self.vars.remove(name);
            self.text.remove(name);
        }
    }

    /// A variable's value as the client's Python sees it (bytes that are not UTF-8 are lone
    /// surrogates, see [`crate::py::surrogate`]); an empty value is still present (`Some("")`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.text.get(name).map(String::as_str)
    }

    /// A variable's value exactly as the OS gave it.
    pub fn get_os(&self, name: &str) -> Option<&std::ffi::OsStr> {
        self.vars.get(name).map(OsString::as_os_str)
    }

    /// All `MODAL_*` variables, sorted by name, as [`Env::get`] gives them.
    pub fn modal_vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.text
            .iter()
            .filter(|(k, _)| k.starts_with("MODAL_"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The config file the client reads: `MODAL_CONFIG_PATH` when set and non-empty (taken
    /// literally, no `~` expansion), else `~/.modal.toml` expanded like Python's
    /// `os.path.expanduser`.
    pub fn config_path(&self) -> PathBuf {
        match &self.config_path {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => self.expand_home("/.modal.toml"),
        }
    }

    fn expand_home(&self, rest: &str) -> PathBuf {
        use std::os::unix::ffi::OsStringExt;
        let home = match (&self.home, &self.fallback_home) {
            (Some(h), _) => h.clone(),
            (None, Some(h)) => h.clone().into_os_string(),
            (None, None) => return PathBuf::from(format!("~{rest}")),
        };
        let mut joined = home.into_vec();
        while joined.last() == Some(&b'/') {
            joined.pop();
        }
        joined.extend_from_slice(rest.as_bytes());
        if joined.is_empty() {
            joined.push(b'/');
        }
        PathBuf::from(OsString::from_vec(joined))
    }

    /// `MODAL_PROFILE` when set and non-empty (the client ignores an empty value).
    pub fn profile_override(&self) -> Option<&str> {
        self.get("MODAL_PROFILE").filter(|p| !p.is_empty())
    }

    /// What says which Modal client the user would run.
    pub fn client_lookup(&self) -> &ClientLookup {
        &self.client_lookup
    }

    /// Sets what says which Modal client the user would run (tests, `--demo`).
    pub fn set_client_lookup(&mut self, lookup: ClientLookup) {
        self.client_lookup = lookup;
    }

    /// `MODAL_IS_REMOTE` is exactly `"1"`: the client does not read the file at all.
    pub fn is_remote(&self) -> bool {
        self.get("MODAL_IS_REMOTE") == Some("1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_path_rules() {
        let e = Env::from_pairs([("HOME", "/h/")]);
        assert_eq!(e.config_path(), PathBuf::from("/h/.modal.toml"));
        let e = Env::from_pairs([("HOME", "/h"), ("MODAL_CONFIG_PATH", "")]);
        assert_eq!(e.config_path(), PathBuf::from("/h/.modal.toml"));
        let e = Env::from_pairs([("HOME", "/h"), ("MODAL_CONFIG_PATH", "~/x.toml")]);
        assert_eq!(e.config_path(), PathBuf::from("~/x.toml"));
        let e = Env::from_pairs([("HOME", "")]);
        assert_eq!(e.config_path(), PathBuf::from("/.modal.toml"));
    }

    #[test]
    fn paths_that_are_not_utf8_are_kept_exactly() {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        let mut e = Env::default();
        e.set_os("HOME".into(), OsString::from_vec(b"/h\xff/".to_vec()));
        assert_eq!(
            e.config_path().as_os_str().as_bytes(),
            b"/h\xff/.modal.toml"
        );
        let p = OsString::from_vec(b"/t/c\xe9.toml".to_vec());
        e.set_os("MODAL_CONFIG_PATH".into(), p.clone());
        assert_eq!(e.config_path().as_os_str(), p.as_os_str());
        assert_eq!(e.get("MODAL_CONFIG_PATH"), Some("/t/c\\xe9.toml"));
        e.remove("MODAL_CONFIG_PATH");
        assert_eq!(
            e.config_path().as_os_str().as_bytes(),
            b"/h\xff/.modal.toml"
        );
        assert_eq!(shown_os(std::ffi::OsStr::new("é/ok")), "é/ok");
    }

    #[test]
    fn values_that_are_not_utf8_are_kept_as_python_sees_them() {
        use std::os::unix::ffi::OsStringExt;
        let mut e = Env::default();
        e.set_os(
            "MODAL_PROFILE".into(),
            OsString::from_vec(b"a\xff".to_vec()),
        );
        let p = e.profile_override().unwrap();
        assert_ne!(p, "a");
        assert_eq!(crate::py::repr::str_repr(p), "'a\\udcff'");
        assert_eq!(
            e.get_os("MODAL_PROFILE").map(|v| v.len()),
            Some(2),
            "the bytes are kept"
        );
        e.remove("MODAL_PROFILE");
        assert_eq!(e.get("MODAL_PROFILE"), None);
    }

    #[test]
    fn empty_profile_is_unset_but_empty_vars_are_present() {
        let e = Env::from_pairs([("MODAL_PROFILE", ""), ("MODAL_LOGLEVEL", "")]);
        assert_eq!(e.profile_override(), None);
        assert_eq!(e.get("MODAL_LOGLEVEL"), Some(""));
        assert!(!Env::from_pairs([("MODAL_IS_REMOTE", "true")]).is_remote());
        assert!(Env::from_pairs([("MODAL_IS_REMOTE", "1")]).is_remote());
    }
}
