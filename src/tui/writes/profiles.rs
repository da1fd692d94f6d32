//! New, rename and delete profile, and accepting the typed-line prompt (which also sets key
//! values, see `keys`).

use crate::config::edit::Edit;
use crate::config::store;
use crate::tui::app::{App, Status};
use crate::tui::field::Field;
use crate::tui::keymap::Mode;

use super::{After, Prompt, PromptKind};

impl App {
    pub(in crate::tui) fn prompt_accept(&mut self) {
        let Some(p) = &self.prompt else { return };
        let text = p.field.value().trim().to_string();
        let result = match &p.kind {
            PromptKind::SetValue { profile, key } => self
                .plan_set(profile, key, &text)
                .map(|(plan, after)| (plan, format!("Set `{key}` in profile `{profile}`"), after)),
            PromptKind::NewProfile => store::plan_for(
                self.client(),
                &self.file,
                &Edit::CreateProfile { name: text.clone() },
            )
            .map(|plan| {
                let after = After {
                    select: Some(text.clone()),
                    ..After::default()
                };
                (plan, format!("Create profile `{text}`"), after)
            })
            .map_err(|e| e.to_string()),
            PromptKind::RenameProfile { from } => store::plan_for(
                self.client(),
                &self.file,
                &Edit::RenameProfile {
                    from: from.clone(),
                    to: text.clone(),
                },
            )
            .map(|plan| {
                let warning =
                    self.env.profile_override().filter(|p| p == from).map(|p| {
                        format!("MODAL_PROFILE={p} is set and now names a missing profile")
                    });
                let after = After {
                    select: Some(text.clone()),
                    warning,
                    ..After::default()
                };
                (plan, format!("Rename profile `{from}` to `{text}`"), after)
            })
            .map_err(|e| e.to_string()),
        };
        match result {
            Ok((plan, title, after)) => {
                self.prompt = None;
                self.mode = Mode::Normal;
                self.submit(plan, title, after, false);
            }
            Err(e) => {
                if let Some(p) = &mut self.prompt {
                    p.error = Some(e.clone());
                }
                self.status = Status::error(e);
            }
        }
    }
    pub(in crate::tui) fn open_new_profile(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        self.prompt = Some(Prompt {
            kind: PromptKind::NewProfile,
            field: Field::default(),
            error: None,
        });
        self.mode = Mode::Input;
    }

    /// The highlighted profile when it is in the file.
    fn file_profile(&mut self, verb: &str) -> Option<String> {
        if self.refuse_unwritable() {
            return None;
        }
        match self.highlighted_profile() {
            Some(r) if !r.missing => Some(r.name.clone()),
            Some(r) => {
                self.status = Status::error(format!(
                    "profile `{}` is not in the file, so there is nothing to {verb}",
                    r.name
                ));
                None
            }
            None => {
                self.status = Status::info("no profile highlighted");
                None
            }
        }
    }

    pub(in crate::tui) fn open_rename(&mut self) {
        let Some(from) = self.file_profile("rename") else {
            return;
        };
        self.prompt = Some(Prompt {
            field: Field::new(&from),
            kind: PromptKind::RenameProfile { from },
            error: None,
        });
        self.mode = Mode::Input;
    }

    pub(in crate::tui) fn delete_highlighted(&mut self) {
        let Some(name) = self.file_profile("delete") else {
            return;
        };
        match store::plan_for(
            self.client(),
            &self.file,
            &Edit::DeleteProfile { name: name.clone() },
        ) {
            Ok(plan) => {
                let warning = self
                    .rows
                    .iter()
                    .find(|r| r.name == name && r.effective)
                    .map(|_| format!("`{name}` was the profile in use; check which one is now"));
                let after = After {
                    warning,
                    ..After::default()
                };
                self.submit(plan, format!("Delete profile `{name}`?"), after, true);
            }
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }
}
