//! Answers laid out for a reader, shared by the CLI and the app: the `show --json` snapshot
//! ([`snapshot`]), the profile rows with their marks and warnings ([`profiles`]) and the order
//! keys are listed in ([`order`]).
pub mod order;
pub mod profiles;
pub mod snapshot;
