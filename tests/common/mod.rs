//! Fixtures shared by the app's tests.

pub mod app;
pub mod pty;

/// Three profiles, the second active, each with a recognisable secret (`SECRETVALUE…`) that
/// must never appear on screen.
#[allow(dead_code)] // not every test crate that includes `mod common;` uses it
pub const THREE: &str = r#"# My Modal profiles
[dev]
token_id = "ak-dev0000000001"
token_secret = "as-SECRETVALUE123456"
environment = "dev"

[prod]
token_id = "ak-prod000000002"
token_secret = "as-SECRETVALUEprod99"
loglevel = "info"
active = true

[ci]
token_id = "ak-ci00000000003"
token_secret = "as-SECRETVALUEci0042"
server_url = "https://api.example.com"
"#;
