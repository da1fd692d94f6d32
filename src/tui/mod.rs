//! The terminal app: state ([`app::App`]), the key tables ([`keymap`]), and the event loop.
//! Rendering lives in `crate::ui`.
pub mod app;
pub mod event_loop;
pub mod keymap;
pub mod nav;
pub mod rows;
pub mod select;
pub mod sync;

use crate::cli::UserError;
use crate::env::Env;
use app::{App, Options};

/// The sample configuration `--demo` opens (a copy of it, in a temporary folder).
pub const DEMO_CONFIG: &str = include_str!("../../assets/demo.modal.toml");

/// Runs the app until the user quits; the exit code is 0.
pub fn run(env: Env, demo: bool, no_color: bool) -> Result<i32, UserError> {
    let mut env = env;
    // Kept alive until the app exits; the folder and the copy are removed afterwards.
    let _demo_dir = if demo {
        let (dir, path) = demo_copy()?;
        env.set("MODAL_CONFIG_PATH".into(), path);
        Some(dir)
    } else {
        None
    };
    let mut app = App::load(env, Options { no_color, demo });
    event_loop::run(&mut app).map_err(|e| UserError(format!("terminal error: {e}")))?;
    Ok(0)
}

/// Writes the sample configuration into a new temporary folder.
fn demo_copy() -> Result<(tempfile::TempDir, String), UserError> {
    let err = |e: std::io::Error| UserError(format!("cannot create the demo configuration: {e}"));
    let dir = tempfile::Builder::new()
        .prefix("modalcfg-demo-")
        .tempdir()
        .map_err(err)?;
    let path = dir.path().join(".modal.toml");
    std::fs::write(&path, DEMO_CONFIG).map_err(err)?;
    Ok((dir, path.display().to_string()))
}
