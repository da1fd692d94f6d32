//! Resolution, exactly as the client's `Config.get`: env (present, even empty) beats the
//! profile's file value, which beats the untransformed default. Pure: (Env, ConfigFile,
//! profile) in, values with their source and every shadowed layer out.

use std::path::PathBuf;

use crate::client::Client;
use crate::client::error::{ClientError, ErrorClass};
use crate::client::settings::Setting;
use crate::client::transform;
use crate::config::read::file::ConfigFile;
use crate::config::secret::Held;
use crate::env::Env;
use crate::py::PyValue;

/// Which layer supplies a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An environment variable (`MODAL_*`).
    Env,
    /// A key of the profile's table in the config file.
    File,
    /// The client's built-in default.
    Default,
}

impl Source {
    /// The name used by `show --json` and `get --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Env => "env",
            Source::File => "file",
            Source::Default => "default",
        }
    }
}

/// Where one layer's value comes from: said by the CLI (`show`'s WHERE column, `get --json`'s
/// `origin`, `explain`), the app and the credential verdict, never re-parsed from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An environment variable, by name (`MODAL_LOGLEVEL`).
    Env(String),
    /// A key of a profile's table in the config file.
    File {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the key.
        line: usize,
    },
    /// The client's built-in default.
    Default,
}

impl Origin {
    /// The layer this origin belongs to.
    pub fn source(&self) -> Source {
        match self {
            Origin::Env(_) => Source::Env,
            Origin::File { .. } => Source::File,
            Origin::Default => Source::Default,
        }
    }

    /// The file line, for a file value.
    pub fn line(&self) -> Option<usize> {
        match self {
            Origin::File { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The short form of a table column: `MODAL_LOGLEVEL`, `file:12` or `default`.
    pub fn short(&self) -> String {
        match self {
            Origin::File { line, .. } => format!("file:{line}"),
            other => other.to_string(),
        }
    }
}

/// The long form (`get --json`'s `origin`, `explain`): `MODAL_LOGLEVEL`, `<path>:12`, `default`.
impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Env(var) => f.write_str(var),
            Origin::File { path, line } => {
                write!(f, "{}:{line}", crate::py::surrogate::path_str(path))
            }
            Origin::Default => f.write_str("default"),
        }
    }
}

/// Why the effective profile is the one it is (spec §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileReason {
    /// `MODAL_PROFILE` is set and non-empty.
    EnvVar,
    /// The first table whose `active` is boolean `true` (its line).
    ActiveFlag {
        /// 1-based line of the `active` flag.
        line: usize,
    },
    /// Nothing selected a profile: the literal name `default`, whether or not it exists.
    Fallback,
}

/// The profile the client uses and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChoice {
    /// The profile's name (it may not be in the file).
    pub name: String,
    /// Why this one.
    pub reason: ProfileReason,
}

impl ProfileChoice {
    /// The client uses this profile but the file (`place`: "the file" or its path) does not
    /// have it: one wording for `check` and for the CLI's errors and warnings.
    pub fn not_in_file(&self, place: &str) -> String {
        let name = &self.name;
        match self.reason {
            ProfileReason::EnvVar => {
                format!("MODAL_PROFILE={name} names a profile that is not in {place}")
            }
            ProfileReason::Fallback => format!(
                "no profile is active, so the client uses `{name}`, which is not in {place}"
            ),
            ProfileReason::ActiveFlag { .. } => format!("profile `{name}` is not in {place}"),
        }
    }

    /// The layer that chose the profile: `MODAL_PROFILE`, an `active` flag of the file, or
    /// the `default` fallback.
    pub fn source(&self) -> Source {
        match self.reason {
            ProfileReason::EnvVar => Source::Env,
            ProfileReason::ActiveFlag { .. } => Source::File,
            ProfileReason::Fallback => Source::Default,
        }
    }

    /// Why this profile, in words (`MODAL_PROFILE is set`).
    pub fn why(&self) -> String {
        match &self.reason {
            ProfileReason::EnvVar => "MODAL_PROFILE is set".into(),
            ProfileReason::ActiveFlag { line } => format!("active = true (line {line})"),
            ProfileReason::Fallback => {
                "no profile is active, so the client falls back to `default`".into()
            }
        }
    }
}

