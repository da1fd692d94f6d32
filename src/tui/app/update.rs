//! `App::update(Action)`: the one door through which the app's state changes. A key press
//! becomes an action through the key table of the mode (`keymap`); the action goes to the
//! overlay on top, or to the browse view when there is none.

use ratatui::crossterm::event::KeyEvent;

use super::keymap::{self, Action};
use super::overlay::{Filter, Help, Outcome, Overlay};
use super::{App, Browse, Effects, Focus, Loaded, Options, Session, Status};
use crate::config::read::file::{ConfigFile, Source};
use crate::env::Env;

impl App {
    /// The app on a file already loaded (tests pass `ConfigFile::from_bytes`).
    pub fn new(env: Env, file: ConfigFile, opts: Options) -> App {
        let loaded = Loaded::new(env, file, opts);
        let status = loaded.load_status();
        let mut app = App {
            loaded,
            browse: Browse::default(),
            session: Session::new(status),
            overlay: None,
            effects: Effects::default(),
        };
        let effective = app.loaded.rows().iter().position(|r| r.effective);
        app.refilter_profiles(effective);
        if matches!(app.loaded.file().source, Source::Missing) {
            app.open_welcome();
        }
        app
    }

    /// The app on the file this environment names.
    pub fn load(env: Env, opts: Options) -> App {
        let file = ConfigFile::load(&env);
        App::new(env, file, opts)
    }

    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn handle_key(&mut self, ev: KeyEvent) {
        if let Some(a) = keymap::action_for(self.mode(), &ev) {
            self.update(a);
        }
    }

    pub fn update(&mut self, action: Action) {
        if self.while_waiting(&action) {
            return;
        }
        // A message stays for one more action, then the status goes back to what there is
        // to say about the file.
        let by_user = !matches!(
            action,
            Action::Resize { .. } | Action::Tick | Action::FileChanged
        );
        if by_user && self.session.message_expired() {
            self.session.say(self.loaded.load_status());
        }
        match action {
            Action::Quit => self.session.set_quit(),
            Action::Resize { width, height } => self.resize(width, height),
            Action::Tick => self.tick(),
            Action::FileChanged => {
                self.notice_outside_change();
            }
            action if self.overlay.is_some() => self.on_overlay(action),
            // Pasted text goes into an overlay's field; browsing has none.
            Action::Paste(_) => {}
            action => self.on_browse(action),
        }
        if by_user {
            self.session.message_seen();
        }
        self.follow();
    }

    fn on_browse(&mut self, action: Action) {
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::NextPane => self.toggle_focus(),
            Action::FocusProfiles => self.set_focus(Focus::Profiles),
            Action::FocusKeys => self.set_focus(Focus::Keys),
            Action::Activate => self.activate_highlighted(),
            Action::Previous => self.activate_previous(),
            Action::StartFilter => {
                let kept = self.browse.filter_of(self.browse.focus());
                self.overlay = Some(Overlay::Filter(Filter::new(kept)));
            }
            Action::ToggleInternal => self.toggle_internal(),
            Action::ToggleDefaults => self.toggle_defaults(),
            Action::Help => self.overlay = Some(Overlay::Help(Help::default())),
            Action::Back => self.back(),
            Action::EditToken => self.open_token(),
            Action::EditValue => self.open_edit(),
            Action::UnsetValue => self.unset_highlighted(),
            Action::TogglePreview => {
                let on = self.session.toggle_preview();
                self.session.say(Status::info(if on {
                    "preview on: each write shows its diff and asks y/n first (p turns it off)"
                } else {
                    "preview off: writes happen at once (u undoes the last one)"
                }));
            }
            Action::Undo => self.undo_last(),
            Action::NewProfile => self.open_new_profile(),
            Action::RenameProfile => self.open_rename(),
            Action::DeleteProfile => self.delete_highlighted(),
            Action::ToggleReveal => self.toggle_reveal(),
            Action::Copy => self.copy_highlighted(),
            Action::SessionOnly => self.session_only(),
            Action::Reload => self.reload(),
            Action::FixPermissions => self.fix_permissions(),
            Action::OpenEditor => self.open_editor(),
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.scroll(column, row, down),
            _ => {}
        }
    }

    /// An action while an overlay is on top: the overlay handles it (`overlay/*.rs`, one
    /// file per overlay) and says what is to happen next.
    fn on_overlay(&mut self, action: Action) {
        let Some(o) = &mut self.overlay else { return };
        match o.handle(action, &self.loaded) {
            Outcome::Stay => {}
            Outcome::Close(status) => {
                self.overlay = None;
                if let Some(s) = status {
                    self.session.say(s);
                }
            }
            Outcome::Refuse(msg) => self.session.say(Status::error(msg)),
            Outcome::Submit(w) => {
                self.overlay = None;
                self.submit(*w);
            }
            Outcome::Commit => {
                if let Some(Overlay::Confirm(c)) = self.overlay.take() {
                    self.commit(c.into_write());
                }
            }
            Outcome::Filter(text) => self.set_filter(text),
            Outcome::ClearFilter => {
                self.set_filter(String::new());
                self.overlay = None;
            }
            Outcome::Move(delta) => self.move_by(delta),
        }
    }
}
