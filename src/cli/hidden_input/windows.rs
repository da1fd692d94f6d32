//! Hidden input on Windows: the console in raw mode (crossterm: no echo, no line editing,
//! Ctrl-C a key), keys read as events; Ctrl-C puts the console back and ends the process
//! with exit status 130 (as on Unix); Ctrl-Break and the console closing put it back before
//! Windows ends the process (a console control handler).

use std::io::{self, Write};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use windows_sys::Win32::System::Console::{CTRL_C_EVENT, SetConsoleCtrlHandler};
use zeroize::Zeroizing;

use super::{Key, Line};

/// Raw mode on until dropped.
struct Hidden(());

impl Hidden {
    fn new() -> io::Result<Hidden> {
        // SAFETY: registers a handler function with the system's signature.
        unsafe {
            SetConsoleCtrlHandler(Some(on_control), 1);
        }
        enable_raw_mode()?;
        Ok(Hidden(()))
    }
}

impl Drop for Hidden {
    fn drop(&mut self) {
        let _ = disable_raw_mode();
        // SAFETY: removes the handler registered in `new`.
        unsafe {
            SetConsoleCtrlHandler(Some(on_control), 0);
        }
    }
}

/// Ctrl-Break, close, log-off, shut-down: the console back, then Windows' default action.
/// Ctrl-C as an event (from outside, or a console that sends it despite raw mode, as Wine's
/// does): the console back and exit status 130, as the key does.
unsafe extern "system" fn on_control(kind: u32) -> windows_sys::core::BOOL {
    let _ = disable_raw_mode();
    eprintln!();
    if kind == CTRL_C_EVENT {
        std::process::exit(130);
    }
    0
}

pub(super) fn read_line(prompt: &str) -> io::Result<Zeroizing<String>> {
    // Echo off before the prompt shows: what is typed as soon as it appears is hidden too.
    let hidden = Hidden::new()?;
    eprint!("{prompt}: ");
    let _ = io::stderr().flush();
    let mut line = Line::default();
    loop {
        let Event::Key(k) = event::read()? else {
            continue;
        };
        if k.kind == KeyEventKind::Release {
            continue;
        }
        let ctrl =
            k.modifiers.contains(KeyModifiers::CONTROL) && !k.modifiers.contains(KeyModifiers::ALT);
        let key = match k.code {
            KeyCode::Char('c') if ctrl => {
                drop(hidden);
                eprintln!();
                std::process::exit(130);
            }
            KeyCode::Char('u') if ctrl => Key::Kill,
            KeyCode::Char('d') if ctrl => Key::End,
            KeyCode::Char(_) if ctrl => Key::Ignore,
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Backspace => Key::Erase,
            KeyCode::Enter => Key::Enter,
            _ => Key::Ignore,
        };
        if line.apply(key) {
            break;
        }
    }
    drop(hidden);
    eprintln!();
    Ok(line.0)
}
