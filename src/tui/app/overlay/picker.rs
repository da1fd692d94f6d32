//! Choosing the value of a key with a fixed list of values (drawn by
//! `ui/popup.rs::picker`). Enter plans the write of the highlighted one.

use ratatui::widgets::ListState;

use super::value::plan_set;
use super::{Outcome, gone};
use crate::tui::app::keymap::Action;
use crate::tui::app::loaded::Loaded;
use crate::tui::app::session::Status;

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

impl Picker {
    /// The list of `options` for `key` in `profile`, starting on `sel`.
    pub fn new(
        profile: String,
        in_file: bool,
        key: String,
        options: Vec<&'static str>,
        sel: usize,
    ) -> Picker {
        Picker {
            profile,
            in_file,
            key,
            options,
            state: ListState::default().with_selected(Some(sel)),
            current: None,
            warning: None,
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
