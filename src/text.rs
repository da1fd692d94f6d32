//! Text from the file as it may be shown on a terminal. A profile name or a value can hold
//! characters that a terminal acts on instead of showing (ESC and the rest of C0, DEL, C1)
//! or that change or hide what is shown (bidirectional overrides, zero-width characters).
//! Human output escapes them visibly with [`visible`] (JSON stays exact), and new profile
//! names refuse the invisible ones ([`is_invisible`]).

use std::borrow::Cow;

/// A character with no width of its own that changes or hides what is shown: the
/// bidirectional marks, embeddings, overrides and isolates, the zero-width space and joiners,
/// the word joiner and invisible operators, the byte-order mark, the soft hyphen, and the
/// line and paragraph separators.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Shown escaped by [`visible`]: control characters other than the line break, and the
/// invisible ones.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n')
        || is_invisible(c)
        || crate::py::surrogate::escaped_byte(c).is_some()
}

/// `s` with every control character (but the line break) and every invisible character
/// written as the values in `show` and `explain` are (Rust's `escape_debug` form):
/// `\u{1b}`, `\u{9b}`, `\u{202e}`. Borrowed when there is nothing to escape.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            out.push_str(&escape(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A byte that was not UTF-8 in an environment value (a lone surrogate for Python) is
/// written `\xNN`, as bytes of a path are.
fn escape(c: char) -> String {
    match crate::py::surrogate::escaped_byte(c) {
        Some(b) => format!("\\x{b:02x}"),
        None => format!("\\u{{{:x}}}", c as u32),
    }
}

/// One value for a script, as a line of bytes: written as the user gave it (a byte of an
/// environment value that is not UTF-8 goes back as that byte). The CLI writes it through
/// [`Visible`] when stdout is a terminal, so a terminal never gets it raw.
pub fn script_line(value: &str) -> Vec<u8> {
    let mut b = crate::py::surrogate::encode(value);
    b.push(b'\n');
    b
}

/// A writer that passes what it is given through [`visible`] (for the human renderers of the
/// CLI: their own line breaks are kept). Bytes that are not UTF-8 are written as `\xNN`; a
/// character split across two writes is joined first.
pub struct Visible<'a> {
    inner: &'a mut dyn std::io::Write,
    /// The start of a character whose end has not been written yet.
    pending: Vec<u8>,
}

impl<'a> Visible<'a> {
    /// Writes to `inner`, made visible.
    pub fn new(inner: &'a mut dyn std::io::Write) -> Visible<'a> {
        Visible {
            inner,
            pending: Vec::new(),
        }
    }
}

impl std::io::Write for Visible<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut rest: &[u8] = &std::mem::take(&mut self.pending);
        let mut out = String::new();
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(&visible(s));
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // `good` is the valid prefix that from_utf8 just measured.
                    out.push_str(&visible(std::str::from_utf8(good).unwrap_or_default()));
                    match e.error_len() {
                        Some(n) => {
                            for b in &bad[..n] {
                                out.push_str(&format!("\\x{b:02x}"));
                            }
                            rest = &bad[n..];
                        }
                        None => {
                            self.pending = bad.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let bytes = std::mem::take(&mut self.pending);
            let text: String = bytes.iter().map(|b| format!("\\x{b:02x}")).collect();
            self.inner.write_all(text.as_bytes())?;
        }
        self.inner.flush()
    }
}

impl Drop for Visible<'_> {
    fn drop(&mut self) {
        let _ = std::io::Write::flush(self);
    }
}

/// A multi-line message on one line (the client's errors start with a newline).
pub fn first_line(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn terminal_controls_and_invisible_characters_are_escaped() {
        assert_eq!(visible("dev"), Cow::Borrowed("dev"));
        assert_eq!(visible("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("bell\x07"), "bell\\u{7}");
        assert_eq!(visible("c1\u{9b}31m"), "c1\\u{9b}31m");
        assert_eq!(visible("tab\tcr\r"), "tab\\u{9}cr\\u{d}");
        assert_eq!(visible("del\x7f"), "del\\u{7f}");
        assert_eq!(visible("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(
            visible("zero\u{200b}width\u{feff}"),
            "zero\\u{200b}width\\u{feff}"
        );
        assert_eq!(visible("two\nlines"), "two\nlines");
        assert_eq!(visible("café ✓ 日本"), "café ✓ 日本");
        let lone = crate::py::surrogate::decode(b"a\xff");
        assert_eq!(visible(&lone), "a\\xff");
    }

    #[test]
    fn the_writer_escapes_across_split_writes() {
        let mut buf = Vec::new();
        {
            let mut w = Visible::new(&mut buf);
            let rlo = "\u{202e}".as_bytes();
            w.write_all(b"[x").unwrap();
            w.write_all(&rlo[..1]).unwrap();
            w.write_all(&rlo[1..]).unwrap();
            w.write_all(b"]\n\x1b\xff").unwrap();
            let name = "p\u{7}";
            writeln!(w, " name {name}").unwrap();
        }
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "[x\\u{202e}]\n\\u{1b}\\xff name p\\u{7}\n"
        );
    }

    #[test]
    fn invisible_characters_are_the_format_and_separator_ones() {
        for c in [
            '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{200d}', '\u{2060}',
            '\u{feff}', '\u{200e}', '\u{061c}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['a', 'é', '-', '_', '.', ' ', '日'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }
}
