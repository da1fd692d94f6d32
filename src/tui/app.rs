//! The app's state and `App::update(Action)`, the only place it changes. Rendering reads it
//! (`crate::ui::render`); the file is read with `ConfigFile::load` and written only through
//! `config::store` (see `sync.rs`).

use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::field::Field;
use super::keymap::{self, Action, Mode};
use super::nav::ListNav;
use super::rows::{ProfileRow, profile_rows};
use super::sync::{Stamp, client_problem};
use super::writes::{Form, Pending, Picker, Prompt, UndoEntry};
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
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub no_color: bool,
    /// Working on the demo copy of the sample configuration.
    pub demo: bool,
    /// The Modal client the app resolves like, and how it was found.
    pub client: crate::client::Detected,
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
    /// The help's page (it pages when the screen is too small for every table).
    pub help_page: usize,
    /// The token popup or the welcome form.
    pub form: Option<Form>,
    /// A value or a profile name being typed.
    pub prompt: Option<Prompt>,
    /// A value being chosen from a list.
    pub picker: Option<Picker>,
    /// A write waiting for y/n.
    pub pending: Option<Pending>,
    /// `p`: show each write's diff and ask first.
    pub preview: bool,
    /// `v`: secrets shown in the panes.
    pub reveal: bool,
    /// Writes made in this session, the last one last (for `u`).
    pub undo: Vec<UndoEntry>,
    /// Text for the event loop to copy to the clipboard (OSC 52), then drop.
    pub clipboard: Option<zeroize::Zeroizing<String>>,
    /// Printed on standard output once the terminal is restored (`s`).
    pub exit_message: Option<String>,
}

impl App {
    /// The app on a file already loaded (tests pass `ConfigFile::from_bytes`).
    pub fn new(env: Env, file: ConfigFile, opts: Options) -> App {
        let (rows, choice) = profile_rows(&opts.client.client, &env, &file);
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
            help_page: 0,
            form: None,
            prompt: None,
            picker: None,
            pending: None,
            preview: false,
            reveal: false,
            undo: Vec::new(),
            clipboard: None,
            exit_message: None,
        };
        app.stamp = Stamp::of(&app.file.path);
        app.problem = client_problem(app.client(), &app.env, &app.file);
        let effective = app.rows.iter().position(|r| r.effective);
        app.refilter_profiles(effective);
        app.status = app.load_status();
        if matches!(app.file.source, crate::config::file::Source::Missing) {
            app.open_welcome();
        }
        app
    }

    /// The client release the app resolves like.
    pub fn client(&self) -> &crate::client::Client {
        &self.opts.client.client
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
            Action::Up if self.mode == Mode::Pick => self.pick_move(-1),
            Action::Down if self.mode == Mode::Pick => self.pick_move(1),
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
            Action::Help => {
                self.help_page = 0;
                self.mode = Mode::Help
            }
            Action::CloseHelp => self.mode = Mode::Normal,
            Action::HelpNextPage => self.help_page += 1,
            Action::HelpPrevPage => self.help_page = self.help_page.saturating_sub(1),
            Action::EditToken => self.open_token(),
            Action::EditValue => self.open_edit(),
            Action::UnsetValue => self.unset_highlighted(),
            Action::TogglePreview => {
                self.preview = !self.preview;
                self.status = Status::info(if self.preview {
                    "preview on: each write shows its diff and asks y/n first (p turns it off)"
                } else {
                    "preview off: writes happen at once (u undoes the last one)"
                });
            }
            Action::Undo => self.undo_last(),
            Action::NewProfile => self.open_new_profile(),
            Action::RenameProfile => self.open_rename(),
            Action::DeleteProfile => self.delete_highlighted(),
            Action::ToggleReveal => {
                self.reveal = !self.reveal;
                self.status = Status::info(if self.reveal {
                    "secrets are shown: v masks them again"
                } else {
                    "secrets are masked"
                });
            }
            Action::Copy => self.copy_highlighted(),
            Action::SessionOnly => self.session_only(),
            Action::FormNext => self.form_move(1),
            Action::FormPrev => self.form_move(-1),
            Action::FormSave => self.form_save(),
            Action::FormCancel => self.form_cancel(),
            Action::FormReveal => {
                if let Some(f) = &mut self.form {
                    f.reveal = !f.reveal;
                }
            }
            Action::FormKey(ev) => {
                if let Some(f) = &mut self.form {
                    f.focused_mut().handle_key(&ev);
                }
            }
            Action::Paste(text) => self.paste(&text.0),
            Action::InputAccept => self.prompt_accept(),
            Action::InputCancel => {
                self.prompt = None;
                self.mode = Mode::Normal;
                self.status = Status::info("cancelled: nothing was written");
            }
            Action::InputKey(ev) => {
                if let Some(p) = &mut self.prompt {
                    p.field.handle_key(&ev);
                }
            }
            Action::PickAccept => self.pick_accept(),
            Action::PickCancel => {
                self.picker = None;
                self.mode = Mode::Normal;
                self.status = Status::info("cancelled: nothing was written");
            }
            Action::ConfirmYes => self.confirm_yes(),
            Action::ConfirmNo => {
                self.pending = None;
                self.mode = Mode::Normal;
                self.status = Status::info("cancelled: nothing was written");
            }
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

    /// Pasted text: into the field being typed, if any (trimmed already).
    fn paste(&mut self, text: &str) {
        match self.mode {
            Mode::Token | Mode::Welcome => {
                if let Some(f) = &mut self.form {
                    f.focused_mut().insert_str(text);
                }
            }
            Mode::Input => {
                if let Some(p) = &mut self.prompt {
                    p.field.insert_str(text);
                }
            }
            Mode::Filter => {
                let mut v = self.input.value().to_string();
                v.push_str(text);
                self.input = Input::new(v.clone());
                self.set_filter(v);
            }
            _ => {}
        }
    }

    /// A text field being typed, for tests and the cursor.
    pub fn typed_field(&self) -> Option<&Field> {
        match self.mode {
            Mode::Token | Mode::Welcome => self.form.as_ref().map(|f| f.focused()),
            Mode::Input => self.prompt.as_ref().map(|p| &p.field),
            _ => None,
        }
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
        let (rows, choice) = profile_rows(self.client(), &self.env, &self.file);
        self.rows = rows;
        self.choice = choice;
        self.problem = client_problem(self.client(), &self.env, &self.file);
        self.resolved.clear();
        self.stamp = Stamp::of(&self.file.path);
        let keep = keep_name
            .and_then(|n| self.rows.iter().position(|r| r.name == n))
            .or_else(|| self.rows.iter().position(|r| r.effective));
        self.refilter_profiles(keep);
    }
}
