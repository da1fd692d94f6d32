//! The popups and forms: the token popup, the first-run welcome form, a value or name being
//! typed, a value picker, and the y/n question before a write (with its diff, secrets masked).
//! A secret field is drawn as one `•` per character unless revealed with ^R/F2.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use ratatui::layout::Constraint;
use ratatui::widgets::{List, ListState};

use super::theme::{Theme, fit, width as cells};
use crate::tui::app::App;
use crate::tui::app::field::Field;
use crate::tui::app::keymap::{Mode, hint_line};
use crate::tui::app::overlay::{Form, Note, Picker, Prompt, PromptKind, TokenForm};
use crate::tui::app::plan::Write;

/// Where a token comes from, said on both token forms.
const TOKEN_SOURCE: &str =
    "A token comes from modal.com/settings/tokens, or `modal token new` (opens a browser).";

/// A `w`x`h` box centred on the screen (clipped to it).
pub fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    screen.centered(
        Constraint::Length(w.min(screen.width)),
        Constraint::Length(h.min(screen.height)),
    )
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
    let (visible, col) = field.window(masked, room);
    let pad = room.saturating_sub(cells(&visible));
    let style = if focused {
        theme.selected(true)
    } else {
        Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED)
    };
    let line = Line::from(vec![
        Span::raw(if focused { "›" } else { " " }),
        Span::styled(format!("{}{}", visible.as_str(), " ".repeat(pad)), style),
        Span::raw(" "),
    ]);
    (line, 1 + col)
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
        let mut label = f.id.label().to_string();
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
            // Wrapped, never cut: the warning is a sentence to read whole.
            Some(w) => lines.extend(wrapped(&format!("⚠ {w}"), width, theme.warning())),
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
        let n = cells(&line);
        if n > 0 && n + 1 + cells(word) > width {
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
struct FormBox<'a> {
    form: &'a Form,
    max_w: u16,
    title: Span<'static>,
    mode: Mode,
    intro: Vec<(String, Style)>,
    outro: Vec<(String, Style)>,
}

