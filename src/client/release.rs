//! What one run of Modal client releases resolves: its settings table and the rules that
//! changed between releases. Consecutive releases that agree share one [`Release`].

use super::version::Version;
use crate::config::settings::{self, Setting};

/// One description, valid from `first` up to the next description's `first`.
#[derive(Debug)]
pub struct Release {
    /// The first release this description is true for.
    pub first: Version,
    /// Every key `modal.config._SETTINGS` holds, in the client's table order.
    pub settings: &'static [Setting],
    /// Keys older releases read and this one dropped: a file may still set them.
    pub retired: &'static [Setting],
}

/// Every description, oldest first.
pub static RELEASES: &[Release] = &[Release {
    first: Version::new(1, 6, 0),
    settings: &settings::SETTINGS,
    retired: &settings::RETIRED,
}];

/// Every release on PyPI this table was checked against, oldest first.
pub static KNOWN: &[Version] = &[Version::new(1, 6, 4)];

/// The newest release modalcfg knows.
pub fn newest_known() -> Version {
    KNOWN[KNOWN.len() - 1]
}

/// The description that holds for `v` (the newest that starts at or before it).
pub fn describing(v: Version) -> Option<&'static Release> {
    RELEASES.iter().rev().find(|r| r.first <= v)
}

/// Some release marks `key` secret (masking never depends on the detected release).
pub fn secret_in_any_release(key: &str) -> bool {
    RELEASES
        .iter()
        .flat_map(|r| r.settings.iter().chain(r.retired.iter()))
        .any(|s| s.secret && s.key == key)
}
