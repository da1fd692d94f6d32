//! The popups and forms: the token popup, the first-run welcome form, a value or name being
//! typed, a value picker, and the y/n question before a write (with its diff, secrets masked).
//! A secret field is drawn as one `•` per character unless revealed with ^R/F2.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::{Theme, fit};
use crate::tui::app::App;
use crate::tui::field::Field;
use crate::tui::writes::{Form, FormKind, PromptKind, token_env_warning};

/// A `w`x`h` box centred on the screen (clipped to it).
pub fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(screen.width);
    let h = h.min(screen.height);
    Rect {
        x: screen.x + (screen.width - w) / 2,
        y: screen.y + (screen.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A field as a line `[text   ]` of `width` cells, scrolled so the cursor shows; returns
/// the line and the cursor's column within it.
fn field_line(
    field: &Field,
    masked: bool,
    width: usize,
    focused: bool,
    theme: &Theme,
) -> (Line<'static>, usize) {
    let room = width.saturating_sub(2).max(1);
    let shown = field.shown(masked);
    let chars: Vec<char> = shown.chars().collect();
    let cur = field.cursor();
    let start = cur.saturating_sub(room - 1);
    let visible: String = chars.iter().skip(start).take(room).collect();
    let pad = room.saturating_sub(visible.chars().count());
    let style = if focused {
        theme.selected(true)
    } else {
        Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED)
    };
    let line = Line::from(vec![
        Span::raw(if focused { "›" } else { " " }),
        Span::styled(format!("{visible}{}", " ".repeat(pad)), style),
        Span::raw(" "),
    ]);
    (line, 1 + cur - start)
}

/// The lines of a form's fields (label, field, warning), and where the cursor goes.
fn form_lines(
    form: &Form,
    theme: &Theme,
    width: usize,
    top: u16,
    x: u16,
) -> (Vec<Line<'static>>, Position) {
    let mut lines = Vec::new();
    let mut cursor = Position::new(x, top);
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let mut label = f.label.to_string();
        if f.secret {
            label.push_str(if form.reveal {
                " (shown: ^R/F2 hides)"
            } else {
                " (hidden: ^R/F2 shows)"
            });
        }
        lines.push(Line::styled(
            label,
            if focused {
                theme.key_hint()
            } else {
                Style::new()
            },
        ));
        let (line, col) = field_line(&f.field, f.secret && !form.reveal, width, focused, theme);
        if focused {
            cursor = Position::new(x + col as u16, top + lines.len() as u16);
        }
        lines.push(line);
        match f.warning() {
            Some(w) => lines.push(Line::styled(fit(&format!("⚠ {w}"), width), theme.warning())),
            None => lines.push(Line::raw("")),
        }
    }
    (lines, cursor)
}

fn bottom_hint(text: &str) -> Line<'static> {
    Line::from(format!(" {text} "))
}

/// Words of `text` in lines of at most `width` characters.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let n = line.chars().count();
        if n > 0 && n + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out.into_iter().map(|l| fit(&l, width)).collect()
}

