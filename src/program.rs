//! The `modalcfg` program: parse the command line, run a one-shot command or open the terminal
//! app, report. `main.rs` only calls [`main`].

use std::process::ExitCode;

use color_eyre::eyre::WrapErr;

use crate::{cli, env, tui};

mod report;

/// The whole program; its exit status. An error is reported through color-eyre's hook
/// ([`report`]): one line `modalcfg: …`, exit code 1.
pub fn main() -> ExitCode {
    let env = env::Env::from_process();
    {
        use std::io::IsTerminal;
        report::install(std::io::stderr().is_terminal() && !env.no_color());
    }
    match run(&env) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("modalcfg: {e:?}");
            ExitCode::from(1)
        }
    }
}

/// Parses the command line and runs a one-shot command or the app; its exit code.
fn run(env: &env::Env) -> color_eyre::Result<i32> {
    let cli = cli::parse();
    let mut stdout = std::io::stdout().lock();
    // A one-shot command whose reader went away (`modalcfg show | head -1`) ends quietly on
    // SIGPIPE (status 141 in a shell), as other Unix tools do, instead of reporting the
    // broken pipe.
    sigpipe(true);
    match cli::run(&cli, env, &mut stdout) {
        Some(r) => Ok(r?),
        None => {
            // The app restores the terminal on every exit: a write to a helper's closed pipe
            // must be an error it handles, not a signal that kills it.
            sigpipe(false);
            app_entry(&cli, env)
        }
    }
}

/// Opens the terminal app: on standard output when it is a terminal, else on `/dev/tty` (so
/// `eval "$(modalcfg)"` works); explains how to get output when there is no terminal at all.
fn app_entry(cli: &cli::Cli, env: &env::Env) -> color_eyre::Result<i32> {
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
    let client = cli::detect_client(cli, env).wrap_err("detecting the Modal client")?;
    tui::run(tty, env.clone(), client, cli.demo, no_color)
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
