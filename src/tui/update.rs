//! `App::update(Action)`: the one door through which the app's state changes. A key press
//! becomes an action through the key table of the mode (`keymap`); the action goes to the
//! overlay on top, or to the browse view when there is none.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::app::{App, Focus, Options, Stamp, Status};
use super::disk::{client_problem, loose_permissions};
use super::keymap::{self, Action};
use super::lists::Selection;
use super::overlay::Overlay;
use crate::config::diagnose::check::findings;
use crate::config::read::file::{ConfigFile, Source};
use crate::config::show::profiles::rows_from;
use crate::env::Env;

impl App {
    /// The app on a file already loaded (tests pass `ConfigFile::from_bytes`).
    pub fn new(env: Env, file: ConfigFile, opts: Options) -> App {
        // The core's findings, worked out once for the rows' marks and the client's failure.
        let found = findings(&opts.client.client, &env, &file);
        let (rows, choice) = rows_from(&env, &file, &found);
        let credentials = crate::config::resolve::auth::verdict(&opts.client.client, &env, &file);
        let mut app = App {
            env,
            file,
            choice,
            rows,
            problem: None,
            loose: None,
            credentials,
            unknown: unknown_names(&found),
            profiles: Selection::default(),
            resolved: Vec::new(),
            resolved_for: String::new(),
            keys: Selection::default(),
            show_internal: false,
            hide_defaults: false,
            focus: Focus::Profiles,
            profile_filter: String::new(),
            key_filter: String::new(),
            overlay: None,
            status: Status::info(""),
            status_seen: false,
            previous: None,
            size: Rect::new(0, 0, 80, 24),
            opts,
            quit: false,
            stamp: None,
            preview: false,
            reveal: false,
            undo: Vec::new(),
            undone: 0,
            clipboard: None,
            exit_message: None,
            lock_wait: None,
            editor: None,
        };
        app.stamp = Stamp::of(&app.file.path);
        app.problem = client_problem(&found);
        app.loose = loose_permissions(&found);
        let effective = app.rows.iter().position(|r| r.effective);
        app.refilter_profiles(effective);
        app.status = app.load_status();
        if matches!(app.file.source, Source::Missing) {
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
        if by_user && self.status_seen {
            self.status = self.load_status();
            self.status_seen = false;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            Action::Tick => self.tick(),
            Action::FileChanged => {
                self.notice_outside_change();
            }
            Action::Paste(text) => {
                self.typed(|f| f.insert_str(&text.0));
            }
            action => match self.overlay.as_ref().map(|o| o.mode()) {
                None => self.browse(action),
                Some(_) => self.on_overlay(action),
            },
        }
        if by_user {
            self.status_seen = true;
        }
        self.follow();
    }

    /// A key typed into the overlay's field; the filter applies as it is typed, and a
    /// refusal shown on a form or prompt goes away.
    fn typed(&mut self, edit: impl FnOnce(&mut crate::tui::field::Field)) {
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

    fn browse(&mut self, action: Action) {
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::NextPane => self.toggle_focus(),
            Action::FocusProfiles => self.focus = Focus::Profiles,
            Action::FocusKeys => self.focus = Focus::Keys,
            Action::Activate => self.activate_highlighted(),
            Action::Previous => self.activate_previous(),
            Action::StartFilter => {
                let field = crate::tui::field::Field::new(self.filter_of(self.focus));
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
                self.status = Status::info(cancelled);
            }
            (Overlay::Picker(_), Action::Up) => self.pick_move(-1),
            (Overlay::Picker(_), Action::Down) => self.pick_move(1),
            (Overlay::Picker(_), Action::Accept) => self.pick_accept(),
            (Overlay::Picker(_), Action::Cancel) => {
                self.overlay = None;
                self.status = Status::info(cancelled);
            }
            (Overlay::Confirm(_), Action::Accept) => self.confirm_yes(),
            (Overlay::Confirm(_), Action::Cancel) => {
                self.overlay = None;
                self.status = Status::info(cancelled);
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

/// The core's findings about names nobody reads.
pub(crate) fn unknown_names(
    found: &[crate::config::diagnose::check::Finding],
) -> Vec<crate::config::diagnose::check::Finding> {
    found
        .iter()
        .filter(|f| f.code == crate::config::diagnose::check::Code::UnknownName)
        .cloned()
        .collect()
}
