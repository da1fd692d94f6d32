//! The app's writes and reloads against a real file in a temporary folder: switching
//! profiles changes only the `active` lines, `-` switches back, changes made elsewhere are
//! noticed and never overwritten, and the store's refusals land in the status line.

use std::path::Path;

use modalcfg::tui::app::{App, StatusKind};
use modalcfg::tui::keymap::Action;
use ratatui::crossterm::event::KeyCode;

mod common;
use common::THREE;
use common::app::{key, setup};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The lines removed and added between two texts.
fn changed_lines(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let diff = similar::TextDiff::from_lines(old, new);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for c in diff.iter_all_changes() {
        match c.tag() {
            similar::ChangeTag::Delete => removed.push(c.value().trim_end().to_string()),
            similar::ChangeTag::Insert => added.push(c.value().trim_end().to_string()),
            similar::ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

fn screen(app: &mut App) -> String {
    let s = common::app::draw(app, 80, 24);
    assert!(!s.contains("SECRETVALUE"), "{s}");
    s
}

#[test]
fn enter_activates_and_only_active_lines_change() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Down);
    assert_eq!(s.app.highlighted_profile().unwrap().name, "ci");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.status.kind, StatusKind::Info, "{:?}", s.app.status);
    assert!(s.app.status.text.contains("ci"), "{:?}", s.app.status);
    let after = read(&s.path);
    assert_eq!(
        changed_lines(THREE, &after),
        (vec!["active = true".into()], vec!["active = true".into()])
    );
    assert_eq!(s.app.choice.name, "ci");
    assert!(s.app.rows[2].effective && s.app.rows[2].active_flag && !s.app.rows[1].active_flag);
    assert!(screen(&mut s.app).contains("in use: ci"));

    // `-` goes back to prod.
    key(&mut s.app, KeyCode::Char('-'));
    assert_eq!(s.app.choice.name, "prod");
    assert_eq!(s.app.highlighted_profile().unwrap().name, "prod");
    let back = read(&s.path);
    let (removed, added) = changed_lines(THREE, &back);
    assert!(
        removed.iter().chain(&added).all(|l| l == "active = true"),
        "{removed:?} {added:?}"
    );
    key(&mut s.app, KeyCode::Char('-'));
    assert_eq!(s.app.choice.name, "ci", "`-` toggles like `cd -`");
}

#[test]
fn activating_the_active_profile_writes_nothing() {
    let mut s = setup(Some(THREE), &[]);
    let before = std::fs::metadata(&s.path).unwrap().modified().unwrap();
    key(&mut s.app, KeyCode::Enter);
    assert!(s.app.status.text.contains("already"), "{:?}", s.app.status);
    assert_eq!(
        std::fs::metadata(&s.path).unwrap().modified().unwrap(),
        before
    );
    key(&mut s.app, KeyCode::Char('-'));
    assert!(s.app.status.text.contains("no previous profile"));
}

#[test]
fn modal_profile_set_warns_that_the_switch_does_not_apply_here() {
    let mut s = setup(Some(THREE), &[("MODAL_PROFILE", "dev")]);
    assert_eq!(s.app.highlighted_profile().unwrap().name, "dev");
    // Making `dev` active changes nothing for this shell, which already uses it: no warning
    // (the CLI's rule, `config::resolve::env_wins::profile_env_keeps`).
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.status.kind, StatusKind::Info, "{:?}", s.app.status);
    assert!(
        read(&s.path).contains("environment = \"dev\"\nactive = true\n"),
        "{}",
        read(&s.path)
    );
    // Another profile: the file changes, this shell keeps using `dev`.
    key(&mut s.app, KeyCode::Down);
    assert_eq!(s.app.highlighted_profile().unwrap().name, "prod");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.status.kind, StatusKind::Warning, "{:?}", s.app.status);
    assert!(
        s.app
            .status
            .text
            .contains("MODAL_PROFILE=dev is set, so this shell keeps using `dev`"),
        "{:?}",
        s.app.status
    );
    assert!(
        read(&s.path).contains("loglevel = \"info\"\nactive = true\n"),
        "{}",
        read(&s.path)
    );
}

