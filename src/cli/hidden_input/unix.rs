//! Hidden input on Unix: termios (echo and canonical mode off, signals on), bytes read one
//! by one from standard input; signal actions put the saved settings back before the process
//! is killed (SIGINT, SIGQUIT, SIGTERM, SIGHUP: their default action then, so the shell sees
//! the process killed by it, exit status 130 …) or stopped (SIGTSTP: on continue, echo off
//! again and the prompt printed again); SIGCONT alone (after a SIGSTOP) hides echo again.

use std::io::{self, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use zeroize::Zeroizing;

use super::{KEPT_NOTE, Key, Line};

/// Standard input's settings before echo was turned off, and the hidden ones.
static SAVED: OnceLock<libc::termios> = OnceLock::new();
static QUIET: OnceLock<libc::termios> = OnceLock::new();
/// Echo is off: a signal must put [`SAVED`] back.
static HIDDEN: AtomicBool = AtomicBool::new(false);
/// The signal actions are registered (once per process; they stay, and do nothing more than
/// the default action while echo is on).
static HANDLERS: OnceLock<()> = OnceLock::new();
/// What is printed again after a suspend (the prompt and [`KEPT_NOTE`]), readable from a
/// signal handler: bytes and a length.
static AGAIN: [AtomicU8; 256] = [const { AtomicU8::new(0) }; 256];
static AGAIN_LEN: AtomicUsize = AtomicUsize::new(0);
/// Bytes typed but not yet read when a stop came: the SIGTSTP action reads them out of the
/// terminal's queue (which the shell would read next) and the line takes them first.
static PENDING: [AtomicU8; 1024] = [const { AtomicU8::new(0) }; 1024];
static PENDING_LEN: AtomicUsize = AtomicUsize::new(0);

/// Moves what is waiting in the terminal's input queue into [`PENDING`] (async-signal-safe:
/// ioctl and read(2) of no more than is there); what does not fit is discarded, never left
/// for the shell.
fn drain_queue() {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD stores the count of bytes waiting into an int we own.
    if unsafe { libc::ioctl(0, libc::FIONREAD, &mut n) } != 0 || n <= 0 {
        return;
    }
    let mut buf = [0u8; 1024];
    let want = (n as usize).min(buf.len());
    // SAFETY: read(2) of at most the bytes waiting, into a buffer we own.
    let got = unsafe { libc::read(0, buf.as_mut_ptr().cast(), want) };
    if got > 0 {
        let start = PENDING_LEN.load(Ordering::SeqCst);
        let mut end = start;
        for b in &buf[..got as usize] {
            if end < PENDING.len() {
                PENDING[end].store(*b, Ordering::SeqCst);
                end += 1;
            }
        }
        PENDING_LEN.store(end, Ordering::SeqCst);
    }
    // SAFETY: tcflush(3) (an ioctl) on standard input.
    unsafe {
        libc::tcflush(0, libc::TCIFLUSH);
    }
    buf.fill(0);
}

/// The next byte typed: first what a stop moved out of the queue, then the terminal.
fn next_byte() -> io::Result<Option<u8>> {
    loop {
        let pending = PENDING_LEN.load(Ordering::SeqCst);
        if pending > 0 {
            let b = PENDING[0].load(Ordering::SeqCst);
            for i in 1..pending {
                PENDING[i - 1].store(PENDING[i].load(Ordering::SeqCst), Ordering::SeqCst);
            }
            PENDING[pending - 1].store(0, Ordering::SeqCst);
            PENDING_LEN.store(pending - 1, Ordering::SeqCst);
            return Ok(Some(b));
        }
        let mut b = 0u8;
        // SAFETY: read(2) of one byte into a variable we own.
        match unsafe { libc::read(0, (&raw mut b).cast(), 1) } {
            1 => return Ok(Some(b)),
            0 => return Ok(None),
            _ => {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
}

/// Puts `t` on standard input (async-signal-safe: an ioctl).
fn set(t: &libc::termios) {
    // SAFETY: tcsetattr(3) with settings read earlier.
    unsafe {
        libc::tcsetattr(0, libc::TCSANOW, t);
    }
}

fn write_stderr(bytes: &[u8]) {
    // SAFETY: write(2) of a buffer we own (async-signal-safe).
    unsafe {
        libc::write(2, bytes.as_ptr().cast(), bytes.len());
    }
}

/// Echo off (the guard puts the saved settings back when dropped).
struct Hidden(());

impl Hidden {
    fn new(prompt: &str) -> io::Result<Hidden> {
        // SAFETY: tcgetattr fills a properly sized, zeroed termios.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(0, &mut t) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let saved = *SAVED.get_or_init(|| t);
        let mut quiet = saved;
        quiet.c_lflag &= !(libc::ECHO | libc::ECHONL | libc::ICANON);
        // Signal keys stay on; NOFLSH: Ctrl-Z does not throw away what was typed and not yet
        // read (the SIGTSTP action keeps it; the ending ones throw it away themselves).
        quiet.c_lflag |= libc::ISIG | libc::NOFLSH;
        quiet.c_cc[libc::VMIN] = 1;
        quiet.c_cc[libc::VTIME] = 0;
        let quiet = *QUIET.get_or_init(|| quiet);
        let again = format!("{prompt} {KEPT_NOTE}: ");
        let again = &again.as_bytes()[..again.len().min(AGAIN.len())];
        for (slot, b) in AGAIN.iter().zip(again) {
            slot.store(*b, Ordering::SeqCst);
        }
        AGAIN_LEN.store(again.len(), Ordering::SeqCst);
        HANDLERS.get_or_init(install_handlers);
        HIDDEN.store(true, Ordering::SeqCst);
        set(&quiet);
        Ok(Hidden(()))
    }
}

impl Drop for Hidden {
    fn drop(&mut self) {
        if HIDDEN.swap(false, Ordering::SeqCst)
            && let Some(t) = SAVED.get()
        {
            set(t);
        }
    }
}

fn install_handlers() {
    for sig in [SIGINT, SIGQUIT, SIGTERM, SIGHUP] {
        // SAFETY: the action only calls tcsetattr, write(2) and signal-hook's
        // emulate_default_handler, all async-signal-safe.
        let _ = unsafe {
            signal_hook::low_level::register(sig, move || {
                if HIDDEN.swap(false, Ordering::SeqCst) {
                    // What was typed and not read is part of the secret: not for the shell.
                    libc::tcflush(0, libc::TCIFLUSH);
                    if let Some(t) = SAVED.get() {
                        set(t);
                    }
                    // The line the user was typing ends here.
                    write_stderr(b"\n");
                }
                let _ = signal_hook::low_level::emulate_default_handler(sig);
            })
        };
    }
    // SAFETY: as above; the stop happens inside emulate_default_handler, which returns once
    // the process is continued.
    let _ = unsafe {
        signal_hook::low_level::register(SIGTSTP, || {
            let hidden = HIDDEN.load(Ordering::SeqCst);
            if hidden && let Some(t) = SAVED.get() {
                drain_queue();
                set(t);
                write_stderr(b"\n");
            }
            let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
            if hidden && HIDDEN.load(Ordering::SeqCst) {
                if let Some(t) = QUIET.get() {
                    set(t);
                }
                let mut buf = [0u8; 256];
                let n = AGAIN_LEN.load(Ordering::SeqCst).min(buf.len());
                for (b, slot) in buf.iter_mut().zip(&AGAIN).take(n) {
                    *b = slot.load(Ordering::SeqCst);
                }
                write_stderr(&buf[..n]);
            }
        })
    };
    // SAFETY: tcsetattr only.
    let _ = unsafe {
        signal_hook::low_level::register(SIGCONT, || {
            if HIDDEN.load(Ordering::SeqCst)
                && let Some(t) = QUIET.get()
            {
                set(t);
            }
        })
    };
}

pub(super) fn read_line(prompt: &str) -> io::Result<Zeroizing<String>> {
    // Echo off before the prompt shows: what is typed as soon as it appears is hidden too.
    let hidden = Hidden::new(prompt)?;
    eprint!("{prompt}: ");
    let _ = io::stderr().flush();
    let mut line = Line::default();
    let mut bytes: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
    loop {
        let Some(key) = next_byte()? else {
            // The terminal hung up: half a line is not a value.
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the terminal closed before Enter",
            ));
        };
        // Characters of more than one byte are collected until they are whole.
        if !bytes.is_empty() || key >= 0x80 {
            bytes.push(key);
            match std::str::from_utf8(&bytes) {
                Ok(s) => {
                    for c in s.chars() {
                        line.apply(Key::Char(c));
                    }
                    bytes.clear();
                }
                Err(e) if e.error_len().is_some() => bytes.clear(),
                Err(_) => {}
            }
            continue;
        }
        let done = line.apply(match key {
            b'\n' | b'\r' => Key::Enter,
            0x7f | 0x08 => Key::Erase,
            0x15 => Key::Kill,
            0x04 => Key::End,
            c if c < 0x20 => Key::Ignore,
            c => Key::Char(c as char),
        });
        if done {
            break;
        }
    }
    drop(hidden);
    eprintln!();
    Ok(line.0)
}
