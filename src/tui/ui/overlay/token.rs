//! The token popup (state and keys: `app/overlay/token.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::popup::{FormBox, TOKEN_SOURCE, form_box};
use crate::tui::app::App;
use crate::tui::app::keymap::Mode;
use crate::tui::app::overlay::TokenForm;
use crate::tui::ui::theme::{Theme, fit};

/// `t`: the token popup over the main screen.
pub fn render(app: &App, t: &TokenForm, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let profile = t.profile();
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
    let check = if t.activate() { "[x]" } else { "[ ]" };
    let outro = vec![(
        format!("{check} also make `{profile}` the active profile (^T)"),
        Style::new(),
    )];
    let b = FormBox {
        form: t.form(),
        max_w: 72,
        title,
        mode: Mode::Token,
        intro: vec![(now, theme.dim()), (TOKEN_SOURCE.to_string(), theme.dim())],
        outro,
    };
    form_box(b, theme, frame, screen);
}
