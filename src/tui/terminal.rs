//! The terminal the app draws on: standard output when it is a terminal, else the process's
//! terminal itself (`/dev/tty` on Unix, as fzf does; the console's `CONOUT$` on Windows), so
//! that `eval "$(modalcfg)"` draws on the terminal while `s` prints its `export` line into
//! the pipe. Entering and leaving raw mode, the alternate screen, mouse capture and bracketed
//! paste (also around a suspend, on Unix), and the restore that a panic or an ending signal
//! runs. What differs per platform lives in [`unix`] and [`windows`].

use std::io::{self, BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::{EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as sys;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as sys;

pub use sys::{Input, NO_TERMINAL, hard_restore, size};

/// Between [`enter`] and [`leave`]: what [`hard_restore`] has to undo.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Where frames go: a buffered handle on the terminal (one write per frame).
pub struct Out(BufWriter<sys::Writer>);

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The terminal: frames out, key presses in.
pub struct Tty {
    pub out: Out,
    /// What the event loop waits on for input (on Unix a descriptor; on Windows crossterm
    /// reads the console's input itself).
    pub input: Input,
}

impl Tty {
    /// Standard output when it is a terminal, else the process's terminal; the error says
    /// why there is no terminal at all.
    pub fn open() -> io::Result<Tty> {
        let (out, input) = sys::open()?;
        Ok(Tty {
            out: Out(BufWriter::with_capacity(64 * 1024, out)),
            input,
        })
    }
}

/// Raw mode, the alternate screen, mouse capture and bracketed paste on (one write).
pub fn enter(out: &mut impl Write) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    queue!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    out.flush()
}

/// Everything [`enter`] turned on, off again, and the cursor shown; errors (a terminal that
/// hung up) do not stop the rest of the restore.
pub fn leave(out: &mut impl Write) -> io::Result<()> {
    let written = sys::write_leave(out).and_then(|()| out.flush());
    let cooked = ratatui::crossterm::terminal::disable_raw_mode();
    ACTIVE.store(false, Ordering::SeqCst);
    written.and(cooked)
}

/// Whether [`enter`] is in effect, cleared by the caller that restores (once).
fn take_active() -> bool {
    ACTIVE.swap(false, Ordering::SeqCst)
}
