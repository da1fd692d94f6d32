//! The terminal app. State: [`app::App`] and the [`overlay::Overlay`] on top of it (with
//! [`lists`], [`field`], [`info`] and [`geometry`]); the key tables ([`keymap`]);
//! behaviour: [`update`] (the one door), [`browse`], [`disk`] and [`writes`] (the one write
//! flow); and the event loop. Rendering lives in `crate::ui`. See `docs/ARCHITECTURE.md`.
pub mod app;
pub mod browse;
pub mod disk;
pub mod editor;
pub mod event_loop;
pub mod field;
pub mod geometry;
pub mod info;
pub mod keymap;
pub mod lists;
pub mod overlay;
#[cfg(unix)]
pub mod signals;
pub mod terminal;
pub mod update;
pub mod watch;
pub mod writes;

use crate::cli::UserError;
use crate::env::Env;
use app::{App, Options};

/// The sample configuration `--demo` opens (a copy of it, in a temporary folder).
pub const DEMO_CONFIG: &str = include_str!("../../assets/demo.modal.toml");

/// For the reliability tests: when set, the event loop panics right after drawing the first
/// frame (`panic!("test panic")`), to check that the terminal is restored.
#[cfg(debug_assertions)]
pub static TEST_PANIC_AFTER_FIRST_FRAME: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Runs the app on `tty` until the user quits; the exit code is 0, or 128 + the signal's
/// number when SIGINT (130), SIGQUIT (131), SIGTERM (143) or SIGHUP (129, also when the
/// terminal hangs up) ended it; on Windows 149 for Ctrl-Break and 129 when the console
/// closes. After `s`,
/// the `export MODAL_PROFILE=…` line is printed on standard output once the terminal is
/// restored (into the pipe of `eval "$(modalcfg)"` when the app draws on `/dev/tty`).
pub fn run(
    tty: terminal::Tty,
    env: Env,
    client: crate::client::Detected,
    demo: bool,
    no_color: bool,
) -> color_eyre::Result<i32> {
    use color_eyre::eyre::WrapErr;
    let waiter =
        event_loop::Waiter::install(&tty).wrap_err("listening for the terminal's input")?;
    let mut env = env;
    // Kept alive until the app exits; the folder and the copy are removed afterwards.
    let _demo_dir = if demo {
        let (dir, path) = demo_copy()?;
        env.set("MODAL_CONFIG_PATH".into(), path);
        Some(dir)
    } else {
        None
    };
    let mut app = App::load(
        env,
        Options {
            no_color,
            demo,
            client,
        },
    );
    let signal =
        event_loop::run(&mut app, tty, waiter).wrap_err("running the app on the terminal")?;
    if let Some(sig) = signal {
        return Ok(128 + sig);
    }
    if let Some(line) = &app.exit_message {
        let name = app.highlighted_profile().map(|r| r.name.clone());
        if let Some(n) = &name
            && let Some(w) = crate::config::resolve::explain::export_profile_warning(&app.file, n)
        {
            eprintln!("warning: {w}");
        }
        // At a terminal nothing evaluates the line: say how to use it instead.
        use std::io::IsTerminal;
        match &name {
            Some(n) if std::io::stdout().is_terminal() => {
                eprintln!("modalcfg: {}", writes::copy_export::not_evaluated_hint(n));
            }
            _ => println!("{line}"),
        }
    }
    Ok(0)
}

/// Writes the sample configuration into a new temporary folder, readable by its owner only
/// (0600 on Unix, as a new config file is): it holds a (fake) secret, and a demo that opened
/// on the loose-permissions warning would greet a newcomer with a problem of its own making.
fn demo_copy() -> Result<(tempfile::TempDir, String), UserError> {
    let err = |e: std::io::Error| UserError(format!("cannot create the demo configuration: {e}"));
    let dir = tempfile::Builder::new()
        .prefix("modalcfg-demo-")
        .tempdir()
        .map_err(err)?;
    let path = dir.path().join(".modal.toml");
    write_private(&path, DEMO_CONFIG).map_err(err)?;
    Ok((dir, path.display().to_string()))
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?
        .write_all(text.as_bytes())
}

/// Windows has no mode bits; the file inherits the temporary folder's ACL (the user's own).
#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_demo_copy_is_private_so_the_demo_opens_without_a_warning() {
        let (dir, path) = super::demo_copy().unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), super::DEMO_CONFIG);
        drop(dir);
    }
}
