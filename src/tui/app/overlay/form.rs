//! The fields of the token popup and the welcome form, and what both do with a key: type,
//! move between fields, reveal the secret, Enter to the next field; and the token write both
//! plan on the last field's Enter.

use secrecy::SecretString;

use super::{Outcome, typed};
use crate::config::write::edit::{self, Edit};
use crate::config::write::store;
use crate::tui::app::field::Field;
use crate::tui::app::keymap::Action;
use crate::tui::app::loaded::Loaded;
use crate::tui::app::plan::{After, Write};

/// Which field of a form: the app reads a field by its id, never by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    ProfileName,
    TokenId,
    TokenSecret,
}

impl FieldId {
    /// The label drawn next to the field.
    pub fn label(self) -> &'static str {
        match self {
            FieldId::ProfileName => "Profile name",
            FieldId::TokenId => "Token ID",
            FieldId::TokenSecret => "Token secret",
        }
    }
}

/// One field of a form.
#[derive(Debug)]
pub struct FormField {
    id: FieldId,
    field: Field,
    /// Drawn as one `•` per character unless revealed.
    secret: bool,
    /// The prefix real values start with (`ak-`, `as-`): a mismatch warns.
    prefix: Option<&'static str>,
}

impl Form {
    pub fn fields(&self) -> &[FormField] {
        &self.fields
    }

    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn reveal(&self) -> bool {
        self.reveal
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn env_warning(&self) -> Option<&str> {
        self.env_warning.as_deref()
    }

    /// Shows why the last accept was refused.
    pub fn set_error(&mut self, msg: String) {
        self.error = Some(msg);
    }

    fn token_fields() -> Vec<FormField> {
        vec![
            FormField {
                id: FieldId::TokenId,
                field: Field::default(),
                secret: false,
                prefix: Some("ak-"),
            },
            FormField {
                id: FieldId::TokenSecret,
                field: Field::default(),
                secret: true,
                prefix: Some("as-"),
            },
        ]
    }

    pub fn token(env_warning: Option<String>) -> Form {
        Form {
            fields: Form::token_fields(),
            focus: 0,
            reveal: false,
            error: None,
            env_warning,
        }
    }

    pub fn welcome(env_warning: Option<String>) -> Form {
        let mut fields = vec![FormField {
            id: FieldId::ProfileName,
            field: Field::new("default"),
            secret: false,
            prefix: None,
        }];
        fields.extend(Form::token_fields());
        Form {
            fields,
            ..Form::token(env_warning)
        }
    }

    pub fn focused_mut(&mut self) -> &mut Field {
        &mut self.fields[self.focus].field
    }

    pub fn on_last_field(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// Moves the focus by `delta` fields, wrapping around.
    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = ((self.focus as isize + delta).rem_euclid(n)) as usize;
    }

    /// The id of the focused field.
    pub fn focused_id(&self) -> FieldId {
        self.fields[self.focus].id
    }

    /// A field's value, trimmed (`""` when the form has no such field).
    pub fn value(&self, id: FieldId) -> &str {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map_or("", |f| f.field.value().trim())
    }

    /// What both forms do with `action`; `None` for the ones each handles itself (Enter on
    /// the last field, Esc, the token popup's checkbox).
    pub fn handle(&mut self, action: &Action) -> Option<Outcome> {
        if typed(self.focused_mut(), action) {
            self.error = None;
            return Some(Outcome::Stay);
        }
        match action {
            Action::Accept if !self.on_last_field() => Some(self.next_field()),
            Action::NextField => Some(self.moved(1)),
            Action::PrevField => Some(self.moved(-1)),
            Action::RevealField => {
                self.reveal = !self.reveal;
                Some(Outcome::Stay)
            }
            Action::Accept | Action::Cancel | Action::ToggleCheck => None,
            _ => Some(Outcome::Stay),
        }
    }

    fn moved(&mut self, delta: isize) -> Outcome {
        self.move_focus(delta);
        Outcome::Stay
    }

    /// Enter before the last field: a field that can be checked alone is checked before
    /// moving on.
    fn next_field(&mut self) -> Outcome {
        if self.focused_id() == FieldId::ProfileName
            && let Err(e) = edit::check_profile_name(self.value(FieldId::ProfileName))
        {
            return self.refuse(e.to_string());
        }
        self.moved(1)
    }

    /// Shows why the save was refused, on the form and the status line.
    pub fn refuse(&mut self, msg: String) -> Outcome {
        self.error = Some(msg.clone());
        Outcome::Refuse(msg)
    }
}

impl FormField {
    pub fn id(&self) -> FieldId {
        self.id
    }

