//! The welcome form, shown instead of the browse view when there is no config file yet (drawn
//! by `ui/overlay/welcome.rs`): a profile name, a token id and secret. Enter on the last field
//! plans the write that creates the file with that profile, made the active one.

use zeroize::Zeroizing;

use super::form::{token_env_warning, token_write};
use super::{FieldId, Form, Outcome};
use crate::config::write::edit;
use crate::tui::app::keymap::Action;
use crate::tui::app::loaded::Loaded;
use crate::tui::app::session::Status;

#[derive(Debug)]
pub struct Welcome {
    form: Form,
}

impl Welcome {
    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn set_error(&mut self, msg: String) {
        self.form.set_error(msg);
    }

    pub fn new(loaded: &Loaded) -> Welcome {
        Welcome {
            form: Form::welcome(token_env_warning(loaded.env())),
        }
    }

    pub fn handle(&mut self, action: Action, loaded: &Loaded) -> Outcome {
        if let Some(done) = self.form.handle(&action) {
            return done;
        }
        match action {
            Action::Accept => self.save(loaded),
            // The fields are wiped as they drop.
            Action::Cancel => Outcome::Close(Some(Status::info(format!(
                "nothing was written; {} does not exist yet: `t` adds a token later",
                loaded.file().path.display()
            )))),
            _ => Outcome::Stay,
        }
    }

    fn save(&mut self, loaded: &Loaded) -> Outcome {
        let profile = self.form.value(FieldId::ProfileName).to_string();
        // A paste's stray spaces and newline are dropped here.
        let id = self.form.value(FieldId::TokenId).trim().to_string();
        let secret = Zeroizing::new(self.form.value(FieldId::TokenSecret).trim().to_string());
        if let Err(e) = edit::check_profile_name(&profile) {
            return self.form.refuse(e.to_string());
        }
        if id.is_empty() || secret.is_empty() {
            return self.form.refuse(
                "both the token id and the token secret are needed (nothing was written)".into(),
            );
        }
        let message = format!(
            "saved profile `{profile}` with its token and made it active; wrote {} (0600)",
            loaded.file().path.display()
        );
        match token_write(loaded, profile, id, &secret, true, Some(message)) {
            Ok(w) => Outcome::Submit(Box::new(w)),
            Err(e) => self.form.refuse(e),
        }
    }
}
