//! The core: the settings table, the file as the client reads it, resolution, diagnostics,
//! edits and safe writes. No terminal code, no process-environment reads.
pub mod auth;
pub mod check;
pub mod client_view;
pub mod code_page;
pub mod edit;
pub mod env_wins;
pub mod explain;
pub mod fast_activate;
pub mod file;
pub mod lines;
pub mod local_edit;
pub mod names;
pub mod order;
pub mod patch;
pub mod perms;
pub mod rebase;
pub mod resolve;
pub mod secret;
pub mod secret_scan;
pub mod snapshot;
pub mod store;
pub mod token_set;
pub mod toml010;
pub mod unknown;
pub mod write;
