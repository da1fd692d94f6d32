//! Reading the config file as the Modal client does: its bytes from disk ([`file`](mod@file)), the
//! client's reader (`toml010`) and what it makes of them ([`client_view`]), line numbers
//! ([`lines`]) and the secrets a text holds even when it cannot be read ([`secret_scan`]).
pub mod client_view;
pub mod file;
pub mod lines;
pub mod secret_scan;
pub(crate) mod toml010;