#[test]
fn a_change_made_elsewhere_is_noticed_on_the_timer() {
    let mut s = setup(Some(THREE), &[]);
    let changed = THREE.replace("[ci]", "[ci]\nenvironment = \"elsewhere\"");
    std::fs::write(&s.path, &changed).unwrap();
    s.app.update(Action::Tick);
    assert_eq!(s.app.status.kind, StatusKind::Warning);
    assert!(
        s.app.status.text.contains("changed on disk"),
        "{:?}",
        s.app.status
    );
    assert!(
        s.app
            .file
            .profile("ci")
            .unwrap()
            .get("environment")
            .is_some()
    );
    s.app.update(Action::Tick);
    assert_eq!(s.app.rows.len(), 3);
}

#[test]
fn never_writes_over_a_change_made_elsewhere() {
    let mut s = setup(Some(THREE), &[]);
    let changed = THREE.replace("[ci]", "[ci]\nenvironment = \"elsewhere\"");
    std::fs::write(&s.path, &changed).unwrap();
    // Before the timer notices, the user presses Enter on `ci`.
    key(&mut s.app, KeyCode::Down);
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(
        read(&s.path),
        changed,
        "nothing may be written over the outside change"
    );
    assert_eq!(s.app.status.kind, StatusKind::Warning);
    assert!(
        s.app.status.text.contains("nothing was written"),
        "{:?}",
        s.app.status
    );
    assert_eq!(
        s.app.highlighted_profile().unwrap().name,
        "ci",
        "the highlight survives the reload"
    );
    // Once seen, the switch goes through.
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.choice.name, "ci");
    assert!(read(&s.path).contains("environment = \"elsewhere\""));
}

#[test]
fn store_refusals_are_shown_and_leave_the_file_alone() {
    let text = "[a]\ractive = true\r[b]\rtoken_secret = \"as-SECRETVALUE123456\"\r";
    let mut s = setup(Some(text), &[]);
    key(&mut s.app, KeyCode::Down);
    assert_eq!(s.app.highlighted_profile().unwrap().name, "b");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.status.kind, StatusKind::Error);
    assert!(
        s.app.status.text.contains("nothing was written"),
        "{:?}",
        s.app.status
    );
    assert_eq!(read(&s.path), text);
    let dir = s.path.parent().unwrap().display().to_string();
    insta::assert_snapshot!(
        "store_error_80x24",
        screen(&mut s.app).replace(&dir, "[TMP]")
    );
}

#[test]
fn reload_reads_the_file_again() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Char('R'));
    assert!(
        s.app.status.text.contains("no change"),
        "{:?}",
        s.app.status
    );
    std::fs::write(&s.path, "[only]\nactive = true\n").unwrap();
    key(&mut s.app, KeyCode::Char('R'));
    assert_eq!(s.app.rows.len(), 1);
    assert_eq!(
        s.app.highlighted_profile().unwrap().name,
        "only",
        "the vanished profile gives way to the effective one"
    );
    std::fs::remove_file(&s.path).unwrap();
    key(&mut s.app, KeyCode::Char('R'));
    assert!(
        s.app.rows[0].missing,
        "no file: the fallback `default` is a virtual row"
    );
    assert!(screen(&mut s.app).contains("default (not in"));
}

#[test]
fn enter_then_back_leaves_the_file_byte_identical() {
    // `active = true` in the middle of its table, so a plain switch back would move it.
    let text = "[a]\nactive = true\nx = 1\n\n[b]\ny = 2\n";
    let mut s = setup(Some(text), &[]);
    key(&mut s.app, KeyCode::Down);
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.choice.name, "b");
    assert_ne!(read(&s.path), text);
    key(&mut s.app, KeyCode::Char('-'));
    assert_eq!(s.app.choice.name, "a");
    assert_eq!(read(&s.path), text, "byte-identical");
    key(&mut s.app, KeyCode::Char('-'));
    assert_eq!(s.app.choice.name, "b", "`-` still toggles");
}
