//! Editing keys: the value prompt or the picker for keys with fixed values, and unsetting.

use ratatui::widgets::ListState;

use crate::config::resolve::explain::display_value;
use crate::config::write::edit::{self, Edit};
use crate::config::write::store;
use crate::py::PyValue;
use crate::tui::app::{App, Status};
use crate::tui::field::Field;
use crate::tui::overlay::{After, Note, Overlay, Picker, Prompt, PromptKind, Write};

impl App {
    pub(crate) fn open_edit(&mut self) {
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
        let in_file = self.file.profile(&profile).is_some();
        let current = self
            .file
            .profile(&profile)
            .and_then(|p| p.get(&key))
            .map(|e| match &e.value {
                PyValue::Bool(b) => b.to_string(),
                PyValue::Str(s) => s.clone(),
                v => display_value(v),
            });
        // The one rule for "a variable wins over what you write", for the picker and the prompt.
        let env_wins = crate::config::resolve::env_wins::env_wins_over_file(&self.env, r.setting);
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
            self.overlay = Some(Overlay::Picker(Picker {
                profile,
                in_file,
                key,
                options,
                state: ListState::default().with_selected(Some(sel)),
                current,
                warning: env_wins.map(|w| format!("⚠ {w}.")),
            }));
            return;
        }
        let s = r.setting;
        let mut notes = vec![Note::Plain(format!("Expected: {}.", s.expected()))];
        if let Some(w) = env_wins {
            notes.push(Note::Warning(format!("⚠ {w}.")));
        }
        self.overlay = Some(Overlay::Prompt(Prompt {
            kind: PromptKind::SetValue { profile, key },
            field: Field::new(current.as_deref().unwrap_or("")),
            in_file,
            notes,
            error: None,
        }));
    }

    pub(crate) fn pick_move(&mut self, delta: isize) {
        if let Some(Overlay::Picker(p)) = &mut self.overlay {
            let last = p.options.len().saturating_sub(1);
            p.state
                .select(Some(p.sel().saturating_add_signed(delta).min(last)));
        }
    }

    pub(crate) fn pick_accept(&mut self) {
        if self.refuse_gone_target() {
            return;
        }
        let Some(Overlay::Picker(p)) = self.overlay.take() else {
            return;
        };
        let value = p.options[p.sel()].to_string();
        match self.plan_set(&p.profile, &p.key, &value) {
            Ok(w) => self.submit(w),
            Err(e) => self.status = Status::error(e),
        }
    }

    /// Plans `key = value` (validated by type); a refusal says why.
    pub(super) fn plan_set(&self, profile: &str, key: &str, value: &str) -> Result<Write, String> {
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
            .and_then(|s| crate::config::resolve::env_wins::env_wins_over_file(&self.env, s));
        let title = format!("Set `{key}` in profile `{profile}`?");
        Ok(Write::new(plan, title, After::Saved).warning(warning))
    }

    pub(crate) fn unset_highlighted(&mut self) {
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
                "{}: nothing to unset",
                edit::not_set_message(&profile, &key)
            ));
            return;
        }
        let edit = Edit::Unset {
            profile: profile.clone(),
            key: key.clone(),
        };
        match store::plan_for(self.client(), &self.file, &edit) {
            Ok(plan) => self.submit(Write::new(
                plan,
                format!("Unset `{key}` in profile `{profile}`?"),
                After::Saved,
            )),
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }
}
