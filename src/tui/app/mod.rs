//! The app's state and behaviour, without a terminal: [`App`], five owned parts — what was
//! loaded ([`loaded`]), browsing ([`browse`]), the session ([`session`]), the overlay on top
//! ([`overlay`], one file per overlay with its state and its keys) and the effects for the
//! runtime ([`effects`]). It changes only in `App::update(Action)` (`update.rs`); the screen
//! (`crate::tui::ui::render`) is a pure function of it. The file is read with
//! `ConfigFile::load` and written only through the write flow (`writes/flow.rs`).

pub mod browse;
pub mod disk;
pub mod editor;
pub mod effects;
pub mod field;
pub mod geometry;
pub mod info;
pub mod keymap;
pub mod lists;
pub mod loaded;
pub mod overlay;
pub mod plan;
pub mod session;
pub mod update;
pub mod writes;

pub use browse::Browse;
pub use effects::Effects;
use keymap::Mode;
pub use lists::Focus;
pub use loaded::{Loaded, Options};
use overlay::{Form, Overlay, Picker};
use plan::Write;
pub use session::{Session, Status, StatusKind, UndoEntry};

use crate::config::resolve::layers::Resolved;
use crate::config::show::profiles::ProfileRow;

/// The app: a few owned parts, each with its own fields and methods, and at most one overlay.
pub struct App {
    /// What was loaded: the environment, the client, the file and what follows from it.
    loaded: Loaded,
    /// Browsing: both panes' selections and filters, what they show, the screen size.
    browse: Browse,
    /// The session: the status line, the writes made here, the preview, a write waiting for
    /// the lock, quitting.
    session: Session,
    /// What is on top of the browse view, if anything (each overlay handles its own keys).
    overlay: Option<Overlay>,
    /// What the runtime is asked to do outside the state (clipboard, editor, exit line).
    effects: Effects,
}

impl App {
    /// What was loaded.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// The panes' selections, filters and display toggles.
    pub fn browse(&self) -> &Browse {
        &self.browse
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// What is on top of the browse view.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn effects(&self) -> &Effects {
        &self.effects
    }

    /// For the runtime: the effects to carry out (then dropped).
    pub fn effects_mut(&mut self) -> &mut Effects {
        &mut self.effects
    }

    /// The client release the app resolves like.
    pub fn client(&self) -> &crate::client::Client {
        self.loaded.client()
    }

    pub fn file(&self) -> &crate::config::read::file::ConfigFile {
        self.loaded.file()
    }

    pub fn status(&self) -> &Status {
        self.session.status()
    }

    /// The user quit (the event loop ends).
    pub fn quit(&self) -> bool {
        self.session.quit()
    }

    /// The key table in force: browsing, or the overlay's.
    pub fn mode(&self) -> Mode {
        self.overlay.as_ref().map_or(Mode::Normal, Overlay::mode)
    }

    pub fn highlighted_profile(&self) -> Option<&ProfileRow> {
        (self.browse.profiles().selected()).and_then(|i| self.loaded.rows().get(i))
    }

    pub fn highlighted_key(&self) -> Option<&Resolved> {
        (self.browse.keys().selected()).and_then(|i| self.loaded.resolved().get(i))
    }

    /// The token popup's or the welcome form's fields.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn form(&self) -> Option<&Form> {
        self.overlay.as_ref().and_then(Overlay::form)
    }

    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn picker(&self) -> Option<&Picker> {
        match &self.overlay {
            Some(Overlay::Picker(p)) => Some(p),
            _ => None,
        }
    }

    /// The write waiting for y/n.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn pending(&self) -> Option<&Write> {
        match &self.overlay {
            Some(Overlay::Confirm(c)) => Some(c.write()),
            _ => None,
        }
    }
}
