//! The `?` popup: every key table, generated from `crate::tui::keymap`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::tui::keymap::{Mode, table};

const KEYS_W: usize = 9;

fn section<'a>(theme: &Theme, mode: Mode) -> Vec<Line<'a>> {
    let mut lines = vec![Line::styled(mode.title().to_string(), theme.title(true))];
    for b in table(mode) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<KEYS_W$}", b.keys_label), theme.key_hint()),
            Span::raw(format!(" {}", b.label)),
        ]));
    }
    lines
}

pub fn render(theme: &Theme, frame: &mut Frame, screen: Rect) {
    let left = section(theme, Mode::Normal);
    let mut right = section(theme, Mode::Filter);
    right.push(Line::raw(""));
    right.extend(section(theme, Mode::Help));
    right.push(Line::raw(""));
    right.push(Line::styled("Mouse", theme.title(true)));
    right.push(Line::raw("click     select a row"));
    right.push(Line::raw("wheel     scroll a pane"));
    let two = screen.width >= 78;
    let body_h = if two {
        left.len().max(right.len())
    } else {
        left.len() + right.len() + 1
    };
    let w = if two { 78 } else { screen.width.min(40) };
    let h = (body_h as u16 + 2).min(screen.height);
    let area = Rect {
        x: screen.x + screen.width.saturating_sub(w) / 2,
        y: screen.y + screen.height.saturating_sub(h) / 2,
        width: w.min(screen.width),
        height: h,
    };
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(" Keys ", theme.title(true)))
        .title_bottom(Line::from(" ?/Esc closes "));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    if two {
        let [l, r] = Layout::horizontal([Constraint::Length(40), Constraint::Min(1)]).areas(inner);
        frame.render_widget(Paragraph::new(left), l);
        frame.render_widget(Paragraph::new(right), r);
    } else {
        let mut all = left;
        all.push(Line::raw(""));
        all.extend(right);
        frame.render_widget(Paragraph::new(all), inner);
    }
}
