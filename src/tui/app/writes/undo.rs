//! `u`: restoring the file from before the last write made in this session.

use crate::config::write::store;
use crate::tui::app::plan::{After, Write};
use crate::tui::app::{App, Status};

/// Undo puts back the bytes of before the last write only while the file is as that write
/// left it.
pub(super) const UNDO_REFUSED: &str =
    "undo refused: the file changed elsewhere since the last write made here (nothing was written)";

impl App {
    pub(crate) fn undo_last(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let Some(last) = self.session.last_write().cloned() else {
            self.session.say(Status::info(if self.session.undone() > 0 {
                "nothing left to undo: every write made here is undone"
            } else {
                "nothing to undo: no write was made in this session"
            }));
            return;
        };
        if self.loaded.file().bytes() != Some(last.after.as_slice()) {
            self.session.say(Status::error(UNDO_REFUSED));
            return;
        }
        let Some(before) = last.before else {
            self.session.say(Status::error(format!(
                "undo refused: {} did not exist before; modalcfg does not delete it (remove it by hand if you want)",
                self.loaded.file().path.display()
            )));
            return;
        };
        match store::plan_restore(self.loaded.file(), &before) {
            Ok(plan) => self.submit(Write::new(
                plan,
                format!("Undo: {}?", last.what),
                After::Undone,
            )),
            Err(e) => self.session.say(Status::error(e.to_string())),
        }
    }
}
