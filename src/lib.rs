//! modalcfg: see, explain and safely edit the Modal client's configuration.
pub mod cli;
pub mod config;
pub mod env;
pub mod py;

/// Opens the terminal app (or explains how to get output when there is no terminal).
pub fn app_entry(_cli: &cli::Cli, _env: &env::Env) -> cli::CliResult {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        eprintln!("modalcfg: standard output is not a terminal; use `modalcfg show` (or `show --json`) for scripts");
        return Ok(2);
    }
    Err(cli::UserError("the terminal app is not built yet; use `modalcfg show`".into()))
}
