//! The token popup (`t`) and the welcome form shown when there is no config file yet.

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::config::edit::{self, Edit};
use crate::config::store;
use crate::tui::app::{App, Status};
use crate::tui::keymap::Mode;

use super::{After, Form, FormKind};

/// `MODAL_TOKEN_ID` / `MODAL_TOKEN_SECRET` set here, which win over the file.
pub fn token_env_warning(env: &crate::env::Env) -> Option<String> {
    crate::config::check::token_env_override(env).map(|f| f.message)
}

impl App {
    pub(in crate::tui) fn open_welcome(&mut self) {
        self.form = Some(Form::welcome());
        self.mode = Mode::Welcome;
    }
    pub(in crate::tui) fn open_token(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let Some(p) = self.target_profile() else {
            self.status = Status::info("no profile highlighted: `n` creates one");
            return;
        };
        self.form = Some(Form::token(&p));
        self.mode = Mode::Token;
    }

    pub(in crate::tui) fn form_move(&mut self, delta: isize) {
        if let Some(f) = &mut self.form {
            let n = f.fields.len() as isize;
            f.focus = ((f.focus as isize + delta).rem_euclid(n)) as usize;
        }
    }

    pub(in crate::tui) fn form_cancel(&mut self) {
        let welcome = matches!(self.form.as_ref().map(|f| &f.kind), Some(FormKind::Welcome));
        self.form = None; // the fields are wiped as they drop
        self.mode = Mode::Normal;
        self.status = if welcome {
            Status::info(format!(
                "nothing was written; {} does not exist yet: `t` adds a token later",
                self.file.path.display()
            ))
        } else {
            Status::info("cancelled: the token was not changed")
        };
    }

    pub(in crate::tui) fn form_save(&mut self) {
        let Some(form) = &self.form else { return };
        let id = form.value("Token ID").to_string();
        let secret = Zeroizing::new(form.value("Token secret").to_string());
        let (profile, activate, welcome) = match &form.kind {
            FormKind::Token { profile } => {
                (profile.clone(), self.file.profiles().is_empty(), false)
            }
            FormKind::Welcome => (form.value("Profile name").to_string(), true, true),
        };
        let refuse = |app: &mut App, msg: String| {
            if let Some(f) = &mut app.form {
                f.error = Some(msg.clone());
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
            activate,
        };
        let plan = match store::plan_for(self.client(), &self.file, &edit) {
            Ok(p) => p,
            Err(e) => return refuse(self, e.to_string()),
        };
        let mut warning = token_env_warning(&self.env);
        if activate
            && let Some(p) = self.env.profile_override()
            && p != profile
        {
            warning = Some(format!(
                "MODAL_PROFILE={p} is set, so this shell uses `{p}`{}",
                warning.map(|w| format!("; {w}")).unwrap_or_default()
            ));
        }
        let message = welcome.then(|| {
            format!(
                "saved profile `{profile}` with its token and made it active; wrote {} (0600)",
                self.file.path.display()
            )
        });
        let after = After {
            select: Some(profile.clone()),
            warning,
            message,
            ..After::default()
        };
        self.form = None;
        self.mode = Mode::Normal;
        self.submit(
            plan,
            format!("Save the token of profile `{profile}`"),
            after,
            false,
        );
    }
}
