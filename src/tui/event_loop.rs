//! The terminal session: raw mode, the alternate screen and mouse capture on, then a loop that
//! sleeps in poll(2) on three sources (the terminal's input, the signal self-pipe, the file
//! watcher's pipe) with no timer, and draws only after something happened; everything is
//! restored on exit, on a panic, on an ending signal and around a suspend.

use std::io::{self, Write};
use std::os::fd::RawFd;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::TerminalOptions;
use ratatui::Viewport;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use super::app::App;
use super::keymap::Action;
use super::signals::{Signal, Signals};
use super::terminal::{self, Out, Tty};
use super::watch::Watch;

type Term = Terminal<CrosstermBackend<Out>>;

/// Runs the app in the terminal until it quits; `Some(signal)` when a signal ended it.
pub fn run(app: &mut App, tty: Tty, mut signals: Signals) -> io::Result<Option<i32>> {
    let input = tty.input_fd();
    let (width, height) = terminal::size()?;
    let area = Rect::new(0, 0, width, height);
    // A fixed viewport: ratatui would otherwise ask for the size (opening /dev/tty) on every
    // frame; resizes come as events and are applied with `Terminal::resize`.
    let mut term = Terminal::with_options(
        CrosstermBackend::new(tty.out),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )?;
    terminal::restore_on_panic();
    terminal::enter(term.backend_mut())?;
    app.update(Action::Resize { width, height });
    let result = match event_loop(&mut term, app, input, &mut signals) {
        // An error from a terminal that hung up meanwhile (its size, a write): a hang-up.
        Err(_) if hung_up(input) => Ok(Some(libc::SIGHUP)),
        r => r,
    };
    let restored = terminal::leave(term.backend_mut());
    let code = result?;
    // After a hang-up the restore fails (the terminal is gone), and so would a message about
    // it: the exit code says what happened.
    if code.is_none() {
        restored?;
    } else {
        // The terminal is restored already; ratatui's drop would show the cursor once more
        // and, on a terminal that hung up, panic printing why it could not.
        std::mem::forget(term);
    }
    Ok(code)
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

/// Sleeps until one of the descriptors is readable (or `timeout`, for the fallback file
/// poll); EINTR is a wake-up with nothing ready.
fn wait(input: RawFd, signals: RawFd, file: RawFd, timeout: Option<Duration>) -> io::Result<Ready> {
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

/// The terminal hung up: no more input will come (one poll(2) that does not wait).
fn hung_up(input: RawFd) -> bool {
    let mut fd = libc::pollfd {
        fd: input,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll(2) on one pollfd we own, without waiting.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

fn event_loop(
    term: &mut Term,
    app: &mut App,
    input: RawFd,
    signals: &mut Signals,
) -> io::Result<Option<i32>> {
    let mut dirty = true;
    let mut started = false;
    let mut watch: Option<Watch> = None;
    loop {
        if app.quit {
            return Ok(None);
        }
        if dirty {
            draw(term, app)?;
            dirty = false;
        }
        // Watching starts after the first frame: it is not needed to show it. A change made
        // between the load and the watch is caught by one look at the file's size and time.
        let watch = match &mut watch {
            Some(w) => w,
            None => {
                let w = watch.insert(Watch::new(&app.file.path)?);
                dirty |= file_changed(app);
                w
            }
        };
        let ready = if started {
            wait(input, signals.fd(), watch.fd(), watch.timeout())?
        } else {
            // Right after the first frame: crossterm's reader starts here (it registers its
            // own SIGWINCH handler then), and keys typed during start-up are read. A resize
            // before that handler existed is caught by asking for the size again.
            started = true;
            if hung_up(input) {
                return Ok(Some(libc::SIGHUP));
            }
            super::signals::reading(|| event::poll(Duration::ZERO))?;
            let (width, height) = terminal::size()?;
            if Rect::new(0, 0, width, height) != term.get_frame().area() {
                term.resize(Rect::new(0, 0, width, height))?;
                app.update(Action::Resize { width, height });
                dirty = true;
            }
            Ready {
                input: true,
                ..Ready::default()
            }
        };
        if ready.signal {
            for s in signals.pending() {
                match s {
                    Signal::End(sig) => return Ok(Some(sig)),
                    Signal::Suspend => {
                        if let Some(sig) = suspend(term, signals)? {
                            return Ok(Some(sig));
                        }
                        dirty = true;
                    }
                    Signal::Resume => {
                        resume(term)?;
                        dirty = true;
                    }
                    Signal::Wake => {}
                }
            }
        }
        if ready.hangup {
            return Ok(Some(libc::SIGHUP));
        }
        if (ready.file || watch.timeout().is_some()) && watch.changed() {
            dirty |= file_changed(app);
        }
        // Crossterm reads the terminal (and its own SIGWINCH pipe); take every event it has
        // parsed before sleeping again. A signal woke us too: a resize may be waiting.
        if ready.input || ready.signal {
            while super::signals::reading(|| event::poll(Duration::ZERO))? {
                let ev = super::signals::reading(event::read)?;
                if is_suspend_key(&ev) {
                    if let Some(sig) = suspend(term, signals)? {
                        return Ok(Some(sig));
                    }
                    dirty = true;
                } else if let Some(action) = to_action(app, ev) {
                    if let Action::Resize { width, height } = action {
                        term.resize(Rect::new(0, 0, width, height))?;
                    }
                    app.update(action);
                    dirty = true;
                }
                if app.quit {
                    break;
                }
            }
        }
    }
}

/// Tells the app that the file may have changed on disk (it compares and reloads); `true`
/// when it did reload, so that only then a frame is drawn (our own writes also wake the
/// watcher, and a frame with nothing new still costs bytes on the terminal).
fn file_changed(app: &mut App) -> bool {
    let held = app.file.bytes().map(<[u8]>::as_ptr);
    app.update(Action::Tick);
    app.file.bytes().map(<[u8]>::as_ptr) != held
}

fn draw(term: &mut Term, app: &mut App) -> io::Result<()> {
    term.draw(|frame| crate::ui::render(app, frame))?;
    #[cfg(debug_assertions)]
    if super::TEST_PANIC_AFTER_FIRST_FRAME.swap(false, std::sync::atomic::Ordering::SeqCst) {
        panic!("test panic");
    }
    if let Some(text) = app.clipboard.take() {
        execute!(
            term.backend_mut(),
            CopyToClipboard::to_clipboard_from(text.as_bytes())
        )?;
    }
    Ok(())
}

/// Ctrl-Z: raw mode turns off the terminal's own SIGTSTP, so the key arrives as an event.
fn is_suspend_key(ev: &Event) -> bool {
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

/// Restores the terminal, stops the process (SIGTSTP's default), and once continued (`fg`)
/// enters the terminal again and clears it so that the next frame is drawn whole. The
/// SIGCONT that woke it is taken here; an ending signal that came meanwhile is returned.
fn suspend(term: &mut Term, signals: &mut Signals) -> io::Result<Option<i32>> {
    terminal::leave(term.backend_mut())?;
    super::signals::stop();
    let ending = signals.pending().into_iter().find_map(|s| match s {
        Signal::End(sig) => Some(sig),
        _ => None,
    });
    if ending.is_some() {
        return Ok(ending);
    }
    resume(term)?;
    Ok(None)
}

/// After a SIGCONT: raw mode and the alternate screen again (the shell put the terminal back
/// in cooked mode), and a full redraw at the current size.
fn resume(term: &mut Term) -> io::Result<()> {
    terminal::enter(term.backend_mut())?;
    let (width, height) = terminal::size()?;
    // Clears the screen and forgets the last frame, so the next one is drawn whole (unlike
    // `Terminal::clear`, it does not ask the terminal where the cursor is).
    term.resize(Rect::new(0, 0, width, height))?;
    term.backend_mut().flush()
}

/// A terminal event as an action (key presses go through the mode's key table).
fn to_action(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            super::keymap::action_for(app.mode(), &k)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                down: false,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Paste(text) => Some(Action::Paste(super::field::PasteText::new(text))),
        _ => None,
    }
}
