//! Signals, through `signal-hook`: each signal the app handles writes to a self-pipe whose
//! read end the event loop waits on ([`Signals::fd`]), next to the terminal and the file
//! watcher; the loop then asks [`Signals::pending`] what arrived. Nothing polls on a timer.
//!
//! - SIGINT, SIGQUIT, SIGTERM, SIGHUP end the app: terminal restored, exit code 128 + n.
//! - SIGTSTP (and Ctrl-Z, which raw mode delivers as a key) suspends: terminal restored, then
//!   the default stop; SIGCONT (`fg`) enters raw mode and the alternate screen again and
//!   redraws everything.
//! - SIGWINCH only wakes the loop: crossterm turns it into a resize event.
//! - SIGALRM, SIGUSR1 and SIGUSR2 are caught and ignored. Their default action kills the app
//!   with the terminal left raw, and none of them is a request to quit: Go TUIs such as k9s
//!   and lazygit catch and ignore them (the Go runtime's rule for signals nobody asked for),
//!   and vim keeps running on SIGUSR1 and SIGALRM.
//!
//! A second ending signal while the first is still being handled restores the terminal from
//! the handler itself and exits at once; so does the first one that arrives while the loop is
//! inside crossterm's reader ([`reading`]): that reader retries a read that returns end-of-file
//! forever, so a terminal that hangs up in the instant between the loop's poll(2) and the read
//! would otherwise keep the app spinning, with the SIGHUP recorded and never looked at.

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::signal::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGWINCH,
};
use signal_hook::iterator::backend::SignalDelivery;
use signal_hook::iterator::exfiltrator::SignalOnly;

/// The signals that end the app (exit code 128 + n).
pub const ENDING: [i32; 4] = [SIGINT, SIGQUIT, SIGTERM, SIGHUP];
/// The signals caught so that they do nothing (see the module's text for why).
pub const IGNORED: [i32; 3] = [SIGALRM, SIGUSR1, SIGUSR2];

/// What the event loop does about the signals that arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Restore the terminal and exit with 128 + this number.
    End(i32),
    /// Restore the terminal and stop (SIGTSTP).
    Suspend,
    /// Continued after a stop: enter the terminal again and redraw (SIGCONT).
    Resume,
    /// Only a wake-up: the terminal's size or an ignored signal.
    Wake,
}

/// Set by the first ending signal; a second one exits from the handler.
static ENDING_SEEN: AtomicBool = AtomicBool::new(false);
/// The event loop is inside crossterm's reader (see [`reading`]).
static READING: AtomicBool = AtomicBool::new(false);

/// Runs `read` (a call into crossterm's reader) with ending signals acted on at once, from
/// the handler: the loop cannot look at the self-pipe until the call returns, and on a
/// terminal that hung up meanwhile it never does.
pub fn reading<T>(read: impl FnOnce() -> T) -> T {
    READING.store(true, Ordering::SeqCst);
    let out = read();
    READING.store(false, Ordering::SeqCst);
    out
}

/// The signals the app handles, delivered through a self-pipe.
pub struct Signals {
    delivery: SignalDelivery<UnixStream, SignalOnly>,
}

impl Signals {
    /// Installs the handlers (call once, before entering raw mode).
    pub fn install() -> io::Result<Signals> {
        let (read, write) = UnixStream::pair()?;
        read.set_nonblocking(true)?;
        write.set_nonblocking(true)?;
        let all = ENDING
            .into_iter()
            .chain(IGNORED)
            .chain([SIGTSTP, SIGCONT, SIGWINCH]);
        let delivery = SignalDelivery::with_pipe(read, write, SignalOnly, all)?;
        for sig in ENDING {
            // SAFETY: the action only touches an atomic and then calls
            // `terminal::hard_restore` (write(2), tcsetattr(3)) and `_exit`, all
            // async-signal-safe.
            unsafe {
                signal_hook::low_level::register(sig, move || {
                    if ENDING_SEEN.swap(true, Ordering::SeqCst) || READING.load(Ordering::SeqCst) {
                        super::terminal::hard_restore();
                        libc::_exit(128 + sig);
                    }
                })?;
            }
        }
        Ok(Signals { delivery })
    }

    /// The descriptor that becomes readable when a signal arrived.
    pub fn fd(&self) -> RawFd {
        self.delivery.get_read().as_raw_fd()
    }

    /// What arrived since the last call (never blocks): an ending signal first, then a
    /// suspend, then a resume.
    pub fn pending(&mut self) -> Vec<Signal> {
        let mut out: Vec<Signal> = self.delivery.pending().map(classify).collect();
        out.sort_by_key(|s| match s {
            Signal::End(_) => 0,
            Signal::Suspend => 1,
            Signal::Resume => 2,
            Signal::Wake => 3,
        });
        out.dedup();
        out
    }
}

fn classify(sig: i32) -> Signal {
    match sig {
        s if ENDING.contains(&s) => Signal::End(s),
        SIGTSTP => Signal::Suspend,
        SIGCONT => Signal::Resume,
        _ => Signal::Wake,
    }
}

/// Stops the process as SIGTSTP's default action would (the caller restored the terminal
/// first); returns once it is continued (`fg`).
pub fn stop() {
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_are_sorted_by_what_they_ask() {
        assert_eq!(classify(SIGINT), Signal::End(2));
        assert_eq!(classify(SIGQUIT), Signal::End(3));
        assert_eq!(classify(SIGHUP), Signal::End(1));
        assert_eq!(classify(SIGTERM), Signal::End(15));
        assert_eq!(classify(SIGTSTP), Signal::Suspend);
        assert_eq!(classify(SIGCONT), Signal::Resume);
        for s in IGNORED.into_iter().chain([SIGWINCH]) {
            assert_eq!(classify(s), Signal::Wake);
        }
    }
}
