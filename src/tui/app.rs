//! The app's state and `App::update(Action)`, the only place it changes. Rendering reads it
//! (`crate::ui::render`); the file is read with `ConfigFile::load` and written only through
//! `config::store` (see `sync.rs`).

use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::{self, Action, Mode};
use super::nav::ListNav;
use super::rows::{ProfileRow, profile_rows};
use super::sync::Stamp;
use crate::config::file::ConfigFile;
use crate::config::resolve::{ProfileChoice, Resolved, resolve};
use crate::config::settings::sorted;
use crate::env::Env;
use crate::ui::layout::{Areas, row_at};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Profiles,
    Keys,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status { kind: StatusKind::Info, text: text.into() }
    }
    pub fn warn(text: impl Into<String>) -> Status {
        Status { kind: StatusKind::Warning, text: text.into() }
    }
    pub fn error(text: impl Into<String>) -> Status {
        Status { kind: StatusKind::Error, text: text.into() }
    }
}

/// How the app was started.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub no_color: bool,
    /// Working on the demo copy of the sample configuration.
    pub demo: bool,
}

pub struct App {
    pub env: Env,
    pub file: ConfigFile,
    pub choice: ProfileChoice,
    pub rows: Vec<ProfileRow>,
    pub profiles: ListNav,
    /// Every setting (sorted, internal ones included) for `resolved_for`; rebuilt only when
    /// the highlighted profile or the file changes.
    pub resolved: Vec<Resolved>,
    pub resolved_for: String,
    pub keys: ListNav,
    pub show_internal: bool,
    pub focus: Focus,
    pub mode: Mode,
    pub profile_filter: String,
    pub key_filter: String,
    /// The filter being typed (mode `Filter`).
    pub input: Input,
    pub status: Status,
    /// The profile that was active before our last switch (for `-`).
    pub previous: Option<String>,
    pub size: Rect,
    pub opts: Options,
    pub quit: bool,
    pub(super) stamp: Option<Stamp>,
}

impl App {
    /// The app on a file already loaded (tests pass `ConfigFile::from_bytes`).
    pub fn new(env: Env, file: ConfigFile, opts: Options) -> App {
        let (rows, choice) = profile_rows(&env, &file);
        let mut app = App {
            env,
            file,
            choice,
            rows,
            profiles: ListNav::default(),
            resolved: Vec::new(),
            resolved_for: String::new(),
            keys: ListNav::default(),
            show_internal: false,
            focus: Focus::Profiles,
            mode: Mode::Normal,
            profile_filter: String::new(),
            key_filter: String::new(),
            input: Input::default(),
            status: Status::info(""),
            previous: None,
            size: Rect::new(0, 0, 80, 24),
            opts,
            quit: false,
            stamp: None,
        };
        app.stamp = Stamp::of(&app.file.path);
        let effective = app.rows.iter().position(|r| r.effective);
        app.refilter_profiles(effective);
        app.status = app.load_status();
        app
    }

    /// The app on the file this environment names.
    pub fn load(env: Env, opts: Options) -> App {
        let file = ConfigFile::load(&env);
        App::new(env, file, opts)
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        if let Some(a) = keymap::action_for(self.mode, &ev) {
            self.update(a);
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::NextPane => self.focus = if self.focus == Focus::Profiles { Focus::Keys } else { Focus::Profiles },
            Action::FocusProfiles => self.focus = Focus::Profiles,
            Action::FocusKeys => self.focus = Focus::Keys,
            Action::Activate => self.activate_highlighted(),
            Action::Previous => self.activate_previous(),
            Action::StartFilter => {
                self.input = Input::new(self.filter_of(self.focus).to_string());
                self.mode = Mode::Filter;
            }
            Action::FilterKey(ev) => {
                if self.input.handle_event(&Event::Key(ev)).is_some() {
                    self.set_filter(self.input.value().to_string());
                }
            }
            Action::FilterAccept => self.mode = Mode::Normal,
            Action::FilterCancel => {
                self.set_filter(String::new());
                self.mode = Mode::Normal;
            }
            Action::ToggleInternal => {
                self.show_internal = !self.show_internal;
                self.refilter_keys();
                let what = if self.show_internal { "shown" } else { "hidden" };
                self.status = Status::info(format!("internal keys {what}"));
            }
            Action::Help => self.mode = Mode::Help,
            Action::CloseHelp => self.mode = Mode::Normal,
            Action::Reload => self.reload(),
            Action::Quit => self.quit = true,
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => {
                let a = self.areas();
                let pane = if column >= a.keys.x { Focus::Keys } else { Focus::Profiles };
                if row >= a.profiles.y && row < a.profiles.y + a.profiles.height {
                    self.focus = pane;
                    self.move_by(if down { 3 } else { -3 });
                }
            }
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            Action::Tick => self.tick(),
        }
        self.follow();
    }

    pub fn areas(&self) -> Areas {
        Areas::new(self.size)
    }

    pub fn highlighted_profile(&self) -> Option<&ProfileRow> {
        self.profiles.selected().and_then(|i| self.rows.get(i))
    }

    pub fn highlighted_key(&self) -> Option<&Resolved> {
        self.keys.selected().and_then(|i| self.resolved.get(i))
    }

    pub fn filter_of(&self, focus: Focus) -> &str {
        match focus {
            Focus::Profiles => &self.profile_filter,
            Focus::Keys => &self.key_filter,
        }
    }

    fn page(&self) -> usize {
        let a = self.areas();
        let h = if self.focus == Focus::Profiles { a.profiles_list().height } else { a.keys_list().height };
        (h as usize).max(1)
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Profiles => {
                self.profiles.move_by(delta);
                self.resolve_highlighted();
            }
            Focus::Keys => self.keys.move_by(delta),
        }
    }

    fn click(&mut self, column: u16, row: u16) {
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

    fn follow(&mut self) {
        let a = self.areas();
        self.profiles.follow(a.profiles_list().height as usize);
        self.keys.follow(a.keys_list().height as usize);
    }

    fn set_filter(&mut self, text: String) {
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
        let view = (0..self.rows.len()).filter(|&i| f.is_empty() || self.rows[i].name.to_lowercase().contains(&f)).collect();
        self.profiles.set_view(view, keep);
        self.resolve_highlighted();
    }

    fn refilter_keys(&mut self) {
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
        let name = self.highlighted_profile().map_or_else(|| self.choice.name.clone(), |r| r.name.clone());
        if name == self.resolved_for && !self.resolved.is_empty() {
            return;
        }
        self.resolved = sorted(true).into_iter().map(|s| resolve(s, Some(&self.env), &self.file, &name)).collect();
        self.resolved_for = name;
        self.refilter_keys();
    }

    /// Takes a freshly loaded file: new rows, the same profile highlighted when it still exists.
    pub(super) fn set_file(&mut self, file: ConfigFile) {
        let keep_name = self.highlighted_profile().map(|r| r.name.clone());
        self.file = file;
        let (rows, choice) = profile_rows(&self.env, &self.file);
        self.rows = rows;
        self.choice = choice;
        self.resolved.clear();
        self.stamp = Stamp::of(&self.file.path);
        let keep = keep_name
            .and_then(|n| self.rows.iter().position(|r| r.name == n))
            .or_else(|| self.rows.iter().position(|r| r.effective));
        self.refilter_profiles(keep);
    }
}
