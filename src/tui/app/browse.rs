//! Browsing: both panes' selections and filters, what the keys pane shows, the screen size
//! ([`Browse`]); and moving the highlight, scrolling, clicking (hit-testing with the screen's
//! geometry) and filtering. The highlighted profile's keys are resolved here, once per change
//! of highlight.

use ratatui::layout::Rect;

use super::geometry::row_at;
use super::lists::{Focus, Selection};
use super::{App, Status};
use crate::config::resolve::layers::{Resolved, Source};
use crate::config::show::order::is_set;

pub struct Browse {
    /// The profiles pane: positions in the loaded rows.
    profiles: Selection,
    /// The keys pane: positions in the resolved keys.
    keys: Selection,
    focus: Focus,
    profile_filter: String,
    key_filter: String,
    show_internal: bool,
    /// Only the keys set in the environment or the file are listed.
    hide_defaults: bool,
    /// `v`: secrets shown in the panes.
    reveal: bool,
    /// The screen's size (the geometry of the panes and the hit-testing follow from it).
    size: Rect,
}

impl Default for Browse {
    fn default() -> Browse {
        Browse {
            profiles: Selection::default(),
            keys: Selection::default(),
            focus: Focus::Profiles,
            profile_filter: String::new(),
            key_filter: String::new(),
            show_internal: false,
            hide_defaults: false,
            reveal: false,
            size: Rect::new(0, 0, 80, 24),
        }
    }
}

impl Browse {
    pub fn profiles(&self) -> &Selection {
        &self.profiles
    }

