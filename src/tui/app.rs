//! The app's state, as data. It changes only in `App::update(Action)` (`update.rs`); the
//! screen (`crate::ui::render`) is a pure function of it. The file is read with
//! `ConfigFile::load` and written only through the write flow (`writes/flow.rs`).

use ratatui::layout::Rect;

use super::field::Field;
use super::keymap::Mode;
use super::lists::Selection;
use super::overlay::{Form, Overlay, Picker, Write};
use crate::config::read::file::ConfigFile;
use crate::config::resolve::layers::{ProfileChoice, Resolved};
use crate::config::show::profiles::ProfileRow;
use crate::env::Env;

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

/// What `stat` says about the file: cheap to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl Stamp {
    /// `None` when there is no file (or it cannot be inspected).
    pub fn of(path: &std::path::Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// A write made in this session.
#[derive(Debug, Clone)]
pub struct UndoEntry {
    /// The file before (`None`: there was no file).
    pub before: Option<Vec<u8>>,
    /// The file right after our write.
    pub after: Vec<u8>,
    pub what: String,
    /// A profile switch: the profile that was active before it.
    pub switched_from: Option<String>,
}

pub struct App {
    pub env: Env,
    pub file: ConfigFile,
    pub choice: ProfileChoice,
    pub rows: Vec<ProfileRow>,
    /// Why the real client fails here (at import or at its active-profile check), worked
    /// out once per load.
    pub problem: Option<String>,
    /// The loose-permissions warning (the core's finding: a secret in a file others may
    /// read), worked out once per load; `P` fixes it.
    pub loose: Option<String>,
    /// What `_Client.from_env` does with the resolved credentials (the header's second
    /// line), worked out once per load.
    pub credentials: crate::config::resolve::auth::Verdict,
    /// Names nobody reads (`config::diagnose::unknown`), worked out once per load: the keys pane lists
    /// the highlighted profile's (and the environment's) under its keys.
    pub unknown: Vec<crate::config::diagnose::check::Finding>,
    pub profiles: Selection,
    /// Every setting, in the client's table order (the internal ones last), for
    /// `resolved_for`; rebuilt only when the highlighted profile or the file changes.
    pub resolved: Vec<Resolved>,
    pub resolved_for: String,
    pub keys: Selection,
    pub show_internal: bool,
    /// Only the keys set in the environment or the file are listed.
    pub hide_defaults: bool,
    pub focus: Focus,
    pub profile_filter: String,
    pub key_filter: String,
    /// What is on top of the browse view, if anything.
    pub overlay: Option<Overlay>,
    pub status: Status,
    /// The status was shown for one action already: the next one clears it.
    pub status_seen: bool,
    /// The profile that was active before our last switch (for `-`).
    pub previous: Option<String>,
    pub size: Rect,
    pub opts: Options,
    pub quit: bool,
    pub stamp: Option<Stamp>,
    /// `p`: show each write's diff and ask first.
    pub preview: bool,
    /// `v`: secrets shown in the panes.
    pub reveal: bool,
    /// Writes made in this session, the last one last (for `u`).
    pub undo: Vec<UndoEntry>,
    /// Writes undone so far (`u` then says "nothing left to undo").
    pub undone: usize,
    /// Text for the event loop to copy to the clipboard (OSC 52), then drop.
    pub clipboard: Option<zeroize::Zeroizing<String>>,
    /// Printed on standard output once the terminal is restored (`s`).
    pub exit_message: Option<String>,
    /// A write waiting for the lock another process holds (`writes::flow`).
    pub lock_wait: Option<Box<crate::tui::overlay::Write>>,
    /// `E`: the editor to run on the file; the event loop takes it, suspends the app, runs
    /// it and hands the result to `App::editor_done`.
    pub editor: Option<crate::tui::editor::EditorRequest>,
}

impl App {
    /// The client release the app resolves like.
    pub fn client(&self) -> &crate::client::Client {
        &self.opts.client.client
    }

    /// The key table in force: browsing, or the overlay's.
    pub fn mode(&self) -> Mode {
        self.overlay.as_ref().map_or(Mode::Normal, Overlay::mode)
    }

    pub fn highlighted_profile(&self) -> Option<&ProfileRow> {
        self.profiles.selected().and_then(|i| self.rows.get(i))
    }

    pub fn highlighted_key(&self) -> Option<&Resolved> {
        self.keys.selected().and_then(|i| self.resolved.get(i))
    }

    /// The text field being typed, for tests and the cursor.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn typed_field(&self) -> Option<&Field> {
        self.overlay.as_ref().and_then(Overlay::field)
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
            Some(Overlay::Confirm(w)) => Some(w),
            _ => None,
        }
    }

    pub fn filter_of(&self, focus: Focus) -> &str {
        match focus {
            Focus::Profiles => &self.profile_filter,
            Focus::Keys => &self.key_filter,
        }
    }
}
