//! What is on top of the browse view, each with its own state: the help, the filter being
//! typed, the token popup, the welcome form, a typed value or name, a value picker, and the
//! y/n question before a write. There is at most one; the app's mode is derived from it.

use ratatui::widgets::ListState;

use super::field::Field;
use super::keymap::Mode;
use crate::config::write::store::Plan;

#[derive(Debug)]
pub enum Overlay {
    /// `?`, on a page (it pages when the screen is too small for every table).
    Help { page: usize },
    /// `/`: the filter of the focused pane, applied as it is typed.
    Filter { field: Field },
    /// `t`: the token of a profile.
    Token(TokenForm),
    /// No config file yet: profile name, token id, token secret.
    Welcome(Form),
    /// A value or a profile name being typed.
    Prompt(Prompt),
    /// A value being chosen from a list.
    Picker(Picker),
    /// A planned write shown with its diff, waiting for y/n.
    Confirm(Box<Write>),
}

impl Overlay {
    /// The key table in force.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help { .. } => Mode::Help,
            Overlay::Filter { .. } => Mode::Filter,
            Overlay::Token(_) => Mode::Token,
            Overlay::Welcome(_) => Mode::Welcome,
            Overlay::Prompt(_) => Mode::Input,
            Overlay::Picker(_) => Mode::Pick,
            Overlay::Confirm(_) => Mode::Confirm,
        }
    }

    /// The text field keys are typed into, if any.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn field(&self) -> Option<&Field> {
        match self {
            Overlay::Filter { field } => Some(field),
            Overlay::Token(t) => Some(t.form.focused()),
            Overlay::Welcome(f) => Some(f.focused()),
            Overlay::Prompt(p) => Some(&p.field),
            _ => None,
        }
    }

    pub fn field_mut(&mut self) -> Option<&mut Field> {
        match self {
            Overlay::Filter { field } => Some(field),
            Overlay::Token(t) => Some(t.form.focused_mut()),
            Overlay::Welcome(f) => Some(f.focused_mut()),
            Overlay::Prompt(p) => Some(&mut p.field),
            _ => None,
        }
    }

    /// The form, for the token popup and the welcome form.
    pub fn form(&self) -> Option<&Form> {
        match self {
            Overlay::Token(t) => Some(&t.form),
            Overlay::Welcome(f) => Some(f),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Overlay::Token(t) => Some(&mut t.form),
            Overlay::Welcome(f) => Some(f),
            _ => None,
        }
    }

    /// Shows why the last accept was refused.
    pub fn set_error(&mut self, msg: String) {
        match self {
            Overlay::Token(t) => t.form.error = Some(msg),
            Overlay::Welcome(f) => f.error = Some(msg),
            Overlay::Prompt(p) => p.error = Some(msg),
            _ => {}
        }
    }

    /// The profile in the file this overlay will write to, when it must still be there.
    pub fn target_profile(&self) -> Option<&str> {
        match self {
            Overlay::Token(t) if t.in_file => Some(&t.profile),
            Overlay::Prompt(Prompt {
                kind: PromptKind::RenameProfile { from },
                ..
            }) => Some(from),
            Overlay::Prompt(Prompt {
                kind: PromptKind::SetValue { profile, .. },
                in_file: true,
                ..
            }) => Some(profile),
            Overlay::Picker(p) if p.in_file => Some(&p.profile),
            _ => None,
        }
    }
}

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
    pub id: FieldId,
    pub field: Field,
    /// Drawn as one `•` per character unless revealed.
    pub secret: bool,
    /// The prefix real values start with (`ak-`, `as-`): a mismatch warns.
    pub prefix: Option<&'static str>,
}

impl FormField {
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

impl Form {
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

    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn focused(&self) -> &Field {
        &self.fields[self.focus].field
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
}

/// `t` on a profile: replace its token.
#[derive(Debug)]
pub struct TokenForm {
    pub profile: String,
    /// The profile was in the file when the popup opened: if it is gone when Enter is
    /// pressed (renamed or deleted elsewhere), nothing is written.
    pub in_file: bool,
    /// The checkbox: also make this profile the active one (`--activate` in the CLI).
    pub activate: bool,
    pub form: Form,
}

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
    pub kind: PromptKind,
    pub field: Field,
    /// The target profile was in the file when the prompt opened.
    pub in_file: bool,
    /// Lines to show above the field (what is expected, what wins over it).
    pub notes: Vec<Note>,
    pub error: Option<String>,
}

/// Choosing a value for a key with a fixed list of values.
#[derive(Debug, Clone)]
pub struct Picker {
    pub profile: String,
    pub in_file: bool,
    pub key: String,
    pub options: Vec<&'static str>,
    pub state: ListState,
    /// The file's current value, marked in the list.
    pub current: Option<String>,
    /// What wins over the file for this key (a `MODAL_*` variable), said before choosing:
    /// the same warning as the typed-value prompt.
    pub warning: Option<String>,
}

impl Picker {
    /// The highlighted option's position.
    pub fn sel(&self) -> usize {
        self.state.selected().unwrap_or(0)
    }
}

/// A planned write, from the Enter that asked for it to the rename that makes it.
#[derive(Debug, Clone)]
pub struct Write {
    pub title: String,
    pub plan: Plan,
    /// The bytes the plan was made from: if the app has loaded something else since,
    /// nothing is written.
    pub base: Option<Vec<u8>>,
    pub after: After,
    /// Said before the summary (environment overrides, ...).
    pub warning: Option<String>,
    /// Said instead of the plan's summary.
    pub message: Option<String>,
}

/// What a write is, for what happens once it went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// A value set or unset.
    Saved,
    /// A profile switch: the profile active before it, for `-`.
    Activated { name: String, was: Option<String> },
    /// A profile renamed or given a token: highlight it.
    Selected(String),
    /// A profile created with `n`: highlight it and open its token popup (Esc leaves it
    /// without one).
    Created(String),
    /// A profile deleted (always asked first).
    Deleted,
    /// The last write undone: it leaves the undo list.
    Undone,
}

impl After {
    /// Asked with its diff even when the preview is off.
    pub fn always_asks(&self) -> bool {
        matches!(self, After::Deleted)
    }
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
