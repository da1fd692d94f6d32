//! `?`: the help, on pages when the screen is too small for every key table (drawn by
//! `ui/overlay/help.rs`).

use super::Outcome;
use crate::tui::app::keymap::Action;

#[derive(Debug, Default)]
pub struct Help {
    page: usize,
}

impl Help {
    pub fn page(&self) -> usize {
        self.page
    }

    pub fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Cancel => return Outcome::Close(None),
            Action::NextPage => self.page += 1,
            Action::PrevPage => self.page = self.page.saturating_sub(1),
            _ => {}
        }
        Outcome::Stay
    }
}
