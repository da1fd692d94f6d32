//! The Modal client the user actually has: a description of each release from 1.0.0 on
//! (`release`), and finding which one is installed (`detect`). The core resolves with a
//! [`Client`]; nothing looks the settings table up globally.

pub mod detect;
pub mod release;
pub mod version;

use crate::config::settings::Setting;
pub use detect::{Detected, Found, detect};
use release::Release;
pub use version::Version;

/// One client release: its version and the description that holds for it. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Client {
    version: Version,
    release: &'static Release,
}

impl Default for Client {
    fn default() -> Client {
        Client::newest()
    }
}

impl Client {
    /// The newest release modalcfg knows.
    pub fn newest() -> Client {
        let version = release::newest_known();
        Client {
            version,
            release: release::describing(version).expect("the newest release is described"),
        }
    }

    /// The description of `version`; `None` when it is older than every description.
    /// A version newer than the newest known uses the newest description.
    pub fn for_version(version: Version) -> Option<Client> {
        release::describing(version).map(|release| Client { version, release })
    }

    pub fn version(&self) -> Version {
        self.version
    }

    /// Newer than every release modalcfg was checked against: keys may be missing.
    pub fn is_newer_than_known(&self) -> bool {
        self.version > release::newest_known()
    }

    /// The settings table, in the client's order.
    pub fn settings(&self) -> &'static [Setting] {
        self.release.settings
    }

    /// Looks a setting up by its exact (case-sensitive) key.
    pub fn find(&self, key: &str) -> Option<&'static Setting> {
        self.release.settings.iter().find(|s| s.key == key)
    }

    /// Looks up a setting, also among the ones this release no longer reads.
    pub fn find_any(&self, key: &str) -> Option<&'static Setting> {
        self.find(key)
            .or_else(|| self.release.retired.iter().find(|s| s.key == key))
    }

    /// The keys `modal config show` prints (sorted), with or without the internal ones.
    pub fn sorted(&self, include_internal: bool) -> Vec<&'static Setting> {
        let mut v: Vec<_> = self
            .release
            .settings
            .iter()
            .filter(|s| include_internal || !s.internal)
            .collect();
        v.sort_by_key(|s| s.key);
        v
    }
}
