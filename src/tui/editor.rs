//! `E`, the runtime's half: the event loop leaves the terminal, runs the editor the app asked
//! for (an [`EditorRequest`], see `app/editor.rs`) with [`run`], enters again and hands the
//! result back to the app (`App::editor_done`).

use std::io;
use std::process::{Command, ExitStatus};

#[cfg(not(unix))]
use super::app::editor::DEFAULT_EDITOR;
use super::app::editor::EditorRequest;

/// Runs the editor on the file and waits for it, on the terminal the app draws on.
pub fn run(req: &EditorRequest) -> io::Result<ExitStatus> {
    command(req)?.status()
}

/// Through the shell, as git runs `core.editor`: `$VISUAL` may hold arguments and quotes.
/// Its input and output are the terminal (`/dev/tty`), also when standard output is a pipe
/// (`eval "$(modalcfg)"`).
#[cfg(unix)]
fn command(req: &EditorRequest) -> io::Result<Command> {
    let mut c = Command::new("/bin/sh");
    c.arg("-c")
        .arg(format!("{} \"$@\"", req.command))
        .arg("sh")
        .arg(&req.path);
    // Without a controlling terminal (a test, a job) the app's own streams are inherited.
    if let Ok(tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    {
        c.stdin(tty.try_clone()?)
            .stdout(tty.try_clone()?)
            .stderr(tty);
    }
    Ok(c)
}

/// The command and its arguments split at spaces; the console is inherited.
#[cfg(not(unix))]
fn command(req: &EditorRequest) -> io::Result<Command> {
    let mut words = req.command.split_whitespace();
    let mut c = Command::new(words.next().unwrap_or(DEFAULT_EDITOR));
    c.args(words).arg(&req.path);
    Ok(c)
}
