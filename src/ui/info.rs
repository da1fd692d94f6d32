//! The area under the panes: the explanation of the highlighted key (every layer, which wins
//! and why) when the keys pane is focused, or what there is to know about the highlighted
//! profile when the profiles pane is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme::{Theme, fit};
use crate::config::explain::{display_value, explain_text, first_line};
use crate::config::resolve::ProfileReason;
use crate::config::secret::masked;
use crate::py::PyValue;
use crate::tui::app::{App, Focus};
use crate::tui::rows::file_value;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (title, mut lines) = match app.focus {
        Focus::Keys => explain(app, theme),
        Focus::Profiles => profile(app, theme),
    };
    let height = area.height.saturating_sub(2) as usize;
    if lines.len() > height {
        lines.retain(|l| l.width() > 0);
    }
    let block = Block::bordered()
        .border_style(theme.border(false))
        .title(Span::styled(
            fit(&title, area.width.saturating_sub(2) as usize),
            theme.title(false),
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// `why` for the highlighted profile, as the explanation words it.
fn why(app: &App) -> String {
    if app.resolved_for == app.choice.name {
        app.choice.why()
    } else {
        format!("highlighted here; the client uses `{}`", app.choice.name)
    }
}

fn explain<'a>(app: &App, theme: &Theme) -> (String, Vec<Line<'a>>) {
    let Some(r) = app.highlighted_key() else {
        return (
            " Explain ".into(),
            vec![Line::styled("No key is highlighted.", theme.dim())],
        );
    };
    let exists = app.file.profile(&app.resolved_for).is_some();
    let mut text = explain_text(
        r,
        &app.resolved_for,
        &why(app),
        exists,
        super::keys::reveal(app),
    );
    if r.setting.read_at_import {
        text.push_str(
            "  Read while `import modal` runs: a bad value makes every modal command fail.\n",
        );
    }
    // The first line (key and variable) is in the title.
    let lines = text
        .lines()
        .skip(1)
        .map(|l| {
            let style = if l.contains("[WINS]") {
                theme.source(r.source())
            } else if l.contains("error:") || l.contains("The client raises") {
                theme.error()
            } else {
                ratatui::style::Style::new()
            };
            Line::styled(l.to_string(), style)
        })
        .collect();
    (
        format!(" Explain `{}` ({}) ", r.setting.key, r.setting.env_var()),
        lines,
    )
}

fn profile<'a>(app: &App, theme: &Theme) -> (String, Vec<Line<'a>>) {
    let mut lines: Vec<Line> = Vec::new();
    let mut add = |text: String, style| lines.push(Line::styled(text, style));
    let plain = ratatui::style::Style::new();
    if let Some(e) = app.file.error() {
        add(format!("✗ {e}"), theme.error());
        add(
            format!("  The client fails with: {}", first_line(&e.client_error())),
            theme.error(),
        );
        return (" Config file ".into(), lines);
    }
    let Some(row) = app.highlighted_profile() else {
        add("No profile matches the filter.".into(), theme.dim());
        return (" Profile ".into(), lines);
    };
    let choice = &app.choice;
    match row.line {
        None => add(
            "Not in the file, but the client uses this name anyway.".into(),
            theme.warning(),
        ),
        Some(line) => {
            let p = app.file.profile(&row.name);
            let active = match p.and_then(|p| p.active()) {
                Some(v) => format!("active = {}", file_value(v)),
                None => "no `active` key".into(),
            };
            add(format!("Table on line {line}; {active}."), plain);
        }
    }
    if row.effective {
        add(
            format!("▶ The client uses this profile now: {}.", choice.why()),
            theme.effective(),
        );
    } else {
        add(
            format!("The client uses `{}` now ({}).", choice.name, choice.why()),
            plain,
        );
        if !row.missing {
            add(
                "Enter makes this profile the active one (only `active` lines change).".into(),
                plain,
            );
        }
    }
    if choice.reason == ProfileReason::EnvVar && !row.missing {
        add(
            format!(
                "MODAL_PROFILE={} is set: a switch here does not apply in this shell.",
                choice.name
            ),
            theme.warning(),
        );
    }
    for w in &row.warnings {
        add(format!("⚠ {w}"), theme.warning());
    }
    if let Some(p) = app
        .file
        .profile(&row.name)
        .filter(|p| !p.entries.is_empty())
    {
        add(String::new(), plain);
        for e in &p.entries {
            add(
                format!(
                    "  line {:<4} {} = {}",
                    e.line,
                    e.key,
                    entry_value(app.client(), &e.key, &e.value)
                ),
                plain,
            );
        }
    }
    if let Some(p) = &app.problem {
        add(format!("✗ {p}"), theme.error());
    }
    let title = if row.missing {
        format!(" Profile `{}` (not in file) ", row.name)
    } else {
        format!(" Profile `{}` ", row.name)
    };
    (title, lines)
}

/// A value of the profile's table for people: secrets masked, keys the client does not read
/// not shown at all (they could hold anything).
fn entry_value(client: &crate::client::Client, key: &str, v: &PyValue) -> String {
    match client.find(key) {
        Some(s) if s.secret => display_value(&masked(v)),
        Some(_) => display_value(v),
        None if key == "active" => file_value(v),
        None => "(not a setting the client reads)".into(),
    }
}
