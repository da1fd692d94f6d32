//! A snapshot of the process environment, taken once. Nothing else in modalcfg reads
//! `std::env`, so tests build an [`Env`] by hand and never see the real `~/.modal.toml`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

/// The process environment as the client sees it: the `MODAL_*` variables, the home folder
/// and what finds the client. Taken once ([`Env::from_process`]) or built by hand.
#[derive(Clone, Default)]
pub struct Env {
    /// Every `MODAL_*` variable (names are case-sensitive, as in the client), its value as
    /// the OS gives it, which need not be UTF-8.
    vars: BTreeMap<String, OsString>,
    /// The same values as the client's Python sees them ([`crate::py::surrogate::env_str`]:
    /// bytes that are not UTF-8 are lone surrogates there, not dropped); `MODAL_CONFIG_PATH`
    /// with such bytes written `\xNN`, for display.
    text: BTreeMap<String, String>,
    /// The variables the home folder comes from ([`HOME_VARS`]: `HOME` on Unix; `USERPROFILE`,
    /// `HOMEDRIVE` and `HOMEPATH` on Windows), as set (maybe empty, or not Unicode).
    home: BTreeMap<&'static str, OsString>,
    /// `MODAL_CONFIG_PATH` exactly as set: a path need not be UTF-8 (`vars` holds it with
    /// invalid bytes escaped, for display).
    config_path: Option<OsString>,
    /// The home folder from the password database, used when `HOME` is unset (Unix only:
    /// Python on Windows leaves `~` unexpanded when its variables are unset).
    fallback_home: Option<PathBuf>,
    /// What finds the user's `modal`: `MODALCFG_CLIENT_VERSION`, `VIRTUAL_ENV`, modalcfg's own
    /// location and `PATH`.
    client_lookup: ClientLookup,
    /// `NO_COLOR` set and not empty (<https://no-color.org>).
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

impl Env {
    /// The `Debug` text, each variable's value as `shown(name, value)` gives it. `Env`'s
    /// `Debug` (in `crate::config::secret`, which knows which variables are secret) masks the
    /// values of secret variables with it.
    pub(crate) fn fmt_with(
        &self,
        f: &mut std::fmt::Formatter<'_>,
        shown: impl Fn(&str, &str) -> crate::py::PyValue,
    ) -> std::fmt::Result {
        let vars: BTreeMap<&str, crate::py::PyValue> = self
            .text
            .iter()
            .map(|(k, v)| (k.as_str(), shown(k, v)))
            .collect();
        f.debug_struct("Env")
            .field("vars", &vars)
            .field("home", &self.home)
            .field("fallback_home", &self.fallback_home)
            .finish()
    }
}

const CONFIG_PATH_VAR: &str = "MODAL_CONFIG_PATH";

/// The variables `os.path.expanduser` takes the home folder from. On Windows (`ntpath`) that is
/// `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`; `HOME` is ignored there since Python 3.8.
#[cfg(not(windows))]
const HOME_VARS: &[&str] = &["HOME"];
#[cfg(windows)]
const HOME_VARS: &[&str] = &["USERPROFILE", "HOMEDRIVE", "HOMEPATH"];
/// Every platform's home variables: the other platform's are ignored, never taken as `MODAL_*`.
const ANY_HOME_VAR: &[&str] = &["HOME", "USERPROFILE", "HOMEDRIVE", "HOMEPATH"];

/// This platform's home variable spelled `name`, if it is one (on Windows, variable names are
/// case-insensitive).
fn home_var(name: &str) -> Option<&'static str> {
    HOME_VARS.iter().copied().find(|v| {
        if cfg!(windows) {
            v.eq_ignore_ascii_case(name)
        } else {
            *v == name
        }
    })
}

