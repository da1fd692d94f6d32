//! SIGTERM and SIGHUP end the app cleanly: the handler only records the signal; the event
//! loop sees it within one poll, restores the terminal and exits with 128 + the signal.

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal received (0: none).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    RECEIVED.store(sig, Ordering::SeqCst);
}

/// Installs the handlers for SIGTERM and SIGHUP.
pub fn install() {
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: a zeroed sigaction with a handler that only stores into an atomic, which is
        // async-signal-safe; the mask is emptied with sigemptyset.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut sa.sa_mask);
            sa.sa_flags = libc::SA_RESTART;
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }
}

/// The signal that asked the app to end, if any.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// How long the event loop gets to notice a signal itself before the watcher ends the process.
const GRACE: std::time::Duration = std::time::Duration::from_millis(400);

/// The terminal's settings before raw mode, and the descriptor they belong to.
static SAVED: std::sync::OnceLock<(libc::c_int, libc::termios)> = std::sync::OnceLock::new();

/// Saves the terminal's settings (call before entering raw mode).
pub fn save_terminal() {
    for fd in [0, 1] {
        // SAFETY: tcgetattr fills a properly sized, zeroed termios.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut t) == 0 {
                let _ = SAVED.set((fd, t));
                return;
            }
        }
    }
}

/// Restores the terminal without taking any lock (the event loop may hold them): the saved
/// settings, mouse capture and bracketed paste off, the cursor shown, the main screen back.
fn hard_restore() {
    const SEQ: &[u8] =
        b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?25h\x1b[?1049l";
    // SAFETY: write of a static buffer to fd 1 and tcsetattr with settings read earlier.
    unsafe {
        libc::write(1, SEQ.as_ptr().cast(), SEQ.len());
        if let Some((fd, t)) = SAVED.get() {
            libc::tcsetattr(*fd, libc::TCSANOW, t);
        }
    }
}

/// Starts a thread that, once a signal has arrived and the event loop has not ended the app
/// within [`GRACE`] (it can be stuck reading a terminal that hung up), restores the terminal
/// and exits with 128 + the signal.
pub fn spawn_watcher() {
    let _ = std::thread::Builder::new()
        .name("modalcfg-signals".into())
        .spawn(move || {
            loop {
                if let Some(sig) = received() {
                    std::thread::sleep(GRACE);
                    hard_restore();
                    // SAFETY: _exit skips atexit handlers and stdio flushing, which could
                    // block on locks the stuck event loop holds.
                    unsafe { libc::_exit(128 + sig) };
                }
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
        });
}
