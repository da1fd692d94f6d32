//! Styles. With `NO_COLOR` only modifiers remain (bold, reversed, underline, dim), so every
//! state stays readable without colour; the source of a value is always written as text.

use ratatui::style::{Color, Modifier, Style};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::config::resolve::layers::Source;
use crate::tui::app::StatusKind;
use crate::tui::info::Tone;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);

impl Theme {
    pub fn new(no_color: bool) -> Theme {
        Theme { color: !no_color }
    }

    fn fg(&self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    pub fn border(&self, focused: bool) -> Style {
        match focused {
            true => self.fg(BOLD, Color::Cyan),
            false => self.fg(Style::new(), Color::DarkGray),
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        match focused {
            true => self.fg(BOLD, Color::Cyan),
            false => BOLD,
        }
    }

    /// The highlighted row: reversed in the focused pane, underlined in the other one.
    pub fn selected(&self, focused: bool) -> Style {
        match focused {
            true => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            false => Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        }
    }

    pub fn source(&self, s: Source) -> Style {
        match s {
            Source::Env => self.fg(BOLD, Color::Yellow),
            Source::File => self.fg(Style::new(), Color::Green),
            Source::Default => self.fg(Style::new(), Color::Gray),
        }
    }

    pub fn effective(&self) -> Style {
        self.fg(BOLD, Color::Green)
    }

    pub fn active(&self) -> Style {
        self.fg(Style::new(), Color::Green)
    }

    pub fn warning(&self) -> Style {
        self.fg(BOLD, Color::Yellow)
    }

    pub fn error(&self) -> Style {
        self.fg(BOLD, Color::Red)
    }

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn key_hint(&self) -> Style {
        self.fg(BOLD, Color::Cyan)
    }

    pub fn header(&self) -> Style {
        self.fg(BOLD, Color::Magenta)
    }

    /// A line of the explain area.
    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Plain => Style::new(),
            Tone::Dim => self.dim(),
            Tone::Warning => self.warning(),
            Tone::Error => self.error(),
            Tone::Effective => self.effective(),
            Tone::Wins(s) => self.source(s),
        }
    }

    pub fn status(&self, kind: StatusKind) -> Style {
        match kind {
            StatusKind::Info => Style::new(),
            StatusKind::Warning => self.warning(),
            StatusKind::Error => self.error(),
        }
    }
}

/// Display width in cells (a CJK character takes two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The first characters of `s` that fill at most `room` cells.
fn take_cells(chars: impl Iterator<Item = char>, room: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in chars {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// Cuts `s` to `width` cells, ending with `…` when something was cut.
pub fn fit(s: &str, width: usize) -> String {
    if self::width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = take_cells(s.chars(), width - 1);
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `width` cells (a table cell).
pub fn cell(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let pad = width.saturating_sub(self::width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Keeps the end of `s` (for paths): `…` and the last characters that fit.
pub fn fit_left(s: &str, width: usize) -> String {
    if self::width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let tail: String = take_cells(s.chars().rev(), width - 1)
        .chars()
        .rev()
        .collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_no_colours() {
        let t = Theme::new(true);
        for s in [
            t.border(true),
            t.source(Source::Env),
            t.error(),
            t.warning(),
            t.header(),
        ] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
        assert!(Theme::new(false).error().fg.is_some());
    }

    #[test]
    fn fitting() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit_left("/a/b/c.toml", 6), "….toml");
        assert_eq!(fit("日本語の名前", 7), "日本語…");
        assert_eq!(cell("日本", 6), "日本  ");
        assert_eq!(width(&cell("日本語", 5)), 5);
    }
}