/// The profile the client uses: `MODAL_PROFILE` when non-empty, else the first table with
/// `active = true`, else `"default"`.
pub fn effective_profile(env: &Env, file: &ConfigFile) -> ProfileChoice {
    if let Some(p) = env.profile_override() {
        return ProfileChoice {
            name: p.to_string(),
            reason: ProfileReason::EnvVar,
        };
    }
    match file.profiles().iter().find(|p| p.is_active()) {
        Some(p) => ProfileChoice {
            name: p.name.clone(),
            reason: ProfileReason::ActiveFlag {
                line: p.get("active").map_or(p.line, |e| e.line),
            },
        },
        None => ProfileChoice {
            name: "default".into(),
            reason: ProfileReason::Fallback,
        },
    }
}

/// One layer that supplies (or would supply) a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Where the value comes from.
    pub origin: Origin,
    /// The value before the transform (a [`Held::Secret`] for a secret key: masked `Debug`).
    pub raw: Held,
    /// The transform's result, or the client's error (defaults are not transformed).
    pub result: Result<Held, ClientError>,
}

impl Layer {
    /// The layer this one is.
    pub fn source(&self) -> Source {
        self.origin.source()
    }

    /// The transform's result, exposed for computing with it (show it through
    /// [`shown`]).
    pub fn value(&self) -> Result<&PyValue, &ClientError> {
        match &self.result {
            Ok(h) => Ok(h.expose()),
            Err(e) => Err(e),
        }
    }
}

/// One key, resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The key's entry in the client's settings table.
    pub setting: &'static Setting,
    /// Every layer that has the key, winner first; the default is always last.
    pub layers: Vec<Layer>,
}

impl Resolved {
    /// The layer that wins.
    pub fn winner(&self) -> &Layer {
        &self.layers[0]
    }
    /// The winning layer's source.
    pub fn source(&self) -> Source {
        self.winner().source()
    }
    /// The value the client uses (exposed, for computing with it; show it through
    /// [`shown`]), or the client's exception.
    pub fn value(&self) -> Result<&PyValue, &ClientError> {
        self.winner().value()
    }

    /// The same, owned.
    pub fn value_owned(&self) -> Result<PyValue, ClientError> {
        self.value().cloned().map_err(ClientError::clone)
    }
    /// A lower layer (env over file, or anything over a file value) is hidden by the winner.
    pub fn shadows(&self) -> bool {
        self.layers.len() > 2
            || (self.layers.len() == 2
                && self.layers[0].source() == Source::Env
                && self.layers[1].source() != Source::Default)
    }
}

/// A resolved value as it may be shown: masked if its key is secret, unless revealed.
pub fn shown(r: &Resolved, v: &PyValue, reveal: crate::config::secret::Reveal) -> PyValue {
    crate::config::secret::shown(r.setting.secret, v, reveal)
}

/// `Config.get(key, profile=..., use_env=...)` with every layer kept.
pub fn resolve(
    setting: &'static Setting,
    env: Option<&Env>,
    file: &ConfigFile,
    profile: &str,
) -> Resolved {
    let mut layers = Vec::with_capacity(3);
    let var = setting.env_var();
    let held = |v: PyValue| Held::new(v, setting.secret);
    if let Some(v) = env.and_then(|e| e.get(&var)) {
        let raw = PyValue::Str(v.to_string());
        let result = transform::apply(setting, &raw).map(held);
        layers.push(Layer {
            origin: Origin::Env(var),
            raw: held(raw),
            result,
        });
    }
    if let Some(entry) = file.profile(profile).and_then(|p| p.get(setting.key)) {
        let result = transform::apply(setting, &entry.value).map(held);
        layers.push(Layer {
            origin: Origin::File {
                path: file.path.clone(),
                line: entry.line,
            },
            raw: held(entry.value.clone()),
            result,
        });
    }
    let default = setting.default.to_py();
    layers.push(Layer {
        origin: Origin::Default,
        raw: held(default.clone()),
        result: Ok(held(default)),
    });
    Resolved { setting, layers }
}

/// The library API, mirroring the client's `modal.config`.
pub struct Config<'a> {
    /// The client release whose settings table and rules apply.
    pub client: Client,
    /// The environment the client runs in.
    pub env: &'a Env,
    /// The config file as the client reads it.
    pub file: &'a ConfigFile,
}

