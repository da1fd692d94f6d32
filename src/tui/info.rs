//! What the area under the panes says: the explanation of the highlighted key (every layer,
//! which wins and why) when the keys pane is focused, or what there is to know about the
//! highlighted profile when the profiles pane is. Worked out here as text with a tone; the
//! screen only styles and draws it (and the layout sizes the area to it).

use super::app::{App, Focus};
use crate::config::resolve::explain::{Role, display_value, explain_lines};
use crate::config::resolve::layers::Source;
use crate::config::secret::Reveal;
use crate::config::show::profiles::file_value;
use crate::py::PyValue;

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Dim,
    Warning,
    Error,
    /// The profile in use.
    Effective,
    /// The winning layer, in the colour of its source.
    Wins(Source),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub title: String,
    pub lines: Vec<(Tone, String)>,
}

/// How secrets are drawn: masked unless `v` revealed them.
pub fn reveal(app: &App) -> Reveal {
    if app.reveal {
        Reveal::Revealed
    } else {
        Reveal::Masked
    }
}

/// A resolved value as the keys pane shows it: masked when secret (unless revealed), the
/// client's error when it fails.
pub fn value_text(r: &crate::config::resolve::layers::Resolved, reveal: Reveal) -> String {
    match r.value() {
        Ok(v) => display_value(&crate::config::resolve::layers::shown(r, v, reveal)),
        Err(e) => format!("error: {}", e.one_line()),
    }
}

/// The explain area's content.
pub fn info(app: &App) -> Info {
    match app.focus {
        Focus::Keys => explain(app),
        Focus::Profiles => profile(app),
    }
}

/// The content's lines, for sizing the area.
pub fn lines(app: &App) -> Vec<(Tone, String)> {
    info(app).lines
}

/// `why` for the highlighted profile, as the explanation words it.
fn why(app: &App) -> String {
    if app.resolved_for == app.choice.name {
        app.choice.why()
    } else {
        format!("highlighted here; the client uses `{}`", app.choice.name)
    }
}

fn explain(app: &App) -> Info {
    let Some(r) = app.highlighted_key() else {
        return Info {
            title: " Explain ".into(),
            lines: vec![(Tone::Dim, "No key is highlighted.".into())],
        };
    };
    let exists = app.file.profile(&app.resolved_for).is_some();
    // The title line (key and variable) is the area's title.
    let lines = explain_lines(r, &app.resolved_for, &why(app), exists, reveal(app))
        .into_iter()
        .filter_map(|l| {
            let tone = match l.role {
                Role::Title => return None,
                Role::Wins(source) => Tone::Wins(source),
                Role::Error => Tone::Error,
                Role::Plain | Role::Shadowed => Tone::Plain,
            };
            Some((tone, l.text))
        })
        .collect();
    Info {
        title: format!(" Explain `{}` ({}) ", r.setting.key, r.setting.env_var()),
        lines,
    }
}

fn profile(app: &App) -> Info {
    let mut lines: Vec<(Tone, String)> = Vec::new();
    let mut add = |tone, text: String| lines.push((tone, text));
    if let Some(e) = app.file.error() {
        add(Tone::Error, format!("✗ {e}"));
        add(
            Tone::Error,
            format!("  The client fails with: {}", e.client_error().one_line()),
        );
        return Info {
            title: " Config file ".into(),
            lines,
        };
    }
    let Some(row) = app.highlighted_profile() else {
        add(Tone::Dim, "No profile matches the filter.".into());
        return Info {
            title: " Profile ".into(),
            lines,
        };
    };
    let choice = &app.choice;
    match row.line {
        None => add(
            Tone::Warning,
            "Not in the file, but the client uses this name anyway.".into(),
        ),
        Some(line) => {
            let p = app.file.profile(&row.name);
            let active = match p.and_then(|p| p.active()) {
                Some(v) => format!("active = {}", file_value(v)),
                None => "no `active` key".into(),
            };
            add(Tone::Plain, format!("Table on line {line}; {active}."));
        }
    }
    if row.effective {
        add(
            Tone::Effective,
            format!("▶ The client uses this profile now: {}.", choice.why()),
        );
    } else {
        add(
            Tone::Plain,
            format!("The client uses `{}` now ({}).", choice.name, choice.why()),
        );
        if !row.missing {
            add(
                Tone::Plain,
                "Enter makes this profile the active one (only `active` lines change).".into(),
            );
        }
    }
    if !row.missing
        && let Some(w) = crate::config::resolve::env_wins::profile_env_keeps(&app.env, &row.name)
    {
        add(
            Tone::Warning,
            format!("{w}: a switch here does not apply in this shell."),
        );
    }
    for w in &row.warnings {
        add(Tone::Warning, format!("⚠ {w}"));
    }
    if let Some(p) = app
        .file
        .profile(&row.name)
        .filter(|p| !p.entries.is_empty())
    {
        add(Tone::Plain, String::new());
        for e in &p.entries {
            add(
                Tone::Plain,
                format!(
                    "  line {:<4} {} = {}",
                    e.line,
                    e.key,
                    entry_value(app.client(), &e.key, &e.value)
                ),
            );
        }
    }
    if let Some(p) = &app.problem {
        add(Tone::Error, format!("✗ {p}"));
    }
    let title = if row.missing {
        format!(" Profile `{}` (not in file) ", row.name)
    } else {
        format!(" Profile `{}` ", row.name)
    };
    Info { title, lines }
}

/// A value of the profile's table for people: secrets masked, keys the client does not read
/// not shown at all (they could hold anything).
fn entry_value(client: &crate::client::Client, key: &str, v: &PyValue) -> String {
    match client.find(key) {
        Some(s) if s.secret => display_value(&crate::config::secret::masked(v)),
        Some(_) => display_value(v),
        None if key == "active" => file_value(v),
        None => "(not a setting the client reads)".into(),
    }
}
