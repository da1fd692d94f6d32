//! The app and the file on disk: the load-time message, reloads, noticing changes made
//! elsewhere, and what a change does to an open overlay (its target profile must still be
//! there). Writes are in `writes/flow.rs`.

use super::overlay::{self, Overlay};
use super::{App, Status, StatusKind};
use crate::config::read::file::ConfigFile;

/// Two loads hold the same thing.
fn same(a: &ConfigFile, b: &ConfigFile) -> bool {
    let kind = |f: &ConfigFile| std::mem::discriminant(&f.source);
    kind(a) == kind(b) && a.bytes() == b.bytes()
}

impl App {
    /// `R`: read the file again.
    pub(crate) fn reload(&mut self) {
        let fresh = ConfigFile::load(self.loaded.env());
        let changed = !same(&fresh, self.loaded.file());
        self.set_file(fresh);
        if let Some(gone) = self.target_gone() {
            return self.session.say(Status::error(gone));
        }
        self.session.say(match self.loaded.load_status() {
            s if s.kind != StatusKind::Info => s,
            _ if changed => Status::info("reloaded: the file had changed on disk"),
            _ => Status::info("reloaded: no change on disk"),
        });
    }

    /// The timer: when the file's size or time changed, reload it if its contents did.
    pub(crate) fn tick(&mut self) {
        if self.loaded.stamp_changed() {
            self.notice_outside_change();
        }
    }

    /// Reloads when the file differs from what we hold; `true` when it did.
    pub(crate) fn notice_outside_change(&mut self) -> bool {
        if self.loaded.file().unchanged_on_disk() {
            return false;
        }
        let fresh = ConfigFile::load(self.loaded.env());
        if same(&fresh, self.loaded.file()) {
            return false;
        }
        self.set_file(fresh);
        if self.target_gone().is_none() {
            self.session.say(Status::warn(
                "the file changed on disk (outside modalcfg): reloaded it",
            ));
        }
        true
    }

    /// Takes a freshly loaded file: new rows, the same profile highlighted when it still
    /// exists, and the open overlay checked against it.
    pub(crate) fn set_file(&mut self, file: ConfigFile) {
        let keep_name = self.highlighted_profile().map(|r| r.name.clone());
        // Resolved again below, keeping the highlighted key.
        self.loaded.set_file(file);
        let keep = keep_name
            .and_then(|n| self.loaded.rows().iter().position(|r| r.name == n))
            .or_else(|| self.loaded.rows().iter().position(|r| r.effective));
        self.refilter_profiles(keep);
        self.revalidate_overlay();
    }

    /// The profile an open overlay writes to is gone from the file (renamed or deleted
    /// elsewhere): say so on the overlay; accepting it is then refused (`overlay::gone`).
    fn revalidate_overlay(&mut self) {
        if let Some(msg) = self.target_gone() {
            if let Some(o) = &mut self.overlay {
                o.set_error(msg.clone());
            }
            self.session.say(Status::error(msg));
        }
    }

    /// The refusal when the overlay's target profile is gone; `None` when it is still there.
    pub(crate) fn target_gone(&self) -> Option<String> {
        let target = self.overlay.as_ref().and_then(Overlay::target_profile);
        overlay::gone(target, &self.loaded)
    }
}
