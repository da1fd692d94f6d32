//! What the popups hold while something is typed or chosen: the token and welcome forms,
//! the one-line prompt and the list picker.

use crate::tui::field::Field;

/// One field of a form.
#[derive(Debug)]
pub struct FormField {
    pub label: &'static str,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// `t` on a profile: replace its token.
    Token { profile: String },
    /// No config file yet: profile name, token id, token secret.
    Welcome,
}

/// The token popup or the welcome form.
#[derive(Debug)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// `^R`/`F2`: the secret is drawn as typed.
    pub reveal: bool,
    /// Why the last save was refused.
    pub error: Option<String>,
}

impl Form {
    fn token_fields() -> Vec<FormField> {
        vec![
            FormField {
                label: "Token ID",
                field: Field::default(),
                secret: false,
                prefix: Some("ak-"),
            },
            FormField {
                label: "Token secret",
                field: Field::default(),
                secret: true,
                prefix: Some("as-"),
            },
        ]
    }

    pub fn token(profile: &str) -> Form {
        Form {
            kind: FormKind::Token {
                profile: profile.to_string(),
            },
            fields: Form::token_fields(),
            focus: 0,
            reveal: false,
            error: None,
        }
    }

    pub fn welcome() -> Form {
        let mut fields = vec![FormField {
            label: "Profile name",
            field: Field::new("default"),
            secret: false,
            prefix: None,
        }];
        fields.extend(Form::token_fields());
        Form {
            kind: FormKind::Welcome,
            fields,
            focus: 0,
            reveal: false,
            error: None,
        }
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus].field
    }

    pub fn focused_mut(&mut self) -> &mut Field {
        &mut self.fields[self.focus].field
    }

    pub(super) fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.field.value().trim())
    }
}

/// What a typed line is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    SetValue { profile: String, key: String },
    NewProfile,
    RenameProfile { from: String },
}

#[derive(Debug)]
pub struct Prompt {
    pub kind: PromptKind,
    pub field: Field,
    pub error: Option<String>,
}

/// Choosing a value for a key with a fixed list of values.
#[derive(Debug, Clone)]
pub struct Picker {
    pub profile: String,
    pub key: String,
    pub options: Vec<&'static str>,
    pub sel: usize,
    /// The file's current value, marked in the list.
    pub current: Option<String>,
}