impl<'a> Config<'a> {
    /// Resolves like the newest client release modalcfg knows.
    pub fn new(env: &'a Env, file: &'a ConfigFile) -> Config<'a> {
        Config::for_client(Client::newest(), env, file)
    }

    /// Resolves like the given client release.
    pub fn for_client(client: Client, env: &'a Env, file: &'a ConfigFile) -> Config<'a> {
        Config { client, env, file }
    }

    /// Every layer of one key in the effective profile (the environment variable, the file's
    /// value, the default; the winner first), for explaining a value: `None` when this
    /// release has no such setting.
    ///
    /// ```
    /// use modalcfg::{Config, ConfigFile, Env, Origin, Source};
    ///
    /// let text = b"[a]\nactive = true\nloglevel = 'info'\n".to_vec();
    /// let file = ConfigFile::from_bytes("m.toml".as_ref(), text);
    /// let env = Env::from_pairs([("MODAL_LOGLEVEL", "debug")]);
    /// let r = Config::new(&env, &file).resolve("loglevel").unwrap();
    /// assert_eq!(r.source(), Source::Env);
    /// assert_eq!(r.layers.len(), 3); // env, file (line 3), default
    /// assert!(matches!(r.layers[1].origin, Origin::File { line: 3, .. }));
    /// ```
    pub fn resolve(&self, key: &str) -> Option<Resolved> {
        let setting = self.client.find(key)?;
        let profile = effective_profile(self.env, self.file).name;
        Some(resolve(setting, Some(self.env), self.file, &profile))
    }

    /// `config.get(key, profile=None, use_env=True)`. `Err` is the client's exception
    /// (`{class, message}`, displayed `Class: message`); an unknown key is `KeyError: '<key>'`.
    ///
    /// ```
    /// use modalcfg::{Config, ConfigFile, Env, ErrorClass, PyValue};
    ///
    /// let file = ConfigFile::from_bytes(
    ///     "/home/me/.modal.toml".as_ref(),
    ///     b"[work]\nactive = true\nlogs_timeout = 20\n[home]\nloglevel = 'debug'\n".to_vec(),
    /// );
    /// let env = Env::from_pairs([("MODAL_LOGS_TIMEOUT", "5.5")]);
    /// let config = Config::new(&env, &file);
    /// // The environment beats the active profile's file value; the type is the client's.
    /// assert_eq!(config.get("logs_timeout", None, true), Ok(PyValue::Float(5.5)));
    /// // `logs_timeout` goes through the client's `float()`, as in Python.
    /// assert_eq!(config.get("logs_timeout", None, false), Ok(PyValue::Float(20.0)));
    /// // Another profile, and the client's own transform (`loglevel` is upper-cased).
    /// assert_eq!(
    ///     config.get("loglevel", Some("home"), true),
    ///     Ok(PyValue::Str("DEBUG".into()))
    /// );
    /// let unknown = config.get("nope", None, true).unwrap_err();
    /// assert_eq!(unknown.class, ErrorClass::KeyError);
    /// assert_eq!(unknown.to_string(), "KeyError: 'nope'");
    /// ```
    pub fn get(
        &self,
        key: &str,
        profile: Option<&str>,
        use_env: bool,
    ) -> Result<PyValue, ClientError> {
        let Some(setting) = self.client.find(key) else {
            return Err(ClientError::new(
                ErrorClass::KeyError,
                crate::py::repr::repr(&PyValue::Str(key.into())),
            ));
        };
        let profile = match profile {
            Some(p) => p.to_string(),
            None => effective_profile(self.env, self.file).name,
        };
        let env = use_env.then_some(self.env);
        resolve(setting, env, self.file, &profile).value_owned()
    }

    /// `config.to_dict(include_internal=...)`: sorted keys; the first failing key fails it all.
    ///
    /// ```
    /// use modalcfg::{Config, ConfigFile, Env, PyValue};
    ///
    /// let file = ConfigFile::from_bytes("/c.toml".as_ref(), b"[default]\nenvironment = 'dev'\n".to_vec());
    /// let env = Env::default();
    /// let dict = Config::new(&env, &file).to_dict(false).unwrap();
    /// assert!(dict.windows(2).all(|w| w[0].0 < w[1].0), "sorted by key");
    /// assert!(dict.contains(&("environment", PyValue::Str("dev".into()))));
    /// // A value the client cannot transform fails the whole dict, with the client's message.
    /// let bad = Env::from_pairs([("MODAL_LOGS_TIMEOUT", "abc")]);
    /// let err = Config::new(&bad, &file).to_dict(false).unwrap_err();
    /// assert!(err.to_string().starts_with("InvalidError: Invalid value for logs_timeout config ('abc')"), "{err}");
    /// ```
    pub fn to_dict(
        &self,
        include_internal: bool,
    ) -> Result<Vec<(&'static str, PyValue)>, ClientError> {
        let profile = effective_profile(self.env, self.file).name;
        self.client
            .sorted(include_internal)
            .into_iter()
            .map(|s| {
                resolve(s, Some(self.env), self.file, &profile)
                    .value_owned()
                    .map(|v| (s.key, v))
            })
            .collect()
    }

    /// `config.override_locally(key, value)`: sets `MODAL_<KEY>` in this environment snapshot
    /// (the process environment is never touched).
    ///
    /// ```
    /// use modalcfg::{Client, Config, ConfigFile, Env, PyValue};
    ///
    /// let file = ConfigFile::from_bytes("/c.toml".as_ref(), b"[default]\nenvironment = 'dev'\n".to_vec());
    /// let mut env = Env::default();
    /// Config::override_locally(&Client::newest(), &mut env, "environment", "prod");
    /// assert_eq!(env.get("MODAL_ENVIRONMENT"), Some("prod"));
    /// let config = Config::new(&env, &file);
    /// assert_eq!(config.get("environment", None, true), Ok(PyValue::Str("prod".into())));
    /// ```
    pub fn override_locally(client: &Client, env: &mut Env, key: &str, value: &str) {
        let name = match client.find(key) {
            Some(s) => s.env_var(),
            None => key.to_uppercase(),
        };
        env.set(name, value.to_string());
    }

    /// `config_profiles()`: the profile names in file order, as the client names them.
    ///
    /// ```
    /// use modalcfg::{Config, ConfigFile, Env};
    ///
    /// let file = ConfigFile::from_bytes(
    ///     "/c.toml".as_ref(),
    ///     b"[b]\nx = 1\n[\"my workspace\"]\ny = 2\na = { z = 3 }\n".to_vec(),
    /// );
    /// let env = Env::default();
    /// assert_eq!(Config::new(&env, &file).config_profiles(), ["b", "my workspace"]);
    /// ```
    pub fn config_profiles(&self) -> Vec<&str> {
        self.file
            .profiles()
            .iter()
            .map(|p| p.name.as_str())
            .collect()
    }
}

