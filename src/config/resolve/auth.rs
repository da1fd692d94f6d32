//! The credential verdict: what `_Client.from_env` of the Modal client does with the resolved
//! credentials before it connects (modal 1.6.4 `modal/client.py`): token pair or OAuth
//! (refresh token + client id + exactly one of client secret / JWT key), both configured or an
//! incomplete OAuth set is an `InvalidError`, a missing or half token pair is
//! `AuthError: Token missing…`, a `MODAL_PROFILE` naming a profile that is not in the file has
//! its own `AuthError`, and inside a container (`MODAL_IS_REMOTE=1`) credentials are ignored
//! with a warning. Also which layer each value comes from, and whether the pair is mixed.
//! What differs between releases (OAuth from 1.5.5, the JWT key from 1.6.3, the error texts)
//! is the client's [`CredentialRules`](crate::client::CredentialRules), never a version test here.

use crate::client::Client;
use crate::client::credentials::{ContainerWarning, OAuth};
use crate::client::error::ClientError;
use crate::config::read::file::ConfigFile;
use crate::config::resolve::layers::{Source, effective_profile, resolve};
use crate::config::secret::{Reveal, shown};
use crate::env::Env;
use crate::py::PyValue;

/// How the client authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `token_id` and `token_secret`.
    TokenPair,
    /// An OAuth refresh token with its client id and one secret.
    OAuth,
    /// Inside a container: credentials are ignored.
    Container,
    /// No usable credentials: the client raises.
    None,
}

/// Where one credential value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredSource {
    /// The setting's key.
    pub key: &'static str,
    /// The layer it comes from.
    pub source: Source,
    /// The env var, or the profile the file value is in.
    pub origin: String,
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// The value, masked when secret (token ids are shown shortened).
    pub shown: String,
}

/// The verdict, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// How the client authenticates.
    pub method: Method,
    /// The credentials that are set (truthy), in the client's order.
    pub creds: Vec<CredSource>,
    /// What `from_env` raises before it connects.
    pub error: Option<ClientError>,
    /// What the client warns about (credentials ignored in a container).
    pub client_warning: Option<String>,
    /// The token id and secret come from different layers or profiles.
    pub mixed: Option<String>,
}

const KEYS: [&str; 6] = [
    "token_id",
    "token_secret",
    "oauth_refresh_token",
    "oauth_client_id",
    "oauth_client_secret",
    "oauth_jwt_key",
];

fn short(key: &str, v: &PyValue, secret: bool) -> String {
    match v {
        PyValue::Str(s) if key == "token_id" && s.chars().count() > 12 => {
            let head: String = s.chars().take(3).collect();
            format!("{head}{}", crate::config::secret::mask(s))
        }
        other => {
            crate::config::resolve::explain::display_value(&shown(secret, other, Reveal::Masked))
        }
    }
}

