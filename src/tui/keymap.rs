//! One key table per mode. The footer hints, the `?` help and the README's key table are all
//! generated from these tables, so they cannot drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the app is doing: browsing, typing a filter, or showing the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    Help,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Normal, Mode::Filter, Mode::Help];

    pub fn title(self) -> &'static str {
        match self {
            Mode::Normal => "Browse",
            Mode::Filter => "Filter (typing)",
            Mode::Help => "Help",
        }
    }
}

/// A named thing the user can do. Key presses become actions through [`action_for`]; the
/// event loop adds the non-key ones (clicks, resizes, ticks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    FocusProfiles,
    FocusKeys,
    Activate,
    Previous,
    StartFilter,
    ToggleInternal,
    Help,
    Reload,
    Quit,
    /// Keep the typed filter and go back to browsing.
    FilterAccept,
    /// Clear the filter and go back to browsing.
    FilterCancel,
    /// A key that edits the filter text.
    FilterKey(KeyEvent),
    CloseHelp,
    /// A left click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel over a cell: `down` scrolls down.
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// The periodic timer: look for changes of the file on disk.
    Tick,
}

/// One key combination.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}
const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

/// One row of a table: the keys, how to write them, what they do.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    /// The keys as people write them (`↑/k`).
    pub keys_label: &'static str,
    pub action: Action,
    /// What it does, for the help and the README.
    pub label: &'static str,
    /// The footer's hint, when it belongs there.
    pub hint: Option<Hint>,
}

/// A footer hint: short keys, a word, and a rank (0 first) for narrow screens, where the
/// least important hints are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub keys: &'static str,
    pub word: &'static str,
    pub rank: u8,
}

const fn h(keys: &'static str, word: &'static str, rank: u8) -> Option<Hint> {
    Some(Hint { keys, word, rank })
}

const fn b(
    keys: &'static [Key],
    keys_label: &'static str,
    action: Action,
    label: &'static str,
    hint: Option<Hint>,
) -> Binding {
    Binding {
        keys,
        keys_label,
        action,
        label,
        hint,
    }
}

use KeyCode as K;

#[rustfmt::skip]
pub static NORMAL: &[Binding] = &[
    b(&[k(K::Up), c('k')], "↑/k", Action::Up, "move up", h("↑↓", "move", 8)),
    b(&[k(K::Down), c('j')], "↓/j", Action::Down, "move down", None),
    b(&[k(K::PageUp)], "PgUp", Action::PageUp, "page up", None),
    b(&[k(K::PageDown)], "PgDn", Action::PageDown, "page down", None),
    b(&[k(K::Home), c('g')], "Home/g", Action::Top, "first row", None),
    b(&[k(K::End), c('G')], "End/G", Action::Bottom, "last row", None),
    b(&[k(K::Tab), k(K::BackTab)], "Tab", Action::NextPane, "switch pane", h("Tab", "pane", 4)),
    b(&[k(K::Left), c('h')], "←/h", Action::FocusProfiles, "profiles pane", None),
    b(&[k(K::Right), c('l')], "→/l", Action::FocusKeys, "keys pane", None),
    b(&[k(K::Enter)], "Enter", Action::Activate, "activate highlighted profile", h("Enter", "activate", 2)),
    b(&[c('-')], "-", Action::Previous, "back to the previous profile", h("-", "back", 3)),
    b(&[c('/')], "/", Action::StartFilter, "filter the focused pane", h("/", "filter", 5)),
    b(&[c('i')], "i", Action::ToggleInternal, "show/hide internal keys", h("i", "internal", 6)),
    b(&[c('R')], "R", Action::Reload, "reload the file from disk", h("R", "reload", 7)),
    b(&[c('?')], "?", Action::Help, "this help", h("?", "help", 0)),
    b(&[c('q'), k(K::Esc), ctrl('c')], "q/Esc/^C", Action::Quit, "quit", h("q", "quit", 1)),
];

