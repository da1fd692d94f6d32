//! Everything that writes the file from the app: the token popup, the welcome form, editing
//! and unsetting keys, new/rename/delete profile, undo. Each builds an `Edit` (or a restore),
//! plans it with `config::store`, optionally shows the diff and asks, then commits it; a
//! refusal is shown and nothing is written. Also `v`, `y` and `s`.

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::app::{App, Status};
use super::field::Field;
use super::keymap::Mode;
use crate::config::edit::{self, Edit};
use crate::config::explain::display_value;
use crate::config::settings;
use crate::config::store::{self, Plan};
use crate::py::PyValue;

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

    fn value(&self, label: &str) -> &str {
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

/// What to do once a write went through.
#[derive(Debug, Clone, Default)]
pub struct After {
    /// An activation: the profile active before it (for `-`).
    pub activated: Option<(String, Option<String>)>,
    /// Highlight this profile afterwards.
    pub select: Option<String>,
    /// Said after the summary (environment overrides, ...).
    pub warning: Option<String>,
    /// This write is an undo: take it off the undo list.
    pub is_undo: bool,
    /// Said instead of the plan's summary.
    pub message: Option<String>,
}

/// A planned write waiting for y/n.
#[derive(Debug, Clone)]
pub struct Pending {
    pub title: String,
    pub plan: Plan,
    /// The bytes the plan was made from: if the file changed meanwhile, nothing is written.
    pub base: Option<Vec<u8>>,
    pub after: After,
}

/// A write made in this session.
#[derive(Debug, Clone)]
pub struct UndoEntry {
    /// The file before (`None`: there was no file).
    pub before: Option<Vec<u8>>,
    /// The file right after our write.
    pub after: Vec<u8>,
    pub what: String,
}

/// `MODAL_TOKEN_ID` / `MODAL_TOKEN_SECRET` set here, which win over the file.
pub fn token_env_warning(env: &crate::env::Env) -> Option<String> {
    let set: Vec<&str> = ["MODAL_TOKEN_ID", "MODAL_TOKEN_SECRET"]
        .into_iter()
        .filter(|v| env.get(v).is_some())
        .collect();
    (!set.is_empty()).then(|| {
        format!(
            "{} {} set in this environment and will win over the token saved in the file",
            set.join(" and "),
            if set.len() == 1 { "is" } else { "are" }
        )
    })
}

/// `export MODAL_PROFILE=…`, quoted like `modalcfg profile use NAME --print`.
pub fn export_line(name: &str) -> String {
    let quoted = if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
    {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    };
    format!("export MODAL_PROFILE={quoted}")
}

impl App {
    pub(super) fn open_welcome(&mut self) {
        self.form = Some(Form::welcome());
        self.mode = Mode::Welcome;
    }

    /// The profile the edit keys act on: the highlighted one (also a profile not in the file
    /// yet, which the write creates).
    fn target_profile(&self) -> Option<String> {
        if self.file.error().is_some() {
            return None;
        }
        self.highlighted_profile().map(|r| r.name.clone())
    }

    fn refuse_unwritable(&mut self) -> bool {
        if let Some(e) = self.file.error() {
            self.status = Status::error(format!("{e}; fix it by hand first"));
            return true;
        }
        if matches!(self.file.source, crate::config::file::Source::Remote) {
            self.status = Status::error(
                "MODAL_IS_REMOTE=1: the client ignores the config file here; nothing to edit",
            );
            return true;
        }
        false
    }

    pub(super) fn open_token(&mut self) {
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

    pub(super) fn form_move(&mut self, delta: isize) {
        if let Some(f) = &mut self.form {
            let n = f.fields.len() as isize;
            f.focus = ((f.focus as isize + delta).rem_euclid(n)) as usize;
        }
    }

    pub(super) fn form_cancel(&mut self) {
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

    pub(super) fn form_save(&mut self) {
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
        let plan = match store::plan(&self.file, &edit) {
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

    pub(super) fn open_edit(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let (Some(profile), Some(r)) = (self.target_profile(), self.highlighted_key()) else {
            self.status = Status::info("no key highlighted");
            return;
        };
        let key = r.setting.key.to_string();
        if r.setting.secret {
            self.status = Status::info(format!(
                "`{key}` is part of the token: `t` sets it (masked)"
            ));
            return;
        }
        let current = self
            .file
            .profile(&profile)
            .and_then(|p| p.get(&key))
            .map(|e| match &e.value {
                PyValue::Bool(b) => b.to_string(),
                PyValue::Str(s) => s.clone(),
                v => display_value(v),
            });
        if let Some(options) = edit::choices(&key) {
            // Start on the file's value, else on the value in use.
            let in_use = match r.value() {
                Ok(PyValue::Bool(b)) => Some(b.to_string()),
                Ok(PyValue::Str(s)) => Some(s.clone()),
                _ => None,
            };
            let sel = current
                .clone()
                .or(in_use)
                .as_deref()
                .and_then(|c| options.iter().position(|o| o.eq_ignore_ascii_case(c)))
                .unwrap_or(0);
            self.picker = Some(Picker {
                profile,
                key,
                options,
                sel,
                current,
            });
            self.mode = Mode::Pick;
            return;
        }
        self.prompt = Some(Prompt {
            kind: PromptKind::SetValue { profile, key },
            field: Field::new(current.as_deref().unwrap_or("")),
            error: None,
        });
        self.mode = Mode::Input;
    }

    pub(super) fn pick_move(&mut self, delta: isize) {
        if let Some(p) = &mut self.picker {
            p.sel = p
                .sel
                .saturating_add_signed(delta)
                .min(p.options.len().saturating_sub(1));
        }
    }

    pub(super) fn pick_accept(&mut self) {
        let Some(p) = self.picker.take() else { return };
        self.mode = Mode::Normal;
        let value = p.options[p.sel].to_string();
        self.set_value(&p.profile, &p.key, &value);
    }

    /// Plans `key = value` (validated by type) and submits it; a refusal returns it.
    fn plan_set(&self, profile: &str, key: &str, value: &str) -> Result<(Plan, After), String> {
        edit::typed_value(key, value, false).map_err(|e| format!("{e} (nothing was written)"))?;
        let edit = Edit::Set {
            profile: profile.into(),
            key: key.into(),
            value: value.into(),
            force: false,
        };
        let plan = store::plan(&self.file, &edit).map_err(|e| e.to_string())?;
        let warning = settings::find(key)
            .map(|s| s.env_var())
            .filter(|v| self.env.get(v).is_some())
            .map(|v| format!("{v} is set in this environment and wins over the file"));
        Ok((
            plan,
            After {
                warning,
                ..After::default()
            },
        ))
    }

    fn set_value(&mut self, profile: &str, key: &str, value: &str) {
        match self.plan_set(profile, key, value) {
            Ok((plan, after)) => self.submit(
                plan,
                format!("Set `{key}` in profile `{profile}`"),
                after,
                false,
            ),
            Err(e) => self.status = Status::error(e),
        }
    }

    pub(super) fn prompt_accept(&mut self) {
        let Some(p) = &self.prompt else { return };
        let text = p.field.value().trim().to_string();
        let result = match &p.kind {
            PromptKind::SetValue { profile, key } => self
                .plan_set(profile, key, &text)
                .map(|(plan, after)| (plan, format!("Set `{key}` in profile `{profile}`"), after)),
            PromptKind::NewProfile => {
                store::plan(&self.file, &Edit::CreateProfile { name: text.clone() })
                    .map(|plan| {
                        let after = After {
                            select: Some(text.clone()),
                            ..After::default()
                        };
                        (plan, format!("Create profile `{text}`"), after)
                    })
                    .map_err(|e| e.to_string())
            }
            PromptKind::RenameProfile { from } => store::plan(
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

    pub(super) fn unset_highlighted(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let (Some(profile), Some(r)) = (self.target_profile(), self.highlighted_key()) else {
            self.status = Status::info("no key highlighted");
            return;
        };
        let key = r.setting.key.to_string();
        let set_here = self
            .file
            .profile(&profile)
            .is_some_and(|p| p.get(&key).is_some());
        if !set_here {
            self.status = Status::info(format!(
                "profile `{profile}` does not set `{key}`: nothing to unset"
            ));
            return;
        }
        let edit = Edit::Unset {
            profile: profile.clone(),
            key: key.clone(),
        };
        match store::plan(&self.file, &edit) {
            Ok(plan) => self.submit(
                plan,
                format!("Unset `{key}` in profile `{profile}`"),
                After::default(),
                false,
            ),
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }

    pub(super) fn open_new_profile(&mut self) {
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

    pub(super) fn open_rename(&mut self) {
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

    pub(super) fn delete_highlighted(&mut self) {
        let Some(name) = self.file_profile("delete") else {
            return;
        };
        match store::plan(&self.file, &Edit::DeleteProfile { name: name.clone() }) {
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

    pub(super) fn undo_last(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let Some(last) = self.undo.last().cloned() else {
            self.status = Status::info("nothing to undo: no write was made in this session");
            return;
        };
        if self.notice_outside_change() || self.file.bytes() != Some(last.after.as_slice()) {
            self.status = Status::error(
                "undo refused: the file changed elsewhere since the last write made here (nothing was written)",
            );
            return;
        }
        let Some(before) = last.before else {
            self.status = Status::error(format!(
                "undo refused: {} did not exist before; modalcfg does not delete it (remove it by hand if you want)",
                self.file.path.display()
            ));
            return;
        };
        match store::plan_restore(&self.file, &before) {
            Ok(plan) => {
                let after = After {
                    is_undo: true,
                    ..After::default()
                };
                self.submit(plan, format!("Undo: {}", last.what), after, false);
            }
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }

    /// A planned write: written at once, or shown with its diff for y/n when the preview is
    /// on (always for `ask`).
    pub(super) fn submit(&mut self, plan: Plan, title: String, after: After, ask: bool) {
        if plan.is_noop(&self.file) {
            self.status = Status::info(format!(
                "{}: no change, the file already says so",
                plan.summary.join("; ")
            ));
            return;
        }
        let pending = Pending {
            title,
            plan,
            base: self.file.bytes().map(<[u8]>::to_vec),
            after,
        };
        if self.preview || ask {
            self.pending = Some(pending);
            self.mode = Mode::Confirm;
        } else {
            self.commit_pending(pending);
        }
    }

    pub(super) fn confirm_yes(&mut self) {
        self.mode = Mode::Normal;
        if let Some(p) = self.pending.take() {
            self.commit_pending(p);
        }
    }

    fn commit_pending(&mut self, p: Pending) {
        self.notice_outside_change();
        if self.file.bytes().map(<[u8]>::to_vec) != p.base {
            self.status = Status::warn(
                "the file changed on disk, so nothing was written; reloaded it: check and try again",
            );
            return;
        }
        let before = p.base.clone();
        match store::commit(&self.file, &p.plan) {
            Ok(file) => {
                if p.after.is_undo {
                    self.undo.pop();
                } else {
                    self.undo.push(UndoEntry {
                        before,
                        after: p.plan.new_bytes.clone(),
                        what: p.title.trim_end_matches('?').to_string(),
                    });
                }
                if let Some((name, was)) = &p.after.activated
                    && was.as_deref() != Some(name)
                {
                    self.previous = was.clone();
                }
                self.set_file(file);
                if let Some(name) = &p.after.select
                    && let Some(i) = self.rows.iter().position(|r| &r.name == name)
                {
                    self.profile_filter.clear();
                    self.refilter_profiles(Some(i));
                }
                let mut text = p
                    .after
                    .message
                    .clone()
                    .unwrap_or_else(|| p.plan.summary.join("; "));
                let created = self.undo.last().is_some_and(|u| u.before.is_none());
                if !created && !p.after.is_undo {
                    text.push_str(" · u undoes");
                }
                // The warning first: on a narrow screen it is what must not be cut off.
                self.status = match &p.after.warning {
                    Some(w) => Status::warn(format!("{w} · {text}")),
                    None => Status::info(text),
                };
            }
            Err(e) => {
                let msg = e.to_string();
                self.notice_outside_change();
                self.status = Status::error(msg);
            }
        }
    }

    pub(super) fn copy_highlighted(&mut self) {
        let Some(r) = self.highlighted_key() else {
            self.status = Status::info("no key highlighted");
            return;
        };
        let key = r.setting.key;
        let text = match r.value() {
            Err(_) => {
                self.status =
                    Status::error(format!("`{key}` has no value: the client fails on it"));
                return;
            }
            Ok(_) if r.setting.secret && !self.reveal => {
                self.status = Status::error(format!(
                    "`{key}` is a secret: press v to reveal secrets first, then y (nothing was copied)"
                ));
                return;
            }
            Ok(PyValue::Str(s)) => Zeroizing::new(s.clone()),
            Ok(v) => Zeroizing::new(display_value(v)),
        };
        self.clipboard = Some(text);
        self.status = Status::info(format!(
            "copied `{key}` to the clipboard (OSC 52: the terminal must allow it)"
        ));
    }

    pub(super) fn session_only(&mut self) {
        let Some(r) = self.highlighted_profile() else {
            self.status = Status::info("no profile highlighted");
            return;
        };
        self.exit_message = Some(export_line(&r.name));
        self.quit = true;
    }
}
