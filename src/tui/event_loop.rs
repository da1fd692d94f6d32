//! The terminal session: raw mode, the alternate screen and mouse capture on, events in,
//! frames out, and everything restored on exit and on panic.

use std::io::{self, stdout};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;

use super::app::App;
use super::keymap::Action;

/// How often the file's size and time are checked for changes made elsewhere.
const TICK: Duration = Duration::from_millis(500);
/// The longest wait for an event, so that a SIGTERM/SIGHUP is noticed quickly.
const POLL: Duration = Duration::from_millis(100);

/// Runs the app in the terminal until it quits; `Some(signal)` when SIGTERM or SIGHUP ended it.
pub fn run(app: &mut App) -> io::Result<Option<i32>> {
    // ratatui's hook restores raw mode and the screen; ours also stops the mouse capture and
    // bracketed paste. The hook already installed (color-eyre's, from main) still prints the
    // report.
    super::signals::save_terminal();
    let mut terminal = ratatui::try_init()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        hook(info);
    }));
    super::signals::spawn_watcher();
    let result = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)
        .and_then(|()| event_loop(&mut terminal, app));
    restore();
    result
}

/// Mouse capture and bracketed paste off, raw mode off, the main screen back.
fn restore() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<Option<i32>> {
    let size = terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let mut last_tick = Instant::now();
    let mut first = true;
    while !app.quit {
        terminal.draw(|frame| crate::ui::render(app, frame))?;
        if first {
            first = false;
            if super::TEST_PANIC_AFTER_FIRST_FRAME.load(std::sync::atomic::Ordering::SeqCst) {
                panic!("test panic");
            }
        }
        if let Some(text) = app.clipboard.take() {
            execute!(
                stdout(),
                CopyToClipboard::to_clipboard_from(text.as_bytes())
            )?;
        }
        if let Some(sig) = super::signals::received() {
            return Ok(Some(sig));
        }
        let timeout = TICK.saturating_sub(last_tick.elapsed()).min(POLL);
        if event::poll(timeout)?
            && let Some(action) = to_action(app, event::read()?)
        {
            app.update(action);
        }
        if last_tick.elapsed() >= TICK {
            app.update(Action::Tick);
            last_tick = Instant::now();
        }
    }
    Ok(None)
}

/// A terminal event as an action (key presses go through the mode's key table).
fn to_action(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => super::keymap::action_for(app.mode, &k),
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
