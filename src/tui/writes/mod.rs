//! Everything that writes the file from the app: switching profiles, the token popup, the
//! welcome form, editing and unsetting keys, new/rename/delete profile, undo. Each builds an
//! `Edit` (or a restore), plans it with `config::write::store`, and hands it to the one write flow
//! (`flow.rs`); a refusal is shown and nothing is written. Also `y` and `s`, which write
//! nothing, and `P`, which changes only the file's mode.

mod activate;
pub(crate) mod copy_export;
mod flow;
mod keys;
mod permissions;
mod profiles;
mod token;
mod undo;

#[cfg(feature = "internals")] // for the tests
pub use copy_export::export_line;
#[cfg(feature = "internals")] // for the tests
pub use token::token_env_warning;

use super::app::{App, Status};

impl App {
    /// The profile the edit keys act on: the highlighted one (also a profile not in the file
    /// yet, which the write creates).
    fn target_profile(&self) -> Option<String> {
        if self.file.error().is_some() {
            return None;
        }
        self.highlighted_profile().map(|r| r.name.clone())
    }

    fn refuse_unwritable(&mut self) -> bool {
        if let Some(e) = self.file.error() {
            self.status = Status::error(format!("{e}; fix it by hand first"));
            return true;
        }
        if matches!(self.file.source, crate::config::read::file::Source::Remote) {
            self.status = Status::error(format!(
                "{} here; nothing to edit",
                crate::config::read::file::REMOTE_IGNORES_FILE
            ));
            return true;
        }
        false
    }

    /// Refuses an overlay's accept when its target profile left the file meanwhile.
    fn refuse_gone_target(&mut self) -> bool {
        match self.target_gone() {
            Some(msg) => {
                if let Some(o) = &mut self.overlay {
                    o.set_error(msg.clone());
                }
                self.status = Status::error(msg);
                true
            }
            None => false,
        }
    }
}
