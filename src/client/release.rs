//! What one run of Modal client releases resolves: its settings table (`tables.rs`, read from
//! each release's `modal/config.py`) and its credential rules (`credentials.rs`).

use super::credentials::{CredentialRules, rules_for};
use super::tables::{KNOWN, TABLES};
use super::version::Version;
use crate::client::settings::Setting;

/// The description that holds for one release. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Release {
    /// The first release this settings table is true for.
    pub first: Version,
    /// Every key `modal.config._SETTINGS` holds, in the client's table order.
    pub settings: &'static [Setting],
    /// How the release reads credentials (`_Client.from_env`).
    pub credentials: &'static CredentialRules,
}

/// The newest release modalcfg knows.
pub fn newest_known() -> Version {
    KNOWN[KNOWN.len() - 1]
}

/// The oldest release modalcfg describes.
pub fn oldest_known() -> Version {
    KNOWN[0]
}

/// Every release on PyPI the tables were read from, oldest first.
pub fn known() -> &'static [Version] {
    KNOWN
}

/// The description that holds for `v` (the newest table starting at or before it); `None`
/// before 1.0.0.
pub fn describing(v: Version) -> Option<Release> {
    TABLES
        .iter()
        .rev()
        .find(|(first, _, _)| *first <= v)
        .map(|(first, settings, _)| Release {
            first: *first,
            settings,
            credentials: rules_for(v),
        })
}

/// Every settings table, oldest first, with the first release it holds for.
pub fn tables() -> impl Iterator<Item = (Version, &'static [Setting])> {
    TABLES
        .iter()
        .map(|(first, settings, _)| (*first, *settings))
}

/// Some release marks `key` secret (masking never depends on the detected release).
pub fn secret_in_any_release(key: &str) -> bool {
    tables().any(|(_, t)| t.iter().any(|s| s.secret && s.key == key))
}

/// Every key some release marks secret, each once.
pub fn secret_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = tables()
        .flat_map(|(_, t)| t.iter().filter(|s| s.secret).map(|s| s.key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}
