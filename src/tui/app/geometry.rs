//! Where everything goes on the browse screen, as a pure function of the screen size: the
//! screen draws into these areas, and the app uses the same geometry to scroll its lists and
//! to turn mouse clicks into rows.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

use super::App;
use super::keymap::Mode;

impl App {
    /// The browse screen's areas at the app's screen size.
    pub fn areas(&self) -> Areas {
        self.areas_in(self.browse.size())
    }

    /// The browse screen's areas in `area`.
    pub fn areas_in(&self, area: Rect) -> Areas {
        Areas::new(
            area,
            self.status_lines(area.width),
            self.info_rows(area.width),
        )
    }

    /// Rows the explain area's content takes on a screen this wide (lines wrap).
    pub fn info_rows(&self, width: u16) -> u16 {
        let w = width.saturating_sub(2).max(1) as usize;
        let rows: usize = super::info::lines(self)
            .iter()
            .map(|(_, l)| {
                unicode_width::UnicodeWidthStr::width(l.as_str())
                    .div_ceil(w)
                    .max(1)
            })
            .sum();
        rows.min(u16::MAX as usize) as u16
    }

    /// Rows the status line needs on a screen this wide: 2 when the message is long.
    pub fn status_lines(&self, width: u16) -> u16 {
        let long = self.mode() != Mode::Filter
            && unicode_width::UnicodeWidthStr::width(self.session.status().text.as_str()) + 2
                > width as usize;
        if long { 2 } else { 1 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub profiles: Rect,
    pub keys: Rect,
    pub info: Rect,
    pub status: Rect,
    pub footer: Rect,
}

impl Areas {
    /// The areas of a screen; the status line takes `status_h` rows (1, or 2 for a long
    /// message); the explain area is sized to its `info_rows` of content, up to two fifths
    /// of the screen, and the panes get the rest.
    pub fn new(area: Rect, status_h: u16, info_rows: u16) -> Areas {
        let most = (area.height * 2 / 5 + 1).clamp(6, 18);
        let info_h = info_rows.saturating_add(2).clamp(3, most);
        let [header, body, info, status, footer] = Layout::vertical([
            Constraint::Length(header_rows(area.height)),
            Constraint::Min(4),
            Constraint::Length(info_h),
            Constraint::Length(status_h.clamp(1, 2)),
            Constraint::Length(1),
        ])
        .areas(area);
        let left_w = (area.width * 3 / 10).clamp(20, 40);
        let [profiles, keys] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(10)]).areas(body);
        Areas {
            header,
            profiles,
            keys,
            info,
            status,
            footer,
        }
    }

    /// The rows of the profiles list (inside the border).
    pub fn profiles_list(&self) -> Rect {
        inner(self.profiles)
    }

    /// The rows of the keys table (inside the border, below the column titles).
    pub fn keys_list(&self) -> Rect {
        let i = inner(self.keys);
        Rect {
            y: i.y.saturating_add(1),
            height: i.height.saturating_sub(1),
            ..i
        }
    }
}

/// Rows of the header: the file and profile in use, then the credential verdict (on a
/// screen of at least 12 rows; below that the verdict is left out to keep the panes).
pub fn header_rows(height: u16) -> u16 {
    if height >= 12 { 2 } else { 1 }
}

/// The inside of a bordered block.
pub fn inner(r: Rect) -> Rect {
    Block::bordered().inner(r)
}

/// A row of a list area under a screen cell, if the cell is inside it.
pub fn row_at(list: Rect, column: u16, row: u16) -> Option<usize> {
    let inside = column >= list.x
        && column < list.x + list.width
        && row >= list.y
        && row < list.y + list.height;
    inside.then(|| (row - list.y) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_small_and_large_screens() {
        for (w, h) in [(80, 24), (120, 40), (200, 60), (40, 12)] {
            let a = Areas::new(Rect::new(0, 0, w, h), 1, 100);
            assert_eq!(a.footer.y, h - 1);
            assert!(a.profiles_list().height >= 1, "{w}x{h}");
            assert_eq!(a.profiles.width + a.keys.width, w);
        }
        let a = Areas::new(Rect::new(0, 0, 80, 24), 2, 100);
        assert_eq!(a.status.height, 2);
        assert_eq!(
            row_at(a.profiles_list(), 2, a.profiles_list().y + 1),
            Some(1)
        );
        assert_eq!(row_at(a.profiles_list(), 79, 3), None);
    }
}
