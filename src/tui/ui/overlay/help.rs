//! The `?` popup: every key table, generated from `crate::tui::app::keymap`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::keymap::{Mode, When, hint_line_when, table};
use crate::tui::ui::theme::Theme;

const KEYS_W: usize = 9;

fn section<'a>(theme: &Theme, mode: Mode) -> Vec<Line<'a>> {
    let mut lines = vec![Line::styled(mode.title().to_string(), theme.title(true))];
    for b in table(mode) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<KEYS_W$}", b.keys_label()), theme.key_hint()),
            Span::raw(format!(" {}", b.label)),
        ]));
    }
    lines
}

/// Width of one column of key tables.
const COL_W: u16 = 39;

/// Every table as lines: a title, its keys, a blank line.
fn all_lines<'a>(theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for mode in Mode::ALL {
        lines.extend(section(theme, mode));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Mouse", theme.title(true)));
    lines.push(Line::raw("click     select a row"));
    lines.push(Line::raw("wheel     scroll a pane"));
    lines
}

/// How the help is laid out on `screen`: columns, its width, lines per column and per page.
struct Grid {
    cols: u16,
    w: u16,
    per_col: usize,
    per_page: usize,
}

fn layout(screen: Rect) -> Grid {
    let cols = (screen.width.saturating_sub(2) / COL_W).clamp(1, 3);
    let mut w = (cols * COL_W + 2).min(screen.width);
    // A sliver of the panes beside the box would show their borders through its edge: take
    // the whole width instead.
    if screen.width.saturating_sub(w) < 4 {
        w = screen.width;
    }
    let rows = screen.height.saturating_sub(2).max(3);
    let per_col = (rows - 2) as usize;
    Grid {
        cols,
        w,
        per_col,
        per_page: per_col * cols as usize,
    }
}

/// How many pages the help takes on `screen` (the footer offers "next page" only when > 1).
pub fn pages(screen: Rect) -> usize {
    all_lines(&Theme::new(true))
        .len()
        .div_ceil(layout(screen).per_page)
        .max(1)
}

/// The help on `page` (clamped): as many columns as fit, paged when they are not enough.
pub fn render(page: usize, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let lines = all_lines(theme);
    let Grid {
        cols,
        w,
        per_col,
        per_page,
    } = layout(screen);
    let pages = lines.len().div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(page * per_page)
        .take(per_page)
        .collect();
    let used_rows = shown.len().min(per_col) as u16;
    let area = Rect {
        x: screen.x + screen.width.saturating_sub(w) / 2,
        y: screen.y + screen.height.saturating_sub(used_rows + 2) / 2,
        width: w,
        height: used_rows + 2,
    };
    let hints = hint_line_when(Mode::Help, |w| w == When::HelpPages && pages > 1);
    let bottom = if pages > 1 {
        format!(" page {}/{pages} · {hints} ", page + 1)
    } else {
        format!(" {hints} ")
    };
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(" Keys ", theme.title(true)))
        .title_bottom(Line::from(bottom));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let constraints = vec![Constraint::Length(COL_W); cols as usize];
    let columns = Layout::horizontal(constraints).split(inner);
    let mut it = shown.into_iter();
    for col in columns.iter() {
        let part: Vec<Line> = it.by_ref().take(per_col).collect();
        frame.render_widget(Paragraph::new(part), *col);
    }
}
