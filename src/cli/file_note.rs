//! What the CLI says about the config file itself: that it does not exist (and how to make
//! one), that the client does not read it, or that it cannot be read (and whose words those are).

use crate::config::read::file::{ConfigFile, LoadError, Source};

/// A note for the `Config file:` header line, when there is something to say.
pub fn file_note(file: &ConfigFile) -> Option<&'static str> {
    match file.source {
        Source::Missing => Some(
            "does not exist yet: `modalcfg token set --profile NAME` (or `modal token new`) creates it",
        ),
        Source::Remote => Some("not read: MODAL_IS_REMOTE=1, so the client ignores it"),
        _ => None,
    }
}

/// The message for a file the client cannot read. When modalcfg cannot reproduce the client's
/// own text, it says so, so nobody searches the web for words the client never prints.
pub fn unreadable_message(e: &LoadError) -> String {
    match &e.client_inner {
        Some(_) => e.to_string(),
        None => {
            format!("{e} (these are modalcfg's words: the client words this error its own way)")
        }
    }
}
