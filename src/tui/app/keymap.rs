//! One key table per mode. Every label people read — the footer, the `?` help, the popups'
//! hints and the README's key table — is made from the bound keys themselves ([`Key`]'s
//! `Display`), so a label cannot name a key that does nothing or miss one that does.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the app is doing: browsing, or the overlay on top (derived from the overlay, see
/// `App::mode`).
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
/// event loop adds the non-key ones (clicks, resizes, file changes).
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
    /// Show only the keys set in the environment or the file.
    ToggleDefaults,
    Help,
    Reload,
    Quit,
    /// Esc while browsing: clear a kept filter, else go back to the profiles pane.
    Back,
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
    /// `P`: make the file 0600 (what `modalcfg fix-permissions` does).
    FixPermissions,
    /// `E`: suspend the app and open the file in `$VISUAL`/`$EDITOR`, reload after.
    OpenEditor,
    /// In an overlay: do what it is for (keep the filter, save, write, choose, close).
    Accept,
    /// In an overlay: leave it, nothing written.
    Cancel,
    /// In a form: next / previous field, reveal the secret, toggle the checkbox.
    NextField,
    PrevField,
    RevealField,
    ToggleCheck,
    /// In the help: next / previous page.
    NextPage,
    PrevPage,
    /// A key typed into the overlay's text field.
    Type(KeyEvent),
    /// Bracketed paste, trimmed.
    Paste(super::field::PasteText),
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
    /// Look at the file on disk (its size and time) and reload it when it changed.
    Tick,
    /// The file changed on disk (a watcher saw it): reload it if its bytes differ.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    FileChanged,
}

/// One key combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Keys as people write them: `↑`, `k`, `Enter`, `^C`, `S-Tab`, `Space`.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("^")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The inverse of `Display` (for the tests that read labels back off the screen).
impl std::str::FromStr for Key {
    type Err = String;
    fn from_str(s: &str) -> Result<Key, String> {
        if let Some(rest) = s.strip_prefix('^')
            && let Some(c) = rest.chars().next()
            && rest.chars().count() == 1
        {
            return Ok(ctrl(c.to_ascii_lowercase()));
        }
        let code = match s {
            "Space" => KeyCode::Char(' '),
            "↑" => KeyCode::Up,
            "↓" => KeyCode::Down,
            "←" => KeyCode::Left,
            "→" => KeyCode::Right,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Tab" => KeyCode::Tab,
            "S-Tab" => KeyCode::BackTab,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Bksp" => KeyCode::Backspace,
            _ if s.starts_with('F') && s.len() > 1 && s[1..].parse::<u8>().is_ok() => {
                KeyCode::F(s[1..].parse().unwrap_or(0))
            }
            _ if s.chars().count() == 1 => KeyCode::Char(s.chars().next().unwrap_or(' ')),
            _ => return Err(format!("not a key: {s:?}")),
        };
        Ok(k(code))
    }
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

/// One row of a table: the keys, what they do, and the footer's hint.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// What it does, for the help and the README.
    pub label: &'static str,
    /// The footer's hint, when it belongs there.
    pub hint: Option<Hint>,
}

impl Binding {
    /// Every bound key, as people write them: `↑/k`.
    pub fn keys_label(&self) -> String {
        join(self.keys.iter())
    }
}

fn join<'a>(keys: impl Iterator<Item = &'a Key>) -> String {
    keys.map(Key::to_string).collect::<Vec<_>>().join("/")
}

/// A footer hint: a word and a rank (0 first) for narrow screens, where the least important
/// hints are left out. It shows the binding's first key (`first` keys when more are worth
/// showing), or with `pair`, the first keys of this binding and the next one (`↑↓`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub word: &'static str,
    pub rank: u8,
    pub first: usize,
    pub pair: bool,
    /// Shown in the footer only while this holds (`None`: always).
    pub when: Option<When>,
}

/// A state of the app that brings a footer hint of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The file holds a secret and others may read it (the loose-permissions warning).
    LoosePermissions,
    /// The help does not fit on one page at this screen size (there is a next page).
    HelpPages,
}

const fn h(word: &'static str, rank: u8) -> Option<Hint> {
    Some(Hint {
        word,
        rank,
        first: 1,
        pair: false,
        when: None,
    })
}
/// A hint shown only while `when` holds.
const fn hw(word: &'static str, rank: u8, when: When) -> Option<Hint> {
    Some(Hint {
        word,
        rank,
        first: 1,
        pair: false,
        when: Some(when),
    })
}
/// A hint showing the first `n` keys.
const fn hn(word: &'static str, rank: u8, n: usize) -> Option<Hint> {
    Some(Hint {
        word,
        rank,
        first: n,
        pair: false,
        when: None,
    })
}
/// A hint for this binding and the next (`↑↓ move`).
const fn hp(word: &'static str, rank: u8) -> Option<Hint> {
    Some(Hint {
        word,
        rank,
        first: 1,
        pair: true,
        when: None,
    })
}

const fn b(
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    hint: Option<Hint>,
) -> Binding {
    Binding {
        keys,
        action,
        label,
        hint,
    }
}

