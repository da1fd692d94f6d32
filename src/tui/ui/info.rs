//! The area under the panes: draws what `crate::tui::app::info` says about the highlighted key or
//! profile.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme::{Theme, fit, width as cells, wrap_words};
use crate::tui::app::App;
use crate::tui::app::info::info;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let info = info(app);
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = info
        .lines
        .into_iter()
        .flat_map(|(tone, text)| {
            hanging(&text, width)
                .into_iter()
                .map(move |l| Line::styled(l, theme.tone(tone)))
        })
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

/// `text` wrapped at `width`, its continuation lines indented as far as its first line (an
/// explanation stays one block under its heading).
fn hanging(text: &str, width: usize) -> Vec<String> {
    let body = text.trim_start_matches(' ');
    let indent = text.len() - body.len();
    if cells(text) <= width || indent * 2 >= width {
        return vec![text.to_string()];
    }
    let pad = " ".repeat(indent);
    wrap_words(body, width - indent)
        .into_iter()
        .map(|l| format!("{pad}{l}"))
        .collect()
}
