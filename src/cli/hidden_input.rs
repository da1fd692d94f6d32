//! Terminal echo off while a secret is typed, and back on by every way out: the guard's drop
//! (a normal return, an error, a panic), and SIGINT, SIGQUIT, SIGTERM or SIGHUP (Ctrl-C at
//! the prompt), whose handler puts the saved settings back and then takes the signal's
//! default action, so the shell still sees the process killed by it (exit status 130 …).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

/// Standard input's settings before echo was turned off.
static SAVED: OnceLock<libc::termios> = OnceLock::new();
/// Echo is off: a signal must put [`SAVED`] back.
static HIDDEN: AtomicBool = AtomicBool::new(false);
/// The signal actions are registered (once per process; they stay, and do nothing more than
/// the default action while echo is on).
static HANDLERS: OnceLock<()> = OnceLock::new();

/// Puts the saved settings back, once.
fn restore() {
    if HIDDEN.swap(false, Ordering::SeqCst)
        && let Some(t) = SAVED.get()
    {
        // SAFETY: tcsetattr(3) (an ioctl, async-signal-safe) with settings read earlier.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, t);
        }
    }
}

/// Turns echo off on standard input (a terminal) until dropped.
pub struct NoEcho(());

impl NoEcho {
    /// `None` when standard input's settings cannot be read (not a terminal).
    pub fn new() -> Option<NoEcho> {
        // SAFETY: tcgetattr fills a properly sized, zeroed termios.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(0, &mut t) } != 0 {
            return None;
        }
        let saved = *SAVED.get_or_init(|| t);
        HANDLERS.get_or_init(|| {
            for sig in [SIGINT, SIGQUIT, SIGTERM, SIGHUP] {
                // SAFETY: the action only calls tcsetattr, write(2) and signal-hook's
                // emulate_default_handler, all async-signal-safe.
                let _ = unsafe {
                    signal_hook::low_level::register(sig, move || {
                        if HIDDEN.load(Ordering::SeqCst) {
                            restore();
                            // The line the user was typing ends here.
                            libc::write(2, b"\n".as_ptr().cast(), 1);
                        }
                        let _ = signal_hook::low_level::emulate_default_handler(sig);
                    })
                };
            }
        });
        let mut quiet = saved;
        quiet.c_lflag &= !libc::ECHO;
        HIDDEN.store(true, Ordering::SeqCst);
        // SAFETY: tcsetattr with settings derived from the ones just read.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &quiet);
        }
        Some(NoEcho(()))
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        restore();
    }
}
