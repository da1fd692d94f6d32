//! Editing keys: opening the value prompt, or the picker for keys with fixed values (their
//! keys and what Enter writes: `overlay/prompt.rs`, `overlay/picker.rs`), and unsetting.

use crate::config::resolve::explain::display_value;
use crate::config::write::edit::{self, Edit};
use crate::config::write::store;
use crate::py::PyValue;

use crate::tui::app::overlay::{Note, Overlay, Picker, Prompt};
use crate::tui::app::plan::{After, Write};
use crate::tui::app::{App, Status};

impl App {
    pub(crate) fn open_edit(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let (Some(profile), Some(r)) = (self.target_profile(), self.highlighted_key()) else {
            self.session.say(Status::info("no key highlighted"));
            return;
        };
        let key = r.setting.key.to_string();
        if r.setting.secret {
            self.session.say(Status::info(format!(
                "`{key}` is part of the token: `t` sets it (masked)"
            )));
            return;
        }
        let in_file = self.loaded.file().profile(&profile).is_some();
        let current = self
            .loaded
            .file()
            .profile(&profile)
            .and_then(|p| p.get(&key))
            .map(|e| match &e.value {
                PyValue::Bool(b) => b.to_string(),
                PyValue::Str(s) => s.clone(),
                v => display_value(v),
            });
        // The one rule for "a variable wins over what you write", for the picker and the prompt.
        let env_wins =
            crate::config::resolve::env_wins::env_wins_over_file(self.loaded.env(), r.setting);
        if let Some(options) = edit::choices(self.loaded.client(), &key) {
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
            let warning = env_wins.map(|w| format!("⚠ {w}."));
            let picker = Picker::new((profile, in_file), key, options, sel, current, warning);
            self.overlay = Some(Overlay::Picker(picker));
            return;
        }
        let s = r.setting;
        let mut notes = vec![Note::Plain(format!("Expected: {}.", s.expected()))];
        if let Some(w) = env_wins {
            notes.push(Note::Warning(format!("⚠ {w}.")));
        }
        let current = current.as_deref().unwrap_or("");
        let prompt = Prompt::set_value((profile, in_file), key, current, notes);
        self.overlay = Some(Overlay::Prompt(prompt));
    }

    pub(crate) fn unset_highlighted(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let (Some(profile), Some(r)) = (self.target_profile(), self.highlighted_key()) else {
            self.session.say(Status::info("no key highlighted"));
            return;
        };
        let key = r.setting.key.to_string();
        let set_here = self
            .loaded
            .file()
            .profile(&profile)
            .is_some_and(|p| p.get(&key).is_some());
        if !set_here {
            self.session.say(Status::info(format!(
                "{}: nothing to unset",
                edit::not_set_message(&profile, &key)
            )));
            return;
        }
        let edit = Edit::Unset {
            profile: profile.clone(),
            key: key.clone(),
        };
        match store::plan_for(self.loaded.client(), self.loaded.file(), &edit) {
            Ok(plan) => self.submit(Write::new(
                plan,
                format!("Unset `{key}` in profile `{profile}`?"),
                After::Saved,
            )),
            Err(e) => self.session.say(Status::error(e.to_string())),
        }
    }
}
