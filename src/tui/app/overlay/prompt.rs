//! A line being typed (drawn by `ui/overlay/prompt.rs`): a key's new value, a new profile's
//! name, or a profile's new name. Enter plans the write; a refusal shows under the field.

use super::value::plan_set;
use super::{Outcome, gone, typed};
use crate::config::write::edit::Edit;
use crate::config::write::store;
use crate::tui::app::field::Field;
use crate::tui::app::keymap::Action;
use crate::tui::app::loaded::Loaded;
use crate::tui::app::plan::{After, Write};
use crate::tui::app::session::Status;

/// What a typed line is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    SetValue { profile: String, key: String },
    NewProfile,
    RenameProfile { from: String },
}

/// A line above a prompt's field, drawn as what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Plain(String),
    Warning(String),
}

#[derive(Debug)]
pub struct Prompt {
    kind: PromptKind,
    field: Field,
    /// The target profile was in the file when the prompt opened.
    in_file: bool,
    /// Lines to show above the field (what is expected, what wins over it).
    notes: Vec<Note>,
    error: Option<String>,
}

impl Prompt {
    pub fn kind(&self) -> &PromptKind {
        &self.kind
    }

    pub fn field(&self) -> &Field {
        &self.field
    }

    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Shows why the last accept was refused.
    pub fn set_error(&mut self, msg: String) {
        self.error = Some(msg);
    }

    /// A key's new value, starting from the file's `current` one; `notes` say what is
    /// expected and what wins over it.
    pub fn set_value(
        target: (String, bool),
        key: String,
        current: &str,
        notes: Vec<Note>,
    ) -> Prompt {
        let (profile, in_file) = target;
        Prompt {
            kind: PromptKind::SetValue { profile, key },
            field: Field::new(current),
            in_file,
            notes,
            error: None,
        }
    }

    /// `n`: a new profile's name.
    pub fn new_profile() -> Prompt {
        Prompt {
            kind: PromptKind::NewProfile,
            field: Field::default(),
            in_file: false,
            notes: vec![Note::Plain("Name of the new profile:".into())],
            error: None,
        }
    }

    /// `r`: a new name for profile `from` (in the file).
    pub fn rename(from: String) -> Prompt {
        Prompt {
            field: Field::new(&from),
            kind: PromptKind::RenameProfile { from },
            in_file: true,
            notes: vec![Note::Plain(
                "New name (only the table header changes):".into(),
            )],
            error: None,
        }
    }

    /// The profile it writes to when that must still be in the file.
    pub fn target_profile(&self) -> Option<&str> {
        match &self.kind {
            PromptKind::RenameProfile { from } => Some(from),
            PromptKind::SetValue { profile, .. } if self.in_file => Some(profile),
            _ => None,
        }
    }

    pub fn handle(&mut self, action: Action, loaded: &Loaded) -> Outcome {
        if typed(&mut self.field, &action) {
            self.error = None;
            return Outcome::Stay;
        }
        match action {
            Action::Accept => self.accept(loaded),
            Action::Cancel => Outcome::Close(Some(Status::info(super::CANCELLED))),
            _ => Outcome::Stay,
        }
    }

    fn accept(&mut self, loaded: &Loaded) -> Outcome {
        if let Some(msg) = gone(self.target_profile(), loaded) {
            return self.refuse(msg);
        }
        match self.plan(loaded) {
            Ok(w) => Outcome::Submit(Box::new(w)),
            Err(e) => self.refuse(e),
        }
    }

    fn refuse(&mut self, msg: String) -> Outcome {
        self.error = Some(msg.clone());
        Outcome::Refuse(msg)
    }

    fn plan(&self, loaded: &Loaded) -> Result<Write, String> {
        let text = self.field.value().trim().to_string();
        let plan = |edit: &Edit| {
            store::plan_for(loaded.client(), loaded.file(), edit).map_err(|e| e.to_string())
        };
        match &self.kind {
            PromptKind::SetValue { profile, key } => plan_set(loaded, profile, key, &text),
            PromptKind::NewProfile => {
                let plan = plan(&Edit::CreateProfile { name: text.clone() })?;
                let title = format!("Create profile `{text}`?");
                Ok(Write::new(plan, title, After::Created(text)))
            }
            PromptKind::RenameProfile { from } => {
                let plan = plan(&Edit::RenameProfile {
                    from: from.clone(),
                    to: text.clone(),
                })?;
                let warning = (loaded.env().profile_override())
                    .filter(|p| p == from)
                    .map(|p| format!("MODAL_PROFILE={p} is set and now names a missing profile"));
                let title = format!("Rename profile `{from}` to `{text}`?");
                Ok(Write::new(plan, title, After::Selected(text)).warning(warning))
            }
        }
    }
}
