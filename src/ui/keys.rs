//! The right pane: every key resolved for the highlighted profile, with its value (secrets
//! masked), its source as text and `*` when a lower layer is shadowed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use ratatui::style::{Modifier, Style};

use super::theme::{Theme, cell, fit};
use crate::config::resolve::layers::Source;
use crate::tui::app::{App, Focus};
use crate::tui::geometry::inner;
use crate::tui::info::{reveal, value_text};
use crate::tui::lists::window_start;

const SOURCE_W: usize = 8;
/// The WHERE column is shown only when the values keep at least this many cells.
const MIN_VALUE_W: usize = 24;

/// Where the winning value comes from, the `show` table's WHERE (one rule, in the core).
fn where_of(r: &crate::config::resolve::layers::Resolved) -> String {
    r.winner().origin.short()
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Keys;
    let what = if app.show_internal {
        "All keys"
    } else {
        "Keys"
    };
    let mut title = format!(" {what} of `{}` ", app.resolved_for);
    if !app.key_filter.is_empty() {
        title = format!(" {what} of `{}` /{} ", app.resolved_for, app.key_filter);
    }
    if !app.keys.view.is_empty() {
        title.push_str(&format!("{}/{} ", app.keys.pos() + 1, app.keys.view.len()));
    }
    let width = area.width.saturating_sub(2) as usize;
    let mut bottom = vec![Span::raw("* hides a lower layer")];
    if app.reveal {
        bottom.push(Span::styled(" · secrets SHOWN (v)", theme.warning()));
    }
    if app.preview {
        bottom.push(Span::raw(" · preview on (p)"));
    }
    if app.hide_defaults {
        bottom.push(Span::raw(" · defaults hidden (.)"));
    }
    if !app.show_internal {
        bottom.push(Span::raw(" · i: internal keys"));
    }
    let block = Block::bordered()
        .border_style(theme.border(focused))
        .title(Span::styled(fit(&title, width), theme.title(focused)))
        .title_bottom(Line::from(bottom));
    frame.render_widget(block, area);
    let body = inner(area);
    if app.file.error().is_some() {
        let text = "The client cannot read the file, so no value resolves: see below.";
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.error())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            body,
        );
        return;
    }
    let height = body.height.saturating_sub(1) as usize;
    let nav = &app.keys;
    let start = window_start(nav.offset(), nav.pos(), nav.view.len(), height);
    let visible: Vec<usize> = nav.view.iter().skip(start).take(height).copied().collect();
    // Over every key listed, not only the visible ones: columns stay put while scrolling.
    let longest = nav
        .view
        .iter()
        .map(|&i| app.resolved[i].setting.key.len())
        .chain(unknown_rows(app).map(|f| unknown_name(f).len()))
        .max()
        .unwrap_or(3);
    let key_w = longest.max(3).min(width.saturating_sub(SOURCE_W + 2) / 2);
    let value_w = width.saturating_sub(key_w + SOURCE_W + 2);
    // WHERE (`MODAL_LOGLEVEL`, `file:12`, as `modalcfg show` prints it) when the values keep
    // room enough beside it.
    let where_w = nav
        .view
        .iter()
        .map(|&i| where_of(&app.resolved[i]).len())
        .chain(unknown_rows(app).map(|f| unknown_place(f).len()))
        .max()
        .unwrap_or(0)
        .max(5);
    let show_where = value_w >= where_w + 1 + MIN_VALUE_W;
    let value_w = if show_where {
        value_w - where_w - 1
    } else {
        value_w
    };
    let mut header = format!(
        "{} {} {}",
        cell("KEY", key_w),
        cell("VALUE", value_w),
        cell("SOURCE", SOURCE_W)
    );
    if show_where {
        header.push_str(&format!(" {}", cell("WHERE", where_w)));
    }
    let mut lines = vec![Line::styled(header, theme.dim())];
    for (n, &i) in visible.iter().enumerate() {
        let r = &app.resolved[i];
        let mark = if r.shadows() { "*" } else { "" };
        let source = format!("{}{mark}", r.source().as_str());
        let value = value_text(r, reveal(app));
        // Set keys stand out; defaults are dimmed.
        let plain = if r.source() == Source::Default {
            theme.dim()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let value_style = if r.value().is_err() {
            theme.error()
        } else {
            plain
        };
        let mut line = Line::from(vec![
            Span::styled(cell(r.setting.key, key_w), plain),
            Span::raw(" "),
            Span::styled(cell(&value, value_w), value_style),
            Span::raw(" "),
            Span::styled(cell(&source, SOURCE_W), theme.source(r.source())),
        ]);
        if show_where {
            line.push_span(Span::raw(" "));
            line.push_span(Span::styled(cell(&where_of(r), where_w), theme.dim()));
        }
        if start + n == nav.pos() {
            line = line.patch_style(theme.selected(focused));
        }
        lines.push(line);
    }
    if visible.is_empty() {
        lines.push(Line::styled("(no key matches the filter)", theme.dim()));
    }
    // Names nobody reads, under the keys while there is room: never hidden by a filter.
    let room = (body.height as usize).saturating_sub(lines.len());
    for f in unknown_rows(app).take(room) {
        let name = unknown_name(f);
        let hint = f.message.split_once("; ").map(|(_, hint)| hint);
        // With a WHERE column the line goes there (`file:3`, as for the keys above it).
        let what = match (f.line, hint) {
            (_, Some(hint)) if show_where => hint.to_string(),
            (_, None) if show_where => "not a setting".to_string(),
            (Some(l), Some(hint)) => format!("line {l}: {hint}"),
            (Some(l), None) => format!("line {l}: not a setting"),
            (None, Some(hint)) => hint.to_string(),
            (None, None) => f.message.clone(),
        };
        let mut line = Line::from(vec![
            Span::styled(cell(name, key_w), theme.warning()),
            Span::raw(" "),
            Span::styled(cell(&what, value_w), theme.warning()),
            Span::raw(" "),
            Span::styled(cell("unknown", SOURCE_W), theme.warning()),
        ]);
        if show_where {
            line.push_span(Span::raw(" "));
            line.push_span(Span::styled(cell(&unknown_place(f), where_w), theme.dim()));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// The unknown names of the profile the pane shows: its file keys, then the variables.
fn unknown_rows(app: &App) -> impl Iterator<Item = &crate::config::diagnose::check::Finding> {
    let here = app
        .unknown
        .iter()
        .filter(|f| f.profile.as_deref() == Some(app.resolved_for.as_str()));
    let env = app
        .unknown
        .iter()
        .filter(|f| f.profile.is_none() && f.env_var.is_some());
    here.chain(env)
}

/// An unknown name's WHERE: its line in the file (`file:3`), or the variable.
fn unknown_place(f: &crate::config::diagnose::check::Finding) -> String {
    f.line
        .map_or_else(|| unknown_name(f).to_string(), |l| format!("file:{l}"))
}

fn unknown_name(f: &crate::config::diagnose::check::Finding) -> &str {
    f.key.as_deref().or(f.env_var.as_deref()).unwrap_or("")
}
