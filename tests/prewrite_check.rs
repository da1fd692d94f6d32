//! The pre-write check (issue 10): a write that would make the real client fail here
//! (`import modal`, the active-profile check, the credentials) is refused with the client's
//! own message and the file stays byte-identical, unless `--force` (CLI, which then warns) or
//! an explicit confirmation (the app).

use std::path::Path;

use assert_cmd::Command;
use ratatui::crossterm::event::KeyCode;

mod common;
use common::app::{key, setup};
use modalcfg::tui::app::keymap::{Action, Mode};

const FILE: &str = "[a]\nactive = true\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1234567890\"\n\n[b]\nenvironment = \"x\"\n";

fn cmd(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modalcfg"));
    c.env_clear()
        .env("HOME", home)
        .env("USERPROFILE", home) // Windows' home (Python ignores HOME there)
        .env("LANG", "C.UTF-8")
        .current_dir(home);
    c
}

fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let o = cmd(home).args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_log_pattern_the_client_rejects_is_refused_unless_forced() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    std::fs::write(&path, FILE).unwrap();
    let (code, out, err) = run(home.path(), &["set", "log_pattern", "abc"]);
    assert_eq!(code, 1, "{out}{err}");
    // The real client's text (modal 1.6.4, `MODAL_LOG_PATTERN=abc python -c 'import modal'`).
    assert!(
        err.contains("ValueError: Invalid format 'abc' for '%' style"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), FILE.as_bytes());
    // A dry run shows the diff and says it would be refused.
    let (code, out, err) = run(home.path(), &["set", "log_pattern", "abc", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(out.contains("+log_pattern = \"abc\""), "{out}");
    assert!(err.contains("would be refused without --force"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), FILE.as_bytes());
    // --force writes it and warns.
    let (code, out, err) = run(home.path(), &["set", "log_pattern", "abc", "--force"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("wrote"), "{out}");
    assert!(
        err.contains("written anyway (--force)")
            && err.contains("ValueError: Invalid format 'abc' for '%' style"),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("log_pattern = \"abc\"")
    );
    // Once the file already fails that way, other writes are not blocked by it.
    let (code, _, err) = run(home.path(), &["set", "environment", "y", "--profile", "b"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_write_that_would_fail_the_active_profile_check_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    let text = "[a]\nactive = true\n[b]\n[c]\n";
    std::fs::write(&path, text).unwrap();
    let (code, _, err) = run(home.path(), &["profile", "delete", "a"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("InvalidError: No Modal profile is active."),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // An environment that already chooses a profile makes the same write harmless.
    let o = cmd(home.path())
        .env("MODAL_PROFILE", "b")
        .args(["profile", "delete", "a"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
}

#[test]
fn the_app_asks_before_a_write_that_breaks_the_client() {
    let mut s = setup(Some(FILE), &[]);
    s.app.update(Action::FocusKeys);
    s.app.update(Action::Top);
    while s.app.highlighted_key().map(|r| r.setting.key) != Some("log_pattern") {
        s.app.update(Action::Down);
    }
    key(&mut s.app, KeyCode::Char('e'));
    "abc"
        .chars()
        .for_each(|c| key(&mut s.app, KeyCode::Char(c)));
    key(&mut s.app, KeyCode::Enter);
    // Preview is off, yet the app asks, in the client's words.
    assert_eq!(s.app.mode(), Mode::Confirm);
    let title = &s.app.pending().unwrap().title;
    assert!(
        title.contains("ValueError: Invalid format 'abc' for '%' style"),
        "{title}"
    );
    key(&mut s.app, KeyCode::Char('n'));
    assert_eq!(std::fs::read(&s.path).unwrap(), FILE.as_bytes());
    // Confirmed: written, and the app says at once that the client now fails.
    key(&mut s.app, KeyCode::Char('e'));
    "abc"
        .chars()
        .for_each(|c| key(&mut s.app, KeyCode::Char(c)));
    key(&mut s.app, KeyCode::Enter);
    key(&mut s.app, KeyCode::Char('y'));
    assert!(
        std::fs::read_to_string(&s.path)
            .unwrap()
            .contains("log_pattern = \"abc\"")
    );
    assert!(
        s.app
            .loaded()
            .problem()
            .is_some_and(|p| p.contains("Invalid format 'abc'")),
        "{:?}",
        s.app.loaded().problem()
    );
}
