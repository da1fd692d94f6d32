//! The Modal client the user actually has: a description of each release from 1.0.0 on
//! (`release`: settings tables read from each release's `modal/config.py`, credential rules
//! from its `_Client.from_env`), and finding which one is installed (`detect`). The core
//! resolves with a [`Client`]; nothing looks a settings table up globally.

pub mod credentials;
pub mod detect;
pub mod error;
pub(crate) mod keys;
pub mod launcher;
pub mod pyenv;
pub mod release;
pub mod settings;
mod tables;
pub mod transform;
pub mod version;

pub use credentials::CredentialRules;
pub use detect::{Detected, Found, detect};
use release::Release;
use settings::Setting;
pub use version::Version;

/// One client release: its version and the description that holds for it, and what its
/// environment has installed beside it when one was found. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Client {
    version: Version,
    release: Release,
    /// Whether `pythonjsonlogger` (python-json-logger) is importable beside modal, which
    /// `log_format = "JSON"` needs at `import modal`; `None` when no environment was found.
    json_logger: Option<bool>,
}

impl Default for Client {
    fn default() -> Client {
        Client::newest()
    }
}

/// Why a client does not read a key that other releases read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRead {
    /// A later release added it (the first one that reads it).
    Added(Version),
    /// An earlier release read it; this is the first release that does not.
    Dropped(Version),
    /// Only clients before 1.0 read it.
    BeforeOne,
}

impl Client {
    /// The newest release modalcfg knows.
    pub fn newest() -> Client {
        Client::for_version(release::newest_known()).expect("the newest release is described")
    }

    /// The description of `version`; `None` when it is older than every description.
    /// A version newer than the newest known uses the newest description.
    pub fn for_version(version: Version) -> Option<Client> {
        release::describing(version).map(|release| Client {
            version,
            release,
            json_logger: None,
        })
    }

    /// Every release modalcfg describes, one client per settings table, oldest first.
    pub fn every_table() -> impl Iterator<Item = Client> {
        release::tables().filter_map(|(first, _)| Client::for_version(first))
    }

    /// The release's version.
    pub fn version(&self) -> Version {
        self.version
    }

    /// This client as found in an environment that has (or lacks) python-json-logger.
    pub fn with_json_logger(self, installed: Option<bool>) -> Client {
        Client {
            json_logger: installed,
            ..self
        }
    }

    /// Whether `import pythonjsonlogger` works beside this client: `None` when unknown (no
    /// environment was found: a version given by hand, or the newest known release).
    pub fn json_logger(&self) -> Option<bool> {
        self.json_logger
    }

    /// Newer than every release modalcfg was checked against: keys may be missing.
    pub fn is_newer_than_known(&self) -> bool {
        self.version > release::newest_known()
    }

