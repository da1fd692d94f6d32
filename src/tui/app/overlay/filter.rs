//! `/`: the filter of the focused pane, applied as it is typed (drawn on the status line,
//! `ui/chrome.rs`). Enter keeps it, Esc clears it; Up and Down still move the highlight.

use super::{Outcome, typed};
use crate::tui::app::field::Field;
use crate::tui::app::keymap::Action;

#[derive(Debug)]
pub struct Filter {
    field: Field,
}

impl Filter {
    pub fn field(&self) -> &Field {
        &self.field
    }

    /// Starts from the pane's kept filter.
    pub fn new(kept: &str) -> Filter {
        Filter {
            field: Field::new(kept),
        }
    }

    pub fn handle(&mut self, action: Action) -> Outcome {
        if typed(&mut self.field, &action) {
            return Outcome::Filter(self.field.value().to_string());
        }
        match action {
            Action::Accept => Outcome::Close(None),
            Action::Cancel => Outcome::ClearFilter,
            Action::Up => Outcome::Move(-1),
            Action::Down => Outcome::Move(1),
            _ => Outcome::Stay,
        }
    }
}