    pub fn keys(&self) -> &Selection {
        &self.keys
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The filter kept for a pane.
    pub fn filter_of(&self, focus: Focus) -> &str {
        match focus {
            Focus::Profiles => &self.profile_filter,
            Focus::Keys => &self.key_filter,
        }
    }

    pub fn show_internal(&self) -> bool {
        self.show_internal
    }

    pub fn hide_defaults(&self) -> bool {
        self.hide_defaults
    }

    /// `v`: secrets are shown in the panes.
    pub fn reveal(&self) -> bool {
        self.reveal
    }

    pub fn size(&self) -> Rect {
        self.size
    }
}

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
        let h = if self.browse.focus == Focus::Profiles {
            a.profiles_list().height
        } else {
            a.keys_list().height
        };
        (h as usize).max(1)
    }

    pub(crate) fn move_by(&mut self, delta: isize) {
        match self.browse.focus {
            Focus::Profiles => {
                self.browse.profiles.move_by(delta);
                self.resolve_highlighted();
            }
            Focus::Keys => self.browse.keys.move_by(delta),
        }
    }

    pub(crate) fn click(&mut self, column: u16, row: u16) {
        let a = self.areas();
        if let Some(r) = row_at(a.profiles_list(), column, row) {
            self.browse.focus = Focus::Profiles;
            if self
                .browse
                .profiles
                .select_pos(self.browse.profiles.offset() + r)
            {
                self.resolve_highlighted();
            }
        } else if let Some(r) = row_at(a.keys_list(), column, row) {
            self.browse.focus = Focus::Keys;
            self.browse.keys.select_pos(self.browse.keys.offset() + r);
        }
    }

    pub(crate) fn follow(&mut self) {
        let a = self.areas();
        self.browse
            .profiles
            .follow(a.profiles_list().height as usize);
        self.browse.keys.follow(a.keys_list().height as usize);
    }

    pub(crate) fn set_filter(&mut self, text: String) {
        match self.browse.focus {
            Focus::Profiles => {
                self.browse.profile_filter = text;
                self.refilter_profiles(self.browse.profiles.selected());
            }
            Focus::Keys => {
                self.browse.key_filter = text;
                self.refilter_keys();
            }
        }
    }

    /// Applies the profile filter, keeping `keep` (a row index) highlighted when it passes.
    pub(crate) fn refilter_profiles(&mut self, keep: Option<usize>) {
        let f = self.browse.profile_filter.to_lowercase();
        let view = (0..self.loaded.rows().len())
            .filter(|&i| f.is_empty() || self.loaded.rows()[i].name.to_lowercase().contains(&f))
            .collect();
        self.browse.profiles.set_view(view, keep);
        self.resolve_highlighted();
    }

    pub(crate) fn refilter_keys(&mut self) {
        let keep = self.browse.keys.selected();
        self.refilter_keys_keeping(keep);
    }

    /// Applies the key filters, keeping `keep` (an index into `resolved`) highlighted.
    fn refilter_keys_keeping(&mut self, keep: Option<usize>) {
        let f = self.browse.key_filter.to_lowercase();
        let view: Vec<usize> = (0..self.loaded.resolved().len())
            .filter(|&i| {
                let r = &self.loaded.resolved()[i];
                (self.browse.show_internal || !r.setting.internal)
                    && (is_set(r) || !self.browse.hide_defaults)
                    && key_matches(r, &f)
            })
            .collect();
        self.browse.keys.set_view(view, keep);
    }

    /// Resolves every key for the highlighted profile, unless that is already done.
    pub(crate) fn resolve_highlighted(&mut self) {
        let name = self
            .highlighted_profile()
            .map_or_else(|| self.loaded.choice().name.clone(), |r| r.name.clone());
        // The same key stays highlighted (its place in the set-first order may change).
        let keep_key = self.highlighted_key().map(|r| r.setting.key);
        if !self.loaded.resolve(name) {
            return;
        }
        let keep =
            keep_key.and_then(|k| (self.loaded.resolved().iter()).position(|r| r.setting.key == k));
        self.refilter_keys_keeping(keep);
    }

    pub(crate) fn scroll(&mut self, column: u16, row: u16, down: bool) {
        let a = self.areas();
        if row >= a.profiles.y && row < a.profiles.y + a.profiles.height {
            self.browse.focus = if column >= a.keys.x {
                Focus::Keys
            } else {
                Focus::Profiles
            };
            self.move_by(if down { 3 } else { -3 });
        }
    }
    pub(crate) fn toggle_focus(&mut self) {
        self.browse.focus = match self.browse.focus {
            Focus::Profiles => Focus::Keys,
            Focus::Keys => Focus::Profiles,
        };
    }

    /// Esc while browsing: clear the focused pane's kept filter, else the other's, else go
    /// back to the profiles pane. It never quits.
    pub(crate) fn back(&mut self) {
        use super::Status;
        if !self.browse.filter_of(self.browse.focus).is_empty() {
            self.set_filter(String::new());
            self.session.say(Status::info("filter cleared"));
        } else if !self.browse.key_filter.is_empty() || !self.browse.profile_filter.is_empty() {
            let other = self.browse.focus;
            self.toggle_focus();
            self.set_filter(String::new());
            self.browse.focus = other;
            self.session.say(Status::info("filter cleared"));
        } else if self.browse.focus == Focus::Keys {
            self.browse.focus = Focus::Profiles;
        } else {
            self.session.say(Status::info("q or Ctrl-C quits"));
        }
    }

    pub(crate) fn toggle_internal(&mut self) {
        self.browse.show_internal = !self.browse.show_internal;
        self.refilter_keys();
        let what = if self.browse.show_internal {
            "shown"
        } else {
            "hidden"
        };
        self.session
            .say(Status::info(format!("internal keys {what}")));
    }

    pub(crate) fn toggle_defaults(&mut self) {
        self.browse.hide_defaults = !self.browse.hide_defaults;
        self.refilter_keys();
        self.session.say(Status::info(if self.browse.hide_defaults {
            "default values hidden: only keys set in the environment or the file (. shows all)"
        } else {
            "default values shown"
        }));
    }

    pub(crate) fn toggle_reveal(&mut self) {
        self.browse.reveal = !self.browse.reveal;
        self.session.say(Status::info(if self.browse.reveal {
            "secrets are shown: v masks them again"
        } else {
            "secrets are masked"
        }));
    }

    pub(crate) fn set_focus(&mut self, focus: Focus) {
        self.browse.focus = focus;
    }

    pub(crate) fn resize(&mut self, width: u16, height: u16) {
        self.browse.size = Rect::new(0, 0, width, height);
    }

    /// Highlights row `i` of the profiles pane, clearing its filter so that the row shows.
    pub(crate) fn show_profile_row(&mut self, i: usize) {
        self.browse.profile_filter.clear();
        self.refilter_profiles(Some(i));
    }
}
