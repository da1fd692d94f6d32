//! modalcfg: see, explain and safely edit the Modal client's configuration
//! (`~/.modal.toml`, `MODAL_*` variables, the client's defaults) exactly as the Modal client
//! reads it.
//!
//! The items re-exported here are the front door: build an [`Env`] (or take the process's),
//! load the [`ConfigFile`], ask a [`Config`] what the client resolves, list the [`Finding`]s,
//! and change the file through [`plan_for`] and the one write entry, [`commit`]. Without the
//! default `app` feature the crate is this core alone (docs/library.md).
//!
//! ```
//! use modalcfg::{Config, ConfigFile, Env, PyValue};
//!
//! let env = Env::from_pairs([("MODAL_LOGLEVEL", "debug")]);
//! let file = ConfigFile::from_bytes("modal.toml".as_ref(), b"[a]\nactive = true\n".to_vec());
//! let config = Config::new(&env, &file);
//! assert_eq!(config.get("loglevel", None, true), Ok(PyValue::Str("DEBUG".into())));
//! ```
//!
//! Layers, bottom to top, each importing only from the ones below it: [`py`] (Python's
//! values and texts) → [`text`] → [`env`](mod@env) → [`client`] (each release's settings, transforms
//! and exceptions) → [`config`] (reading, resolving, diagnosing, writing).
#![warn(missing_docs)]
// A `LoadError` (its path, position and the client's texts) is 128 bytes on Windows, where a
// path is 32 bytes instead of 24: over clippy's threshold there only. It is made once per
// command, so boxing it everywhere would buy nothing.
#![cfg_attr(windows, allow(clippy::result_large_err))]
pub mod client;
pub mod config;
pub mod env;
pub mod py;
pub mod text;

pub use client::error::{ClientError, ErrorClass};
pub use client::{Client, Detected, Version, detect};
pub use config::diagnose::check::findings;
pub use config::diagnose::finding::{Code, Finding, Severity};
pub use config::disk::{SaveError, Wait, make_private};
pub use config::read::file::{ConfigFile, LoadError, LoadErrorKind};
pub use config::resolve::auth::{Verdict, verdict};
pub use config::resolve::layers::{
    Config, Layer, Origin, ProfileChoice, Resolved, Source, effective_profile,
};
pub use config::secret::{Reveal, Secret};
pub use config::show::snapshot::{ShowOptions, snapshot};
pub use config::write::edit::Edit;
pub use config::write::store::{
    Committed, OnChange, Plan, StoreError, commit, config_set_active_profile, plan_for,
};
pub use env::Env;
pub use py::PyValue;

// docs/library.md's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
struct LibraryGuide;

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