fn form_box(b: FormBox, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let FormBox {
        form,
        max_w,
        title,
        mode,
        intro,
        outro,
    } = b;
    let w = screen.width.saturating_sub(2).min(max_w);
    let width = w.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for (t, style) in &intro {
        lines.extend(wrapped(t, width, *style));
    }
    let top = lines.len() as u16;
    let mut tail: Vec<Line> = Vec::new();
    if let Some(w) = &form.env_warning {
        tail.extend(wrapped(&format!("⚠ {w}"), width, theme.warning()));
    }
    if let Some(e) = &form.error {
        tail.extend(wrapped(&format!("✗ {e}"), width, theme.error()));
    }
    for (t, style) in &outro {
        tail.extend(wrapped(t, width, *style));
    }
    // The fields' lines (a warning may take more than one), laid out once to be measured.
    let fields_h = form_lines(form, theme, width, 0, 0).0.len() as u16;
    let h = top + fields_h + tail.len() as u16 + 2;
    let area = centered(screen, w, h);
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(title)
        .title_bottom(bottom_hint(&hint_line(mode)));
    let body = body_of(&block, area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let (fields, cursor) = form_lines(form, theme, width, body.y + top, body.x);
    lines.extend(fields);
    lines.extend(tail);
    frame.render_widget(Paragraph::new(lines), body);
    if cursor.y < body.y + body.height && cursor.x < body.x + body.width {
        frame.set_cursor_position(cursor);
    }
}

/// The inside of a popup's border, with a column of margin on each side.
fn body_of(block: &Block, area: Rect) -> Rect {
    let inner = block.inner(area);
    Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// `t`: the token popup over the main screen.
pub fn token(app: &App, t: &TokenForm, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let profile = &t.profile;
    let current = app
        .file()
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
    let check = if t.activate { "[x]" } else { "[ ]" };
    let outro = vec![(
        format!("{check} also make `{profile}` the active profile (^T)"),
        Style::new(),
    )];
    let b = FormBox {
        form: &t.form,
        max_w: 72,
        title,
        mode: Mode::Token,
        intro: vec![(now, theme.dim()), (TOKEN_SOURCE.to_string(), theme.dim())],
        outro,
    };
    form_box(b, theme, frame, screen);
}

/// The first-run form, on the whole screen.
pub fn welcome(app: &App, form: &Form, theme: &Theme, frame: &mut Frame, screen: Rect) {
    frame.render_widget(Clear, screen);
    let path = app.file().path.display().to_string();
    let plain = Style::new();
    let intro = vec![
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
        (TOKEN_SOURCE.to_string(), theme.dim()),
        (String::new(), plain),
    ];
    let outro = vec![(
        "Nothing is written until Enter on the last field; Esc skips.".to_string(),
        theme.dim(),
    )];
    let b = FormBox {
        form,
        max_w: 80,
        title: Span::styled(" Welcome to modalcfg ", theme.header()),
        mode: Mode::Welcome,
        intro,
        outro,
    };
    form_box(b, theme, frame, screen);
}

/// A value or a profile name being typed.
pub fn prompt(p: &Prompt, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let w = screen.width.saturating_sub(4).min(72);
    let title = match &p.kind {
        PromptKind::SetValue { profile, key } => format!(" Set `{key}` in profile `{profile}` "),
        PromptKind::NewProfile => " New profile ".into(),
        PromptKind::RenameProfile { from } => format!(" Rename profile `{from}` "),
    };
    let width = w.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for note in &p.notes {
        let (text, style) = match note {
            Note::Plain(t) => (t, Style::new()),
            Note::Warning(t) => (t, theme.warning()),
        };
        lines.extend(wrapped(text, width, style));
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

/// Choosing among a key's values.
pub fn picker(p: &Picker, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let w = screen.width.saturating_sub(4).min(52);
    let width = w.saturating_sub(2) as usize;
    let mut about = Vec::new();
    if let Some(warn) = &p.warning {
        about.extend(wrapped(warn, width, theme.warning()));
    }
    about.push(Line::styled("Choose the value to write:", theme.dim()));
    let about_h = about.len() as u16 + 1;
    let h = (p.options.len() as u16 + 2 + about_h).min(screen.height);
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
        .title_bottom(bottom_hint(&hint_line(Mode::Pick)));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [about_area, list] = inner.layout(&ratatui::layout::Layout::vertical([
        Constraint::Length(about_h),
        Constraint::Fill(1),
    ]));
    frame.render_widget(Paragraph::new(about), about_area);
    let items: Vec<Line> = p
        .options
        .iter()
        .map(|o| {
            let now = p
                .current
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(o));
            Line::raw(format!(" {o:<12}{}", if now { " (in file)" } else { "" }))
        })
        .collect();
    let mut state: ListState = p.state;
    let widget = List::new(items).highlight_style(theme.selected(true));
    frame.render_stateful_widget(widget, list, &mut state);
}

/// The y/n question before a write, with the diff (secrets masked).
pub fn confirm(p: &Write, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let diff: Vec<&str> = p.plan.diff().lines().collect();
    let w = screen.width.saturating_sub(4).min(100);
    let h = (diff.len() as u16 + 6)
        .max(8)
        .min(screen.height.saturating_sub(2));
    let area = centered(screen, w, h);
    let inner_w = w.saturating_sub(2) as usize;
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Span::styled(
            fit(&format!(" {} ", p.title), inner_w),
            theme.title(true),
        ))
        .title_bottom(bottom_hint(&hint_line(Mode::Confirm)));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let mut lines = vec![
        Line::raw(fit(
            &format!("If written: {}", p.plan.summary.join("; ")),
            inner_w,
        )),
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
        format!("Write this change? {}", hint_line(Mode::Confirm)),
        theme.key_hint(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
