//! How the loop sleeps on Windows: on one channel, fed by a thread blocking in crossterm's
//! console reader, by the file watcher's callback, and by the console's control handler
//! (the Windows counterpart of the Unix signals: Ctrl-Break, the console window closing,
//! log-off and shut-down end the app with the console restored). No timer.
//!
//! The reader thread ends before the app leaves raw mode: [`Waiter::stop`] raises a flag and
//! writes one focus event into the console's input, which wakes the blocked read; the thread
//! sees the flag and returns without reading further (so it never takes a key meant for the
//! shell). There is no job control on Windows: no suspend (Ctrl-Z is an ordinary key).

use std::io;
use std::os::windows::io::AsRawHandle;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};
use windows_sys::Win32::System::Console::{
    CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, FOCUS_EVENT, FOCUS_EVENT_RECORD,
    INPUT_RECORD, INPUT_RECORD_0, SetConsoleCtrlHandler, WriteConsoleInputW,
};

use super::Wake;
use crate::tui::terminal::Tty;

/// The exit code's "signal" when the console went away (128 + 1, as a Unix hang-up).
pub const HANG_UP: i32 = 1;
/// Ctrl-C (a key in raw mode; the event comes only from outside, `GenerateConsoleCtrlEvent`).
const INTERRUPT: i32 = 2;
/// Ctrl-Break: SIGBREAK's number in the C runtime.
const BREAK: i32 = 21;

/// Where the control handler sends (set while the loop runs).
static CONTROL: Mutex<Option<Sender<Wake>>> = Mutex::new(None);
/// The console is restored: the control handler of a closing console may return (Windows
/// ends the process when it does).
static RESTORED: AtomicBool = AtomicBool::new(false);

pub struct Waiter {
    send: Sender<Wake>,
    recv: Receiver<Wake>,
    reader: Option<JoinHandle<()>>,
    stopping: Arc<AtomicBool>,
}

impl Waiter {
    /// Registers the console control handler.
    pub fn install(_tty: &Tty) -> io::Result<Waiter> {
        let (send, recv) = mpsc::channel();
        *CONTROL.lock().unwrap_or_else(|e| e.into_inner()) = Some(send.clone());
        // SAFETY: registers a handler function with the system's signature.
        if unsafe { SetConsoleCtrlHandler(Some(on_control), 1) } == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Waiter {
            send,
            recv,
            reader: None,
            stopping: Arc::new(AtomicBool::new(false)),
        })
    }

    /// What the watcher calls after an event about the file.
    pub fn file_waker(&self) -> io::Result<impl FnMut() + Send + 'static> {
        let send = self.send.clone();
        Ok(move || {
            let _ = send.send(Wake::File);
        })
    }

    /// Sleeps until something happens (or `timeout`, for the fallback file poll).
    pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Vec<Wake>> {
        if self.reader.is_none() {
            self.reader = Some(self.start_reader());
            return Ok(vec![Wake::Started]);
        }
        let first = match timeout {
            None => self.recv.recv().ok(),
            Some(t) => match self.recv.recv_timeout(t) {
                Ok(w) => Some(w),
                Err(RecvTimeoutError::Timeout) => return Ok(Vec::new()),
                Err(RecvTimeoutError::Disconnected) => None,
            },
        };
        // The channel cannot close while the waiter holds a sender; if it ever did, waiting
        // again would return at once, forever: end instead.
        let Some(first) = first else {
            return Ok(vec![Wake::End(HANG_UP)]);
        };
        let mut out = vec![first];
        out.extend(self.recv.try_iter());
        Ok(out)
    }

    /// The thread that blocks in crossterm's reader and forwards each event; a read error
    /// (the console is gone) ends the app as a hang-up.
    fn start_reader(&self) -> JoinHandle<()> {
        let send = self.send.clone();
        let stopping = self.stopping.clone();
        std::thread::spawn(move || {
            loop {
                let ev = event::read();
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                let wake = match ev {
                    Ok(ev) => Wake::Input(ev),
                    Err(_) => Wake::End(HANG_UP),
                };
                let last = matches!(wake, Wake::End(_));
                if send.send(wake).is_err() || last {
                    return;
                }
            }
        })
    }

    /// Whether the console is gone (a read error already said so).
    pub fn hung_up(&self) -> bool {
        false
    }

    /// No suspend on Windows.
    pub fn is_suspend_key(&self, _ev: &Event) -> bool {
        false
    }

    /// Never called: there is no suspend on Windows.
    pub fn stop_process(&mut self) -> Option<i32> {
        None
    }

    /// Ends the reader thread: the flag, then a focus event that wakes its read; waits for it.
    pub fn stop(&mut self) {
        let Some(reader) = self.reader.take() else {
            return;
        };
        self.stopping.store(true, Ordering::SeqCst);
        let stopping = self.stopping.clone();
        // The next `wait` starts a reader again (after an editor ran on the console).
        let _rearm = Rearm(stopping);
        if wake_reader().is_ok() {
            let _ = reader.join();
        }
    }

    /// The console is restored: a closing console's handler may let Windows end the process.
    pub fn restored(&self) {
        RESTORED.store(true, Ordering::SeqCst);
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        self.stop();
        *CONTROL.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// One focus event written into the console's input: crossterm's read returns it.
fn wake_reader() -> io::Result<()> {
    let conin = std::fs::File::options()
        .read(true)
        .write(true)
        .open("CONIN$")?;
    let record = INPUT_RECORD {
        EventType: FOCUS_EVENT as u16,
        Event: INPUT_RECORD_0 {
            FocusEvent: FOCUS_EVENT_RECORD { bSetFocus: 1 },
        },
    };
    let mut written = 0u32;
    // SAFETY: one INPUT_RECORD we own, written to a console input handle we opened.
    let ok = unsafe { WriteConsoleInputW(conin.as_raw_handle(), &record, 1, &mut written) };
    if ok == 0 || written != 1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The console's control handler (on a thread of its own): the event goes to the loop. For
/// the console closing (and log-off, shut-down), Windows ends the process when this returns,
/// so it waits (a few seconds at most, Windows' own limit) for the loop to restore the
/// console first; if the loop is not running, the console is restored from here.
unsafe extern "system" fn on_control(kind: u32) -> windows_sys::core::BOOL {
    let sig = match kind {
        CTRL_C_EVENT => INTERRUPT,
        CTRL_BREAK_EVENT => BREAK,
        _ => HANG_UP,
    };
    let sent = CONTROL
        .lock()
        .ok()
        .and_then(|s| s.as_ref().map(|s| s.send(Wake::End(sig)).is_ok()))
        .unwrap_or(false);
    if !sent {
        crate::tui::terminal::hard_restore();
        return 0;
    }
    if kind >= CTRL_CLOSE_EVENT {
        let start = Instant::now();
        while !RESTORED.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(4) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    1
}

/// Lowers the stop flag when dropped, once the reader it stopped has ended.
struct Rearm(Arc<AtomicBool>);

impl Drop for Rearm {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}
