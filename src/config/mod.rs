//! The core: the settings table, the file as the client reads it, resolution, diagnostics,
//! edits and safe writes. No terminal code, no process-environment reads.
pub mod client_view;
pub mod file;
pub mod lines;
pub mod settings;
pub mod resolve;
pub mod transform;
pub mod check;
pub mod snapshot;
pub mod write;
pub mod explain;
pub mod edit;
pub mod patch;
pub mod store;
