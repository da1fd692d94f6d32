//! Rendering only: a pure function of `&App` (see `crate::tui::app`). Panes, the explain
//! area, the help popup, the header, the status line and the footer.
pub mod chrome;
pub mod help;
pub mod info;
pub mod keys;
pub mod layout;
pub mod popup;
pub mod profiles;
pub mod theme;

use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::keymap::Mode;
use theme::Theme;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let theme = Theme::new(app.opts.no_color);
    if app.mode == Mode::Welcome {
        popup::welcome(app, &theme, frame, frame.area());
        return;
    }
    let areas = layout::Areas::new(frame.area(), app.status_lines(frame.area().width));
    chrome::header(app, &theme, frame, areas.header);
    profiles::render(app, &theme, frame, areas.profiles);
    keys::render(app, &theme, frame, areas.keys);
    info::render(app, &theme, frame, areas.info);
    chrome::status(app, &theme, frame, areas.status);
    chrome::footer(app, &theme, frame, areas.footer);
    match app.mode {
        Mode::Help => help::render(app.help_page, &theme, frame, frame.area()),
        Mode::Token => popup::token(app, &theme, frame, frame.area()),
        Mode::Input => popup::prompt(app, &theme, frame, frame.area()),
        Mode::Pick => popup::picker(app, &theme, frame, frame.area()),
        Mode::Confirm => popup::confirm(app, &theme, frame, frame.area()),
        _ => {}
    }
}
