//! New, rename and delete profile: opening the name prompt (its keys and what Enter writes:
//! `overlay/prompt.rs`), and planning a delete.

use crate::config::write::edit::Edit;
use crate::config::write::store;
use crate::tui::app::overlay::{Overlay, Prompt};
use crate::tui::app::plan::{After, Write};
use crate::tui::app::{App, Status};

impl App {
    pub(crate) fn open_new_profile(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        self.overlay = Some(Overlay::Prompt(Prompt::new_profile()));
    }

    /// The highlighted profile when it is in the file.
    fn file_profile(&mut self, verb: &str) -> Option<String> {
        if self.refuse_unwritable() {
            return None;
        }
        match self.highlighted_profile() {
            Some(r) if !r.missing => Some(r.name.clone()),
            Some(r) => {
                self.session.say(Status::error(format!(
                    "profile `{}` is not in the file, so there is nothing to {verb}",
                    r.name
                )));
                None
            }
            None => {
                self.session.say(Status::info("no profile highlighted"));
                None
            }
        }
    }

    pub(crate) fn open_rename(&mut self) {
        let Some(from) = self.file_profile("rename") else {
            return;
        };
        self.overlay = Some(Overlay::Prompt(Prompt::rename(from)));
    }

    pub(crate) fn delete_highlighted(&mut self) {
        let Some(name) = self.file_profile("delete") else {
            return;
        };
        match store::plan_for(
            self.loaded.client(),
            self.loaded.file(),
            &Edit::DeleteProfile { name: name.clone() },
        ) {
            Ok(plan) => {
                let warning = self
                    .loaded
                    .rows()
                    .iter()
                    .find(|r| r.name == name && r.effective)
                    .map(|_| format!("`{name}` was the profile in use; check which one is now"));
                self.submit(
                    Write::new(plan, format!("Delete profile `{name}`?"), After::Deleted)
                        .warning(warning),
                );
            }
            Err(e) => self.session.say(Status::error(e.to_string())),
        }
    }
}
