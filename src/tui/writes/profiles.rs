//! New, rename and delete profile, and accepting the typed-line prompt (which also sets key
//! values, see `keys`).

use crate::config::write::edit::Edit;
use crate::config::write::store;
use crate::tui::app::{App, Status};
use crate::tui::field::Field;
use crate::tui::overlay::{After, Note, Overlay, Prompt, PromptKind, Write};

impl App {
    pub(crate) fn prompt_accept(&mut self) {
        if self.refuse_gone_target() {
            return;
        }
        let Some(Overlay::Prompt(p)) = &self.overlay else {
            return;
        };
        let text = p.field.value().trim().to_string();
        let result = match &p.kind {
            PromptKind::SetValue { profile, key } => self.plan_set(profile, key, &text),
            PromptKind::NewProfile => store::plan_for(
                self.client(),
                &self.file,
                &Edit::CreateProfile { name: text.clone() },
            )
            .map(|plan| {
                Write::new(
                    plan,
                    format!("Create profile `{text}`?"),
                    After::Created(text.clone()),
                )
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
                Write::new(
                    plan,
                    format!("Rename profile `{from}` to `{text}`?"),
                    After::Selected(text.clone()),
                )
                .warning(warning)
            })
            .map_err(|e| e.to_string()),
        };
        match result {
            Ok(w) => {
                self.overlay = None;
                self.submit(w);
            }
            Err(e) => {
                if let Some(o) = &mut self.overlay {
                    o.set_error(e.clone());
                }
                self.status = Status::error(e);
            }
        }
    }

    pub(crate) fn open_new_profile(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        self.overlay = Some(Overlay::Prompt(Prompt {
            kind: PromptKind::NewProfile,
            field: Field::default(),
            in_file: false,
            notes: vec![Note::Plain("Name of the new profile:".into())],
            error: None,
        }));
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

    pub(crate) fn open_rename(&mut self) {
        let Some(from) = self.file_profile("rename") else {
            return;
        };
        self.overlay = Some(Overlay::Prompt(Prompt {
            field: Field::new(&from),
            kind: PromptKind::RenameProfile { from },
            in_file: true,
            notes: vec![Note::Plain(
                "New name (only the table header changes):".into(),
            )],
            error: None,
        }));
    }

    pub(crate) fn delete_highlighted(&mut self) {
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
                self.submit(
                    Write::new(plan, format!("Delete profile `{name}`?"), After::Deleted)
                        .warning(warning),
                );
            }
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }
}