    /// The settings table, in the client's order.
    pub fn settings(&self) -> &'static [Setting] {
        self.release.settings
    }

    /// How this release's `_Client.from_env` picks credentials.
    pub fn credentials(&self) -> &'static CredentialRules {
        self.release.credentials
    }

    /// Both releases share one description (settings table and credential rules): they
    /// resolve every environment and file alike.
    pub fn same_description(&self, other: &Client) -> bool {
        std::ptr::eq(self.settings(), other.settings())
            && std::ptr::eq(self.credentials(), other.credentials())
    }

    /// Looks a setting up by its exact (case-sensitive) key.
    pub fn find(&self, key: &str) -> Option<&'static Setting> {
        self.release.settings.iter().find(|s| s.key == key)
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

    /// A key this client does not read but another release does: why, and how the nearest
    /// release that reads it describes it. `None` for keys this client reads and for keys no
    /// release reads.
    pub fn not_read(&self, key: &str) -> Option<(NotRead, &'static Setting)> {
        if self.find(key).is_some() {
            return None;
        }
        let holding = |t: &'static [Setting]| t.iter().find(|s| s.key == key);
        let tables: Vec<_> = release::tables().collect();
        if let Some((first, s)) = tables
            .iter()
            .filter(|(first, _)| *first > self.version)
            .find_map(|(first, t)| holding(t).map(|s| (*first, s)))
        {
            return Some((NotRead::Added(first), s));
        }
        // This client's own table is the last of these, and it lacks the key.
        let earlier: Vec<_> = tables
            .iter()
            .take_while(|(first, _)| *first <= self.version)
            .collect();
        if let Some(i) = earlier.iter().rposition(|(_, t)| holding(t).is_some()) {
            let s = holding(earlier[i].1).expect("found above");
            return Some((NotRead::Dropped(earlier[i + 1].0), s));
        }
        keys::RETIRED_BEFORE_1_0
            .iter()
            .find(|s| s.key == key)
            .map(|s| (NotRead::BeforeOne, s))
    }

    /// "ignored by modal 1.2.6 (added in 1.5.4)", for a key another release reads.
    pub fn ignores(&self, key: &str) -> Option<String> {
        let (why, _) = self.not_read(key)?;
        let when = match why {
            NotRead::Added(v) => format!("added in {v}"),
            NotRead::Dropped(v) => format!("dropped in {v}"),
            NotRead::BeforeOne => "read only by clients before 1.0".into(),
        };
        Some(format!("ignored by modal {} ({when})", self.version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(v: &str) -> Client {
        Client::for_version(Version::parse(v).unwrap()).unwrap()
    }

    #[test]
    fn table_sizes_match_each_release() {
        // Counted in each release's own `modal.config._SETTINGS`.
        for (v, n) in [
            ("1.0.5", 28),
            ("1.1.4", 27),
            ("1.2.0", 28),
            ("1.2.2", 30),
            ("1.2.6", 31),
            ("1.3.1", 32),
            ("1.3.2", 31),
            ("1.4.3", 31),
            ("1.5.2", 32),
            ("1.5.3", 33),
            ("1.5.4", 34),
            ("1.5.5", 37),
            ("1.6.2", 39),
            ("1.6.3", 40),
            ("1.6.4", 41),
        ] {
            assert_eq!(at(v).settings().len(), n, "{v}");
        }
        let newest = Client::newest();
        assert_eq!(newest.settings().iter().filter(|s| s.internal).count(), 14);
        assert_eq!(newest.settings().iter().filter(|s| s.secret).count(), 4);
        assert_eq!(
            newest
                .settings()
                .iter()
                .filter(|s| s.read_at_import)
                .count(),
            4
        );
        // Before 1.6.0 no key was internal: `modal config show` printed all of them.
        assert!(at("1.5.5").settings().iter().all(|s| !s.internal));
        assert_eq!(Client::every_table().count(), 15);
    }

    #[test]
    fn defaults_and_transforms_follow_the_release() {
        use crate::client::settings::{DefaultValue as D, Transform as T};
        let d = |v: &str, k: &str| at(v).find(k).unwrap().default;
        assert_eq!(d("1.5.2", "server_url"), D::Str("https://api.modal.com"));
        assert_eq!(
            d("1.5.3", "server_url"),
            D::Str("https://api.modal.com,https://api.modal2.com")
        );
        assert_eq!(d("1.5.5", "sandbox_v2"), D::None);
        assert_eq!(d("1.6.0", "sandbox_v2"), D::Bool(true));
        assert_eq!(d("1.3.1", "async_warnings"), D::Bool(false));
        assert_eq!(d("1.3.3", "async_warnings"), D::Bool(true));
        assert!(matches!(
            at("1.5.5").find("build_validation").unwrap().transform,
            T::ChoiceExact(_)
        ));
        assert!(matches!(
            at("1.6.0").find("build_validation").unwrap().transform,
            T::Choice(_)
        ));
        assert_eq!(at("1.5.5").find("default_cloud").unwrap().deprecated, None);
        assert!(
            at("1.6.0")
                .find("default_cloud")
                .unwrap()
                .deprecated
                .is_some()
        );
    }

    #[test]
    fn keys_another_release_reads_say_when() {
        assert_eq!(
            at("1.2.6").ignores("sandbox_v2").unwrap(),
            "ignored by modal 1.2.6 (added in 1.5.4)"
        );
        assert_eq!(
            at("1.6.4").ignores("strict_parameters").unwrap(),
            "ignored by modal 1.6.4 (dropped in 1.6.0)"
        );
        assert_eq!(
            at("1.3.5").ignores("task_command_router_insecure").unwrap(),
            "ignored by modal 1.3.5 (dropped in 1.3.2)"
        );
        assert_eq!(
            at("1.0.5").ignores("function_schemas"),
            None,
            "1.0.5 reads it"
        );
        assert!(
            at("1.6.4")
                .ignores("automount")
                .unwrap()
                .contains("before 1.0")
        );
        assert_eq!(at("1.6.4").ignores("no_such_key"), None);
        assert_eq!(at("1.6.4").ignores("token_id"), None);
    }
}