/// A path or value as text, with what is not Unicode escaped (a lossy conversion would show
/// U+FFFD and hide which file is meant): bytes that are not UTF-8 as `\xNN` on Unix, unpaired
/// surrogates as `\udNNN` on Windows (as Python's `repr` shows them).
pub fn shown_os(s: &std::ffi::OsStr) -> String {
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        char::decode_utf16(s.encode_wide())
            .map(|c| {
                c.map_or_else(
                    |e| format!("\\u{:04x}", e.unpaired_surrogate()),
                    String::from,
                )
            })
            .collect()
    }
    #[cfg(not(windows))]
    {
        let mut out = String::new();
        for chunk in s.as_encoded_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
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
                Some(h) if home_var(h).is_some() => env.set_os(h.to_string(), v),
                Some(CONFIG_PATH_VAR) => env.set_os(CONFIG_PATH_VAR.into(), v),
                // Kept whatever the bytes: the client sees them too (as lone surrogates).
                Some(k) if k.starts_with("MODAL_") => env.set_os(k.to_string(), v),
                // The app's `E` opens the file in the user's editor.
                Some(k @ ("VISUAL" | "EDITOR")) => env.set_os(k.to_string(), v),
                _ => {}
            }
        }
        if cfg!(not(windows)) && env.home.is_empty() {
            env.fallback_home = dirs::home_dir();
        }
        env.client_lookup.current_exe = std::env::current_exe().ok();
        env
    }

    /// `NO_COLOR` asks for no colours (set and not empty).
    pub fn no_color(&self) -> bool {
        self.no_color
    }

    /// An environment with only the given variables (`HOME`, or `USERPROFILE` on Windows,
    /// among them if wanted; another platform's home variable is ignored).
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

    /// [`Env::set`] with a value that need not be UTF-8: the home variables and
    /// `MODAL_CONFIG_PATH` keep it exactly (a path); every value is kept as given and read as
    /// the client's Python reads it (`surrogateescape`).
    pub fn set_os(&mut self, name: String, value: OsString) {
        if let Some(var) = home_var(&name) {
            self.home.insert(var, value);
            return;
        }
        if ANY_HOME_VAR.contains(&name.as_str()) {
            return; // another platform's: the client ignores it here
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
        if let Some(var) = home_var(name) {
            self.home.remove(var);
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

    /// `~` + `rest` expanded like `posixpath.expanduser`: `HOME` (trailing slashes dropped),
    /// else the password database's home, else unexpanded.
    #[cfg(not(windows))]
    fn expand_home(&self, rest: &str) -> PathBuf {
        use std::os::unix::ffi::OsStringExt;
        let home = match (self.home.get("HOME"), &self.fallback_home) {
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

    /// `~` + `rest` expanded like `ntpath.expanduser` (Python 3.8+): `USERPROFILE` as set,
    /// else `HOMEDRIVE` joined with `HOMEPATH`, else unexpanded (a relative `~\...`); `HOME` is
    /// ignored. Nothing is trimmed and `rest` keeps its `/`, so the client's path reads
    /// `C:\Users\me/.modal.toml`.
    #[cfg(windows)]
    fn expand_home(&self, rest: &str) -> PathBuf {
        let mut home = match (self.home.get("USERPROFILE"), self.home.get("HOMEPATH")) {
            (Some(profile), _) => profile.clone(),
            (None, Some(path)) => nt_join_drive(self.home.get("HOMEDRIVE"), path),
            (None, None) => return PathBuf::from(format!("~{rest}")),
        };
        home.push(rest);
        PathBuf::from(home)
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

/// `ntpath.join(HOMEDRIVE, HOMEPATH)` for a drive (`C:`, `C:\`) or a share (`\\srv\home`):
/// a `HOMEPATH` with its own drive wins; a rooted one (`\Users\me`) goes after the drive; a
/// relative one after the drive, with a `\` unless the drive ends in `:` or a separator.
#[cfg(windows)]
fn nt_join_drive(drive: Option<&OsString>, path: &OsString) -> OsString {
    let is_sep = |b: u8| b == b'\\' || b == b'/';
    let p = path.as_encoded_bytes();
    let has_drive = p.get(1) == Some(&b':') || (p.len() >= 2 && is_sep(p[0]) && is_sep(p[1]));
    let d = match drive {
        Some(d) if !d.is_empty() && !has_drive => d.as_encoded_bytes(),
        _ => return path.clone(),
    };
    let mut out = OsString::new();
    if p.first().copied().is_some_and(is_sep) {
        // The drive's own root gives way to the path's.
        let end = d.len() - d.iter().rev().take_while(|b| is_sep(**b)).count();
        // SAFETY: cut at an ASCII separator of bytes from an `OsStr`.
        out.push(unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(&d[..end]) });
    } else {
        out.push(drive.expect("checked above"));
        if !d.last().is_some_and(|b| *b == b':' || is_sep(*b)) {
            out.push("\\");
        }
    }
    out.push(path);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
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

    #[cfg(unix)]
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
    #[cfg(unix)] // bytes that are not UTF-8: a Windows value is UTF-16
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

    #[cfg(windows)]
    #[test]
    fn windows_home_is_userprofile_else_homedrive_homepath_and_home_is_ignored() {
        let path = |pairs: &[(&str, &str)]| Env::from_pairs(pairs.iter().copied()).config_path();
        let text = |pairs: &[(&str, &str)]| path(pairs).to_str().unwrap().to_string();
        // The client's own path text: USERPROFILE + "/.modal.toml", separators mixed.
        assert_eq!(
            text(&[("USERPROFILE", r"C:\Users\me")]),
            r"C:\Users\me/.modal.toml"
        );
        assert_eq!(
            text(&[("HOME", r"D:\h"), ("USERPROFILE", r"C:\Users\me")]),
            r"C:\Users\me/.modal.toml"
        );
        // Nothing trimmed (ntpath does not strip a trailing separator), an empty one kept.
        assert_eq!(text(&[("USERPROFILE", "C:\\u\\")]), "C:\\u\\/.modal.toml");
        assert_eq!(text(&[("USERPROFILE", "")]), "/.modal.toml");
        assert_eq!(
            text(&[("HOMEDRIVE", "C:"), ("HOMEPATH", r"\Users\me")]),
            r"C:\Users\me/.modal.toml"
        );
        assert_eq!(
            text(&[("HOMEDRIVE", r"\\srv\home"), ("HOMEPATH", "me")]),
            r"\\srv\home\me/.modal.toml"
        );
        assert_eq!(
            text(&[("HOMEDRIVE", "C:"), ("HOMEPATH", "me")]),
            r"C:me/.modal.toml"
        );
        assert_eq!(
            text(&[("HOMEPATH", r"\Users\me")]),
            r"\Users\me/.modal.toml"
        );
        // HOME alone does not count, and HOMEDRIVE alone neither: `~` stays.
        assert_eq!(text(&[("HOME", r"C:\h")]), "~/.modal.toml");
        assert_eq!(text(&[("HOMEDRIVE", "C:")]), "~/.modal.toml");
        assert!(
            Env::from_pairs([("HOME", r"C:\h")])
                .modal_vars()
                .next()
                .is_none()
        );
        // MODAL_CONFIG_PATH wins, as on Unix; an empty one does not.
        let e = [
            ("USERPROFILE", r"C:\u"),
            ("MODAL_CONFIG_PATH", r"D:\c.toml"),
        ];
        assert_eq!(text(&e), r"D:\c.toml");
        assert_eq!(
            text(&[("USERPROFILE", r"C:\u"), ("MODAL_CONFIG_PATH", "")]),
            r"C:\u/.modal.toml"
        );
    }

    #[cfg(windows)]
    #[test]
    fn windows_paths_that_are_not_unicode_show_their_surrogates() {
        use std::os::windows::ffi::OsStringExt;
        let p = OsString::from_wide(&[u16::from(b'C'), u16::from(b':'), 0xDC80, 0xE9]);
        assert_eq!(shown_os(&p), "C:\\udc80\u{e9}");
        let mut e = Env::default();
        e.set_os("USERPROFILE".into(), p.clone());
        let mut want = p.clone();
        want.push("/.modal.toml");
        assert_eq!(e.config_path().as_os_str(), want.as_os_str());
        assert!(!shown_os(e.config_path().as_os_str()).contains('\u{fffd}'));
    }
}
