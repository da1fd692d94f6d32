//! modalcfg: see, explain and safely edit the Modal client's configuration.
// A `LoadError` (its path, position and the client's texts) is 128 bytes on Windows, where a
// path is 32 bytes instead of 24: over clippy's threshold there only. It is made once per
// command, so boxing it everywhere would buy nothing.
#![cfg_attr(windows, allow(clippy::result_large_err))]
pub mod client;
pub mod config;
pub mod env;
pub mod py;
pub mod text;

// The program (feature `app`): private, except to this crate's own tests and benchmarks
// (feature `internals`, which is not an API).
#[cfg(all(feature = "app", not(feature = "internals")))]
mod cli;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod cli;
#[cfg(feature = "app")]
mod program;
#[cfg(all(feature = "app", not(feature = "internals")))]
mod tui;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod tui;

/// The `modalcfg` program (the command line and the terminal app), for its binary; not part of
/// the library's API.
#[cfg(feature = "app")]
#[doc(hidden)]
pub use program::main as run_program;
