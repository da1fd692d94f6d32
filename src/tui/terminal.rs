//! The terminal the app draws on: standard output when it is a terminal, else `/dev/tty` (as
//! fzf does), so that `eval "$(modalcfg)"` draws on the terminal while `s` prints its
//! `export` line into the pipe. Entering and leaving raw mode, the alternate screen, mouse
//! capture and bracketed paste (also around a suspend), and the restore that a panic or a
//! second ending signal runs without taking any lock.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use ratatui::crossterm::event::{EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{EnterAlternateScreen, disable_raw_mode, enable_raw_mode};

/// Mouse capture (every mode crossterm turns on) and bracketed paste off, the cursor shown,
/// the main screen back.
const LEAVE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?25h\x1b[?1049l";

/// The descriptor frames go to (-1 before [`Tty::open`]).
static OUT_FD: AtomicI32 = AtomicI32::new(-1);
/// The terminal's settings before raw mode, and the descriptor they belong to.
static SAVED: OnceLock<(RawFd, libc::termios)> = OnceLock::new();
/// Between [`enter`] and [`leave`]: what [`hard_restore`] has to undo.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Where frames go: a buffered handle on the terminal (one write per frame).
pub struct Out(BufWriter<File>);

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
    /// What the event loop waits on for input: standard input when it is a terminal (crossterm
    /// reads from it then), else `/dev/tty` (crossterm opens its own).
    input: OwnedFd,
}

impl Tty {
    /// Standard output when it is a terminal, else `/dev/tty`; the error says why there is
    /// no terminal at all.
    pub fn open() -> io::Result<Tty> {
        let out: OwnedFd = if io::stdout().is_terminal() {
            io::stdout().as_fd().try_clone_to_owned()?
        } else {
            File::options().write(true).open("/dev/tty")?.into()
        };
        let input: OwnedFd = if io::stdin().is_terminal() {
            io::stdin().as_fd().try_clone_to_owned()?
        } else {
            File::options().read(true).open("/dev/tty")?.into()
        };
        OUT_FD.store(out.as_raw_fd(), Ordering::SeqCst);
        save_settings(input.as_raw_fd());
        Ok(Tty {
            out: Out(BufWriter::with_capacity(64 * 1024, File::from(out))),
            input,
        })
    }

    pub fn input_fd(&self) -> RawFd {
        self.input.as_raw_fd()
    }
}

/// The terminal's size as (columns, rows): one ioctl on the descriptor frames go to.
pub fn size() -> io::Result<(u16, u16)> {
    // SAFETY: TIOCGWINSZ fills a zeroed winsize; the descriptor is ours (or -1: EBADF).
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let fd = OUT_FD.load(Ordering::SeqCst);
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } == 0 && ws.ws_col > 0 {
        return Ok((ws.ws_col, ws.ws_row));
    }
    ratatui::crossterm::terminal::size()
}

fn save_settings(fd: RawFd) {
    // SAFETY: tcgetattr fills a properly sized, zeroed termios.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(fd, &mut t) == 0 {
            let _ = SAVED.set((fd, t));
        }
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
    let written = out.write_all(LEAVE).and_then(|()| out.flush());
    let cooked = disable_raw_mode();
    ACTIVE.store(false, Ordering::SeqCst);
    written.and(cooked)
}

/// [`leave`] without any lock or allocation, for the panic hook and a signal handler: the
/// bytes go straight to the descriptor, the settings saved before raw mode come back.
pub fn hard_restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // SAFETY: write(2) of a static buffer and tcsetattr(3) with settings read earlier; both
    // are async-signal-safe.
    unsafe {
        let fd = OUT_FD.load(Ordering::SeqCst);
        libc::write(fd, LEAVE.as_ptr().cast(), LEAVE.len());
        if let Some((fd, t)) = SAVED.get() {
            libc::tcsetattr(*fd, libc::TCSANOW, t);
        }
    }
}

/// Runs [`hard_restore`] before the panic hook already installed (color-eyre's, from main),
/// so that its report lands on the main screen in cooked mode.
pub fn restore_on_panic() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        hard_restore();
        hook(info);
    }));
}
