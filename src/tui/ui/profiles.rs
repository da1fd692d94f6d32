//! The left pane: profiles in file order, with marks for the profile the client uses (▶),
//! `active = true` (●), warnings (⚠) and profiles that are used but not in the file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListState, Paragraph};

use super::theme::{Theme, fit, width as cells};
use crate::tui::app::geometry::inner;
use crate::tui::app::lists::window_start;
use crate::tui::app::{App, Focus};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.browse().focus() == Focus::Profiles;
    let mut title = format!(" Profiles ({}) ", app.loaded().rows().len());
    if !app.browse().filter_of(Focus::Profiles).is_empty() {
        title = format!(
            " Profiles {}/{} /{} ",
            app.browse().profiles().view().len(),
            app.loaded().rows().len(),
            app.browse().filter_of(Focus::Profiles)
        );
    }
    let block = Block::bordered()
        .border_style(theme.border(focused))
        .title(Span::styled(
            fit(&title, area.width.saturating_sub(2) as usize),
            theme.title(focused),
        ))
        .title_bottom(Line::from(legend(
            theme,
            area.width.saturating_sub(2) as usize,
        )));
    let list = inner(area);
    frame.render_widget(block, area);
    let height = list.height as usize;
    let nav = app.browse().profiles();
    let start = window_start(nav.offset(), nav.pos(), nav.view().len(), height);
    let width = list.width as usize;
    let mut lines = Vec::with_capacity(height);
    for &i in nav.view().iter().skip(start).take(height) {
        let row = &app.loaded().rows()[i];
        let eff = if row.effective {
            Span::styled("▶", theme.effective())
        } else {
            Span::raw(" ")
        };
        let act = if row.active_flag {
            Span::styled("●", theme.active())
        } else {
            Span::raw(" ")
        };
        let warn = if row.warnings.is_empty() {
            Span::raw(" ")
        } else {
            Span::styled("⚠", theme.warning())
        };
        let mut name = row.name.clone();
        if row.missing {
            name.push_str(" (not in file)");
        }
        let name = fit(&name, width.saturating_sub(6));
        let pad = width.saturating_sub(6 + cells(&name));
        let mut line = Line::from(vec![
            eff,
            act,
            warn,
            Span::raw(" "),
            Span::raw(name),
            Span::raw(" ".repeat(pad + 2)),
        ]);
        if row.missing {
            line = line.style(theme.dim());
        }
        lines.push(line);
    }
    if lines.is_empty() {
        let text = if app.loaded().rows().is_empty() {
            "(no profiles)"
        } else {
            "(nothing matches the filter)"
        };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(text, width), theme.dim())),
            list,
        );
        return;
    }
    // Only the visible rows are built (a file can hold 10,000 profiles); the state is the
    // app's, shifted to this window.
    let mut state = ListState::default().with_selected(Some(nav.pos().saturating_sub(start)));
    let widget = List::new(lines).highlight_style(theme.selected(focused));
    frame.render_stateful_widget(widget, list, &mut state);
}

/// The marks, explained in the bottom border.
fn legend<'a>(theme: &Theme, width: usize) -> Vec<Span<'a>> {
    let full = width >= 24;
    vec![
        Span::styled("▶", theme.effective()),
        Span::raw(if full { "in use " } else { "used " }),
        Span::styled("●", theme.active()),
        Span::raw("active "),
        Span::styled("⚠", theme.warning()),
        Span::raw(if full { "warning" } else { "warn" }),
    ]
}
