//! The y/n question before a write, with its diff, secrets masked (state and keys:
//! `app/overlay/confirm.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::popup::{bottom_hint, centered};
use crate::tui::app::keymap::{Mode, hint_line};
use crate::tui::app::plan::Write;
use crate::tui::ui::theme::{Theme, fit};

/// The y/n question before a write, with the diff (secrets masked).
pub fn render(p: &Write, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let diff: Vec<&str> = p.plan.diff().lines().collect();
    let w = screen.width.saturating_sub(4).min(100);
    let h = (diff.len() as u16 + 6)
        .max(8)
        .min(screen.height.saturating_sub(2));
    let area = centered(screen, w, h);
    let inner_w = w.saturating_sub(2) as usize;
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(
            fit(&format!(" {} ", p.title), inner_w),
            theme.title(true),
        ))
        .title_bottom(bottom_hint(&hint_line(Mode::Confirm)));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let mut lines = vec![
        Line::raw(fit(
            &format!("If written: {}", p.plan.summary.join("; ")),
            inner_w,
        )),
        Line::raw(""),
    ];
    let room = (inner.height as usize).saturating_sub(lines.len() + 2);
    for d in diff.iter().take(room) {
        let style = if d.starts_with("+++") || d.starts_with("---") || d.starts_with("@@") {
            theme.dim()
        } else if d.starts_with('+') {
            theme.active()
        } else if d.starts_with('-') {
            theme.error()
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(d, inner_w), style));
    }
    if diff.len() > room {
        lines.push(Line::styled(
            format!("… {} more diff lines", diff.len() - room),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Write this change? {}", hint_line(Mode::Confirm)),
        theme.key_hint(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
