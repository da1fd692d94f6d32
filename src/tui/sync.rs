//! The app and the file on disk: the load-time message, reloads, noticing changes made
//! elsewhere, and switching profiles through `config::store` (never over someone else's edit).

use std::path::Path;
use std::time::SystemTime;

use super::app::{App, Status};
use super::writes::After;
use crate::config::check::{client_failure, findings};
use crate::config::edit::Edit;
use crate::config::explain::first_line;
use crate::config::file::{ConfigFile, Source};
use crate::config::resolve::ProfileReason;
use crate::config::store;

/// What `stat` says about the file: cheap to take every 500 ms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// `None` when there is no file (or it cannot be inspected).
    pub fn of(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// Two loads hold the same thing.
fn same(a: &ConfigFile, b: &ConfigFile) -> bool {
    let kind = |f: &ConfigFile| std::mem::discriminant(&f.source);
    kind(a) == kind(b) && a.bytes() == b.bytes()
}

/// Why the real client fails in this environment, in one line (the file being unreadable
/// aside: that is the load error itself).
pub fn client_problem(
    client: &crate::client::Client,
    env: &crate::env::Env,
    file: &ConfigFile,
) -> Option<String> {
    let found = findings(client, env, file);
    client_failure(&found).map(|f| first_line(&f.text()))
}

impl App {
    /// The first thing the status line says about a freshly loaded file.
    pub(super) fn load_status(&self) -> Status {
        let path = self.file.path.display();
        if let Some(e) = self.file.error() {
            return Status::error(e.to_string());
        }
        let warned = self.rows.iter().filter(|r| !r.warnings.is_empty()).count();
        if let Some(p) = &self.problem {
            let hint = if warned > 0 {
                " (the profiles marked ⚠ say why)"
            } else {
                ""
            };
            return Status::error(format!("{p}{hint}"));
        }
        if warned > 0 {
            let s = if warned == 1 { "" } else { "s" };
            return Status::warn(format!(
                "{warned} profile{s} marked ⚠ need attention: highlight one to see why"
            ));
        }
        if self.choice.reason == ProfileReason::EnvVar {
            return Status::info(format!(
                "MODAL_PROFILE={} chooses the profile in this shell",
                self.choice.name
            ));
        }
        match &self.file.source {
            Source::Missing => Status::info(format!(
                "{path} does not exist: values come from env and defaults"
            )),
            Source::Remote => Status::info("MODAL_IS_REMOTE=1: the client ignores the config file"),
            _ => {
                let n = self.file.profiles().len();
                Status::info(format!(
                    "{n} profile{} in {path}",
                    if n == 1 { "" } else { "s" }
                ))
            }
        }
    }

    /// `R`: read the file again.
    pub(super) fn reload(&mut self) {
        let fresh = ConfigFile::load(&self.env);
        let changed = !same(&fresh, &self.file);
        self.set_file(fresh);
        self.status = match self.load_status() {
            s if s.kind != super::app::StatusKind::Info => s,
            _ if changed => Status::info("reloaded: the file had changed on disk"),
            _ => Status::info("reloaded: no change on disk"),
        };
    }

    /// The timer: when the file's size or time changed, reload it if its contents did.
    pub(super) fn tick(&mut self) {
        let now = Stamp::of(&self.file.path);
        if now == self.stamp {
            return;
        }
        self.stamp = now;
        self.notice_outside_change();
    }

    /// Reloads when the file differs from what we hold; `true` when it did.
    pub(super) fn notice_outside_change(&mut self) -> bool {
        if self.file.unchanged_on_disk() {
            return false;
        }
        let fresh = ConfigFile::load(&self.env);
        if same(&fresh, &self.file) {
            return false;
        }
        self.set_file(fresh);
        self.status = Status::warn("the file changed on disk (outside modalcfg): reloaded it");
        true
    }

    /// Enter: make the highlighted profile the active one.
    pub(super) fn activate_highlighted(&mut self) {
        if self.focus != super::app::Focus::Profiles {
            self.status =
                Status::info("Enter activates a profile: go to the profiles pane first (Tab or ←)");
            return;
        }
        match self.highlighted_profile() {
            Some(r) if r.missing => {
                self.status = Status::error(format!(
                    "profile `{}` is not in the file, so it cannot be activated",
                    r.name
                ));
            }
            Some(r) => {
                let name = r.name.clone();
                self.activate(&name);
            }
            None => self.status = Status::info("no profile to activate"),
        }
    }

    /// `-`: switch back to the profile that was active before our last switch.
    pub(super) fn activate_previous(&mut self) {
        match self.previous.clone() {
            Some(name) => {
                if let Some(i) = self.rows.iter().position(|r| r.name == name) {
                    self.profile_filter.clear();
                    self.refilter_profiles(Some(i));
                }
                self.activate(&name);
            }
            None => {
                self.status =
                    Status::info("no previous profile yet: `-` works after a switch made here")
            }
        }
    }

    fn activate(&mut self, name: &str) {
        // Look at the disk first: a change made elsewhere is reloaded, never overwritten.
        if self.notice_outside_change() {
            self.status = Status::warn(
                "the file changed on disk, so nothing was written; reloaded it: check and press Enter again",
            );
            return;
        }
        let before = self
            .file
            .profiles()
            .iter()
            .find(|p| p.is_active())
            .map(|p| p.name.clone());
        let plan = match store::plan_for(
            self.client(),
            &self.file,
            &Edit::Activate {
                profile: name.to_string(),
            },
        ) {
            Ok(p) => p,
            Err(e) => return self.status = Status::error(e.to_string()),
        };
        if plan.is_noop(&self.file) {
            self.status = Status::info(format!("`{name}` is already the active profile"));
            return;
        }
        let warning = self
            .env
            .profile_override()
            .map(|p| format!("MODAL_PROFILE={p} is set, so this shell still uses `{p}`"));
        let after = After {
            activated: Some((name.to_string(), before)),
            warning,
            ..After::default()
        };
        self.submit(plan, format!("Activate profile `{name}`"), after, false);
    }
}
