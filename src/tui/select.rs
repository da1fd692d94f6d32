//! Moving the highlight, scrolling, clicking and filtering, for both panes. The highlighted
//! profile's keys are resolved here, once per change of highlight.

use super::app::{App, Focus};
use crate::config::resolve::resolve;
use crate::ui::layout::row_at;

impl App {
    pub(super) fn page(&self) -> usize {
        let a = self.areas();
        let h = if self.focus == Focus::Profiles {
            a.profiles_list().height
        } else {
            a.keys_list().height
        };
        (h as usize).max(1)
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Profiles => {
                self.profiles.move_by(delta);
                self.resolve_highlighted();
            }
            Focus::Keys => self.keys.move_by(delta),
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let a = self.areas();
        if let Some(r) = row_at(a.profiles_list(), column, row) {
            self.focus = Focus::Profiles;
            if self.profiles.select_pos(self.profiles.offset + r) {
                self.resolve_highlighted();
            }
        } else if let Some(r) = row_at(a.keys_list(), column, row) {
            self.focus = Focus::Keys;
            self.keys.select_pos(self.keys.offset + r);
        }
    }

    pub(super) fn follow(&mut self) {
        let a = self.areas();
        self.profiles.follow(a.profiles_list().height as usize);
        self.keys.follow(a.keys_list().height as usize);
    }

    pub(super) fn set_filter(&mut self, text: String) {
        match self.focus {
            Focus::Profiles => {
                self.profile_filter = text;
                self.refilter_profiles(self.profiles.selected());
            }
            Focus::Keys => {
                self.key_filter = text;
                self.refilter_keys();
            }
        }
    }

    /// Applies the profile filter, keeping `keep` (a row index) highlighted when it passes.
    pub(super) fn refilter_profiles(&mut self, keep: Option<usize>) {
        let f = self.profile_filter.to_lowercase();
        let view = (0..self.rows.len())
            .filter(|&i| f.is_empty() || self.rows[i].name.to_lowercase().contains(&f))
            .collect();
        self.profiles.set_view(view, keep);
        self.resolve_highlighted();
    }

    pub(super) fn refilter_keys(&mut self) {
        let f = self.key_filter.to_lowercase();
        let keep = self.keys.selected();
        let view = (0..self.resolved.len())
            .filter(|&i| {
                let s = self.resolved[i].setting;
                (self.show_internal || !s.internal) && (f.is_empty() || s.key.contains(&f))
            })
            .collect();
        self.keys.set_view(view, keep);
    }

    /// Resolves every key for the highlighted profile, unless that is already done.
    pub(super) fn resolve_highlighted(&mut self) {
        let name = self
            .highlighted_profile()
            .map_or_else(|| self.choice.name.clone(), |r| r.name.clone());
        if name == self.resolved_for && !self.resolved.is_empty() {
            return;
        }
        self.resolved = self
            .client()
            .settings()
            .iter()
            .map(|s| resolve(s, Some(&self.env), &self.file, &name))
            .collect();
        self.resolved_for = name;
        self.refilter_keys();
    }

    pub(super) fn scroll(&mut self, column: u16, row: u16, down: bool) {
        let a = self.areas();
        if row >= a.profiles.y && row < a.profiles.y + a.profiles.height {
            self.focus = if column >= a.keys.x {
                Focus::Keys
            } else {
                Focus::Profiles
            };
            self.move_by(if down { 3 } else { -3 });
        }
    }
}
