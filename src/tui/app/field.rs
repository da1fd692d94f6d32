//! Text fields the app types into: a buffer wiped when dropped or cleared (`zeroize`), a cursor,
//! and a `Debug` that never prints the text. Used for token ids and secrets, profile names and
//! values; pasted text travels in a [`PasteText`], wiped the same way.

use zeroize::{Zeroize, Zeroizing};

/// Room reserved up front so that typing a token never reallocates (a reallocation would
/// leave a copy of the text behind in freed memory).
const RESERVE: usize = 256;

/// A single-line text buffer with a cursor (in characters).
pub struct Field {
    text: Zeroizing<String>,
    cursor: usize,
}

impl Default for Field {
    fn default() -> Self {
        Field::new("")
    }
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Field(\"{}\")", "•".repeat(self.len().min(8)))
    }
}

impl Field {
    pub fn new(text: &str) -> Field {
        let mut s = Zeroizing::new(String::with_capacity(RESERVE.max(text.len() * 2)));
        s.push_str(text);
        Field {
            cursor: text.chars().count(),
            text: s,
        }
    }

    pub fn value(&self) -> &str {
        &self.text
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.text.chars().count()
    }

    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_pos: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_pos)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Makes room for `extra` more bytes without leaving an unwiped copy behind.
    fn reserve(&mut self, extra: usize) {
        if self.text.len() + extra > self.text.capacity() {
            let mut bigger = Zeroizing::new(String::with_capacity((self.text.len() + extra) * 2));
            bigger.push_str(&self.text);
            self.text = bigger; // the old buffer is wiped as it drops
        }
    }

    /// Inserts text at the cursor; control characters are dropped.
    pub fn insert_str(&mut self, s: &str) {
        let clean: Zeroizing<String> =
            Zeroizing::new(s.chars().filter(|c| !c.is_control()).collect());
        self.reserve(clean.len());
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn insert(&mut self, c: char) {
        if !c.is_control() {
            let mut b = [0u8; 4];
            self.insert_str(c.encode_utf8(&mut b));
        }
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    /// Wipes the text (Ctrl-U).
    pub fn clear(&mut self) {
        self.text.zeroize();
        self.cursor = 0;
    }

    /// Applies an editing key; `true` when the key was one.
    pub fn handle_key(&mut self, ev: &ratatui::crossterm::event::KeyEvent) -> bool {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match ev.code {
            KeyCode::Char('u') if ctrl => self.clear(),
            KeyCode::Char('a') if ctrl => self.home(),
            KeyCode::Char('e') if ctrl => self.end(),
            KeyCode::Char(c) if !ctrl && !ev.modifiers.contains(KeyModifiers::ALT) => {
                self.insert(c)
            }
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => return false,
        }
        true
    }

    /// The part of the text to draw in `room` cells, scrolled so that the cursor shows, and
    /// the cursor's column in it. Widths are display widths (a CJK character takes two
    /// cells); masked text is one `•` per character.
    pub fn window(&self, masked: bool, room: usize) -> (Zeroizing<String>, usize) {
        use unicode_width::UnicodeWidthChar;
        let room = room.max(1);
        let shown = self.shown(masked);
        let widths: Vec<(char, usize)> =
            shown.chars().map(|c| (c, c.width().unwrap_or(0))).collect();
        // Drop characters from the left until the cursor fits (with a cell for itself).
        let mut start = 0;
        let upto = |from: usize| -> usize {
            widths[from..self.cursor.min(widths.len())]
                .iter()
                .map(|w| w.1)
                .sum()
        };
        while start < self.cursor && upto(start) + 1 > room {
            start += 1;
        }
        let mut out = Zeroizing::new(String::new());
        let mut used = 0;
        for &(c, w) in &widths[start..] {
            if used + w > room {
                break;
            }
            out.push(c);
            used += w;
        }
        (out, upto(start))
    }

    /// What to draw: the text, or one `•` per character when `masked`.
    pub fn shown(&self, masked: bool) -> Zeroizing<String> {
        if masked {
            Zeroizing::new("•".repeat(self.len()))
        } else {
            Zeroizing::new(self.text.to_string())
        }
    }
}

/// Text pasted into the terminal (bracketed paste), trimmed; wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct PasteText(pub Zeroizing<String>);

impl PasteText {
    /// Takes the pasted `String`, keeps it trimmed, and wipes the original.
    pub fn new(mut raw: String) -> PasteText {
        let t = PasteText(Zeroizing::new(raw.trim().to_string()));
        raw.zeroize();
        t
    }
}

impl std::fmt::Debug for PasteText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasteText(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_and_masking() {
        let mut f = Field::new("as-");
        f.insert_str("abc");
        f.left();
        f.backspace();
        assert_eq!(f.value(), "as-ac");
        f.home();
        f.delete();
        assert_eq!(f.value(), "s-ac");
        assert_eq!(f.shown(true).as_str(), "••••");
        assert_eq!(format!("{f:?}"), "Field(\"••••\")");
        f.insert_str(&"x".repeat(1000));
        assert_eq!(f.len(), 1004);
        f.clear();
        assert!(f.is_empty() && f.cursor() == 0);
    }

    #[test]
    fn the_window_counts_display_cells() {
        let f = Field::new("日本語abc");
        let (text, col) = f.window(false, 20);
        assert_eq!((text.as_str(), col), ("日本語abc", 9));
        let (text, col) = f.window(false, 5);
        assert_eq!((text.as_str(), col), ("abc", 3));
        let mut f = Field::new("日本語");
        f.home();
        let (text, col) = f.window(false, 4);
        assert_eq!((text.as_str(), col), ("日本", 0));
        assert_eq!(f.window(true, 10).0.as_str(), "•••");
    }

    #[test]
    fn paste_is_trimmed_and_hidden_in_debug() {
        let p = PasteText::new("  as-secret\n".to_string());
        assert_eq!(p.0.as_str(), "as-secret");
        assert!(!format!("{p:?}").contains("secret"));
        let mut f = Field::default();
        f.insert_str("a\tb\nc");
        assert_eq!(f.value(), "abc");
    }
}
