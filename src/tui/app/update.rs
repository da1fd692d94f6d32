//! `App::update(Action)`: the one door through which the app's state changes. A key press
//! becomes an action through the key table of the mode (`keymap`); the action goes to the
//! overlay on top, or to the browse view when there is none.

use ratatui::crossterm::event::KeyEvent;

use super::keymap::{self, Action};
use super::overlay::Overlay;
use super::{App, Browse, Effects, Focus, Loaded, Options, Session, Status};
use crate::config::file::{ConfigFile, Source};
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
            Action::Paste(text) => {
                self.typed(|f| f.insert_str(&text.0));
            }
            action => match self.overlay.as_ref().map(|o| o.mode()) {
                None => self.on_browse(action),
                Some(_) => self.on_overlay(action),
            },
        }
        if by_user {
            self.session.message_seen();
        }
        self.follow();
    }

    /// A key typed into the overlay's field; the filter applies as it is typed, and a
    /// refusal shown on a form or prompt goes away.
    fn typed(&mut self, edit: impl FnOnce(&mut crate::tui::app::field::Field)) {
        let Some(o) = &mut self.overlay else { return };
        let Some(f) = o.field_mut() else { return };
        edit(f);
        match o {
            Overlay::Filter { field } => {
                let text = field.value().to_string();
                self.set_filter(text);
            }
            Overlay::Token(t) => t.form.error = None,
            Overlay::Welcome(f) => f.error = None,
            Overlay::Prompt(p) => p.error = None,
            _ => {}
        }
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
                let field = super::field::Field::new(self.browse.filter_of(self.browse.focus()));
                self.overlay = Some(Overlay::Filter { field });
            }
            Action::ToggleInternal => self.toggle_internal(),
            Action::ToggleDefaults => self.toggle_defaults(),
            Action::Help => self.overlay = Some(Overlay::Help { page: 0 }),
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

    /// An action while an overlay is on top: each overlay's arm.
    fn on_overlay(&mut self, action: Action) {
        let cancelled = "cancelled: nothing was written";
        let Some(o) = &mut self.overlay else { return };
        match (o, action) {
            (_, Action::Type(ev)) => self.typed(|f| {
                f.handle_key(&ev);
            }),
            (Overlay::Help { .. }, Action::Cancel) => self.overlay = None,
            (Overlay::Help { page }, Action::NextPage) => *page += 1,
            (Overlay::Help { page }, Action::PrevPage) => *page = page.saturating_sub(1),
            (Overlay::Filter { .. }, Action::Accept) => self.overlay = None,
            (Overlay::Filter { .. }, Action::Cancel) => {
                self.set_filter(String::new());
                self.overlay = None;
            }
            (Overlay::Filter { .. }, Action::Up) => self.move_by(-1),
            (Overlay::Filter { .. }, Action::Down) => self.move_by(1),
            (Overlay::Token(_) | Overlay::Welcome(_), action) => match action {
                Action::Accept => self.form_enter(),
                Action::Cancel => self.form_cancel(),
                Action::NextField => self.form_move(1),
                Action::PrevField => self.form_move(-1),
                Action::RevealField => {
                    if let Some(f) = self.overlay.as_mut().and_then(Overlay::form_mut) {
                        f.reveal = !f.reveal;
                    }
                }
                Action::ToggleCheck => {
                    if let Some(Overlay::Token(t)) = &mut self.overlay {
                        t.activate = !t.activate;
                    }
                }
                _ => {}
            },
            (Overlay::Prompt(_), Action::Accept) => self.prompt_accept(),
            (Overlay::Prompt(_), Action::Cancel) => {
                self.overlay = None;
                self.session.say(Status::info(cancelled));
            }
            (Overlay::Picker(_), Action::Up) => self.pick_move(-1),
            (Overlay::Picker(_), Action::Down) => self.pick_move(1),
            (Overlay::Picker(_), Action::Accept) => self.pick_accept(),
            (Overlay::Picker(_), Action::Cancel) => {
                self.overlay = None;
                self.session.say(Status::info(cancelled));
            }
            (Overlay::Confirm(_), Action::Accept) => self.confirm_yes(),
            (Overlay::Confirm(_), Action::Cancel) => {
                self.overlay = None;
                self.session.say(Status::info(cancelled));
            }
            _ => {}
        }
    }

    fn form_move(&mut self, delta: isize) {
        if let Some(f) = self.overlay.as_mut().and_then(Overlay::form_mut) {
            f.move_focus(delta);
        }
    }
}
