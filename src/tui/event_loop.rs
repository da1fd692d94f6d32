//! The terminal session: raw mode, the alternate screen and mouse capture on, then a loop that
//! sleeps until something happens (a key, a resize, a signal or console event, a change of
//! the file) with no timer, and draws only after something happened; everything is restored
//! on exit, on a panic, on an ending signal and around a suspend (Unix). How the loop sleeps
//! is the platform's: poll(2) on the terminal, a signal self-pipe and the watcher's pipe on
//! Unix ([`unix`]); one channel fed by a thread reading the console and by the watcher on
//! Windows ([`windows`]).

use std::io::{self, Write};

use ratatui::Terminal;
use ratatui::TerminalOptions;
use ratatui::Viewport;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use super::app::App;
use super::app::keymap::Action;
use super::terminal::{self, Out, Tty};
use super::watch::Watch;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::{HANG_UP, Waiter};
#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::{HANG_UP, Waiter};

type Term = Terminal<CrosstermBackend<Out>>;

/// What woke the loop up (one of a batch the waiter returns).
pub enum Wake {
    /// The first wake-up, right after the first frame: the terminal's reader has started
    /// (on Unix crossterm registers its SIGWINCH handler then); a resize before that is
    /// caught by asking for the size again.
    Started,
    /// A key, a click, a paste or a resize.
    Input(Event),
    /// The watcher saw an event about the file.
    File,
    /// End the app: restore the terminal and exit with 128 + this number (a signal on Unix;
    /// on Windows 2 for Ctrl-C, 21 for Ctrl-Break, 1 for the console closing, as a hang-up).
    End(i32),
    /// Restore the terminal and stop (SIGTSTP or Ctrl-Z; Unix only).
    Suspend,
    /// Continued after a stop: enter the terminal again and redraw (SIGCONT; Unix only).
    Resume,
}

/// Runs the app in the terminal until it quits; `Some(n)` when a signal (or a console
/// event) ended it, for the exit code 128 + n.
pub fn run(app: &mut App, tty: Tty, mut waiter: Waiter) -> io::Result<Option<i32>> {
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
    terminal::enter(term.backend_mut())?;
    app.update(Action::Resize { width, height });
    let result = match event_loop(&mut term, app, &mut waiter) {
        // An error from a terminal that hung up meanwhile (its size, a write): a hang-up.
        Err(_) if waiter.hung_up() => Ok(Some(HANG_UP)),
        r => r,
    };
    // The reader stops before the terminal leaves raw mode (on Windows a thread reads it).
    waiter.stop();
    let restored = terminal::leave(term.backend_mut());
    waiter.restored();
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

fn event_loop(term: &mut Term, app: &mut App, waiter: &mut Waiter) -> io::Result<Option<i32>> {
    let mut dirty = true;
    let mut watch: Option<Watch> = None;
    loop {
        if app.quit() {
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
                let w = watch.insert(Watch::new(&app.file().path, waiter.file_waker()?));
                dirty |= file_changed(app);
                w
            }
        };
        let mut file = false;
        // No timer while idle: the fallback file poll (no watcher), and a write waiting for
        // the lock, are the only reasons to wake up on time.
        let timeout = match (watch.timeout(), app.lock_retry()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for wake in waiter.wait(timeout)? {
            match wake {
                Wake::End(sig) => return Ok(Some(sig)),
                Wake::Started => {
                    let (width, height) = terminal::size()?;
                    if Rect::new(0, 0, width, height) != term.get_frame().area() {
                        term.resize(Rect::new(0, 0, width, height))?;
                        app.update(Action::Resize { width, height });
                        dirty = true;
                    }
                }
                Wake::File => file = true,
                Wake::Suspend => {
                    if let Some(sig) = suspend(term, waiter)? {
                        return Ok(Some(sig));
                    }
                    dirty = true;
                }
                Wake::Resume => {
                    resume(term)?;
                    dirty = true;
                }
                Wake::Input(ev) => {
                    if app.quit() {
                        continue;
                    }
                    if waiter.is_suspend_key(&ev) {
                        if let Some(sig) = suspend(term, waiter)? {
                            return Ok(Some(sig));
                        }
                        dirty = true;
                    } else if let Some(action) = to_action(app, ev) {
                        if let Action::Resize { width, height } = action {
                            term.resize(Rect::new(0, 0, width, height))?;
                        }
                        app.update(action);
                        if let Some(req) = app.effects_mut().take_editor() {
                            edit_file(term, waiter, app, &req)?;
                        }
                        dirty = true;
                    }
                }
            }
        }
        if (file || watch.timeout().is_some()) && watch.changed() {
            dirty |= file_changed(app);
        }
        if app.lock_retry().is_some() {
            app.retry_write();
            dirty = true;
        }
    }
}

/// Tells the app that the file may have changed on disk (it compares and reloads); `true`
/// when it did reload, so that only then a frame is drawn (our own writes also wake the
/// watcher, and a frame with nothing new still costs bytes on the terminal).
fn file_changed(app: &mut App) -> bool {
    let held = app.file().bytes().map(<[u8]>::as_ptr);
    app.update(Action::Tick);
    app.file().bytes().map(<[u8]>::as_ptr) != held
}

fn draw(term: &mut Term, app: &mut App) -> io::Result<()> {
    term.draw(|frame| super::ui::render(app, frame))?;
    #[cfg(debug_assertions)]
    if super::TEST_PANIC_AFTER_FIRST_FRAME.swap(false, std::sync::atomic::Ordering::SeqCst) {
        panic!("test panic");
    }
    if let Some(text) = app.effects_mut().take_clipboard() {
        execute!(
            term.backend_mut(),
            CopyToClipboard::to_clipboard_from(text.as_bytes())
        )?;
    }
    Ok(())
}

/// Restores the terminal, stops the process (SIGTSTP's default), and once continued (`fg`)
/// enters the terminal again and clears it so that the next frame is drawn whole. An ending
/// signal that came meanwhile is returned. Never on Windows (no job control there: the waiter
/// sends no `Suspend`, and Ctrl-Z is no suspend key).
fn suspend(term: &mut Term, waiter: &mut Waiter) -> io::Result<Option<i32>> {
    terminal::leave(term.backend_mut())?;
    if let Some(sig) = waiter.stop_process() {
        return Ok(Some(sig));
    }
    resume(term)?;
    Ok(None)
}

/// `E`: the terminal restored (as for Ctrl-Z), the editor run on the file, the terminal
/// entered again; then the app reloads and says how the editor ended.
fn edit_file(
    term: &mut Term,
    waiter: &mut Waiter,
    app: &mut App,
    req: &super::app::editor::EditorRequest,
) -> io::Result<()> {
    // On Windows the console reader thread would take the editor's keys: it stops here and
    // the next wait starts another.
    waiter.stop();
    terminal::leave(term.backend_mut())?;
    let result = super::editor::run(req);
    resume(term)?;
    app.editor_done(req, result);
    Ok(())
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
            super::app::keymap::action_for(app.mode(), &k)
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
        Event::Paste(text) => Some(Action::Paste(super::app::field::PasteText::new(text))),
        _ => None,
    }
}
