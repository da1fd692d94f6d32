//! The header (file and profile in use), the status line (messages, errors, or the filter
//! being typed) and the footer (hints generated from the key table of the current mode).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::{Theme, fit, fit_left, width as cells};
use crate::tui::app::keymap::{When, hints_when};
use crate::tui::app::overlay::Overlay;
use crate::tui::app::{App, Focus, StatusKind};

pub fn header(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut spans = vec![Span::styled("modalcfg ", theme.header())];
    if app.loaded().opts().demo {
        spans.push(Span::styled("[demo copy] ", theme.warning()));
    }
    if app.session().preview() {
        spans.push(Span::styled("[preview] ", theme.key_hint()));
    }
    let used = format!("  in use: {} ", app.loaded().choice().name);
    let mut why = match app.file().error() {
        Some(_) => "· the client cannot read the file".to_string(),
        None => format!("· {}", app.loaded().choice().why()),
    };
    // Which client the app resolves like, when one was found or named (the fallback to the
    // newest known release is what modalcfg always did, and the help says it).
    let detected = &app.loaded().opts().client;
    if detected.found != crate::client::Found::Newest {
        why.push_str(&format!(" · {}", detected.summary()));
    }
    let fixed: usize = spans.iter().map(|s| s.width()).sum::<usize>() + cells(&used);
    let path_w = width.saturating_sub(fixed).min(width / 2);
    spans.push(Span::raw(fit_left(
        &app.file().path.display().to_string(),
        path_w,
    )));
    spans.push(Span::raw("  in use: "));
    spans.push(Span::styled(
        format!("{} ", app.loaded().choice().name),
        theme.effective(),
    ));
    let rest = width.saturating_sub(spans.iter().map(|s| s.width()).sum());
    spans.push(Span::styled(fit(&why, rest), theme.dim()));
    let mut lines = vec![Line::from(spans)];
    if area.height >= 2 {
        lines.push(credentials(app, theme, width));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The credential verdict in one line: how the next `modal` command authenticates, from
/// which layers, or the error it raises before it connects.
fn credentials(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    let v = app.loaded().credentials();
    let (text, style) = if app.file().error().is_some() {
        let text = "credentials: unknown (the client cannot read the file)";
        (text.to_string(), theme.dim())
    } else if v.error.is_some() {
        (format!("✗ credentials: {}", v.summary()), theme.error())
    } else if v.mixed.is_some() || v.client_warning.is_some() {
        (format!("⚠ {}", v.summary()), theme.warning())
    } else {
        (format!("credentials: {}", v.summary()), Style::default())
    };
    Line::styled(fit(&text, width), style)
}

pub fn status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    if let Some(Overlay::Filter(filter)) = app.overlay() {
        let field = filter.field();
        let pane = if app.browse().focus() == Focus::Profiles {
            "profiles"
        } else {
            "keys"
        };
        let prompt = fit(&format!("Filter {pane}: "), width);
        let room = width.saturating_sub(cells(&prompt) + 1);
        let (shown, col) = field.window(false, room);
        let line = Line::from(vec![
            Span::styled(prompt.clone(), theme.key_hint()),
            Span::raw(shown.to_string()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        if room > 0 {
            let x = area.x as usize + cells(&prompt) + col;
            frame.set_cursor_position(Position::new(x.min(u16::MAX as usize) as u16, area.y));
        }
        return;
    }
    let icon = match app.status().kind {
        StatusKind::Info => "",
        StatusKind::Warning => "⚠ ",
        StatusKind::Error => "✗ ",
    };
    let text = fit(
        &format!("{icon}{}", app.status().text.replace('\n', " ")),
        width * area.height as usize,
    );
    let para = Paragraph::new(Span::styled(text, theme.status(app.status().kind)))
        .wrap(Wrap { trim: true });
    frame.render_widget(para, area);
}

pub fn footer(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let all = hints_when(app.mode(), |w| match w {
        When::LoosePermissions => app.loaded().loose().is_some(),
        When::HelpPages => super::overlay::help::pages(frame.area()) > 1,
    });
    let cost = |(keys, word, _): &(String, &str, u8)| cells(keys) + cells(word) + 3;
    // The most important hints that fit, shown in table order.
    let mut by_rank: Vec<usize> = (0..all.len()).collect();
    by_rank.sort_by_key(|&i| all[i].2);
    let mut used = 0;
    let mut keep = vec![false; all.len()];
    for i in by_rank {
        if used + cost(&all[i]) <= width + 2 {
            used += cost(&all[i]);
            keep[i] = true;
        }
    }
    let mut spans = Vec::new();
    for (i, (keys, word, _)) in all.iter().enumerate() {
        if keep[i] {
            spans.push(Span::styled(keys.clone(), theme.key_hint()));
            spans.push(Span::raw(format!(" {word}  ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
