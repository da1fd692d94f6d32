//! The y/n question before a write, with its diff (drawn by `ui/overlay/confirm.rs`): asked
//! when the preview is on (`p`), for a delete, and when the write would break the client.

use super::Outcome;
use crate::tui::app::keymap::Action;
use crate::tui::app::plan::Write;
use crate::tui::app::session::Status;

#[derive(Debug)]
pub struct Confirm {
    write: Box<Write>,
}

impl Confirm {
    pub fn write(&self) -> &Write {
        &self.write
    }

    /// The write, to commit it.
    pub fn into_write(self) -> Write {
        *self.write
    }

    pub fn new(write: Write) -> Confirm {
        Confirm {
            write: Box::new(write),
        }
    }

    pub fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Accept => Outcome::Commit,
            Action::Cancel => Outcome::Close(Some(Status::info(super::CANCELLED))),
            _ => Outcome::Stay,
        }
    }
}
