//! Changing the file: edits as data on the `toml_edit` document ([`edit`]) or on one
//! profile's text ([`local_edit`], [`fast_activate`]), carried back onto the original bytes
//! ([`patch`]), rebased on a file changed elsewhere ([`rebase`]), planned, read back as the
//! client reads it and committed through one entry ([`store`]); what `modal token set` writes
//! ([`token_set`]).
pub mod edit;
pub mod fast_activate;
pub mod local_edit;
pub mod patch;
pub mod rebase;
pub mod store;
pub mod token_set;
