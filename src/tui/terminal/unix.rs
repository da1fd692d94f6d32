//! The terminal on Unix: descriptors, termios and `TIOCGWINSZ`; the restore a panic or a
//! signal handler runs uses only async-signal-safe calls.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, Ordering};

/// Said when there is no terminal to draw on.
pub const NO_TERMINAL: &str = "standard output is not one, and /dev/tty";

/// Mouse capture (every mode crossterm turns on) and bracketed paste off, the cursor shown,
/// the main screen back.
const LEAVE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?25h\x1b[?1049l";

/// The descriptor frames go to (-1 before [`open`]).
static OUT_FD: AtomicI32 = AtomicI32::new(-1);
/// The terminal's settings before raw mode, and the descriptor they belong to.
static SAVED: OnceLock<(RawFd, libc::termios)> = OnceLock::new();

/// Frames go straight to the descriptor.
pub type Writer = File;

/// What the event loop polls for input: standard input when it is a terminal (crossterm
/// reads from it then), else `/dev/tty` (crossterm opens its own).
pub struct Input(OwnedFd);

impl Input {
    pub fn fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

pub(super) fn open() -> io::Result<(File, Input)> {
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
    Ok((File::from(out), Input(input)))
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

pub(super) fn write_leave(out: &mut impl Write) -> io::Result<()> {
    out.write_all(LEAVE)
}

/// [`super::leave`] without any lock or allocation, for the panic hook and a signal handler:
/// the bytes go straight to the descriptor, the settings saved before raw mode come back.
pub fn hard_restore() {
    if !super::take_active() {
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
