//! What the client resolves: each key's value through its layers ([`layers`]: env, file,
//! default), the credentials' verdict ([`auth`]), words for people ([`explain`]), names a
//! person may have mistyped ([`names`]) and what the environment keeps winning after a write
//! ([`env_wins`]).
pub mod auth;
pub mod env_wins;
pub mod explain;
pub mod layers;
pub mod names;
