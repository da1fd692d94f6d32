//! The core: the file as the client reads it, resolution, diagnostics, edits and safe
//! writes, for the client described in [`crate::client`]. No terminal code, no
//! process-environment reads.
//!
//! By job, each folder importing only from the ones before it:
//!
//! * [`secret`]: which keys are secret and the one masking rule (every layer masks with it);
//! * [`disk`]: the file at the OS level: reading it, the writers' lock, the atomic save;
//! * [`read`]: the file as the client's reader (`toml` 0.10.2) sees it: [`read::file::ConfigFile`];
//! * [`resolve`]: what the client resolves from the environment and the file
//!   ([`resolve::layers::Config`]), the credential verdict, explanations;
//! * [`diagnose`]: the findings `modalcfg check` and the app report;
//! * [`show`]: answers laid out for a reader: the `show --json` snapshot, the profile rows,
//!   the order keys are listed in;
//! * [`write`](mod@write): edits planned as data, checked as the client reads them back, committed
//!   through one entry ([`write::store::commit`]).
pub mod diagnose;
pub mod disk;
pub mod read;
pub mod resolve;
pub mod secret;
pub mod show;
pub mod write;
