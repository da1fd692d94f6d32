//! The value picker (state and keys: `app/overlay/picker.rs`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListState, Paragraph};

use super::popup::{bottom_hint, centered, wrapped};
use crate::tui::app::keymap::{Mode, hint_line};
use crate::tui::app::overlay::Picker;
use crate::tui::ui::theme::{Theme, fit};

/// Choosing among a key's values.
pub fn render(p: &Picker, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let w = screen.width.saturating_sub(4).min(52);
    let width = w.saturating_sub(2) as usize;
    let mut about = Vec::new();
    if let Some(warn) = p.warning() {
        about.extend(wrapped(warn, width, theme.warning()));
    }
    about.push(Line::styled("Choose the value to write:", theme.dim()));
    let about_h = about.len() as u16 + 1;
    let h = (p.options().len() as u16 + 2 + about_h).min(screen.height);
    let area = centered(screen, w, h);
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(
            fit(
                &format!(" `{}` in profile `{}` ", p.key(), p.profile()),
                w.saturating_sub(4) as usize,
            ),
            theme.title(true),
        ))
        .title_bottom(bottom_hint(&hint_line(Mode::Pick)));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [about_area, list] = inner.layout(&ratatui::layout::Layout::vertical([
        Constraint::Length(about_h),
        Constraint::Fill(1),
    ]));
    frame.render_widget(Paragraph::new(about), about_area);
    let items: Vec<Line> = p
        .options()
        .iter()
        .map(|o| {
            let now = p.current().is_some_and(|c| c.eq_ignore_ascii_case(o));
            Line::raw(format!(" {o:<12}{}", if now { " (in file)" } else { "" }))
        })
        .collect();
    let mut state: ListState = p.state();
    let widget = List::new(items).highlight_style(theme.selected(true));
    frame.render_stateful_widget(widget, list, &mut state);
}
