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
use super::sync::{Stamp, client_problem};
use crate::config::file::ConfigFile;
use crate::config::resolve::{ProfileChoice, Resolved};
use crate::env::Env;
use crate::ui::layout::Areas;

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
        Status {
            kind: StatusKind::Info,
            text: text.into(),
        }
    }
    pub fn warn(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Warning,
            text: text.into(),
        }
    }
    pub fn error(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Error,
            text: text.into(),
        }
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
    /// Why the real client fails here (at import or at its active-profile check), worked
    /// out once per load.
    pub problem: Option<String>,
    pub profiles: ListNav,
    /// Every setting, in the client's table order (the internal ones last), for
    /// `resolved_for`; rebuilt only when
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
            problem: None,
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
        app.problem = client_problem(&app.env, &app.file);
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
            Action::NextPane => {
                self.focus = if self.focus == Focus::Profiles {
                    Focus::Keys
                } else {
                    Focus::Profiles
                }
            }
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
                let what = if self.show_internal {
                    "shown"
                } else {
                    "hidden"
                };
                self.status = Status::info(format!("internal keys {what}"));
            }
            Action::Help => self.mode = Mode::Help,
            Action::CloseHelp => self.mode = Mode::Normal,
            Action::Reload => self.reload(),
            Action::Quit => self.quit = true,
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.scroll(column, row, down),
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            Action::Tick => self.tick(),
        }
        self.follow();
    }

    pub fn areas(&self) -> Areas {
        Areas::new(self.size, self.status_lines(self.size.width))
    }

    /// Rows the status line needs on a screen this wide: 2 when the message is long.
    pub fn status_lines(&self, width: u16) -> u16 {
        let long =
            self.mode != Mode::Filter && self.status.text.chars().count() + 2 > width as usize;
        if long { 2 } else { 1 }
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

    /// Takes a freshly loaded file: new rows, the same profile highlighted when it still exists.
    pub(super) fn set_file(&mut self, file: ConfigFile) {
        let keep_name = self.highlighted_profile().map(|r| r.name.clone());
        self.file = file;
        let (rows, choice) = profile_rows(&self.env, &self.file);
        self.rows = rows;
        self.choice = choice;
        self.problem = client_problem(&self.env, &self.file);
        self.resolved.clear();
        self.stamp = Stamp::of(&self.file.path);
        let keep = keep_name
            .and_then(|n| self.rows.iter().position(|r| r.name == n))
            .or_else(|| self.rows.iter().position(|r| r.effective));
        self.refilter_profiles(keep);
    }
}
