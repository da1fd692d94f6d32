//! A line typed on the terminal without echo (`token set`'s prompts): the terminal's echo is
//! off while it is typed, and back on by every way out — a normal return, an error, a panic
//! (the guard's drop), Ctrl-C and the ending signals or console events.
//!
//! Job control (Unix): Ctrl-Z at the prompt restores the terminal and stops; on `fg` echo is
//! hidden again and the prompt printed again, saying that what was typed before is kept —
//! the line is read key by key into memory of our own (non-canonical mode), so nothing typed
//! is lost when the terminal driver flushes its queue on the suspend character, and nothing
//! is left in that queue for the shell to read. Windows has no job control: Ctrl-Z is an
//! ordinary key there (ignored at this prompt).
//!
//! Editing at the prompt: Backspace removes the last character, Ctrl-U the whole line,
//! Enter ends it.

use std::io;

use zeroize::Zeroizing;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as sys;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as sys;

/// What the prompt says again after a suspend, after the prompt itself.
#[cfg(unix)]
const KEPT_NOTE: &str = "(what you typed before is kept; go on)";

/// Prints `prompt: ` on standard error and reads one line from the terminal (standard
/// input) without echo. Ctrl-C ends the process as it would anywhere (exit status 130).
pub fn read_line(prompt: &str) -> io::Result<Zeroizing<String>> {
    sys::read_line(prompt)
}

/// The line being typed: characters in, edits, and the text at the end (wiped when dropped).
#[derive(Default)]
struct Line(Zeroizing<String>);

/// What one key does to the line.
enum Key {
    Char(char),
    Erase,
    Kill,
    Enter,
    /// End of input (Ctrl-D on an empty line, a terminal that hung up).
    End,
    Ignore,
}

impl Line {
    /// Applies `key`; `true` when the line is finished.
    fn apply(&mut self, key: Key) -> bool {
        match key {
            Key::Char(c) => self.0.push(c),
            Key::Erase => {
                self.0.pop();
            }
            Key::Kill => self.0.clear(),
            Key::Enter => return true,
            Key::End => return self.0.is_empty(),
            Key::Ignore => {}
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_keys_change_the_line() {
        let mut l = Line::default();
        for k in [Key::Char('a'), Key::Char('é'), Key::Erase, Key::Char('b')] {
            assert!(!l.apply(k));
        }
        assert_eq!(l.0.as_str(), "ab");
        assert!(
            !l.apply(Key::End),
            "Ctrl-D on a non-empty line does nothing"
        );
        assert!(!l.apply(Key::Kill));
        assert_eq!(l.0.as_str(), "");
        assert!(!l.apply(Key::Ignore));
        assert!(l.apply(Key::End), "Ctrl-D on an empty line ends it");
        let mut l = Line::default();
        l.apply(Key::Char('x'));
        assert!(l.apply(Key::Enter));
        assert_eq!(l.0.as_str(), "x");
    }
}
