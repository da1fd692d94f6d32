//! modalcfg: see, explain and safely edit the Modal client's configuration.
pub mod py;
