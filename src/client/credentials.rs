//! How each release's `_Client.from_env` (`modal/client.py`) picks credentials, and the exact
//! texts it raises or warns with. Releases that agree share one description; a test checks the
//! change points against the fingerprints `tools/releases/tables.py` read from the wheels.

use super::version::Version;
use crate::client::error::{ClientError, ErrorClass};

/// Which OAuth settings `from_env` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuth {
    /// Before 1.5.5: a token pair is the only way in.
    None,
    /// 1.5.5 to 1.6.2: refresh token, client id and client secret, all three.
    ClientSecret,
    /// 1.6.3 on: refresh token, client id and exactly one of client secret or JWT key.
    SecretOrJwtKey,
}

/// The credential rules of a run of releases.
#[derive(Debug)]
pub struct CredentialRules {
    /// The first release they hold for.
    pub first: Version,
    /// How the releases read OAuth credentials, if they do.
    pub oauth: OAuth,
    /// The messages (without their class: each field says it, and the `*_error` methods
    /// raise it).
    /// `AuthError` when neither a complete token pair nor OAuth is configured.
    pub token_missing: &'static str,
    /// `InvalidError` when a token and OAuth settings are both configured (with OAuth only).
    pub both_configured: Option<&'static str>,
    /// `InvalidError` when the OAuth settings are incomplete (with OAuth only).
    pub oauth_incomplete: Option<&'static str>,
    /// `MODAL_PROFILE` naming a profile not in the file is its own `AuthError` (1.5.5 on);
    /// `{profile}` and `{path}` are filled in.
    pub profile_not_found: Option<&'static str>,
    /// What the client warns inside a container when credentials are set: the whole text, or
    /// (1.5.5 on) a prefix followed by the names of the variables that are set.
    pub container_warning: ContainerWarning,
}

/// What the client warns inside a container when credentials are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerWarning {
    /// The whole warning, always the same.
    Fixed(&'static str),
    /// A prefix, followed by the names of the variables that are set.
    Listing(&'static str),
}

static RULES: [CredentialRules; 5] = [
    token_pair_only(
        Version::new(1, 0, 0),
        "Token missing. Could not authenticate client. If you have token credentials, see modal.com/docs/reference/modal.config for setup help. If you are a new user, register an account at modal.com, then run `modal token new`.",
    ),
    token_pair_only(
        Version::new(1, 5, 1),
        "Token missing. Could not authenticate client. If you have token credentials, see modal.com/docs/sdk/py/latest/modal.config for setup help. If you are a new user, register an account at modal.com, then run `modal token new`.",
    ),
    token_pair_only(Version::new(1, 5, 3), TOKEN_MISSING_CONFIG_DOCS),
    CredentialRules {
        first: Version::new(1, 5, 5),
        oauth: OAuth::ClientSecret,
        token_missing: TOKEN_MISSING_CONFIG_DOCS,
        both_configured: Some(BOTH_CONFIGURED),
        oauth_incomplete: Some(
            "OAuth refresh token, client ID, and client secret must all be configured.",
        ),
        profile_not_found: Some(PROFILE_NOT_FOUND),
        container_warning: ContainerWarning::Listing(CONTAINER_LISTING),
    },
    CredentialRules {
        first: Version::new(1, 6, 3),
        oauth: OAuth::SecretOrJwtKey,
        token_missing: TOKEN_MISSING_CONFIG_DOCS,
        both_configured: Some(BOTH_CONFIGURED),
        oauth_incomplete: Some(
            "OAuth refresh token, client ID, and exactly one of client secret or JWT key must be configured.",
        ),
        profile_not_found: Some(PROFILE_NOT_FOUND),
        container_warning: ContainerWarning::Listing(CONTAINER_LISTING),
    },
];

/// Before OAuth (until 1.5.4): a token pair is the only way in, and inside a container one fixed
/// sentence warns that tokens are ignored; only the "Token missing" text's doc link changed.
const fn token_pair_only(first: Version, token_missing: &'static str) -> CredentialRules {
    CredentialRules {
        first,
        oauth: OAuth::None,
        token_missing,
        both_configured: None,
        oauth_incomplete: None,
        profile_not_found: None,
        container_warning: ContainerWarning::Fixed(
            "Modal tokens provided by MODAL_TOKEN_ID and MODAL_TOKEN_SECRET (or through the config file) are ignored inside containers.",
        ),
    }
}

const TOKEN_MISSING_CONFIG_DOCS: &str = "Token missing. Could not authenticate client. If you have token credentials, see modal.com/docs/sdk/py/latest/config for setup help. If you are a new user, register an account at modal.com, then run `modal token new`.";
const BOTH_CONFIGURED: &str =
    "Modal token credentials and OAuth credentials cannot both be configured.";
const PROFILE_NOT_FOUND: &str = "Modal profile '{profile}' was not found in {path}. Run `modal profile list` to see available profiles, or `modal token new --profile {profile}` to configure it.";
const CONTAINER_LISTING: &str = "The following credential settings are ignored inside containers: ";

/// The rules that hold for `v` (the newest starting at or before it).
pub fn rules_for(v: Version) -> &'static CredentialRules {
    RULES
        .iter()
        .rev()
        .find(|r| r.first <= v)
        .unwrap_or(&RULES[0])
}

