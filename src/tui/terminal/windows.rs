//! The terminal on Windows: the console, through crossterm (raw mode and the size on the
//! console's own `CONIN$`/`CONOUT$`, whatever standard input and output are). Frames go to
//! standard output when it is a console, else to `CONOUT$`, as UTF-16 through
//! `WriteConsoleW` (bytes written with `WriteFile` would be read in the console's code page,
//! 437 or 1252, and every line-drawing character would come out as two or three others).

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::os::windows::io::{AsHandle, AsRawHandle};
use std::sync::{Mutex, OnceLock};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::LeaveAlternateScreen;
use windows_sys::Win32::System::Console::{GetConsoleMode, WriteConsoleW};

/// Said when there is no terminal to draw on.
pub const NO_TERMINAL: &str = "standard output is not a console, and the console (CONOUT$)";

/// A second handle on where frames go, for [`hard_restore`].
static OUT: OnceLock<Mutex<File>> = OnceLock::new();

/// Crossterm reads the console's input (`CONIN$`) itself: nothing to hold.
pub struct Input(());

/// The console's output: text as UTF-16 (`WriteConsoleW`), or bytes when the handle is not
/// a console after all.
pub struct Writer {
    file: File,
    console: bool,
    /// The start of a character whose other bytes have not come yet.
    partial: Vec<u8>,
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.console {
            return self.file.write(buf);
        }
        self.partial.extend_from_slice(buf);
        let whole = match std::str::from_utf8(&self.partial) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => self.partial.len(), // not UTF-8: shown as U+FFFD
        };
        let text = String::from_utf8_lossy(&self.partial[..whole]).into_owned();
        self.partial.drain(..whole);
        let wide: Vec<u16> = text.encode_utf16().collect();
        let mut done = 0;
        while done < wide.len() {
            let chunk = (wide.len() - done).min(u32::MAX as usize) as u32;
            let mut written = 0u32;
            // SAFETY: a UTF-16 buffer we own and its length, to a console handle we own.
            let ok = unsafe {
                WriteConsoleW(
                    self.file.as_raw_handle(),
                    wide[done..].as_ptr(),
                    chunk,
                    &mut written,
                    std::ptr::null(),
                )
            };
            if ok == 0 {
                return Err(io::Error::last_os_error());
            }
            if written == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            done += written as usize;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

fn is_console(file: &File) -> bool {
    let mut mode = 0u32;
    // SAFETY: GetConsoleMode on a handle we own, into a u32 we own.
    unsafe { GetConsoleMode(file.as_raw_handle(), &mut mode) != 0 }
}

pub(super) fn open() -> io::Result<(Writer, Input)> {
    let out = if io::stdout().is_terminal() {
        File::from(io::stdout().as_handle().try_clone_to_owned()?)
    } else {
        File::options().read(true).write(true).open("CONOUT$")?
    };
    if let Ok(copy) = out.try_clone() {
        let _ = OUT.set(Mutex::new(copy));
    }
    let console = is_console(&out);
    let out = Writer {
        file: out,
        console,
        partial: Vec::new(),
    };
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
