//! The area under the panes: draws what `crate::tui::info` says about the highlighted key or
//! profile.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme::{Theme, fit};
use crate::tui::app::App;
use crate::tui::info::info;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let info = info(app);
    let mut lines: Vec<Line> = info
        .lines
        .into_iter()
        .map(|(tone, text)| Line::styled(text, theme.tone(tone)))
        .collect();
    let height = area.height.saturating_sub(2) as usize;
    if lines.len() > height {
        lines.retain(|l| l.width() > 0);
    }
    let block = Block::bordered()
        .border_style(theme.border(false))
        .title(Span::styled(
            fit(&info.title, area.width.saturating_sub(2) as usize),
            theme.title(false),
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
