//! Rendering only: a pure function of `&App` (see `crate::tui::app`). It reads the app's
//! state (and the key tables' labels) and draws: panes, the explain area, the overlays, the
//! header, the status line and the footer. It decides nothing and touches no file.
pub mod chrome;
pub mod info;
pub mod keys;
pub mod overlay;
pub mod profiles;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::app::overlay::Overlay;
use theme::Theme;

/// The smallest screen the browse view is drawn on; below it, one line says so.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 8;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let theme = Theme::new(app.loaded().opts().no_color);
    let screen = frame.area();
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return too_small(&theme, frame, screen);
    }
    if let Some(Overlay::Welcome(w)) = app.overlay() {
        overlay::welcome::render(app, w.form(), &theme, frame, screen);
        return;
    }
    let areas = app.areas_in(screen);
    chrome::header(app, &theme, frame, areas.header);
    profiles::render(app, &theme, frame, areas.profiles);
    keys::render(app, &theme, frame, areas.keys);
    info::render(app, &theme, frame, areas.info);
    chrome::status(app, &theme, frame, areas.status);
    chrome::footer(app, &theme, frame, areas.footer);
    match app.overlay() {
        Some(Overlay::Help(h)) => overlay::help::render(h.page(), &theme, frame, screen),
        Some(Overlay::Token(t)) => overlay::token::render(app, t, &theme, frame, screen),
        Some(Overlay::Prompt(p)) => overlay::prompt::render(p, &theme, frame, screen),
        Some(Overlay::Picker(p)) => overlay::picker::render(p, &theme, frame, screen),
        Some(Overlay::Confirm(c)) => overlay::confirm::render(c.write(), &theme, frame, screen),
        Some(Overlay::Filter(_) | Overlay::Welcome(_)) | None => {}
    }
}

/// One line instead of the app, on a screen too small for it (what to do: make it bigger;
/// `q` still quits, Esc still closes what is open).
fn too_small(theme: &Theme, frame: &mut Frame, screen: Rect) {
    let text = format!(
        "terminal too small ({}x{}): modalcfg needs {MIN_WIDTH}x{MIN_HEIGHT}",
        screen.width, screen.height
    );
    let lines: Vec<Line> = theme::wrap_words(&text, screen.width as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme.warning()))
        .collect();
    frame.render_widget(Paragraph::new(lines), screen);
}
