use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = modalcfg::cli::parse();
    let env = modalcfg::env::Env::from_process();
    let mut stdout = std::io::stdout().lock();
    // A one-shot command whose reader went away (`modalcfg show | head -1`) ends quietly on
    // SIGPIPE (status 141 in a shell), as other Unix tools do, instead of reporting the
    // broken pipe.
    sigpipe(true);
    let result = match modalcfg::cli::run(&cli, &env, &mut stdout) {
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
            modalcfg::app_entry(&cli, &env)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("modalcfg: {}", modalcfg::text::visible(&e.to_string()));
            ExitCode::from(1)
        }
    }
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