/// Every key of the table for one profile.
pub fn resolve_all(
    client: &Client,
    env: Option<&Env>,
    file: &ConfigFile,
    profile: &str,
) -> Vec<Resolved> {
    client
        .settings()
        .iter()
        .map(|s| resolve(s, env, file, profile))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layer_says_where_it_comes_from() {
        let file = ConfigFile::from_bytes(
            "/home/me/.modal.toml".as_ref(),
            b"[w]\nactive = true\n\nloglevel = 'info'\n".to_vec(),
        );
        let env = Env::from_pairs([("MODAL_LOGLEVEL", "debug")]);
        let client = Client::newest();
        let r = resolve(client.find("loglevel").unwrap(), Some(&env), &file, "w");
        let origins: Vec<_> = r.layers.iter().map(|l| l.origin.clone()).collect();
        assert_eq!(
            origins,
            [
                Origin::Env("MODAL_LOGLEVEL".into()),
                Origin::File {
                    path: "/home/me/.modal.toml".into(),
                    line: 4
                },
                Origin::Default
            ]
        );
        let sources: Vec<_> = r.layers.iter().map(Layer::source).collect();
        assert_eq!(sources, [Source::Env, Source::File, Source::Default]);
        let long: Vec<_> = origins.iter().map(Origin::to_string).collect();
        assert_eq!(
            long,
            ["MODAL_LOGLEVEL", "/home/me/.modal.toml:4", "default"]
        );
        let short: Vec<_> = origins.iter().map(Origin::short).collect();
        assert_eq!(short, ["MODAL_LOGLEVEL", "file:4", "default"]);
        assert_eq!(
            origins.iter().map(Origin::line).collect::<Vec<_>>(),
            [None, Some(4), None]
        );
    }

    /// A path holding `:` (and digits after it) stays whole: nothing splits the text again.
    #[test]
    fn a_colon_in_the_path_does_not_confuse_the_line() {
        let file = ConfigFile::from_bytes(
            "/tmp/a:7/m.toml".as_ref(),
            b"[default]\nenvironment = 'x'\n".to_vec(),
        );
        let r = resolve(
            Client::newest().find("environment").unwrap(),
            None,
            &file,
            "default",
        );
        assert_eq!(r.winner().origin.line(), Some(2));
        assert_eq!(r.winner().origin.short(), "file:2");
        assert_eq!(r.winner().origin.to_string(), "/tmp/a:7/m.toml:2");
    }
}
