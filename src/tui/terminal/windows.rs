//! The terminal on Windows: the console, through crossterm (raw mode and the size on the
//! console's own `CONIN$`/`CONOUT$`, whatever standard input and output are). Frames go to
//! standard output when it is a console, else to `CONOUT$`.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::os::windows::io::AsHandle;
use std::sync::{Mutex, OnceLock};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::LeaveAlternateScreen;

/// Said when there is no terminal to draw on.
pub const NO_TERMINAL: &str = "standard output is not a console, and the console (CONOUT$)";

/// A second handle on where frames go, for [`hard_restore`].
static OUT: OnceLock<Mutex<File>> = OnceLock::new();

/// Crossterm reads the console's input (`CONIN$`) itself: nothing to hold.
pub struct Input(());

pub(super) fn open() -> io::Result<(File, Input)> {
    let out = if io::stdout().is_terminal() {
        File::from(io::stdout().as_handle().try_clone_to_owned()?)
    } else {
        File::options().read(true).write(true).open("CONOUT$")?
    };
    if let Ok(copy) = out.try_clone() {
        let _ = OUT.set(Mutex::new(copy));
    }
    Ok((out, Input(())))
}

/// The console window's size as (columns, rows).
pub fn size() -> io::Result<(u16, u16)> {
    ratatui::crossterm::terminal::size()
}

/// Paste and mouse modes off (crossterm sets the console's input mode for the mouse), the
/// cursor shown, the main screen back.
pub(super) fn write_leave(out: &mut impl Write) -> io::Result<()> {
    queue!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        Show,
        LeaveAlternateScreen
    )
}

/// [`super::leave`] for the panic hook and the console's close and Ctrl-Break events (which
/// Windows delivers on a thread of their own, so a lock may be taken; never waited for).
pub fn hard_restore() {
    if !super::take_active() {
        return;
    }
    if let Some(Ok(mut out)) = OUT.get().map(Mutex::try_lock) {
        let _ = write_leave(&mut *out).and_then(|()| out.flush());
    }
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
}
