//! The app and the file on disk: the load-time message, reloads, noticing changes made
//! elsewhere, and what a change does to an open overlay (its target profile must still be
//! there). Writes are in `writes/flow.rs`.

use super::app::{App, Stamp, Status, StatusKind};
use super::overlay::Overlay;
use crate::config::diagnose::check::{Code, Finding, client_failure, findings};
use crate::config::read::file::{ConfigFile, Source};
use crate::config::resolve::layers::ProfileReason;
use crate::config::show::profiles::rows_from;
use crate::text::first_line;

/// Two loads hold the same thing.
fn same(a: &ConfigFile, b: &ConfigFile) -> bool {
    let kind = |f: &ConfigFile| std::mem::discriminant(&f.source);
    kind(a) == kind(b) && a.bytes() == b.bytes()
}

/// Why the real client fails in this environment, in one line (the file being unreadable
/// aside: that is the load error itself), from the core's findings.
pub fn client_problem(found: &[Finding]) -> Option<String> {
    client_failure(found).map(|f| first_line(&f.text()))
}

/// The loose-permissions warning among the core's findings, if any.
pub fn loose_permissions(found: &[Finding]) -> Option<String> {
    (found.iter())
        .find(|f| f.code == Code::LoosePermissions)
        .map(|f| f.message.clone())
}

impl App {
    /// The first thing the status line says about a freshly loaded file.
    pub(crate) fn load_status(&self) -> Status {
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
        if let Some(l) = &self.loose {
            let key = crate::tui::keymap::keys_of(&crate::tui::keymap::Action::FixPermissions);
            return Status::warn(format!("{l} (or press {key} here)"));
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
            Source::Missing => Status::info(self.file.missing_note()),
            Source::Remote => Status::info(crate::config::read::file::REMOTE_IGNORES_FILE),
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
    pub(crate) fn reload(&mut self) {
        let fresh = ConfigFile::load(&self.env);
        let changed = !same(&fresh, &self.file);
        self.set_file(fresh);
        if let Some(gone) = self.target_gone() {
            return self.status = Status::error(gone);
        }
        self.status = match self.load_status() {
            s if s.kind != StatusKind::Info => s,
            _ if changed => Status::info("reloaded: the file had changed on disk"),
            _ => Status::info("reloaded: no change on disk"),
        };
    }

    /// The timer: when the file's size or time changed, reload it if its contents did.
    pub(crate) fn tick(&mut self) {
        let now = Stamp::of(&self.file.path);
        if now == self.stamp {
            return;
        }
        self.stamp = now;
        self.notice_outside_change();
    }

    /// Reloads when the file differs from what we hold; `true` when it did.
    pub(crate) fn notice_outside_change(&mut self) -> bool {
        if self.file.unchanged_on_disk() {
            return false;
        }
        let fresh = ConfigFile::load(&self.env);
        if same(&fresh, &self.file) {
            return false;
        }
        self.set_file(fresh);
        if self.target_gone().is_none() {
            self.status = Status::warn("the file changed on disk (outside modalcfg): reloaded it");
        }
        true
    }

    /// Takes a freshly loaded file: new rows, the same profile highlighted when it still
    /// exists, and the open overlay checked against it.
    pub(crate) fn set_file(&mut self, file: ConfigFile) {
        let keep_name = self.highlighted_profile().map(|r| r.name.clone());
        self.file = file;
        let found = findings(self.client(), &self.env, &self.file);
        let (rows, choice) = rows_from(&self.env, &self.file, &found);
        self.rows = rows;
        self.choice = choice;
        self.problem = client_problem(&found);
        self.loose = loose_permissions(&found);
        self.unknown = super::update::unknown_names(&found);
        self.credentials =
            crate::config::resolve::auth::verdict(self.client(), &self.env, &self.file);
        self.resolved_for.clear(); // resolved again, keeping the highlighted key
        self.stamp = Stamp::of(&self.file.path);
        let keep = keep_name
            .and_then(|n| self.rows.iter().position(|r| r.name == n))
            .or_else(|| self.rows.iter().position(|r| r.effective));
        self.refilter_profiles(keep);
        self.revalidate_overlay();
    }

    /// The profile an open overlay writes to is gone from the file (renamed or deleted
    /// elsewhere): say so on the overlay; accepting it is then refused (see `writes`).
    fn revalidate_overlay(&mut self) {
        let Some(o) = &self.overlay else { return };
        if let Some(p) = o.target_profile()
            && self.file.profile(p).is_none()
        {
            let msg = gone_message(p);
            if let Some(o) = &mut self.overlay {
                o.set_error(msg.clone());
            }
            self.status = Status::error(msg);
        }
    }

    /// The refusal when the overlay's target profile is gone; `None` when it is still there.
    pub(crate) fn target_gone(&self) -> Option<String> {
        let p = self.overlay.as_ref().and_then(Overlay::target_profile)?;
        self.file.profile(p).is_none().then(|| gone_message(p))
    }
}

fn gone_message(profile: &str) -> String {
    format!(
        "profile `{profile}` is no longer in the file (renamed or deleted elsewhere): nothing was written; Esc closes"
    )
}