use KeyCode as K;

#[rustfmt::skip]
pub static NORMAL: &[Binding] = &[
    b(&[k(K::Up), c('k')], Action::Up, "move up", hp("move", 8)),
    b(&[k(K::Down), c('j')], Action::Down, "move down", None),
    b(&[k(K::PageUp)], Action::PageUp, "page up", None),
    b(&[k(K::PageDown)], Action::PageDown, "page down", None),
    b(&[k(K::Home), c('g')], Action::Top, "first row", None),
    b(&[k(K::End), c('G')], Action::Bottom, "last row", None),
    b(&[k(K::Tab), k(K::BackTab)], Action::NextPane, "switch pane", h("pane", 4)),
    b(&[k(K::Left), c('h')], Action::FocusProfiles, "profiles pane", None),
    b(&[k(K::Right), c('l')], Action::FocusKeys, "keys pane", None),
    b(&[k(K::Enter)], Action::Activate, "activate profile / edit key", h("activate", 2)),
    b(&[c('-')], Action::Previous, "back to the previous profile", h("back", 9)),
    b(&[c('s')], Action::SessionOnly, "print export …, quit (shell)", h("session", 15)),
    b(&[c('t')], Action::EditToken, "set the profile's token", h("token", 3)),
    b(&[c('e')], Action::EditValue, "edit the highlighted key", h("edit", 4)),
    b(&[c('d')], Action::UnsetValue, "unset the highlighted key", h("unset", 10)),
    b(&[c('n')], Action::NewProfile, "new profile", h("new", 11)),
    b(&[c('r')], Action::RenameProfile, "rename the profile", None),
    b(&[c('D')], Action::DeleteProfile, "delete the profile (asks)", None),
    b(&[c('u')], Action::Undo, "undo the last write here", h("undo", 12)),
    b(&[c('p')], Action::TogglePreview, "diff + y/n before each write", h("preview", 13)),
    b(&[c('v')], Action::ToggleReveal, "show/mask secrets", h("reveal", 14)),
    b(&[c('y')], Action::Copy, "copy the value (OSC 52)", None),
    b(&[c('/')], Action::StartFilter, "filter by name or source", h("filter", 6)),
    b(&[c('.')], Action::ToggleDefaults, "hide/show default values", h("hide defaults", 5)),
    b(&[c('i')], Action::ToggleInternal, "show/hide internal keys", h("internal", 16)),
    b(&[c('R')], Action::Reload, "reload the file from disk", h("reload", 17)),
    b(&[c('E')], Action::OpenEditor, "edit the file in $EDITOR", h("editor", 18)),
    b(&[c('P')], Action::FixPermissions, "make the file 0600 (private)", hw("make private", 1, When::LoosePermissions)),
    b(&[c('?')], Action::Help, "this help", h("help", 0)),
    b(&[k(K::Esc)], Action::Back, "clear the filter / go back", None),
    b(&[c('q'), ctrl('c')], Action::Quit, "quit", h("quit", 1)),
];

