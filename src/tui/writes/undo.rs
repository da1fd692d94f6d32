//! `u`: the writes made in this session, and restoring the file from before the last one.

use crate::config::store;
use crate::tui::app::{App, Status};

use super::After;

/// A write made in this session.
#[derive(Debug, Clone)]
pub struct UndoEntry {
    /// The file before (`None`: there was no file).
    pub before: Option<Vec<u8>>,
    /// The file right after our write.
    pub after: Vec<u8>,
    pub what: String,
}

impl App {
    pub(in crate::tui) fn undo_last(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let Some(last) = self.undo.last().cloned() else {
            self.status = Status::info("nothing to undo: no write was made in this session");
            return;
        };
        if self.notice_outside_change() || self.file.bytes() != Some(last.after.as_slice()) {
            self.status = Status::error(
                "undo refused: the file changed elsewhere since the last write made here (nothing was written)",
            );
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
            Ok(plan) => {
                let after = After {
                    is_undo: true,
                    ..After::default()
                };
                self.submit(plan, format!("Undo: {}", last.what), after, false);
            }
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }
}
