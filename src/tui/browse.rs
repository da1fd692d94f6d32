//! Browsing: moving the highlight, scrolling, clicking (hit-testing with the screen's
//! geometry) and filtering, for both panes. The highlighted profile's keys are resolved here,
//! once per change of highlight.

use super::app::{App, Focus};
use super::geometry::row_at;
use crate::config::resolve::layers::{Resolved, Source};
use crate::config::show::order::{is_set, resolve_set_first};

/// Does a key's row pass the filter `f` (lowercase)? A source word selects by source: `env`
/// and `file` the keys that layer sets (also when a higher layer wins), `default` the keys
/// left at their default; anything else is a part of the key's name.
pub fn key_matches(r: &Resolved, f: &str) -> bool {
    match f {
        "" => true,
        "default" => r.source() == Source::Default,
        "env" | "file" => r.layers.iter().any(|l| l.source().as_str() == f),
        _ => r.setting.key.contains(f),
    }
}

impl App {
    pub(crate) fn page(&self) -> usize {
        let a = self.areas();
        let h = if self.focus == Focus::Profiles {
            a.profiles_list().height
        } else {
            a.keys_list().height
        };
        (h as usize).max(1)
    }

    pub(crate) fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Profiles => {
                self.profiles.move_by(delta);
                self.resolve_highlighted();
            }
            Focus::Keys => self.keys.move_by(delta),
        }
    }

    pub(crate) fn click(&mut self, column: u16, row: u16) {
        let a = self.areas();
        if let Some(r) = row_at(a.profiles_list(), column, row) {
            self.focus = Focus::Profiles;
            if self.profiles.select_pos(self.profiles.offset() + r) {
                self.resolve_highlighted();
            }
        } else if let Some(r) = row_at(a.keys_list(), column, row) {
            self.focus = Focus::Keys;
            self.keys.select_pos(self.keys.offset() + r);
        }
    }

    pub(crate) fn follow(&mut self) {
        let a = self.areas();
        self.profiles.follow(a.profiles_list().height as usize);
        self.keys.follow(a.keys_list().height as usize);
    }

    pub(crate) fn set_filter(&mut self, text: String) {
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
    pub(crate) fn refilter_profiles(&mut self, keep: Option<usize>) {
        let f = self.profile_filter.to_lowercase();
        let view = (0..self.rows.len())
            .filter(|&i| f.is_empty() || self.rows[i].name.to_lowercase().contains(&f))
            .collect();
        self.profiles.set_view(view, keep);
        self.resolve_highlighted();
    }

    pub(crate) fn refilter_keys(&mut self) {
        let keep = self.keys.selected();
        self.refilter_keys_keeping(keep);
    }

    /// Applies the key filters, keeping `keep` (an index into `resolved`) highlighted.
    fn refilter_keys_keeping(&mut self, keep: Option<usize>) {
        let f = self.key_filter.to_lowercase();
        let view: Vec<usize> = (0..self.resolved.len())
            .filter(|&i| {
                let r = &self.resolved[i];
                (self.show_internal || !r.setting.internal)
                    && (is_set(r) || !self.hide_defaults)
                    && key_matches(r, &f)
            })
            .collect();
        self.keys.set_view(view, keep);
    }

    /// Resolves every key for the highlighted profile, unless that is already done.
    pub(crate) fn resolve_highlighted(&mut self) {
        let name = self
            .highlighted_profile()
            .map_or_else(|| self.choice.name.clone(), |r| r.name.clone());
        if name == self.resolved_for && !self.resolved.is_empty() {
            return;
        }
        // The same key stays highlighted (its place in the set-first order may change).
        let keep_key = self.highlighted_key().map(|r| r.setting.key);
        // Set keys first, as `modalcfg show` lists them (one rule, in the core).
        self.resolved = resolve_set_first(self.client(), Some(&self.env), &self.file, &name);
        self.resolved_for = name;
        let keep = keep_key.and_then(|k| self.resolved.iter().position(|r| r.setting.key == k));
        self.refilter_keys_keeping(keep);
    }

    pub(crate) fn scroll(&mut self, column: u16, row: u16, down: bool) {
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

impl App {
    pub(crate) fn toggle_focus(&mut self) {
        self.focus = match self.focus {
            Focus::Profiles => Focus::Keys,
            Focus::Keys => Focus::Profiles,
        };
    }

    /// Esc while browsing: clear the focused pane's kept filter, else the other's, else go
    /// back to the profiles pane. It never quits.
    pub(crate) fn back(&mut self) {
        use super::app::Status;
        if !self.filter_of(self.focus).is_empty() {
            self.set_filter(String::new());
            self.status = Status::info("filter cleared");
        } else if !self.key_filter.is_empty() || !self.profile_filter.is_empty() {
            let other = self.focus;
            self.toggle_focus();
            self.set_filter(String::new());
            self.focus = other;
            self.status = Status::info("filter cleared");
        } else if self.focus == Focus::Keys {
            self.focus = Focus::Profiles;
        } else {
            self.status = Status::info("q or Ctrl-C quits");
        }
    }

    pub(crate) fn toggle_internal(&mut self) {
        self.show_internal = !self.show_internal;
        self.refilter_keys();
        let what = if self.show_internal {
            "shown"
        } else {
            "hidden"
        };
        self.status = super::app::Status::info(format!("internal keys {what}"));
    }

    pub(crate) fn toggle_defaults(&mut self) {
        self.hide_defaults = !self.hide_defaults;
        self.refilter_keys();
        self.status = super::app::Status::info(if self.hide_defaults {
            "default values hidden: only keys set in the environment or the file (. shows all)"
        } else {
            "default values shown"
        });
    }
}
