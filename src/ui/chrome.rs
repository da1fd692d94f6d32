//! The header (file and profile in use), the status line (messages, errors, or the filter
//! being typed) and the footer (hints generated from the key table of the current mode).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::{Theme, fit, fit_left};
use crate::tui::app::{App, Focus, StatusKind};
use crate::tui::keymap::{Hint, Mode, hints};

pub fn header(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut spans = vec![Span::styled("modalcfg ", theme.header())];
    if app.opts.demo {
        spans.push(Span::styled("[demo copy] ", theme.warning()));
    }
    if app.preview {
        spans.push(Span::styled("[preview] ", theme.key_hint()));
    }
    let used = format!("  in use: {} ", app.choice.name);
    let why = match app.file.error() {
        Some(_) => "· the client cannot read the file".to_string(),
        None => format!("· {}", app.choice.why()),
    };
    let fixed: usize = spans.iter().map(|s| s.width()).sum::<usize>() + used.chars().count();
    let path_w = width.saturating_sub(fixed).min(width / 2);
    spans.push(Span::raw(fit_left(
        &app.file.path.display().to_string(),
        path_w,
    )));
    spans.push(Span::raw("  in use: "));
    spans.push(Span::styled(
        format!("{} ", app.choice.name),
        theme.effective(),
    ));
    let rest = width.saturating_sub(spans.iter().map(|s| s.width()).sum());
    spans.push(Span::styled(fit(&why, rest), theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    if app.mode == Mode::Filter {
        let pane = if app.focus == Focus::Profiles {
            "profiles"
        } else {
            "keys"
        };
        let prompt = format!("Filter {pane}: ");
        let room = width.saturating_sub(prompt.chars().count() + 1);
        let scroll = app.input.visual_scroll(room);
        let shown: String = app.input.value().chars().skip(scroll).take(room).collect();
        let line = Line::from(vec![
            Span::styled(prompt.clone(), theme.key_hint()),
            Span::raw(shown),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let x = area.x as usize
            + prompt.chars().count()
            + app.input.visual_cursor().saturating_sub(scroll);
        frame.set_cursor_position(Position::new(x.min(u16::MAX as usize) as u16, area.y));
        return;
    }
    let icon = match app.status.kind {
        StatusKind::Info => "",
        StatusKind::Warning => "⚠ ",
        StatusKind::Error => "✗ ",
    };
    let text = fit(
        &format!("{icon}{}", app.status.text.replace('\n', " ")),
        width * area.height as usize,
    );
    let para =
        Paragraph::new(Span::styled(text, theme.status(app.status.kind))).wrap(Wrap { trim: true });
    frame.render_widget(para, area);
}

pub fn footer(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let all = hints(app.mode);
    let cost = |h: &Hint| h.keys.chars().count() + h.word.chars().count() + 3;
    // The most important hints that fit, shown in table order.
    let mut by_rank: Vec<&Hint> = all.iter().collect();
    by_rank.sort_by_key(|h| h.rank);
    let mut used = 0;
    let mut keep = Vec::new();
    for h in by_rank {
        if used + cost(h) <= width + 2 {
            used += cost(h);
            keep.push(*h);
        }
    }
    let mut spans = Vec::new();
    for h in all.iter().filter(|h| keep.contains(h)) {
        spans.push(Span::styled(h.keys, theme.key_hint()));
        spans.push(Span::raw(format!(" {}  ", h.word)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
