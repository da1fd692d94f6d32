//! What the environment keeps winning over after a write: the warnings the CLI and the app
//! give when a change to the file does not apply in this shell. One function per rule, so
//! both say the same thing (`check::token_env_override` is the token pair's).

use crate::client::settings::Setting;
use crate::env::Env;

/// After `profile` is made the active one: `MODAL_PROFILE` names another profile, so this
/// shell keeps using that one.
pub fn profile_env_keeps(env: &Env, profile: &str) -> Option<String> {
    let p = env.profile_override().filter(|p| *p != profile)?;
    Some(format!(
        "MODAL_PROFILE={p} is set, so this shell keeps using `{p}`"
    ))
}

/// After `setting` is written to the file: its variable is set here (even empty), so it
/// still wins over the file value.
pub fn env_wins_over_file(env: &Env, setting: &Setting) -> Option<String> {
    let var = setting.env_var();
    env.get(&var)
        .is_some()
        .then(|| format!("{var} is set in this environment and wins over the file value"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;

    #[test]
    fn a_variable_that_keeps_winning_is_named() {
        let env = Env::from_pairs([("MODAL_PROFILE", "work"), ("MODAL_LOGLEVEL", "")]);
        assert_eq!(
            profile_env_keeps(&env, "home").as_deref(),
            Some("MODAL_PROFILE=work is set, so this shell keeps using `work`")
        );
        assert_eq!(profile_env_keeps(&env, "work"), None, "it already names it");
        assert_eq!(profile_env_keeps(&Env::default(), "home"), None);
        let client = Client::newest();
        let level = client.find("loglevel").unwrap();
        assert_eq!(
            env_wins_over_file(&env, level).as_deref(),
            Some("MODAL_LOGLEVEL is set in this environment and wins over the file value"),
            "an empty variable still wins"
        );
        assert_eq!(
            env_wins_over_file(&env, client.find("environment").unwrap()),
            None
        );
    }
}
