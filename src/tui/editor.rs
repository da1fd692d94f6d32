//! `E`: the file in the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`, `notepad` on
//! Windows), as git and kubectl edit do. The app only asks ([`App::open_editor`]); the event
//! loop leaves the terminal, runs it ([`run`]) and enters again; then [`App::editor_done`]
//! reloads under the usual "changed on disk" rules and says how it went.

use std::io;
use std::path::PathBuf;
use std::process::{Command, ExitStatus};

use super::app::{App, Status};
use crate::config::read::file::Source;

/// The platform's editor when neither `VISUAL` nor `EDITOR` is set.
#[cfg(windows)]
const DEFAULT_EDITOR: &str = "notepad";
#[cfg(not(windows))]
const DEFAULT_EDITOR: &str = "vi";

/// An editor to run on a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorRequest {
    /// The command as the user set it (it may carry arguments: `code --wait`).
    pub command: String,
    pub path: PathBuf,
}

impl App {
    /// `E`: ask the event loop to run the editor on the file — also a file the client cannot
    /// read, the natural way out of a syntax error. There must be one: a file the editor
    /// created would not be 0600.
    pub(crate) fn open_editor(&mut self) {
        if matches!(self.file.source, Source::Missing) {
            self.status = Status::info(
                "no file to edit yet: `n` or `t` creates it (mode 0600), then E opens it",
            );
            return;
        }
        let command = ["VISUAL", "EDITOR"]
            .iter()
            .filter_map(|v| self.env.get(v))
            .map(str::trim)
            .find(|c| !c.is_empty())
            .unwrap_or(DEFAULT_EDITOR)
            .to_string();
        self.editor = Some(EditorRequest {
            command,
            path: self.file.path.clone(),
        });
    }

    /// The editor has ended (or could not start): reload if the file changed, and say so.
    pub fn editor_done(&mut self, req: &EditorRequest, result: io::Result<ExitStatus>) {
        let changed = self.notice_outside_change();
        let reloaded = if changed {
            "the file changed: reloaded it"
        } else {
            "the file is unchanged"
        };
        self.status = match result {
            // An open popup whose profile left the file says so (set by the reload).
            Ok(_) if changed && self.target_gone().is_some() => self.status.clone(),
            Ok(s) if s.success() => {
                Status::info(format!("back from `{}`: {reloaded}", req.command))
            }
            Ok(s) => Status::error(format!(
                "the editor `{}` failed ({s}); {reloaded}",
                req.command
            )),
            Err(e) => Status::error(format!(
                "could not start the editor `{}`: {e} (set VISUAL or EDITOR); {reloaded}",
                req.command
            )),
        };
    }
}

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
