//! modalcfg: see, explain and safely edit the Modal client's configuration.
// A `LoadError` (its path, position and the client's texts) is 128 bytes on Windows, where a
// path is 32 bytes instead of 24: over clippy's threshold there only. It is made once per
// command, so boxing it everywhere would buy nothing.
#![cfg_attr(windows, allow(clippy::result_large_err))]
pub mod cli;
pub mod client;
pub mod config;
pub mod env;
pub mod py;
pub mod text;
pub mod tui;
pub mod ui;

/// Opens the terminal app: on standard output when it is a terminal, else on `/dev/tty` (so
/// `eval "$(modalcfg)"` works); explains how to get output when there is no terminal at all.
pub fn app_entry(cli: &cli::Cli, env: &env::Env) -> cli::CliResult {
    let tty = match tui::terminal::Tty::open() {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "modalcfg: no terminal to draw on ({}: {e}); use `modalcfg show` (or `show --json`) in scripts",
                tui::terminal::NO_TERMINAL
            );
            return Ok(2);
        }
    };
    let no_color = env.no_color();
    // Only debug builds (which the tests run) carry the hook; release builds have no flag.
    #[cfg(debug_assertions)]
    if cli.test_panic {
        tui::TEST_PANIC_AFTER_FIRST_FRAME.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    let client = cli::detect_client(cli, env)?;
    tui::run(tty, env.clone(), client, cli.demo, no_color)
}
