//! The `modalcfg` program: parse the command line, run a one-shot command or open the terminal
//! app, report. `main.rs` only calls [`main`].

use std::process::ExitCode;

use crate::{cli, env, tui};

/// The whole program; its exit status.
pub fn main() -> ExitCode {
    let cli = cli::parse();
    let env = env::Env::from_process();
    let mut stdout = std::io::stdout().lock();
    // A one-shot command whose reader went away (`modalcfg show | head -1`) ends quietly on
    // SIGPIPE (status 141 in a shell), as other Unix tools do, instead of reporting the
    // broken pipe.
    sigpipe(true);
    let result = match cli::run(&cli, &env, &mut stdout) {
        Some(r) => r,
        None => {
            // The app restores the terminal on every exit: a write to a helper's closed pipe
            // must be an error it handles, not a signal that kills it.
            sigpipe(false);
            // The app needs the panic report and terminal restore; the one-shot commands
            // start faster without installing it (they never touch the terminal).
            if let Err(e) = color_eyre::install() {
                eprintln!("modalcfg: {e}");
            }
            app_entry(&cli, &env)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("modalcfg: {}", crate::text::visible(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

/// Opens the terminal app: on standard output when it is a terminal, else on `/dev/tty` (so
/// `eval "$(modalcfg)"` works); explains how to get output when there is no terminal at all.
fn app_entry(cli: &cli::Cli, env: &env::Env) -> cli::CliResult {
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
    tui::run(tty, env.clone(), client, cli.demo, no_color).map_err(cli::UserError)
}

/// SIGPIPE's default action (end the process) when `default`, else ignored (Rust's setting:
/// the write fails with `EPIPE`). Windows has no SIGPIPE.
fn sigpipe(default: bool) {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_DFL or SIG_IGN, before any thread starts.
    unsafe {
        libc::signal(
            libc::SIGPIPE,
            if default {
                libc::SIG_DFL
            } else {
                libc::SIG_IGN
            },
        );
    }
    #[cfg(not(unix))]
    let _ = default;
}
