use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = modalcfg::cli::parse();
    let env = modalcfg::env::Env::from_process();
    let mut stdout = std::io::stdout().lock();
    let result = match modalcfg::cli::run(&cli, &env, &mut stdout) {
        Some(r) => r,
        None => {
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
