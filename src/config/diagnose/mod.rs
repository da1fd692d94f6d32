//! What goes wrong: the client failing to start and every finding `modalcfg check`, `show`
//! and the app report ([`check`]), each a [`finding::Finding`] with a stable
//! [`finding::Code`]; the findings with a module of their own ([`code_page`], [`perms`],
//! [`unknown`]).
pub mod check;
pub mod code_page;
pub mod finding;
pub mod perms;
pub mod unknown;
