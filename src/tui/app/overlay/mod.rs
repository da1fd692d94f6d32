//! What is on top of the browse view: at most one overlay, each with its state and its key
//! handling in its own file — the help ([`help`]), the filter being typed ([`filter`]), the
//! token popup ([`token`]), the welcome form ([`welcome`]), a typed value or name
//! ([`prompt`]), a value picker ([`picker`]), and the y/n question before a write
//! ([`confirm`]). An overlay handles the actions of its mode ([`Overlay::handle`]) and answers
//! with an [`Outcome`]: what the app is to do next (close it, submit the write it planned, …).
//! The app's mode (which key table is in force) is derived from it.

pub mod confirm;
pub mod filter;
pub mod form;
pub mod help;
pub mod picker;
pub mod prompt;
pub mod token;
pub mod value;
pub mod welcome;

pub use confirm::Confirm;
pub use filter::Filter;
pub use form::{FieldId, Form};
pub use help::Help;
pub use picker::Picker;
pub use prompt::{Note, Prompt, PromptKind};
pub use token::TokenForm;
pub use welcome::Welcome;

use super::field::Field;
use super::keymap::{Action, Mode};
use super::loaded::Loaded;
use super::plan::Write;
use super::session::Status;

#[derive(Debug)]
pub enum Overlay {
    /// `?`, on a page (it pages when the screen is too small for every table).
    Help(Help),
    /// `/`: the filter of the focused pane, applied as it is typed.
    Filter(Filter),
    /// `t`: the token of a profile.
    Token(TokenForm),
    /// No config file yet: profile name, token id, token secret.
    Welcome(Welcome),
    /// A value or a profile name being typed.
    Prompt(Prompt),
    /// A value being chosen from a list.
    Picker(Picker),
    /// A planned write shown with its diff, waiting for y/n.
    Confirm(Confirm),
}

/// What the app does after an overlay handled an action.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing more: the overlay changed itself (or ignored the action).
    Stay,
    /// Close the overlay, and say this on the status line.
    Close(Option<Status>),
    /// The accept was refused (the overlay shows why where it can): the status says it too.
    Refuse(String),
    /// Close the overlay and hand this write to the write flow (`App::submit`).
    Submit(Box<Write>),
    /// `y` on the question: close it and commit its write.
    Commit,
    /// The filter's text changed: apply it to the focused pane.
    Filter(String),
    /// Esc in the filter: clear the focused pane's filter and close.
    ClearFilter,
    /// Move the focused pane's highlight (the filter's Up/Down).
    Move(isize),
}

/// Said when an overlay is left with nothing written.
pub const CANCELLED: &str = "cancelled: nothing was written";

impl Overlay {
    /// An action of this overlay's mode (also a key typed or text pasted into its field).
    pub fn handle(&mut self, action: Action, loaded: &Loaded) -> Outcome {
        match self {
            Overlay::Help(h) => h.handle(action),
            Overlay::Filter(f) => f.handle(action),
            Overlay::Token(t) => t.handle(action, loaded),
            Overlay::Welcome(w) => w.handle(action, loaded),
            Overlay::Prompt(p) => p.handle(action, loaded),
            Overlay::Picker(p) => p.handle(action, loaded),
            Overlay::Confirm(c) => c.handle(action),
        }
    }

    /// The key table in force.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help(_) => Mode::Help,
            Overlay::Filter(_) => Mode::Filter,
            Overlay::Token(_) => Mode::Token,
            Overlay::Welcome(_) => Mode::Welcome,
            Overlay::Prompt(_) => Mode::Input,
            Overlay::Picker(_) => Mode::Pick,
            Overlay::Confirm(_) => Mode::Confirm,
        }
    }

    /// The form, for the token popup and the welcome form.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn form(&self) -> Option<&Form> {
        match self {
            Overlay::Token(t) => Some(t.form()),
            Overlay::Welcome(w) => Some(w.form()),
            _ => None,
        }
    }

    /// Shows why the last accept was refused.
    pub fn set_error(&mut self, msg: String) {
        match self {
            Overlay::Token(t) => t.set_error(msg),
            Overlay::Welcome(w) => w.set_error(msg),
            Overlay::Prompt(p) => p.set_error(msg),
            _ => {}
        }
    }

    /// The profile in the file this overlay will write to, when it must still be there.
    pub fn target_profile(&self) -> Option<&str> {
        match self {
            Overlay::Token(t) => t.target_profile(),
            Overlay::Prompt(p) => p.target_profile(),
            Overlay::Picker(p) => p.target_profile(),
            _ => None,
        }
    }
}

/// A key typed or a text pasted into `field`; `false` for any other action.
fn typed(field: &mut Field, action: &Action) -> bool {
    match action {
        Action::Type(ev) => {
            field.handle_key(ev);
            true
        }
        Action::Paste(text) => {
            field.insert_str(&text.0);
            true
        }
        _ => false,
    }
}

/// The refusal when an overlay's target profile left the file (renamed or deleted
/// elsewhere); `None` when it is still there (or the overlay has none).
pub fn gone(target: Option<&str>, loaded: &Loaded) -> Option<String> {
    let p = target?;
    loaded.file().profile(p).is_none().then(|| {
        format!(
            "profile `{p}` is no longer in the file (renamed or deleted elsewhere): nothing was written; Esc closes"
        )
    })
}