#[rustfmt::skip]
pub static FILTER: &[Binding] = &[
    b(&[k(K::Enter)], "Enter", Action::FilterAccept, "keep the filter", h("Enter", "keep", 0)),
    b(&[k(K::Esc)], "Esc", Action::FilterCancel, "clear the filter", h("Esc", "clear", 1)),
    b(&[k(K::Up)], "↑", Action::Up, "move up", None),
    b(&[k(K::Down)], "↓", Action::Down, "move down", h("↑↓", "move", 2)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static HELP: &[Binding] = &[
    b(&[c('?'), k(K::Esc), c('q'), k(K::Enter)], "?/Esc/q", Action::CloseHelp, "close the help", h("?/Esc/q", "close", 0)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit", None),
];

/// The table of a mode.
pub fn table(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Normal => NORMAL,
        Mode::Filter => FILTER,
        Mode::Help => HELP,
    }
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    // Shift is part of the character for `R`, `G` and `?`; terminals differ in reporting it.
    let strip = |m: KeyModifiers| {
        if matches!(key.code, K::Char(_)) {
            m - KeyModifiers::SHIFT
        } else {
            m
        }
    };
    key.code == ev.code && strip(key.mods) == strip(ev.modifiers)
}

/// The action of a key press in a mode. In filter mode, any other key edits the filter text.
pub fn action_for(mode: Mode, ev: &KeyEvent) -> Option<Action> {
    let found = table(mode)
        .iter()
        .find(|b| b.keys.iter().any(|key| matches(key, ev)))
        .map(|b| b.action.clone());
    match (found, mode) {
        (Some(a), _) => Some(a),
        (None, Mode::Filter) => Some(Action::FilterKey(*ev)),
        (None, _) => None,
    }
}

/// The footer's hints for a mode, in table order.
pub fn hints(mode: Mode) -> Vec<Hint> {
    table(mode).iter().filter_map(|b| b.hint).collect()
}

/// The whole keymap as markdown table rows (`| mode | keys | action |`) for the README.
pub fn markdown_rows() -> String {
    let mut out = String::from("| Mode | Keys | Action |\n|---|---|---|\n");
    for mode in Mode::ALL {
        for b in table(mode) {
            let keys = b.keys_label.replace('|', "\\|");
            out.push_str(&format!(
                "| {} | `{}` | {} |\n",
                mode.title(),
                keys,
                b.label
            ));
        }
    }
    out.push_str("| Browse | mouse click | select a profile or a key (the wheel scrolls) |\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_map_to_actions() {
        let n = |code| action_for(Mode::Normal, &press(code, KeyModifiers::NONE));
        assert_eq!(n(K::Char('j')), Some(Action::Down));
        assert_eq!(n(K::Esc), Some(Action::Quit));
        assert_eq!(
            action_for(Mode::Normal, &press(K::Char('R'), KeyModifiers::SHIFT)),
            Some(Action::Reload)
        );
        assert_eq!(
            action_for(Mode::Normal, &press(K::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Mode::Normal, &press(K::Char('q'), KeyModifiers::ALT)),
            None
        );
        let x = press(K::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Filter, &x), Some(Action::FilterKey(x)));
        assert_eq!(action_for(Mode::Help, &x), Some(Action::CloseHelp));
    }

    #[test]
    fn every_mode_can_quit_with_ctrl_c() {
        for mode in Mode::ALL {
            assert!(
                table(mode).iter().any(|b| b.action == Action::Quit),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn labels_fit_the_help_columns() {
        for mode in Mode::ALL {
            for b in table(mode) {
                assert!(
                    b.label.chars().count() <= 28 && b.keys_label.chars().count() <= 9,
                    "{}",
                    b.label
                );
            }
        }
    }

    #[test]
    fn markdown_lists_every_binding() {
        let md = markdown_rows();
        let n = NORMAL.len() + FILTER.len() + HELP.len();
        assert_eq!(md.lines().count(), n + 3);
        assert!(md.contains("| Browse | `Enter` | activate highlighted profile"));
    }
}
