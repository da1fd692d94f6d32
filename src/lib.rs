//! modalcfg: see, explain and safely edit the Modal client's configuration.
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
#[cfg(unix)]
pub fn app_entry(cli: &cli::Cli, env: &env::Env) -> cli::CliResult {
    let tty = match tui::terminal::Tty::open() {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "modalcfg: no terminal to draw on (standard output is not one, and /dev/tty: {e}); use `modalcfg show` (or `show --json`) in scripts"
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

/// Placeholder until the terminal app's Windows port (issue 19, terminal helper) is merged.
#[cfg(not(unix))]
pub fn app_entry(_cli: &cli::Cli, _env: &env::Env) -> cli::CliResult {
    eprintln!("modalcfg: the terminal app does not run on this platform yet; use `modalcfg show`");
    Ok(2)
}
