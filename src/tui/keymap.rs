//! One key table per mode. The footer hints, the `?` help and the README's key table are all
//! generated from these tables, so they cannot drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the app is doing: browsing, typing a filter, showing the help, or a popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    Help,
    /// The token popup (`t`): token id and secret.
    Token,
    /// The first-run form, when there is no config file.
    Welcome,
    /// Typing a value or a profile name.
    Input,
    /// Choosing a value from a list.
    Pick,
    /// A yes/no question: the diff of a write, or a delete.
    Confirm,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Normal,
        Mode::Filter,
        Mode::Help,
        Mode::Token,
        Mode::Welcome,
        Mode::Input,
        Mode::Pick,
        Mode::Confirm,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Mode::Normal => "Browse",
            Mode::Filter => "Filter (typing)",
            Mode::Help => "Help",
            Mode::Token => "Token popup",
            Mode::Welcome => "Welcome form",
            Mode::Input => "Value or name",
            Mode::Pick => "Pick a value",
            Mode::Confirm => "Confirm a write",
        }
    }

    /// Modes where keys that are not in the table are typed into a field.
    pub fn types_text(self) -> bool {
        matches!(
            self,
            Mode::Filter | Mode::Token | Mode::Welcome | Mode::Input
        )
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
    HelpPrevPage,
    HelpNextPage,
    /// `t`: the token popup for the highlighted profile.
    EditToken,
    /// `e`: edit the highlighted key in the highlighted profile.
    EditValue,
    /// `d`: remove the highlighted key from the highlighted profile.
    UnsetValue,
    /// `p`: show each write's diff and ask before writing.
    TogglePreview,
    /// `u`: undo the last write made here.
    Undo,
    NewProfile,
    RenameProfile,
    DeleteProfile,
    /// `v`: show or mask secrets in the panes.
    ToggleReveal,
    /// `y`: copy the highlighted value (OSC 52).
    Copy,
    /// `s`: quit and print `export MODAL_PROFILE=…` for the highlighted profile.
    SessionOnly,
    /// In a form: next / previous field, save, leave, reveal the secret, edit the field.
    FormNext,
    FormPrev,
    FormSave,
    FormCancel,
    FormReveal,
    FormKey(KeyEvent),
    /// Bracketed paste, trimmed.
    Paste(super::field::PasteText),
    InputAccept,
    InputCancel,
    InputKey(KeyEvent),
    PickAccept,
    PickCancel,
    ConfirmYes,
    ConfirmNo,
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
    b(&[c('-')], "-", Action::Previous, "back to the previous profile", h("-", "back", 9)),
    b(&[c('s')], "s", Action::SessionOnly, "print export …, quit (shell)", h("s", "session", 15)),
    b(&[c('t')], "t", Action::EditToken, "set the profile's token", h("t", "token", 3)),
    b(&[c('e')], "e", Action::EditValue, "edit the highlighted key", h("e", "edit", 4)),
    b(&[c('d')], "d", Action::UnsetValue, "unset the highlighted key", h("d", "unset", 10)),
    b(&[c('n')], "n", Action::NewProfile, "new profile", h("n", "new", 11)),
    b(&[c('r')], "r", Action::RenameProfile, "rename the profile", None),
    b(&[c('D')], "D", Action::DeleteProfile, "delete the profile (asks)", None),
    b(&[c('u')], "u", Action::Undo, "undo the last write here", h("u", "undo", 12)),
    b(&[c('p')], "p", Action::TogglePreview, "diff + y/n before each write", h("p", "preview", 13)),
    b(&[c('v')], "v", Action::ToggleReveal, "show/mask secrets", h("v", "reveal", 14)),
    b(&[c('y')], "y", Action::Copy, "copy the value (OSC 52)", None),
    b(&[c('/')], "/", Action::StartFilter, "filter the focused pane", h("/", "filter", 6)),
    b(&[c('i')], "i", Action::ToggleInternal, "show/hide internal keys", h("i", "internal", 16)),
    b(&[c('R')], "R", Action::Reload, "reload the file from disk", h("R", "reload", 17)),
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
    b(&[k(K::Down), c('j'), k(K::PageDown), c(' ')], "↓/PgDn", Action::HelpNextPage, "next page", h("↓", "next page", 1)),
    b(&[k(K::Up), c('k'), k(K::PageUp)], "↑/PgUp", Action::HelpPrevPage, "previous page", h("↑", "previous", 2)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static TOKEN: &[Binding] = &[
    b(&[k(K::Tab)], "Tab", Action::FormNext, "next field", h("Tab", "next field", 2)),
    b(&[k(K::BackTab)], "S-Tab", Action::FormPrev, "previous field", None),
    b(&[k(K::Enter)], "Enter", Action::FormSave, "save the token", h("Enter", "save", 0)),
    b(&[k(K::Esc)], "Esc", Action::FormCancel, "cancel (nothing written)", h("Esc", "cancel", 1)),
    b(&[ctrl('r'), k(K::F(2))], "^R/F2", Action::FormReveal, "reveal/mask the secret", h("^R", "reveal", 3)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit (nothing written)", None),
];

#[rustfmt::skip]
pub static WELCOME: &[Binding] = &[
    b(&[k(K::Tab)], "Tab", Action::FormNext, "next field", h("Tab", "next field", 2)),
    b(&[k(K::BackTab)], "S-Tab", Action::FormPrev, "previous field", None),
    b(&[k(K::Enter)], "Enter", Action::FormSave, "write the file (0600)", h("Enter", "save", 0)),
    b(&[k(K::Esc)], "Esc", Action::FormCancel, "skip (nothing written)", h("Esc", "skip", 1)),
    b(&[ctrl('r'), k(K::F(2))], "^R/F2", Action::FormReveal, "reveal/mask the secret", h("^R", "reveal", 3)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit (nothing written)", h("^C", "quit", 4)),
];

#[rustfmt::skip]
pub static INPUT: &[Binding] = &[
    b(&[k(K::Enter)], "Enter", Action::InputAccept, "check and write", h("Enter", "save", 0)),
    b(&[k(K::Esc)], "Esc", Action::InputCancel, "cancel (nothing written)", h("Esc", "cancel", 1)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static PICK: &[Binding] = &[
    b(&[k(K::Up), c('k')], "↑/k", Action::Up, "move up", None),
    b(&[k(K::Down), c('j')], "↓/j", Action::Down, "move down", h("↑↓", "move", 2)),
    b(&[k(K::Enter)], "Enter", Action::PickAccept, "write the chosen value", h("Enter", "save", 0)),
    b(&[k(K::Esc), c('q')], "Esc/q", Action::PickCancel, "cancel (nothing written)", h("Esc", "cancel", 1)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static CONFIRM: &[Binding] = &[
    b(&[c('y')], "y", Action::ConfirmYes, "write it", h("y", "write", 0)),
    b(&[c('n'), k(K::Esc), c('q')], "n/Esc", Action::ConfirmNo, "cancel (nothing written)", h("n/Esc", "cancel", 1)),
    b(&[ctrl('c')], "^C", Action::Quit, "quit (nothing written)", None),
];

/// The table of a mode.
pub fn table(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Normal => NORMAL,
        Mode::Filter => FILTER,
        Mode::Help => HELP,
        Mode::Token => TOKEN,
        Mode::Welcome => WELCOME,
        Mode::Input => INPUT,
        Mode::Pick => PICK,
        Mode::Confirm => CONFIRM,
    }
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    // Shift is part of the character for `R`, `G` and `?` (and of BackTab); terminals differ
    // in reporting it.
    let strip = |m: KeyModifiers| {
        if matches!(key.code, K::Char(_) | K::BackTab) {
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
        (None, Mode::Token | Mode::Welcome) => Some(Action::FormKey(*ev)),
        (None, Mode::Input) => Some(Action::InputKey(*ev)),
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
        let n: usize = Mode::ALL.iter().map(|m| table(*m).len()).sum();
        assert_eq!(md.lines().count(), n + 3);
        assert!(md.contains("| Browse | `Enter` | activate highlighted profile"));
    }
}
