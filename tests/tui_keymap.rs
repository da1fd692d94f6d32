//! The keymap labels itself: every place a person reads keys — the `?` help, the footer, the
//! popups' bottom hints and the README's table — names exactly the keys that are bound (the
//! help and the README every key of a binding, the footer and the hints a subset of them).
//! A label typed by hand that drifts from the bindings fails here.

use std::collections::BTreeSet;
use std::path::Path;

use modalcfg::tui::app::App;
use modalcfg::tui::app::keymap::{Binding, Key, Mode, table};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::THREE;
use common::app::draw;

fn set(keys: &[Key]) -> BTreeSet<String> {
    keys.iter().map(Key::to_string).collect()
}

/// A label (`↑/k`, `?/Esc/q`, `^R/F2`) read back into keys; `None` when a part is not a key.
fn parse(label: &str) -> Option<BTreeSet<String>> {
    let keys: Option<Vec<Key>> = if label == "/" {
        Some(vec!["/".parse().ok()?])
    } else if label == "↑↓" {
        Some(vec!["↑".parse().ok()?, "↓".parse().ok()?])
    } else {
        label.split('/').map(|p| p.parse::<Key>().ok()).collect()
    };
    keys.map(|k| set(&k))
}

fn app(text: Option<&str>) -> App {
    common::app::in_memory(text, &[])
}

fn press(app: &mut App, code: KeyCode) {
    let mods = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.handle_key(KeyEvent::new(code, mods));
}

/// The binding of `mode` whose help label is `label`.
fn by_label(mode: Mode, label: &str) -> Option<&'static Binding> {
    table(mode).iter().find(|b| b.label == label)
}

/// Each `KEYS word` pair of a hint line (`Enter save · Esc cancel`) names keys bound to the
/// action the word is the footer hint of.
fn check_hints(mode: Mode, line: &str, sep: &str) {
    let hints: Vec<_> = table(mode)
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.hint.map(|h| (i, b, h)))
        .collect();
    let mut seen = 0;
    for part in line.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
        let Some((keys, word)) = part.split_once(' ') else {
            continue;
        };
        let Some((i, b, h)) = hints.iter().find(|(_, _, h)| h.word == word.trim()) else {
            continue;
        };
        let shown = parse(keys).unwrap_or_else(|| panic!("{mode:?}: `{keys}` is not a key"));
        let mut bound = set(b.keys);
        if h.pair {
            bound.extend(set(table(mode)[i + 1].keys));
        }
        assert!(
            !shown.is_empty() && shown.is_subset(&bound),
            "{mode:?}: hint `{part}` names {shown:?}, bound: {bound:?}"
        );
        seen += 1;
    }
    assert!(seen > 0, "{mode:?}: no hint found in {line:?}");
}

#[test]
fn the_help_names_exactly_the_bound_keys() {
    let mut a = app(Some(THREE));
    press(&mut a, KeyCode::Char('?'));
    let s = draw(&mut a, 200, 100);
    let mut mode = None;
    let mut checked = 0;
    for line in s.lines() {
        // Three columns of `KEYS      label` (or a mode's title).
        for col in line.trim_matches('"').split('│').flat_map(|c| {
            let chars: Vec<char> = c.chars().collect();
            chars
                .chunks(39)
                .map(|ch| ch.iter().collect::<String>())
                .collect::<Vec<_>>()
        }) {
            let col = col.trim_end();
            if let Some(m) = Mode::ALL.iter().find(|m| m.title() == col.trim()) {
                mode = Some(*m);
                continue;
            }
            let (Some(m), Some((keys, label))) = (mode, col.split_once(' ')) else {
                continue;
            };
            let Some(b) = by_label(m, label.trim()) else {
                continue;
            };
            assert_eq!(
                parse(keys),
                Some(set(b.keys)),
                "{m:?}: help shows `{keys}` for `{}`",
                b.label
            );
            checked += 1;
        }
    }
    let total: usize = Mode::ALL.iter().map(|m| table(*m).len()).sum();
    assert_eq!(checked, total, "every binding is in the help:\n{s}");
}

#[test]
fn the_readme_names_exactly_the_bound_keys() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut checked = 0;
    for row in readme.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = row
            .split(" | ")
            .map(|c| c.trim_matches('|').trim())
            .collect();
        let [mode, keys, label] = cells[..] else {
            continue;
        };
        let Some(m) = Mode::ALL.iter().find(|m| m.title() == mode) else {
            continue;
        };
        let keys = keys.trim_matches('`').replace("\\|", "|");
        let Some(b) = by_label(*m, label) else {
            continue;
        };
        assert_eq!(parse(&keys), Some(set(b.keys)), "README: {row}");
        checked += 1;
    }
    let total: usize = Mode::ALL.iter().map(|m| table(*m).len()).sum();
    assert_eq!(checked, total);
}

#[test]
fn footers_and_popup_hints_name_bound_keys() {
    use KeyCode::*;
    let states: [(Mode, Option<&str>, &[KeyCode]); 8] = [
        (Mode::Normal, Some(THREE), &[]),
        (Mode::Filter, Some(THREE), &[Char('/')]),
        (Mode::Help, Some(THREE), &[Char('?')]),
        (Mode::Token, Some(THREE), &[Char('t')]),
        (Mode::Welcome, None, &[]),
        (Mode::Input, Some(THREE), &[Char('n')]),
        (Mode::Pick, Some(THREE), common::app::TO_LOGLEVEL_PICKER),
        (Mode::Confirm, Some(THREE), &[Char('D')]),
    ];
    for (mode, text, keys) in states {
        let mut a = app(text);
        for k in keys {
            press(&mut a, *k);
        }
        assert_eq!(a.mode(), mode);
        let s = draw(&mut a, 200, 50);
        let lines: Vec<&str> = s.lines().map(|l| l.trim_matches('"')).collect();
        if mode != Mode::Welcome {
            check_hints(mode, lines[lines.len() - 1], "  ");
        }
        if mode != Mode::Normal && mode != Mode::Filter {
            // The popup's bottom border: `└ Enter save · Esc cancel ───┘`.
            let border = lines
                .iter()
                .rev()
                // (the help on one page has a single hint: `?/Esc close`)
                .find(|l| l.contains("└ ") && (l.contains(" · ") || mode == Mode::Help))
                .unwrap_or_else(|| panic!("{mode:?}: no hint line:\n{s}"));
            let hint = border
                .split("└ ")
                .nth(1)
                .unwrap()
                .split(" ─")
                .next()
                .unwrap();
            let hint = hint
                .split(" · ")
                .filter(|p| !p.starts_with("page "))
                .collect::<Vec<_>>()
                .join(" · ");
            check_hints(mode, &hint, " · ");
        }
    }
}
