//! Choosing the value of a key with a fixed list of values (drawn by
//! `ui/overlay/picker.rs`). Enter plans the write of the highlighted one.

use ratatui::widgets::ListState;

use super::value::plan_set;
use super::{Outcome, gone};
use crate::tui::app::keymap::Action;
use crate::tui::app::loaded::Loaded;
use crate::tui::app::session::Status;

/// Choosing a value for a key with a fixed list of values.
#[derive(Debug, Clone)]
pub struct Picker {
    profile: String,
    in_file: bool,
    key: String,
    options: Vec<&'static str>,
    state: ListState,
    /// The file's current value, marked in the list.
    current: Option<String>,
    /// What wins over the file for this key (a `MODAL_*` variable), said before choosing:
    /// the same warning as the typed-value prompt.
    warning: Option<String>,
}

impl Picker {
    pub fn profile(&self) -> &str {
        &self.profile
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn options(&self) -> &[&'static str] {
        &self.options
    }

    pub fn state(&self) -> ListState {
        self.state
    }

    pub fn current(&self) -> Option<&str> {
        self.current.as_deref()
    }

    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// The highlighted option's position.
    pub fn sel(&self) -> usize {
        self.state.selected().unwrap_or(0)
    }

    /// The list of `options` for `key` in `profile`, starting on `sel`; `current` is the
    /// file's value, `warning` what wins over the file for this key.
    pub fn new(
        (profile, in_file): (String, bool),
        key: String,
        options: Vec<&'static str>,
        sel: usize,
        current: Option<String>,
        warning: Option<String>,
    ) -> Picker {
        Picker {
            profile,
            in_file,
            key,
            options,
            state: ListState::default().with_selected(Some(sel)),
            current,
            warning,
        }
    }

    /// The profile it writes to when that must still be in the file.
    pub fn target_profile(&self) -> Option<&str> {
        self.in_file.then_some(self.profile.as_str())
    }

    pub fn handle(&mut self, action: Action, loaded: &Loaded) -> Outcome {
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::Accept => return self.accept(loaded),
            Action::Cancel => return Outcome::Close(Some(Status::info(super::CANCELLED))),
            _ => {}
        }
        Outcome::Stay
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.options.len().saturating_sub(1);
        self.state
            .select(Some(self.sel().saturating_add_signed(delta).min(last)));
    }

    fn accept(&self, loaded: &Loaded) -> Outcome {
        if let Some(msg) = gone(self.target_profile(), loaded) {
            return Outcome::Refuse(msg);
        }
        let value = self.options[self.sel()];
        match plan_set(loaded, &self.profile, &self.key, value) {
            Ok(w) => Outcome::Submit(Box::new(w)),
            Err(e) => Outcome::Close(Some(Status::error(e))),
        }
    }
}
