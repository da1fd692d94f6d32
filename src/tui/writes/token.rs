//! The token popup (`t`) and the welcome form shown when there is no config file yet.

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::config::write::edit::{self, Edit};
use crate::config::write::store;
use crate::tui::app::{App, Status};
use crate::tui::overlay::{After, FieldId, Form, Overlay, TokenForm, Write};

/// `MODAL_TOKEN_ID` / `MODAL_TOKEN_SECRET` set here, which win over the file.
pub fn token_env_warning(env: &crate::env::Env) -> Option<String> {
    crate::config::diagnose::check::token_env_override(env).map(|f| f.message)
}

impl App {
    pub(crate) fn open_welcome(&mut self) {
        self.overlay = Some(Overlay::Welcome(Form::welcome(token_env_warning(
            &self.env,
        ))));
    }

    pub(crate) fn open_token(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let Some(profile) = self.target_profile() else {
            self.status = Status::info("no profile highlighted: `n` creates one");
            return;
        };
        self.overlay = Some(Overlay::Token(TokenForm {
            in_file: self.file.profile(&profile).is_some(),
            profile,
            // The CLI's rule (`token set` activates unless `--no-activate`), as a checkbox.
            activate: true,
            form: Form::token(token_env_warning(&self.env)),
        }));
    }

    pub(crate) fn form_cancel(&mut self) {
        let welcome = matches!(self.overlay, Some(Overlay::Welcome(_)));
        self.overlay = None; // the fields are wiped as they drop
        self.status = if welcome {
            Status::info(format!(
                "nothing was written; {} does not exist yet: `t` adds a token later",
                self.file.path.display()
            ))
        } else {
            Status::info("cancelled: the token was not changed")
        };
    }

    /// Enter in a form: the next field, or on the last one, save.
    pub(crate) fn form_enter(&mut self) {
        let Some(form) = self.overlay.as_mut().and_then(Overlay::form_mut) else {
            return;
        };
        if form.on_last_field() {
            return self.form_save();
        }
        // A field that can be checked alone is checked before moving on.
        if form.focused_id() == FieldId::ProfileName
            && let Err(e) = edit::check_profile_name(form.value(FieldId::ProfileName))
        {
            let msg = e.to_string();
            form.error = Some(msg.clone());
            self.status = Status::error(msg);
            return;
        }
        form.move_focus(1);
    }

    pub(crate) fn form_save(&mut self) {
        if self.refuse_gone_target() {
            return;
        }
        let Some(form) = self.overlay.as_ref().and_then(Overlay::form) else {
            return;
        };
        // A paste's stray spaces and newline are dropped here (the core stores values as given,
        // like the client's `token set`).
        let id = form.value(FieldId::TokenId).trim().to_string();
        let secret = Zeroizing::new(form.value(FieldId::TokenSecret).trim().to_string());
        let (profile, activate, welcome) = match &self.overlay {
            Some(Overlay::Token(t)) => (
                t.profile.clone(),
                edit::token_activates(&self.file, t.activate),
                false,
            ),
            _ => (form.value(FieldId::ProfileName).to_string(), true, true),
        };
        let refuse = |app: &mut App, msg: String| {
            if let Some(o) = &mut app.overlay {
                o.set_error(msg.clone());
            }
            app.status = Status::error(msg);
        };
        if welcome {
            if let Err(e) = edit::check_profile_name(&profile) {
                return refuse(self, e.to_string());
            }
            if id.is_empty() || secret.is_empty() {
                return refuse(
                    self,
                    "both the token id and the token secret are needed (nothing was written)"
                        .into(),
                );
            }
        } else if id.is_empty() && secret.is_empty() {
            return refuse(self, "both fields are empty: nothing to save".into());
        }
        let edit = Edit::TokenSet {
            profile: profile.clone(),
            token_id: (!id.is_empty()).then_some(id),
            token_secret: (!secret.is_empty()).then(|| SecretString::from(secret.to_string())),
            server_url: None,
            activate,
        };
        let plan = match store::plan_for(self.client(), &self.file, &edit) {
            Ok(p) => p,
            Err(e) => return refuse(self, e.to_string()),
        };
        let mut warning = token_env_warning(&self.env);
        if activate
            && let Some(keeps) =
                crate::config::resolve::env_wins::profile_env_keeps(&self.env, &profile)
        {
            warning = Some(match warning {
                Some(w) => format!("{keeps}; {w}"),
                None => keeps,
            });
        }
        let message = welcome.then(|| {
            format!(
                "saved profile `{profile}` with its token and made it active; wrote {} (0600)",
                self.file.path.display()
            )
        });
        self.overlay = None;
        let title = format!("Save the token of profile `{profile}`?");
        self.submit(
            Write::new(plan, title, After::Selected(profile))
                .warning(warning)
                .message(message),
        );
    }
}
