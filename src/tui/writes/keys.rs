//! Editing keys: the value prompt or the picker for keys with fixed values, and unsetting.

use crate::config::edit::{self, Edit};
use crate::config::explain::display_value;
use crate::config::store::{self, Plan};
use crate::py::PyValue;
use crate::tui::app::{App, Status};
use crate::tui::field::Field;
use crate::tui::keymap::Mode;

use super::{After, Picker, Prompt, PromptKind};

impl App {
    pub(in crate::tui) fn open_edit(&mut self) {
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
        if let Some(options) = edit::choices(self.client(), &key) {
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

    pub(in crate::tui) fn pick_move(&mut self, delta: isize) {
        if let Some(p) = &mut self.picker {
            p.sel = p
                .sel
                .saturating_add_signed(delta)
                .min(p.options.len().saturating_sub(1));
        }
    }

    pub(in crate::tui) fn pick_accept(&mut self) {
        let Some(p) = self.picker.take() else { return };
        self.mode = Mode::Normal;
        let value = p.options[p.sel].to_string();
        self.set_value(&p.profile, &p.key, &value);
    }

    /// Plans `key = value` (validated by type) and submits it; a refusal returns it.
    pub(super) fn plan_set(
        &self,
        profile: &str,
        key: &str,
        value: &str,
    ) -> Result<(Plan, After), String> {
        edit::typed_value(self.client(), key, value, false)
            .map_err(|e| format!("{e} (nothing was written)"))?;
        let edit = Edit::Set {
            profile: profile.into(),
            key: key.into(),
            value: value.into(),
            force: false,
        };
        let plan = store::plan_for(self.client(), &self.file, &edit).map_err(|e| e.to_string())?;
        let warning = self
            .client()
            .find(key)
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
    pub(in crate::tui) fn unset_highlighted(&mut self) {
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
        match store::plan_for(self.client(), &self.file, &edit) {
            Ok(plan) => self.submit(
                plan,
                format!("Unset `{key}` in profile `{profile}`"),
                After::default(),
                false,
            ),
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }
}