impl CredentialRules {
    /// The `AuthError` for `MODAL_PROFILE` naming a profile the file does not have.
    pub fn profile_not_found_error(&self, profile: &str, path: &str) -> Option<ClientError> {
        self.profile_not_found.map(|t| {
            ClientError::new(
                ErrorClass::AuthError,
                t.replace("{profile}", profile).replace("{path}", path),
            )
        })
    }

    /// The `AuthError` when neither a complete token pair nor OAuth is configured.
    pub fn token_missing_error(&self) -> ClientError {
        ClientError::new(ErrorClass::AuthError, self.token_missing)
    }

    /// The `InvalidError` when a token and OAuth settings are both configured.
    pub fn both_configured_error(&self) -> Option<ClientError> {
        self.both_configured
            .map(|t| ClientError::new(ErrorClass::InvalidError, t))
    }

    /// The `InvalidError` when the OAuth settings are incomplete.
    pub fn oauth_incomplete_error(&self) -> Option<ClientError> {
        self.oauth_incomplete
            .map(|t| ClientError::new(ErrorClass::InvalidError, t))
    }

    /// The OAuth setting keys `from_env` reads (an empty list before 1.5.5).
    pub fn oauth_keys(&self) -> &'static [&'static str] {
        match self.oauth {
            OAuth::None => &[],
            OAuth::ClientSecret => &[
                "oauth_refresh_token",
                "oauth_client_id",
                "oauth_client_secret",
            ],
            OAuth::SecretOrJwtKey => &[
                "oauth_refresh_token",
                "oauth_client_id",
                "oauth_client_secret",
                "oauth_jwt_key",
            ],
        }
    }

    /// Every release whose rules start here, for the consistency test.
    pub fn starts() -> impl Iterator<Item = Version> {
        RULES.iter().map(|r| r.first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_points_match_the_wheels() {
        // The fingerprint of `_Client.from_env` changes exactly where a description starts.
        let mut starts = Vec::new();
        let mut last = "";
        for (first, _, fp) in super::super::tables::TABLES {
            if *fp != last {
                starts.push(*first);
                last = fp;
            }
        }
        assert_eq!(starts, CredentialRules::starts().collect::<Vec<_>>());
    }

    #[test]
    fn oauth_arrived_in_1_5_5_and_the_jwt_key_in_1_6_3() {
        assert_eq!(rules_for(Version::new(1, 5, 4)).oauth, OAuth::None);
        assert_eq!(rules_for(Version::new(1, 5, 5)).oauth, OAuth::ClientSecret);
        assert_eq!(rules_for(Version::new(1, 6, 3)).oauth_keys().len(), 4);
        assert!(
            rules_for(Version::new(1, 2, 6))
                .token_missing
                .contains("docs/reference/modal.config")
        );
        assert!(
            rules_for(Version::new(1, 6, 4))
                .token_missing
                .contains("docs/sdk/py/latest/config ")
        );
        assert_eq!(
            rules_for(Version::new(1, 6, 4))
                .profile_not_found_error("ghost", "/h/.modal.toml")
                .unwrap()
                .to_string(),
            "AuthError: Modal profile 'ghost' was not found in /h/.modal.toml. Run `modal profile list` to see available profiles, or `modal token new --profile ghost` to configure it."
        );
    }
}