fn wrapped(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap_words(text, width)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// A form in a box sized to its contents: `intro` lines, the fields, then warnings, the
/// error and `outro`.
#[allow(clippy::too_many_arguments)]
fn form_box(
    app: &App,
    form: &Form,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
    max_w: u16,
    title: Span<'static>,
    hint: &str,
    intro: &[(String, Style)],
    outro: &[(String, Style)],
) {
    let w = screen.width.saturating_sub(2).min(max_w);
    let width = w.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for (t, style) in intro {
        lines.extend(wrapped(t, width, *style));
    }
    let top = lines.len() as u16;
    let mut tail: Vec<Line> = Vec::new();
    if let Some(w) = token_env_warning(&app.env) {
        tail.extend(wrapped(&format!("⚠ {w}"), width, theme.warning()));
    }
    if let Some(e) = &form.error {
        tail.extend(wrapped(&format!("✗ {e}"), width, theme.error()));
    }
    for (t, style) in outro {
        tail.extend(wrapped(t, width, *style));
    }
    let fields_h = 3 * form.fields.len() as u16;
    let h = top + fields_h + tail.len() as u16 + 2;
    let area = centered(screen, w, h);
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(title)
        .title_bottom(bottom_hint(hint));
    let inner = block.inner(area);
    let body = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let (fields, cursor) = form_lines(form, theme, width, body.y + top, body.x);
    lines.extend(fields);
    lines.extend(tail);
    frame.render_widget(Paragraph::new(lines), body);
    if cursor.y < body.y + body.height {
        frame.set_cursor_position(cursor);
    }
}

/// `t`: the token popup over the main screen.
pub fn token(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Some(form) = &app.form else { return };
    let FormKind::Token { profile } = &form.kind else {
        return;
    };
    let current = app
        .file
        .profile(profile)
        .and_then(|p| p.get("token_id"))
        .and_then(|e| e.value.as_str().map(str::to_string));
    let now = match current {
        Some(id) => format!("Now: token_id = {id}. An empty field keeps its current value."),
        None => "This profile has no token yet.".to_string(),
    };
    let title = Span::styled(
        fit(
            &format!(" Token of profile `{profile}` "),
            screen.width.saturating_sub(6) as usize,
        ),
        theme.title(true),
    );
    form_box(
        app,
        form,
        theme,
        frame,
        screen,
        72,
        title,
        "Enter save · Esc cancel · Tab next · ^R/F2 reveal",
        &[(now, theme.dim())],
        &[],
    );
}

/// The first-run form, on the whole screen.
pub fn welcome(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Some(form) = &app.form else { return };
    frame.render_widget(Clear, screen);
    let path = app.file.path.display().to_string();
    let plain = Style::new();
    let intro = [
        (
            "Each Modal setting comes from its MODAL_* environment variable if set,".to_string(),
            plain,
        ),
        (
            "else the active profile of the config file, else a built-in default.".to_string(),
            plain,
        ),
        (String::new(), plain),
        (
            format!(
                "{path} does not exist yet. Create it (mode 0600) with a first profile, made the active one:"
            ),
            theme.dim(),
        ),
        (String::new(), plain),
    ];
    let outro = [(
        "Nothing is written until Enter; Esc skips to the main screen.".to_string(),
        theme.dim(),
    )];
    form_box(
        app,
        form,
        theme,
        frame,
        screen,
        80,
        Span::styled(" Welcome to modalcfg ", theme.header()),
        "Enter save · Esc skip · Tab next · ^R/F2 reveal",
        &intro,
        &outro,
    );
}

/// A value or a profile name being typed.
pub fn prompt(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Some(p) = &app.prompt else { return };
    let w = screen.width.saturating_sub(4).min(72);
    let (title, about): (String, Vec<String>) = match &p.kind {
        PromptKind::SetValue { profile, key } => {
            let s = app.client().find(key);
            let mut about = vec![format!(
                "Expected: {}.",
                s.map_or("a value".into(), |s| s.expected())
            )];
            if let Some(s) = s
                && app.env.get(&s.env_var()).is_some()
            {
                about.push(format!(
                    "⚠ {} is set here and wins over the file.",
                    s.env_var()
                ));
            }
            (format!(" Set `{key}` in profile `{profile}` "), about)
        }
        PromptKind::NewProfile => (
            " New profile ".into(),
            vec!["Name of the new profile:".into()],
        ),
        PromptKind::RenameProfile { from } => (
            format!(" Rename profile `{from}` "),
            vec!["New name (only the table header changes):".into()],
        ),
    };
    let width = w.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for a in about {
        let style = if a.starts_with('⚠') {
            theme.warning()
        } else {
            Style::new()
        };
        lines.extend(wrapped(&a, width, style));
    }
    lines.push(Line::raw(""));
    let field_row = lines.len() as u16;
    let (line, col) = field_line(&p.field, false, width, true, theme);
    lines.push(line);
    if let Some(e) = &p.error {
        lines.extend(wrapped(&format!("✗ {e}"), width, theme.error()));
    }
    let area = centered(screen, w, lines.len() as u16 + 2);
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(fit(&title, width), theme.title(true)))
        .title_bottom(bottom_hint("Enter save · Esc cancel"));
    let inner = block.inner(area);
    let body = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), body);
    frame.set_cursor_position(Position::new(body.x + col as u16, body.y + field_row));
}

/// Choosing among a key's values.
pub fn picker(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Some(p) = &app.picker else { return };
    let w = screen.width.saturating_sub(4).min(52);
    let h = (p.options.len() as u16 + 4).min(screen.height);
    let area = centered(screen, w, h);
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(
            fit(
                &format!(" `{}` in profile `{}` ", p.key, p.profile),
                w.saturating_sub(4) as usize,
            ),
            theme.title(true),
        ))
        .title_bottom(bottom_hint("Enter save · Esc cancel"));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let mut lines = vec![
        Line::styled("Choose the value to write:", theme.dim()),
        Line::raw(""),
    ];
    let visible = inner.height.saturating_sub(2) as usize;
    let start = crate::tui::nav::window_start(0, p.sel, p.options.len(), visible);
    for (i, o) in p.options.iter().enumerate().skip(start).take(visible) {
        let now = p
            .current
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(o));
        let text = format!(" {o:<12}{}", if now { " (in file)" } else { "" });
        let mut line = Line::raw(format!("{text:<w$}", w = inner.width as usize));
        if i == p.sel {
            line = line.patch_style(theme.selected(true));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The y/n question before a write, with the diff (secrets masked).
pub fn confirm(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Some(p) = &app.pending else { return };
    let diff: Vec<&str> = p.plan.diff().lines().collect();
    let w = screen.width.saturating_sub(4).min(100);
    let h = (diff.len() as u16 + 6).clamp(8, screen.height.saturating_sub(2));
    let area = centered(screen, w, h);
    let inner_w = w.saturating_sub(2) as usize;
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(
            fit(&format!(" {} ", p.title), inner_w),
            theme.title(true),
        ))
        .title_bottom(bottom_hint("y write · n/Esc cancel"));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let mut lines = vec![
        Line::raw(fit(&p.plan.summary.join("; "), inner_w)),
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
        "Write this change? y writes it, n or Esc cancels.",
        theme.key_hint(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