#[rustfmt::skip]
pub static FILTER: &[Binding] = &[
    b(&[k(K::Enter)], Action::Accept, "keep the filter", h("keep", 0)),
    b(&[k(K::Esc)], Action::Cancel, "clear the filter", h("clear", 1)),
    b(&[k(K::Up)], Action::Up, "move up", hp("move", 2)),
    b(&[k(K::Down)], Action::Down, "move down", None),
    b(&[ctrl('c')], Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static HELP: &[Binding] = &[
    b(&[c('?'), k(K::Esc), c('q')], Action::Cancel, "close the help", hn("close", 0, 2)),
    b(&[k(K::Down), c('j'), k(K::PageDown)], Action::NextPage, "next page", hw("next page", 1, When::HelpPages)),
    b(&[k(K::Up), c('k'), k(K::PageUp)], Action::PrevPage, "previous page", hw("previous", 2, When::HelpPages)),
    b(&[ctrl('c')], Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static TOKEN: &[Binding] = &[
    b(&[k(K::Enter)], Action::Accept, "next field / save", h("save", 0)),
    b(&[k(K::Esc)], Action::Cancel, "cancel (nothing written)", h("cancel", 1)),
    b(&[k(K::Tab)], Action::NextField, "next field", h("next field", 2)),
    b(&[k(K::BackTab)], Action::PrevField, "previous field", None),
    b(&[ctrl('r'), k(K::F(2))], Action::RevealField, "reveal/mask the secret", hn("reveal", 3, 2)),
    b(&[ctrl('t')], Action::ToggleCheck, "make it the active profile", h("activate", 4)),
    b(&[ctrl('c')], Action::Quit, "quit (nothing written)", None),
];

#[rustfmt::skip]
pub static WELCOME: &[Binding] = &[
    b(&[k(K::Enter)], Action::Accept, "next field / write (0600)", h("next/save", 0)),
    b(&[k(K::Esc)], Action::Cancel, "skip (nothing written)", h("skip", 1)),
    b(&[k(K::Tab)], Action::NextField, "next field", h("next field", 2)),
    b(&[k(K::BackTab)], Action::PrevField, "previous field", None),
    b(&[ctrl('r'), k(K::F(2))], Action::RevealField, "reveal/mask the secret", hn("reveal", 3, 2)),
    b(&[ctrl('c')], Action::Quit, "quit (nothing written)", h("quit", 4)),
];

#[rustfmt::skip]
pub static INPUT: &[Binding] = &[
    b(&[k(K::Enter)], Action::Accept, "check and write", h("save", 0)),
    b(&[k(K::Esc)], Action::Cancel, "cancel (nothing written)", h("cancel", 1)),
    b(&[ctrl('c')], Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static PICK: &[Binding] = &[
    b(&[k(K::Up), c('k')], Action::Up, "move up", hp("move", 2)),
    b(&[k(K::Down), c('j')], Action::Down, "move down", None),
    b(&[k(K::Enter)], Action::Accept, "write the chosen value", h("save", 0)),
    b(&[k(K::Esc), c('q')], Action::Cancel, "cancel (nothing written)", h("cancel", 1)),
    b(&[ctrl('c')], Action::Quit, "quit", None),
];

#[rustfmt::skip]
pub static CONFIRM: &[Binding] = &[
    b(&[c('y')], Action::Accept, "write it", h("write", 0)),
    b(&[c('n'), k(K::Esc), c('q')], Action::Cancel, "cancel (nothing written)", hn("cancel", 1, 2)),
    b(&[ctrl('c')], Action::Quit, "quit (nothing written)", None),
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

/// The action of a key press in a mode. Where text is typed, any other key edits it.
pub fn action_for(mode: Mode, ev: &KeyEvent) -> Option<Action> {
    let found = table(mode)
        .iter()
        .find(|b| b.keys.iter().any(|key| matches(key, ev)))
        .map(|b| b.action.clone());
    match found {
        Some(a) => Some(a),
        None if mode.types_text() => Some(Action::Type(*ev)),
        None => None,
    }
}

/// The footer's hints for a mode, in table order: the keys to show and the word (the
/// hints that are always shown).
#[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
pub fn hints(mode: Mode) -> Vec<(String, &'static str, u8)> {
    hints_when(mode, |_| false)
}

/// The footer's hints for a mode, with those whose state `holds`.
pub fn hints_when(mode: Mode, holds: impl Fn(When) -> bool) -> Vec<(String, &'static str, u8)> {
    let t = table(mode);
    t.iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let h = b.hint.filter(|h| h.when.is_none_or(&holds))?;
            let mut keys = join(b.keys.iter().take(h.first));
            if h.pair
                && let Some(next) = t.get(i + 1).and_then(|n| n.keys.first())
            {
                keys.push_str(&next.to_string());
            }
            Some((keys, h.word, h.rank))
        })
        .collect()
}

/// The hints of a mode on one line, for a popup's bottom border: `Enter save · Esc cancel`.
pub fn hint_line(mode: Mode) -> String {
    hint_line_when(mode, |_| false)
}

/// [`hint_line`] with the hints whose state `holds`.
pub fn hint_line_when(mode: Mode, holds: impl Fn(When) -> bool) -> String {
    let mut hs = hints_when(mode, holds);
    hs.sort_by_key(|h| h.2);
    hs.iter()
        .map(|(keys, word, _)| format!("{keys} {word}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The whole keymap as markdown table rows (`| mode | keys | action |`) for the README.
#[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
pub fn markdown_rows() -> String {
    let mut out = String::from("| Mode | Keys | Action |\n|---|---|---|\n");
    for mode in Mode::ALL {
        for b in table(mode) {
            let keys = b.keys_label().replace('|', "\\|");
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

/// The keys of the first binding of `action` while browsing, as the labels show them
/// (`P`), for messages that name a key.
pub fn keys_of(action: &Action) -> String {
    (NORMAL.iter().find(|b| &b.action == action)).map_or_else(String::new, Binding::keys_label)
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
        assert_eq!(n(K::Esc), Some(Action::Back), "Esc never quits");
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
        assert_eq!(action_for(Mode::Filter, &x), Some(Action::Type(x)));
        assert_eq!(action_for(Mode::Help, &x), Some(Action::Cancel));
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
                    b.label.chars().count() <= 28 && b.keys_label().chars().count() <= 9,
                    "{}",
                    b.label
                );
            }
        }
    }

    #[test]
    fn a_key_reads_back_as_itself() {
        for mode in Mode::ALL {
            for b in table(mode) {
                for key in b.keys {
                    assert_eq!(key.to_string().parse::<Key>().as_ref(), Ok(key));
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_table() {
        for mode in Mode::ALL {
            let keys: Vec<Key> = table(mode).iter().flat_map(|b| b.keys).copied().collect();
            for (i, key) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(key), "{mode:?}: {key} twice");
            }
        }
    }

    #[test]
    fn markdown_lists_every_binding() {
        let md = markdown_rows();
        let n: usize = Mode::ALL.iter().map(|m| table(*m).len()).sum();
        assert_eq!(md.lines().count(), n + 3);
        assert!(md.contains("| Browse | `Enter` | activate profile / edit key"));
    }
}
