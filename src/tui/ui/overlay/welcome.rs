//! The welcome form (state and keys: `app/overlay/welcome.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Clear;

use super::popup::{FormBox, TOKEN_SOURCE, form_box};
use crate::tui::app::App;
use crate::tui::app::keymap::Mode;
use crate::tui::app::overlay::Form;
use crate::tui::ui::theme::Theme;

/// The first-run form, on the whole screen.
pub fn render(app: &App, form: &Form, theme: &Theme, frame: &mut Frame, screen: Rect) {
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