/// `_Client.from_env` up to the network, for this environment and file.
pub fn verdict(client: &Client, env: &Env, file: &ConfigFile) -> Verdict {
    let rules = client.credentials();
    let profile = effective_profile(env, file).name;
    let mut values: Vec<(&'static str, Option<PyValue>)> = Vec::new();
    let mut creds = Vec::new();
    for key in KEYS {
        let Some(setting) = client.find(key) else {
            values.push((key, None));
            continue;
        };
        let r = resolve(setting, Some(env), file, &profile);
        let v = match r.value() {
            Ok(v) => v.clone(),
            Err(e) => {
                return Verdict {
                    method: Method::None,
                    creds,
                    error: Some(e.clone()),
                    client_warning: None,
                    mixed: None,
                };
            }
        };
        if v.truthy() {
            let w = r.winner();
            let origin = match w.source() {
                Source::File => profile.clone(),
                _ => w.origin.to_string(),
            };
            creds.push(CredSource {
                key,
                source: w.source(),
                origin,
                line: w.origin.line(),
                shown: short(key, &v, setting.secret),
            });
        }
        values.push((key, Some(v)));
    }
    let truthy = |k: &str| {
        values
            .iter()
            .any(|(key, v)| *key == k && v.as_ref().is_some_and(PyValue::truthy))
    };
    let mut v = Verdict {
        method: Method::None,
        creds,
        error: None,
        client_warning: None,
        mixed: None,
    };
    if env.is_remote() {
        v.client_warning = match rules.container_warning {
            ContainerWarning::Fixed(text) => {
                (truthy("token_id") || truthy("token_secret")).then(|| text.to_string())
            }
            ContainerWarning::Listing(prefix) => {
                let ignored: Vec<String> = ["token_id", "token_secret"]
                    .iter()
                    .chain(rules.oauth_keys())
                    .filter(|k| truthy(k))
                    .map(|k| format!("MODAL_{}", k.to_uppercase()))
                    .collect();
                (!ignored.is_empty()).then(|| format!("{prefix}{}", ignored.join(", ")))
            }
        };
        v.method = Method::Container;
        return v;
    }
    let has_token = truthy("token_id") || truthy("token_secret");
    let has_oauth = rules.oauth_keys().iter().any(|k| truthy(k));
    if has_token && has_oauth {
        v.error = rules.both_configured_error();
    } else if has_oauth {
        let complete = truthy("oauth_refresh_token")
            && truthy("oauth_client_id")
            && match rules.oauth {
                OAuth::SecretOrJwtKey => truthy("oauth_client_secret") != truthy("oauth_jwt_key"),
                _ => truthy("oauth_client_secret"),
            };
        if complete {
            v.method = Method::OAuth;
        } else {
            v.error = rules.oauth_incomplete_error();
        }
    } else if truthy("token_id") && truthy("token_secret") {
        v.method = Method::TokenPair;
        v.mixed = mixed_pair(env, file, &v.creds);
    } else if let Some(p) = env.profile_override()
        && file.profile(p).is_none()
        && let Some(e) =
            rules.profile_not_found_error(p, &crate::py::surrogate::path_str(&file.path))
    {
        v.error = Some(e);
    } else {
        v.error = Some(rules.token_missing_error());
    }
    v
}

/// The token id and secret come from different layers (env and file), or the id set in the
/// environment is another profile's.
fn mixed_pair(env: &Env, file: &ConfigFile, creds: &[CredSource]) -> Option<String> {
    let id = creds.iter().find(|c| c.key == "token_id")?;
    let secret = creds.iter().find(|c| c.key == "token_secret")?;
    if id.source == secret.source {
        return None;
    }
    let mut text = format!(
        "token_id comes from {} and token_secret from {}: a mixed pair",
        where_from(id),
        where_from(secret)
    );
    if id.source == Source::Env
        && let Some(env_id) = env.get("MODAL_TOKEN_ID")
        && let Some(owner) = file.profiles().iter().find(|p| {
            p.get("token_id")
                .is_some_and(|e| e.value.as_str() == Some(env_id))
        })
        && secret.origin != owner.name
    {
        text.push_str(&format!(
            " (MODAL_TOKEN_ID is profile `{}`'s token id)",
            owner.name
        ));
    }
    Some(text)
}

fn where_from(c: &CredSource) -> String {
    match (c.source, c.line) {
        (Source::Env, _) => c.origin.clone(),
        (Source::File, Some(l)) => format!("profile `{}` line {l}", c.origin),
        (Source::File, None) => format!("profile `{}`", c.origin),
        (Source::Default, _) => "the default".into(),
    }
}

impl Verdict {
    /// The verdict in one line, for the app's header and `show`.
    pub fn summary(&self) -> String {
        let part = |c: &CredSource| match c.source {
            Source::Env => format!("from {}", c.origin),
            _ => match c.line {
                Some(l) => format!("from file `{}` line {l}", c.origin),
                None => format!("from file `{}`", c.origin),
            },
        };
        let find = |k: &str| self.creds.iter().find(|c| c.key == k);
        match (&self.method, &self.error) {
            (_, Some(e)) => e.one_line(),
            (Method::Container, _) => "in a container: credentials are ignored".into(),
            (Method::TokenPair, _) => {
                let (id, secret) = (find("token_id"), find("token_secret"));
                match (id, secret) {
                    (Some(i), Some(s)) if i.source == s.source && i.origin == s.origin => {
                        format!("token {} + secret {}", i.shown, part(s))
                    }
                    (Some(i), Some(s)) => {
                        format!("token {} {} + secret {} — mixed", i.shown, part(i), part(s))
                    }
                    _ => "token pair".into(),
                }
            }
            (Method::OAuth, _) => match find("oauth_client_id") {
                Some(c) => format!("OAuth, client {} {}", c.shown, part(c)),
                None => "OAuth".into(),
            },
            (Method::None, None) => "no credentials".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str, vars: &[(&str, &str)]) -> Verdict {
        at("1.6.4", text, vars)
    }

    fn at(release: &str, text: &str, vars: &[(&str, &str)]) -> Verdict {
        let file = ConfigFile::from_bytes(std::path::Path::new("/c.toml"), text.as_bytes().into());
        let client = Client::for_version(crate::client::Version::parse(release).unwrap()).unwrap();
        verdict(&client, &Env::from_pairs(vars.iter().copied()), &file)
    }

    const BOTH: &str =
        "InvalidError: Modal token credentials and OAuth credentials cannot both be configured.";
    const OAUTH_INCOMPLETE: &str = "InvalidError: OAuth refresh token, client ID, and exactly one of client secret or JWT key must be configured.";
    const TOKEN_MISSING: &str = "AuthError: Token missing. Could not authenticate client. If you have token credentials, see modal.com/docs/sdk/py/latest/config for setup help. If you are a new user, register an account at modal.com, then run `modal token new`.";

    #[test]
    fn the_client_rules() {
        let ok = v(
            "[a]\nactive = true\ntoken_id = \"ak-1\"\ntoken_secret = \"as-2\"\n",
            &[],
        );
        assert_eq!(
            (
                ok.method,
                ok.error.as_ref().map(ToString::to_string).as_deref()
            ),
            (Method::TokenPair, None)
        );
        assert_eq!(ok.mixed, None);
        let half = v("[a]\nactive = true\ntoken_id = \"ak-1\"\n", &[]);
        assert_eq!(
            half.error.as_ref().map(ToString::to_string).as_deref(),
            Some(TOKEN_MISSING)
        );
        let both = v(
            "[a]\nactive = true\ntoken_id = \"ak-1\"\ntoken_secret = \"as-2\"\n",
            &[("MODAL_OAUTH_CLIENT_ID", "c")],
        );
        assert_eq!(
            both.error.as_ref().map(ToString::to_string).as_deref(),
            Some(BOTH)
        );
        let oauth = v(
            "[a]\nactive = true\noauth_refresh_token = \"r\"\noauth_client_id = \"c\"\n",
            &[],
        );
        assert_eq!(
            oauth.error.as_ref().map(ToString::to_string).as_deref(),
            Some(OAUTH_INCOMPLETE)
        );
        let oauth = v(
            "[a]\nactive = true\noauth_refresh_token = \"r\"\noauth_client_id = \"c\"\noauth_jwt_key = \"k\"\n",
            &[],
        );
        assert_eq!((oauth.method, oauth.error), (Method::OAuth, None));
        let ghost = v("[a]\n", &[("MODAL_PROFILE", "ghost")]);
        assert!(
            ghost
                .error
                .as_ref()
                .map(ToString::to_string)
                .as_deref()
                .unwrap()
                .starts_with("AuthError: Modal profile 'ghost' was not found in /c.toml.")
        );
        let remote = v("", &[("MODAL_IS_REMOTE", "1"), ("MODAL_TOKEN_ID", "x")]);
        assert_eq!((remote.method, remote.error), (Method::Container, None));
        assert!(remote.client_warning.unwrap().ends_with(": MODAL_TOKEN_ID"));
    }

    #[test]
    fn each_release_has_its_own_rules() {
        let oauth = "[a]\nactive = true\noauth_refresh_token = \"r\"\noauth_client_id = \"c\"\n";
        // Before 1.5.5 OAuth settings are not credentials: only the token pair counts.
        let old = at("1.5.4", oauth, &[]);
        assert!(
            old.error
                .unwrap()
                .to_string()
                .contains("docs/sdk/py/latest/config for")
        );
        let old = at("1.2.6", oauth, &[("MODAL_PROFILE", "ghost")]);
        assert!(
            old.error
                .unwrap()
                .to_string()
                .contains("docs/reference/modal.config for")
        );
        // 1.5.5 to 1.6.2: the client secret is required; a JWT key is no setting yet.
        let secret = format!("{oauth}oauth_client_secret = \"s\"\n");
        assert_eq!(at("1.5.5", &secret, &[]).method, Method::OAuth);
        assert_eq!(
            at("1.6.2", oauth, &[("MODAL_OAUTH_JWT_KEY", "k")])
                .error
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some(
                "InvalidError: OAuth refresh token, client ID, and client secret must all be configured."
            )
        );
        assert_eq!(
            at("1.6.3", oauth, &[("MODAL_OAUTH_JWT_KEY", "k")]).method,
            Method::OAuth
        );
        // Inside a container: one fixed sentence before 1.5.5, the list of variables after.
        let remote = [("MODAL_IS_REMOTE", "1"), ("MODAL_OAUTH_CLIENT_ID", "c")];
        assert_eq!(at("1.5.4", "", &remote).client_warning, None);
        assert!(
            at("1.5.5", "", &remote)
                .client_warning
                .unwrap()
                .ends_with(": MODAL_OAUTH_CLIENT_ID")
        );
        let remote = [("MODAL_IS_REMOTE", "1"), ("MODAL_TOKEN_SECRET", "s")];
        assert!(
            at("1.0.0", "", &remote)
                .client_warning
                .unwrap()
                .starts_with("Modal tokens provided by")
        );
    }

    #[test]
    fn a_mixed_pair_is_named() {
        let m = v(
            "[work]\nactive = true\ntoken_secret = \"as-secret123456\"\n[home]\ntoken_id = \"ak-home\"\n",
            &[("MODAL_TOKEN_ID", "ak-home")],
        );
        assert_eq!(m.method, Method::TokenPair);
        let text = m.mixed.clone().unwrap();
        assert!(
            text.contains("MODAL_TOKEN_ID and token_secret from profile `work` line 3"),
            "{text}"
        );
        assert!(text.contains("profile `home`'s token id"), "{text}");
        assert!(m.summary().ends_with("— mixed"), "{}", m.summary());
        assert!(!format!("{m:?}").contains("secret123456"));
    }
}
