//! Issue 23's app bullets, on a real file in a temporary folder: the pick list warns before a
//! shadowed write, Enter on a key edits it, `n` offers the new profile's token next, and `E`
//! runs `$VISUAL` on the file and reloads (a script stands in for the editor).

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
#[cfg(unix)]
use std::path::Path;

use modalcfg::tui::app::App;
#[cfg(unix)]
use modalcfg::tui::app::StatusKind;
use modalcfg::tui::app::keymap::{Action, Mode};
use modalcfg::tui::app::overlay::Overlay;
use ratatui::crossterm::event::KeyCode;

mod common;
use common::THREE;
use common::app::{TO_LOGLEVEL_PICKER, draw, key, setup};

fn chars(app: &mut App, s: &str) {
    s.chars().for_each(|c| key(app, KeyCode::Char(c)));
}

#[test]
fn the_pick_list_says_the_variable_wins_before_writing() {
    let mut s = setup(Some(THREE), &[("MODAL_LOGLEVEL", "debug")]);
    for k in TO_LOGLEVEL_PICKER {
        key(&mut s.app, *k);
    }
    assert_eq!(s.app.mode(), Mode::Pick);
    let screen = draw(&mut s.app, 80, 24);
    assert!(
        screen.contains("MODAL_LOGLEVEL is set in this environment"),
        "{screen}"
    );
    // Without the variable, no warning.
    let mut quiet = setup(Some(THREE), &[]);
    for k in TO_LOGLEVEL_PICKER {
        key(&mut quiet.app, *k);
    }
    let Some(Overlay::Picker(p)) = quiet.app.overlay() else {
        panic!("no picker")
    };
    assert_eq!(p.warning(), None);
}

#[test]
fn enter_on_a_key_edits_it() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Right);
    chars(&mut s.app, "/environment");
    key(&mut s.app, KeyCode::Enter); // keeps the filter
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.mode(), Mode::Input, "{}", s.app.status().text);
    // On a profile, Enter still activates.
    key(&mut s.app, KeyCode::Esc);
    key(&mut s.app, KeyCode::Left);
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.mode(), Mode::Normal);
}

#[test]
fn a_new_profile_goes_straight_to_its_token() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Char('n'));
    chars(&mut s.app, "fresh");
    key(&mut s.app, KeyCode::Enter);
    let Some(Overlay::Token(t)) = s.app.overlay() else {
        panic!("no token popup: {}", s.app.status().text)
    };
    assert_eq!(t.profile(), "fresh");
    assert!(
        s.app.status().text.contains("now its token"),
        "{}",
        s.app.status().text
    );
    assert!(
        std::fs::read_to_string(&s.path)
            .unwrap()
            .contains("[fresh]")
    );
    // Esc leaves the profile without a token; nothing else is written.
    let before = std::fs::read(&s.path).unwrap();
    key(&mut s.app, KeyCode::Esc);
    assert_eq!(s.app.mode(), Mode::Normal);
    assert_eq!(std::fs::read(&s.path).unwrap(), before);
}

#[cfg(unix)] // the editor is a shell script
fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

/// `E` as the event loop runs it: take the request, run it, hand the result back.
#[cfg(unix)] // the editor is a shell script
fn run_editor(app: &mut App) {
    app.update(Action::OpenEditor);
    let req = app
        .effects_mut()
        .take_editor()
        .expect("E asks for the editor");
    let result = modalcfg::tui::editor::run(&req);
    app.editor_done(&req, result);
}

#[cfg(unix)] // the editor is a shell script
#[test]
fn e_runs_visual_on_the_file_and_reloads() {
    let tools = tempfile::tempdir().unwrap();
    let edit = script(
        tools.path(),
        "ed.sh",
        r#"sed 's/loglevel = "info"/loglevel = "error"/' "$1" > "$1.new" && cat "$1.new" > "$1" && rm "$1.new""#,
    );
    let mut s = setup(Some(THREE), &[("VISUAL", &edit), ("EDITOR", "false")]);
    assert!(
        !std::fs::read_to_string(&s.path)
            .unwrap()
            .contains("\"error\"")
    );
    run_editor(&mut s.app);
    assert!(
        std::fs::read_to_string(&s.path)
            .unwrap()
            .contains("loglevel = \"error\"")
    );
    assert_eq!(
        s.app.status().kind,
        StatusKind::Info,
        "{}",
        s.app.status().text
    );
    assert!(
        s.app.status().text.contains("changed: reloaded"),
        "{}",
        s.app.status().text
    );
    let prod = s.app.file().profile("prod").unwrap();
    assert_eq!(prod.get("loglevel").unwrap().value.as_str(), Some("error"));
    // The mode is the editor's business; ours stays as it was.
    let mode = std::fs::metadata(&s.path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[cfg(unix)] // the editor is a shell script
#[test]
fn an_editor_that_fails_says_so() {
    let tools = tempfile::tempdir().unwrap();
    let fail = script(tools.path(), "fail.sh", "exit 3");
    let mut s = setup(Some(THREE), &[("EDITOR", &format!("{fail} --wait"))]);
    run_editor(&mut s.app);
    assert_eq!(s.app.status().kind, StatusKind::Error);
    assert!(
        s.app.status().text.contains("failed"),
        "{}",
        s.app.status().text
    );
    assert!(
        s.app.status().text.contains("unchanged"),
        "{}",
        s.app.status().text
    );
}

#[test]
fn no_editor_for_a_file_that_does_not_exist() {
    let mut s = setup(None, &[("VISUAL", "true")]);
    key(&mut s.app, KeyCode::Esc); // the welcome form
    s.app.update(Action::OpenEditor);
    assert!(s.app.effects().editor().is_none());
    assert!(s.app.status().text.contains("no file to edit yet"));
}
