//! The overlays' drawing, one file per overlay as in `app/overlay/` (the filter being typed
//! is drawn on the status line, `chrome.rs`), and what their popups are made of
//! ([`popup`]).

pub mod confirm;
pub mod help;
pub mod picker;
pub mod popup;
pub mod prompt;
pub mod token;
pub mod welcome;
