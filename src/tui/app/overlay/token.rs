//! `t`: the token popup of a profile (drawn by `ui/overlay/token.rs`): the token id and
//! secret, and a checkbox to make the profile the active one. Enter on the last field plans
//! the write.

use zeroize::Zeroizing;

use super::form::token_write;
use super::{FieldId, Form, Outcome, gone};
use crate::config::write::edit;
use crate::tui::app::keymap::Action;
use crate::tui::app::loaded::Loaded;
use crate::tui::app::session::Status;

/// `t` on a profile: replace its token.
#[derive(Debug)]
pub struct TokenForm {
    profile: String,
    /// The profile was in the file when the popup opened: if it is gone when Enter is
    /// pressed (renamed or deleted elsewhere), nothing is written.
    in_file: bool,
    /// The checkbox: also make this profile the active one (`--activate` in the CLI).
    activate: bool,
    form: Form,
}

impl TokenForm {
    pub fn profile(&self) -> &str {
        &self.profile
    }

    pub fn activate(&self) -> bool {
        self.activate
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn set_error(&mut self, msg: String) {
        self.form.set_error(msg);
    }

    pub fn new(profile: String, in_file: bool, env_warning: Option<String>) -> TokenForm {
        TokenForm {
            profile,
            in_file,
            // The CLI's rule (`token set` activates unless `--no-activate`), as a checkbox.
            activate: true,
            form: Form::token(env_warning),
        }
    }

    /// The profile it writes to when that must still be in the file.
    pub fn target_profile(&self) -> Option<&str> {
        self.in_file.then_some(self.profile.as_str())
    }

    pub fn handle(&mut self, action: Action, loaded: &Loaded) -> Outcome {
        if let Some(done) = self.form.handle(&action) {
            return done;
        }
        match action {
            Action::Accept => self.save(loaded),
            // The fields are wiped as they drop.
            Action::Cancel => {
                Outcome::Close(Some(Status::info("cancelled: the token was not changed")))
            }
            Action::ToggleCheck => {
                self.activate = !self.activate;
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn save(&mut self, loaded: &Loaded) -> Outcome {
        if let Some(msg) = gone(self.target_profile(), loaded) {
            return self.form.refuse(msg);
        }
        // A paste's stray spaces and newline are dropped here (the core stores values as
        // given, like the client's `token set`).
        let id = self.form.value(FieldId::TokenId).trim().to_string();
        let secret = Zeroizing::new(self.form.value(FieldId::TokenSecret).trim().to_string());
        if id.is_empty() && secret.is_empty() {
            return self
                .form
                .refuse("both fields are empty: nothing to save".into());
        }
        let activate = edit::token_activates(loaded.file(), self.activate);
        match token_write(loaded, self.profile.clone(), id, &secret, activate, None) {
            Ok(w) => Outcome::Submit(Box::new(w)),
            Err(e) => self.form.refuse(e),
        }
    }
}
