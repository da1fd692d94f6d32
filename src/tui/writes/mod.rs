//! Everything that writes the file from the app: the token popup, the welcome form, editing
//! and unsetting keys, new/rename/delete profile, undo. Each builds an `Edit` (or a restore),
//! plans it with `config::store`, optionally shows the diff and asks, then commits it; a
//! refusal is shown and nothing is written. Also `v`, `y` and `s`.

mod commit;
mod copy_export;
mod forms;
mod keys;
mod profiles;
mod token;
mod undo;

pub use commit::{After, Pending};
pub use copy_export::export_line;
pub use forms::{Form, FormField, FormKind, Picker, Prompt, PromptKind};
pub use token::token_env_warning;
pub use undo::UndoEntry;

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
        if matches!(self.file.source, crate::config::file::Source::Remote) {
            self.status = Status::error(
                "MODAL_IS_REMOTE=1: the client ignores the config file here; nothing to edit",
            );
            return true;
        }
        false
    }
}
