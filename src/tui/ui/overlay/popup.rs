//! What the popups are made of: a box centred on the screen, a field as a line, a form's
//! fields, wrapped lines, the key hint on the border. A secret field is drawn as one `•` per
//! character unless revealed with ^R/F2.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use ratatui::layout::Constraint;

use crate::tui::app::field::Field;
use crate::tui::app::keymap::{Mode, hint_line};
use crate::tui::app::overlay::Form;
use crate::tui::ui::theme::{Theme, width as cells, wrap_words};

/// Where a token comes from, said on both token forms.
pub const TOKEN_SOURCE: &str =
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
pub fn field_line(
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
    for (i, f) in form.fields().iter().enumerate() {
        let focused = i == form.focus();
        let mut label = f.id().label().to_string();
        if f.secret() {
            label.push_str(if form.reveal() {
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
        let (line, col) = field_line(
            f.field(),
            f.secret() && !form.reveal(),
            width,
            focused,
            theme,
        );
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

pub fn bottom_hint(text: &str) -> Line<'static> {
    Line::from(format!(" {text} "))
}

pub fn wrapped(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap_words(text, width)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// A form in a box sized to its contents: `intro` lines, the fields, then warnings, the
/// error and `outro`.
pub struct FormBox<'a> {
    pub form: &'a Form,
    pub max_w: u16,
    pub title: Span<'static>,
    pub mode: Mode,
    pub intro: Vec<(String, Style)>,
    pub outro: Vec<(String, Style)>,
}

pub fn form_box(b: FormBox, theme: &Theme, frame: &mut Frame, screen: Rect) {
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
    if let Some(w) = form.env_warning() {
        tail.extend(wrapped(&format!("⚠ {w}"), width, theme.warning()));
    }
    if let Some(e) = form.error() {
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
pub fn body_of(block: &Block, area: Rect) -> Rect {
    let inner = block.inner(area);
    Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(2),
        ..inner
    }
}
