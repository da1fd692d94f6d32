//! The typed-line prompt (state and keys: `app/overlay/prompt.rs`).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::popup::{body_of, bottom_hint, centered, field_line, wrapped};
use crate::tui::app::keymap::{Mode, hint_line};
use crate::tui::app::overlay::{Note, Prompt, PromptKind};
use crate::tui::ui::theme::{Theme, fit};

/// A value or a profile name being typed.
pub fn render(p: &Prompt, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let w = screen.width.saturating_sub(4).min(72);
    let title = match p.kind() {
        PromptKind::SetValue { profile, key } => format!(" Set `{key}` in profile `{profile}` "),
        PromptKind::NewProfile => " New profile ".into(),
        PromptKind::RenameProfile { from } => format!(" Rename profile `{from}` "),
    };
    let width = w.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for note in p.notes() {
        let (text, style) = match note {
            Note::Plain(t) => (t, Style::new()),
            Note::Warning(t) => (t, theme.warning()),
        };
        lines.extend(wrapped(text, width, style));
    }
    lines.push(Line::raw(""));
    let field_row = lines.len() as u16;
    let (line, col) = field_line(p.field(), false, width, true, theme);
    lines.push(line);
    if let Some(e) = p.error() {
        lines.extend(wrapped(&format!("✗ {e}"), width, theme.error()));
    }
    let area = centered(screen, w, lines.len() as u16 + 2);
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(fit(&title, width), theme.title(true)))
        .title_bottom(bottom_hint(&hint_line(Mode::Input)));
    let body = body_of(&block, area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), body);
    let cursor = Position::new(body.x + col as u16, body.y + field_row);
    if body.contains(cursor) {
        frame.set_cursor_position(cursor);
    }
}
