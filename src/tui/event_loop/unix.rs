//! How the loop sleeps on Unix: poll(2) on three descriptors (the terminal's input, the signal
//! self-pipe, the file watcher's pipe), no timer; then what is ready is read without waiting.

use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Wake;
use crate::tui::signals::{self, Signal, Signals};
use crate::tui::terminal::Tty;

/// The exit code's signal when the terminal hung up.
pub const HANG_UP: i32 = libc::SIGHUP;

pub struct Waiter {
    input: RawFd,
    signals: Signals,
    /// Readable when the file watcher saw something (the write end goes to the watcher).
    file: UnixStream,
    file_write: UnixStream,
    started: bool,
}

impl Waiter {
    /// Installs the signal handlers (before the app loads and enters raw mode).
    pub fn install(tty: &Tty) -> io::Result<Waiter> {
        let (file, file_write) = UnixStream::pair()?;
        file.set_nonblocking(true)?;
        file_write.set_nonblocking(true)?;
        Ok(Waiter {
            input: tty.input.fd(),
            signals: Signals::install()?,
            file,
            file_write,
            started: false,
        })
    }

    /// What the watcher calls after an event about the file: a byte into the pipe.
    pub fn file_waker(&self) -> io::Result<impl FnMut() + Send + 'static> {
        let mut w = self.file_write.try_clone()?;
        Ok(move || {
            let _ = w.write(&[1]);
        })
    }

    /// Sleeps until something happens (or `timeout`, for the fallback file poll; EINTR is a
    /// wake-up with nothing ready) and says what.
    pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Vec<Wake>> {
        let mut out = Vec::new();
        if !self.started {
            // Right after the first frame: crossterm's reader starts here, and keys typed
            // during start-up are read.
            self.started = true;
            if self.hung_up() {
                return Ok(vec![Wake::End(HANG_UP)]);
            }
            out.push(Wake::Started);
            self.read_events(&mut out)?;
            return Ok(out);
        }
        let ready = poll(
            self.input,
            self.signals.fd(),
            self.file.as_raw_fd(),
            timeout,
        )?;
        if ready.signal {
            for s in self.signals.pending() {
                out.push(match s {
                    Signal::End(sig) => Wake::End(sig),
                    Signal::Suspend => Wake::Suspend,
                    Signal::Resume => Wake::Resume,
                    Signal::Wake => continue,
                });
            }
        }
        if ready.hangup {
            out.push(Wake::End(HANG_UP));
        }
        if ready.file {
            let mut buf = [0u8; 256];
            while let Ok(n) = self.file.read(&mut buf) {
                if n == 0 {
                    break;
                }
            }
            out.push(Wake::File);
        }
        // Crossterm reads the terminal (and its own SIGWINCH pipe); take every event it has
        // parsed before sleeping again. A signal woke us too: a resize may be waiting.
        if !ready.hangup && (ready.input || ready.signal) {
            self.read_events(&mut out)?;
        }
        Ok(out)
    }

    fn read_events(&mut self, out: &mut Vec<Wake>) -> io::Result<()> {
        while signals::reading(|| event::poll(Duration::ZERO))? {
            out.push(Wake::Input(signals::reading(event::read)?));
        }
        Ok(())
    }

    /// The terminal hung up: no more input will come (one poll(2) that does not wait).
    pub fn hung_up(&self) -> bool {
        let mut fd = libc::pollfd {
            fd: self.input,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: poll(2) on one pollfd we own, without waiting.
        let n = unsafe { libc::poll(&mut fd, 1, 0) };
        n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
    }

    /// Ctrl-Z: raw mode turns off the terminal's own SIGTSTP, so the key arrives as an event.
    pub fn is_suspend_key(&self, ev: &Event) -> bool {
        matches!(
            ev,
            Event::Key(KeyEvent {
                code: KeyCode::Char('z'),
                modifiers: KeyModifiers::CONTROL,
                kind: KeyEventKind::Press,
                ..
            })
        )
    }

    /// Stops the process as SIGTSTP's default action would (the terminal is restored);
    /// returns once continued, with an ending signal that came meanwhile. The SIGCONT that
    /// woke it is taken here.
    pub fn stop_process(&mut self) -> Option<i32> {
        signals::stop();
        self.signals.pending().into_iter().find_map(|s| match s {
            Signal::End(sig) => Some(sig),
            _ => None,
        })
    }

    /// Nothing to stop: the loop reads the terminal itself.
    pub fn stop(&mut self) {}

    /// Nothing waits for the restore on Unix (the signal handlers restore by themselves).
    pub fn restored(&self) {}
}

/// What woke the loop up.
#[derive(Default)]
struct Ready {
    input: bool,
    signal: bool,
    file: bool,
    /// The terminal hung up (no more input will come).
    hangup: bool,
}

/// Sleeps until one of the descriptors is readable (or `timeout`); EINTR is a wake-up with
/// nothing ready.
fn poll(input: RawFd, signals: RawFd, file: RawFd, timeout: Option<Duration>) -> io::Result<Ready> {
    let mut fds = [input, signals, file].map(|fd| libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    });
    let ms = timeout.map_or(-1, |t| t.as_millis().min(i32::MAX as u128) as i32);
    // SAFETY: poll(2) on an array of pollfd we own, with its length.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        return match e.kind() {
            io::ErrorKind::Interrupted => Ok(Ready::default()),
            _ => Err(e),
        };
    }
    // A hung-up terminal reports POLLIN *with* POLLHUP, and reads end-of-file from then on:
    // that is the end of the input, not input to read (crossterm would retry the read forever).
    let bad = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
    let hangup = fds[0].revents & bad != 0;
    Ok(Ready {
        input: !hangup && fds[0].revents & libc::POLLIN != 0,
        hangup,
        signal: fds[1].revents != 0,
        file: fds[2].revents != 0,
    })
}
