//! What the client's `modal token set` writes besides the token, and what it says: the rules
//! `modalcfg token set` follows to write the same file offline (modal 1.6.4's
//! `modal/token_flow.py::_set_token` and `modal/config.py::_store_user_config`).

use crate::client::Client;
use crate::client::settings::DefaultValue;
use crate::env::Env;

/// The variables whose presence (non-empty) makes the client warn after `token set`.
pub const CREDENTIAL_ENV_VARS: [&str; 6] = [
    "MODAL_TOKEN_ID",
    "MODAL_TOKEN_SECRET",
    "MODAL_OAUTH_REFRESH_TOKEN",
    "MODAL_OAUTH_CLIENT_ID",
    "MODAL_OAUTH_CLIENT_SECRET",
    "MODAL_OAUTH_JWT_KEY",
];

/// The `server_url` the client stores with the token. It stores the target profile's resolved
/// `server_url` when that is not its `DEFAULT_SERVER_URL` (the setting's default: in 1.6.4
/// `https://api.modal.com,https://api.modal2.com`, so `MODAL_SERVER_URL=https://api.modal.com`
/// is stored); the profile's own value is already in the file, so only `MODAL_SERVER_URL` (even
/// empty) adds or changes one.
pub fn server_url_to_store(client: &Client, env: &Env) -> Option<String> {
    let default = match client.find("server_url").map(|s| s.default) {
        Some(DefaultValue::Str(d)) => Some(d),
        _ => None,
    };
    env.get("MODAL_SERVER_URL")
        .filter(|v| Some(*v) != default)
        .map(str::to_string)
}

/// The client's own warning when credential variables will override the token just written
/// (it lists those set to a non-empty value): "Warning: The MODAL_TOKEN_ID environment
/// variable is set; this will override your new credentials."
pub fn env_override_warning(env: &Env) -> Option<String> {
    let set: Vec<&str> = CREDENTIAL_ENV_VARS
        .into_iter()
        .filter(|v| env.get(v).is_some_and(|x| !x.is_empty()))
        .collect();
    if set.is_empty() {
        return None;
    }
    let (s, verb) = if set.len() > 1 {
        ("s", "are")
    } else {
        ("", "is")
    };
    Some(format!(
        "Warning: The {} environment variable{s} {verb} set; this will override your new credentials.",
        set.join(" / ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_url_comes_from_the_environment_unless_it_is_the_default() {
        let c = Client::newest();
        assert_eq!(server_url_to_store(&c, &Env::default()), None);
        let e = Env::from_pairs([("MODAL_SERVER_URL", "http://localhost:8889")]);
        assert_eq!(
            server_url_to_store(&c, &e).as_deref(),
            Some("http://localhost:8889")
        );
        // modal 1.6.4's default is a list: the first server alone is not it (the client
        // stores it; tools/golden/token_set_check.py).
        let d = Env::from_pairs([(
            "MODAL_SERVER_URL",
            "https://api.modal.com,https://api.modal2.com",
        )]);
        assert_eq!(server_url_to_store(&c, &d), None);
        let one = Env::from_pairs([("MODAL_SERVER_URL", "https://api.modal.com")]);
        assert_eq!(
            server_url_to_store(&c, &one).as_deref(),
            Some("https://api.modal.com")
        );
        let empty = Env::from_pairs([("MODAL_SERVER_URL", "")]);
        assert_eq!(server_url_to_store(&c, &empty).as_deref(), Some(""));
    }

    #[test]
    fn the_warning_is_the_clients_sentence() {
        assert_eq!(env_override_warning(&Env::default()), None);
        // An empty variable is not listed (the client tests `os.environ.get(var)`).
        assert_eq!(
            env_override_warning(&Env::from_pairs([("MODAL_TOKEN_ID", "")])),
            None
        );
        assert_eq!(
            env_override_warning(&Env::from_pairs([("MODAL_TOKEN_ID", "ak-1")])).unwrap(),
            "Warning: The MODAL_TOKEN_ID environment variable is set; this will override your new credentials."
        );
        assert_eq!(
            env_override_warning(&Env::from_pairs([
                ("MODAL_TOKEN_SECRET", "as-1"),
                ("MODAL_TOKEN_ID", "ak-1"),
                ("MODAL_OAUTH_JWT_KEY", "k"),
            ]))
            .unwrap(),
            "Warning: The MODAL_TOKEN_ID / MODAL_TOKEN_SECRET / MODAL_OAUTH_JWT_KEY environment variables are set; this will override your new credentials."
        );
    }
}
