//! Every screen and overlay renders at every size from 1x1 to 40x15 without a panic
//! (issue 14): the browse view in both panes, the help, the filter, the token popup, the
//! welcome form, a value prompt, the picker and the y/n question (also with a long diff).

use modalcfg::tui::app::App;
use modalcfg::tui::app::keymap::{Action, Mode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::THREE;

fn app(text: Option<&str>) -> App {
    common::app::in_memory(text, &[("MODAL_LOGLEVEL", "debug")])
}

fn keys(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        let mods = match k {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        app.handle_key(KeyEvent::new(*k, mods));
    }
}

/// Each state: its name, the mode it must be in, and how to get there.
fn states() -> Vec<(&'static str, Mode, App)> {
    use KeyCode::*;
    let mut out = Vec::new();
    let mut add = |name, mode, text: Option<&str>, ks: &[KeyCode]| {
        let mut a = app(text);
        keys(&mut a, ks);
        out.push((name, mode, a));
    };
    let many: String = "[p]\nactive = true\n".to_string()
        + &(0..60).map(|i| format!("k{i} = {i}\n")).collect::<String>();
    add("browse", Mode::Normal, Some(THREE), &[]);
    add("keys pane", Mode::Normal, Some(THREE), &[Tab, End]);
    add("help", Mode::Help, Some(THREE), &[Char('?')]);
    add(
        "help page 3",
        Mode::Help,
        Some(THREE),
        &[Char('?'), Down, Down, Down],
    );
    add(
        "filter",
        Mode::Filter,
        Some(THREE),
        &[Char('/'), Char('日'), Char('x')],
    );
    add("token", Mode::Token, Some(THREE), &[Char('t'), Char('a')]);
    add("welcome", Mode::Welcome, None, &[]);
    add("prompt", Mode::Input, Some(THREE), &[Char('n'), Char('q')]);
    add(
        "picker",
        Mode::Pick,
        Some(THREE),
        common::app::TO_LOGLEVEL_PICKER,
    );
    add("confirm", Mode::Confirm, Some(THREE), &[Char('D')]);
    add(
        "confirm, preview",
        Mode::Confirm,
        Some(THREE),
        &[Char('p'), Down, Enter],
    );
    add(
        "confirm, long diff",
        Mode::Confirm,
        Some(&many),
        &[Char('D')],
    );
    add("unreadable", Mode::Normal, Some("[a\n"), &[]);
    out
}

#[test]
fn every_overlay_renders_at_every_size() {
    let mut drawn = 0;
    for (name, mode, mut a) in states() {
        assert_eq!(a.mode(), mode, "{name}");
        for w in 1..=40u16 {
            for h in 1..=15u16 {
                a.update(Action::Resize {
                    width: w,
                    height: h,
                });
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    t.draw(|f| modalcfg::tui::ui::render(&a, f)).map(|_| ())
                }));
                assert!(
                    matches!(result, Ok(Ok(()))),
                    "{name} at {w}x{h} panicked or failed"
                );
                let s = t.backend().to_string();
                assert!(!s.contains("SECRETVALUE"), "{name} at {w}x{h}:\n{s}");
                drawn += 1;
            }
        }
        // Moving and paging at a tiny size does not panic either.
        for k in [KeyCode::Down, KeyCode::PageDown, KeyCode::Up, KeyCode::End] {
            a.update(Action::Resize {
                width: 3,
                height: 2,
            });
            a.handle_key(KeyEvent::new(k, KeyModifiers::NONE));
        }
    }
    assert_eq!(drawn, 13 * 40 * 15);
}

#[test]
fn a_tiny_screen_says_so() {
    let mut a = app(Some(THREE));
    a.update(Action::Resize {
        width: 40,
        height: 6,
    });
    let mut t = Terminal::new(TestBackend::new(40, 6)).unwrap();
    t.draw(|f| modalcfg::tui::ui::render(&a, f)).unwrap();
    assert!(t.backend().to_string().contains("terminal too small"));
}
