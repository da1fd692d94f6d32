//! `u`: restoring the file from before the last write made in this session.

use crate::config::write::store;
use crate::tui::app::{App, Status};
use crate::tui::overlay::{After, Write};

/// Undo puts back the bytes of before the last write only while the file is as that write
/// left it.
pub(super) const UNDO_REFUSED: &str =
    "undo refused: the file changed elsewhere since the last write made here (nothing was written)";

impl App {
    pub(crate) fn undo_last(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let Some(last) = self.undo.last().cloned() else {
            self.status = Status::info(if self.undone > 0 {
                "nothing left to undo: every write made here is undone"
            } else {
                "nothing to undo: no write was made in this session"
            });
            return;
        };
        if self.file.bytes() != Some(last.after.as_slice()) {
            self.status = Status::error(UNDO_REFUSED);
            return;
        }
        let Some(before) = last.before else {
            self.status = Status::error(format!(
                "undo refused: {} did not exist before; modalcfg does not delete it (remove it by hand if you want)",
                self.file.path.display()
            ));
            return;
        };
        match store::plan_restore(&self.file, &before) {
            Ok(plan) => self.submit(Write::new(
                plan,
                format!("Undo: {}?", last.what),
                After::Undone,
            )),
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }
}