    pub fn field(&self) -> &Field {
        &self.field
    }

    /// Drawn as one `•` per character unless revealed.
    pub fn secret(&self) -> bool {
        self.secret
    }

    /// The warning to show under the field, if its value does not look right.
    pub fn warning(&self) -> Option<String> {
        let v = self.field.value().trim();
        let p = self.prefix?;
        (!v.is_empty() && !v.starts_with(p)).then(|| {
            let what = if self.secret { "secrets" } else { "ids" };
            format!("Modal token {what} start with `{p}`: check this one (it can still be saved)")
        })
    }
}

/// Fields being typed: the token popup's, the welcome form's.
#[derive(Debug)]
pub struct Form {
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// `^R`/`F2`: the secret is drawn as typed.
    pub reveal: bool,
    /// Why the last save was refused (cleared as soon as something is typed).
    pub error: Option<String>,
    /// Environment variables that will win over what is saved (worked out when opened).
    pub env_warning: Option<String>,
}

/// `MODAL_TOKEN_ID` / `MODAL_TOKEN_SECRET` set here, which win over the file.
pub fn token_env_warning(env: &crate::env::Env) -> Option<String> {
    crate::config::diagnose::check::token_env_override(env).map(|f| f.message)
}

/// The write of a token into `profile` (the id or the secret may be empty: that one is kept),
/// with the variables that will still win over it.
pub fn token_write(
    loaded: &Loaded,
    profile: String,
    id: String,
    secret: &str,
    activate: bool,
    message: Option<String>,
) -> Result<Write, String> {
    let edit = Edit::TokenSet {
        profile: profile.clone(),
        token_id: (!id.is_empty()).then_some(id),
        token_secret: (!secret.is_empty()).then(|| SecretString::from(secret.to_string())),
        server_url: None,
        activate,
    };
    let plan = store::plan_for(loaded.client(), loaded.file(), &edit).map_err(|e| e.to_string())?;
    let mut warning = token_env_warning(loaded.env());
    if activate
        && let Some(keeps) =
            crate::config::resolve::env_wins::profile_env_keeps(loaded.env(), &profile)
    {
        warning = Some(match warning {
            Some(w) => format!("{keeps}; {w}"),
            None => keeps,
        });
    }
    let title = format!("Save the token of profile `{profile}`?");
    Ok(Write::new(plan, title, After::Selected(profile))
        .warning(warning)
        .message(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_read_by_id() {
        let mut f = Form::welcome(None);
        let ids: Vec<_> = f.fields.iter().map(|x| x.id).collect();
        assert_eq!(
            ids,
            [FieldId::ProfileName, FieldId::TokenId, FieldId::TokenSecret]
        );
        assert_eq!(f.focused_id(), FieldId::ProfileName);
        assert_eq!(f.value(FieldId::ProfileName), "default");
        f.move_focus(1);
        f.focused_mut().insert_str(" ak-1 ");
        f.move_focus(1);
        f.focused_mut().insert_str("as-2");
        assert_eq!(f.focused_id(), FieldId::TokenSecret);
        assert_eq!(
            (f.value(FieldId::TokenId), f.value(FieldId::TokenSecret)),
            ("ak-1", "as-2")
        );
        // The token popup has no name field: its value is empty, not another field's.
        assert_eq!(Form::token(None).value(FieldId::ProfileName), "");
        assert_eq!(FieldId::TokenSecret.label(), "Token secret");
    }
}
