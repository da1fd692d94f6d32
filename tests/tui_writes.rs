//! The app's writes from issue 5 against a real file in a temporary folder: the token popup,
//! the welcome form, editing and unsetting keys (typed, refused when invalid), new / rename /
//! delete profile, the diff preview, undo, `y`, `s`; and the validators behind them.

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use modalcfg::client::Client;
use modalcfg::config::write::edit::{check_profile_name, choices, typed_value};
use modalcfg::tui::app::{App, Focus, StatusKind};
use modalcfg::tui::keymap::{Action, Mode};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::THREE;
use common::app::{key, setup};

fn chars(app: &mut App, s: &str) {
    s.chars().for_each(|c| key(app, KeyCode::Char(c)));
}

fn ctrl(app: &mut App, ch: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn highlight_key(app: &mut App, name: &str) {
    app.update(Action::FocusKeys);
    app.update(Action::Top);
    while app.highlighted_key().map(|r| r.setting.key) != Some(name) {
        let before = app.keys.pos();
        app.update(Action::Down);
        assert_ne!(before, app.keys.pos(), "key {name} not found");
    }
}

fn highlight_profile(app: &mut App, name: &str) {
    app.update(Action::FocusProfiles);
    app.update(Action::Top);
    while app.highlighted_profile().map(|r| r.name.as_str()) != Some(name) {
        let before = app.profiles.pos();
        app.update(Action::Down);
        assert_ne!(before, app.profiles.pos(), "profile {name} not found");
    }
}

#[test]
fn validators() {
    assert!(typed_value(&Client::newest(), "logs_timeout", "abc", false).is_err());
    assert!(typed_value(&Client::newest(), "logs_timeout", "2.5", false).is_ok());
    assert!(typed_value(&Client::newest(), "logs_timeout", "10", false).is_ok());
    assert!(typed_value(&Client::newest(), "logs_timeout", "inf", false).is_err());
    assert!(typed_value(&Client::newest(), "force_build", "true", false).is_ok());
    assert!(typed_value(&Client::newest(), "force_build", "maybe", false).is_err());
    assert!(typed_value(&Client::newest(), "loglevel", "debug", false).is_ok());
    assert!(typed_value(&Client::newest(), "loglevel", "loud", false).is_err());
    assert!(typed_value(&Client::newest(), "payload_format", "cbor", false).is_ok());
    assert!(typed_value(&Client::newest(), "payload_format", "json", false).is_err());
    assert!(typed_value(&Client::newest(), "build_validation", "warn", false).is_ok());
    assert!(typed_value(&Client::newest(), "build_validation", "sometimes", false).is_err());
    assert!(typed_value(&Client::newest(), "no_such_key", "x", false).is_err());
    assert_eq!(
        choices(&Client::newest(), "force_build").unwrap(),
        ["true", "false"]
    );
    assert_eq!(
        choices(&Client::newest(), "payload_format").unwrap(),
        ["pickle", "cbor"]
    );
    assert_eq!(
        choices(&Client::newest(), "build_validation").unwrap(),
        ["error", "warn", "ignore"]
    );
    assert!(
        choices(&Client::newest(), "loglevel")
            .unwrap()
            .contains(&"DEBUG")
    );
    assert!(
        choices(&Client::newest(), "logs_timeout").is_none()
            && choices(&Client::newest(), "environment").is_none()
    );
    for c in choices(&Client::newest(), "loglevel").unwrap() {
        assert!(
            typed_value(&Client::newest(), "loglevel", c, false).is_ok(),
            "{c}"
        );
    }
    assert!(check_profile_name("staging").is_ok());
    assert!(check_profile_name("").is_err());
    assert!(check_profile_name("a\"b").is_err());
    assert!(check_profile_name(" x").is_err());
}

#[test]
fn prefix_hints_warn_without_blocking() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Char('t'));
    chars(&mut s.app, "xx-id");
    key(&mut s.app, KeyCode::Tab);
    chars(&mut s.app, "zz-secret");
    let form = s.app.form().unwrap();
    assert!(form.fields[0].warning().unwrap().contains("`ak-`"));
    assert!(form.fields[1].warning().unwrap().contains("`as-`"));
    assert!(!format!("{form:?}").contains("zz-secret"), "Debug masks");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.mode(), Mode::Normal);
    assert!(read(&s.path).contains("token_secret = \"zz-secret\""));
}

#[test]
fn token_popup_replaces_the_token_and_warns_about_env() {
    let mut s = setup(Some(THREE), &[("MODAL_TOKEN_SECRET", "x")]);
    highlight_profile(&mut s.app, "dev");
    key(&mut s.app, KeyCode::Char('t'));
    chars(&mut s.app, "ak-newid");
    key(&mut s.app, KeyCode::Tab);
    s.app
        .update(Action::Paste(modalcfg::tui::field::PasteText::new(
            "  as-pasted-secret-0001\n".into(),
        )));
    key(&mut s.app, KeyCode::Enter);
    let after = read(&s.path);
    assert!(after.contains("token_id = \"ak-newid\"\ntoken_secret = \"as-pasted-secret-0001\""));
    assert_eq!(
        after.matches("active = true").count(),
        1,
        "activation unchanged"
    );
    assert_eq!(s.app.status.kind, StatusKind::Warning);
    assert!(
        s.app.status.text.contains("MODAL_TOKEN_SECRET is set"),
        "{}",
        s.app.status.text
    );
    assert!(!s.app.status.text.contains("pasted-secret"));
    // An empty id keeps the current one.
    key(&mut s.app, KeyCode::Char('t'));
    key(&mut s.app, KeyCode::Tab);
    chars(&mut s.app, "as-only-the-secret");
    key(&mut s.app, KeyCode::Enter);
    let after = read(&s.path);
    assert!(after.contains("token_id = \"ak-newid\"\ntoken_secret = \"as-only-the-secret\""));
    // Esc writes nothing.
    key(&mut s.app, KeyCode::Char('t'));
    chars(&mut s.app, "ak-nope");
    key(&mut s.app, KeyCode::Esc);
    assert_eq!(read(&s.path), after);
}

#[test]
fn welcome_writes_a_0600_file_with_the_profile_active() {
    let mut s = setup(None, &[("MODAL_TOKEN_ID", "ak-env")]);
    assert_eq!(s.app.mode(), Mode::Welcome);
    // Enter moves to the next field; on the last one it saves (refused: no token).
    key(&mut s.app, KeyCode::Enter);
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.form().unwrap().focus, 2);
    key(&mut s.app, KeyCode::Enter);
    assert!(!s.path.exists(), "a refused save writes nothing");
    assert!(s.app.form().unwrap().error.is_some());
    key(&mut s.app, KeyCode::Tab);
    ctrl(&mut s.app, 'u');
    chars(&mut s.app, "me");
    key(&mut s.app, KeyCode::Tab);
    chars(&mut s.app, "ak-first");
    key(&mut s.app, KeyCode::Tab);
    chars(&mut s.app, "as-first-secret");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.mode(), Mode::Normal);
    let text = read(&s.path);
    // A new file: the platform's line endings (`\r\n` on Windows, as the client writes).
    assert_eq!(
        text,
        "[me]\ntoken_id = \"ak-first\"\ntoken_secret = \"as-first-secret\"\nactive = true\n"
            .replace('\n', modalcfg::config::write::patch::PLATFORM_ENDING)
    );
    #[cfg(unix)]
    assert_eq!(
        std::fs::metadata(&s.path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(s.app.choice.name, "me");
    assert!(
        s.app.status.text.contains("MODAL_TOKEN_ID is set"),
        "{}",
        s.app.status.text
    );
    // The file did not exist before: undo refuses rather than deleting it.
    key(&mut s.app, KeyCode::Char('u'));
    assert_eq!(s.app.status.kind, StatusKind::Error);
    assert!(s.path.exists());
}

#[test]
fn welcome_esc_writes_nothing() {
    let mut s = setup(None, &[]);
    chars(&mut s.app, "x");
    key(&mut s.app, KeyCode::Esc);
    assert_eq!(s.app.mode(), Mode::Normal);
    assert!(!s.path.exists());
}

#[test]
fn edit_refuses_invalid_values_and_writes_valid_ones() {
    let mut s = setup(Some(THREE), &[]);
    highlight_key(&mut s.app, "logs_timeout");
    key(&mut s.app, KeyCode::Char('e'));
    chars(&mut s.app, "abc");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.mode(), Mode::Input);
    assert_eq!(s.app.status.kind, StatusKind::Error);
    assert_eq!(read(&s.path), THREE, "nothing written");
    ctrl(&mut s.app, 'u');
    chars(&mut s.app, "2.5");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.mode(), Mode::Normal);
    assert!(read(&s.path).contains("active = true\nlogs_timeout = 2.5\n"));
    let r = s.app.highlighted_key().unwrap();
    assert_eq!(r.setting.key, "logs_timeout");
    assert_eq!(
        r.source().as_str(),
        "file",
        "the pane shows the new value at once"
    );
    // d unsets: back to the default at once.
    key(&mut s.app, KeyCode::Char('d'));
    assert_eq!(read(&s.path), THREE);
    assert_eq!(
        s.app.highlighted_key().unwrap().source().as_str(),
        "default"
    );
    key(&mut s.app, KeyCode::Char('d'));
    assert!(s.app.status.text.contains("nothing to unset"));
}

#[test]
fn picker_writes_the_chosen_value() {
    let mut s = setup(Some(THREE), &[]);
    highlight_key(&mut s.app, "build_validation");
    key(&mut s.app, KeyCode::Char('e'));
    assert_eq!(s.app.mode(), Mode::Pick);
    key(&mut s.app, KeyCode::Down);
    key(&mut s.app, KeyCode::Enter);
    assert!(read(&s.path).contains("build_validation = \"warn\""));
    highlight_key(&mut s.app, "token_secret");
    key(&mut s.app, KeyCode::Char('e'));
    assert_eq!(s.app.mode(), Mode::Normal, "secrets are edited with t");
}

#[test]
fn preview_asks_and_undo_restores() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Char('p'));
    assert!(s.app.preview);
    highlight_profile(&mut s.app, "ci");
    key(&mut s.app, KeyCode::Enter);
    assert_eq!(s.app.mode(), Mode::Confirm);
    assert!(
        s.app
            .pending()
            .unwrap()
            .plan
            .diff()
            .contains("+active = true")
    );
    key(&mut s.app, KeyCode::Char('n'));
    assert_eq!(read(&s.path), THREE, "n writes nothing");
    key(&mut s.app, KeyCode::Enter);
    key(&mut s.app, KeyCode::Char('y'));
    let activated = read(&s.path);
    assert_ne!(activated, THREE);
    // Undo also previews, then restores the bytes exactly.
    key(&mut s.app, KeyCode::Char('u'));
    assert_eq!(s.app.mode(), Mode::Confirm);
    key(&mut s.app, KeyCode::Char('y'));
    assert_eq!(read(&s.path), THREE);
    assert!(s.app.undo.is_empty());
    key(&mut s.app, KeyCode::Char('u'));
    assert!(s.app.status.text.contains("nothing left to undo"));
}

#[test]
fn undo_is_refused_after_a_change_elsewhere() {
    let mut s = setup(Some(THREE), &[]);
    highlight_profile(&mut s.app, "dev");
    key(&mut s.app, KeyCode::Enter);
    let mine = read(&s.path);
    let theirs = format!("{mine}\n[qa]\n");
    std::fs::write(&s.path, &theirs).unwrap();
    key(&mut s.app, KeyCode::Char('u'));
    assert_eq!(s.app.status.kind, StatusKind::Error);
    assert!(
        s.app.status.text.contains("changed elsewhere"),
        "{}",
        s.app.status.text
    );
    assert_eq!(read(&s.path), theirs);
}

#[test]
fn a_pending_write_is_dropped_if_the_file_changes_meanwhile() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Char('p'));
    highlight_profile(&mut s.app, "ci");
    key(&mut s.app, KeyCode::Enter);
    let theirs = format!("{THREE}\n[qa]\n");
    std::fs::write(&s.path, &theirs).unwrap();
    s.app.update(Action::Reload);
    key(&mut s.app, KeyCode::Char('y'));
    assert_eq!(read(&s.path), theirs);
    assert_eq!(s.app.status.kind, StatusKind::Warning);
}

#[test]
fn new_rename_delete_profiles() {
    let mut s = setup(Some(THREE), &[]);
    key(&mut s.app, KeyCode::Char('n'));
    chars(&mut s.app, "dev");
    key(&mut s.app, KeyCode::Enter);
    assert!(s.app.status.text.contains("already exists"));
    assert_eq!(s.app.mode(), Mode::Input);
    ctrl(&mut s.app, 'u');
    chars(&mut s.app, "qa");
    key(&mut s.app, KeyCode::Enter);
    assert!(read(&s.path).ends_with("\n[qa]\n"));
    assert_eq!(s.app.highlighted_profile().unwrap().name, "qa");
    // The new profile's token comes next; Esc leaves it without one.
    assert_eq!(s.app.mode(), Mode::Token);
    key(&mut s.app, KeyCode::Esc);
    key(&mut s.app, KeyCode::Char('r'));
    ctrl(&mut s.app, 'u');
    chars(&mut s.app, "staging");
    key(&mut s.app, KeyCode::Enter);
    assert!(read(&s.path).ends_with("\n[staging]\n"));
    assert_eq!(s.app.highlighted_profile().unwrap().name, "staging");
    s.app
        .handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
    assert_eq!(s.app.mode(), Mode::Confirm, "delete always asks");
    key(&mut s.app, KeyCode::Esc);
    assert!(read(&s.path).contains("[staging]"));
    s.app
        .handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT));
    key(&mut s.app, KeyCode::Char('y'));
    assert_eq!(read(&s.path), THREE);
}

#[test]
fn copy_and_session_only() {
    let mut s = setup(Some(THREE), &[]);
    highlight_key(&mut s.app, "token_id");
    key(&mut s.app, KeyCode::Char('y'));
    assert_eq!(
        s.app.clipboard.as_deref().map(String::as_str),
        Some("ak-prod000000002")
    );
    s.app.focus = Focus::Profiles;
    highlight_profile(&mut s.app, "ci");
    key(&mut s.app, KeyCode::Char('s'));
    assert!(s.app.quit);
    assert_eq!(
        s.app.exit_message.as_deref(),
        Some("export MODAL_PROFILE=ci")
    );
    assert_eq!(read(&s.path), THREE, "s writes nothing");
    assert_eq!(
        modalcfg::tui::writes::export_line("it's odd"),
        "export MODAL_PROFILE='it'\\''s odd'"
    );
}

#[test]
fn export_line_matches_the_cli() {
    // `profile use` refuses a profile the file does not have: these are all in it.
    let text = format!("{THREE}\n[\"my profile\"]\n[\"it's\"]\n");
    let s = setup(Some(&text), &[]);
    for name in ["ci", "my profile", "it's"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_modalcfg"))
            .args(["profile", "use", name, "--print"])
            .env_clear()
            .env("MODAL_CONFIG_PATH", &s.path)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim_end(),
            modalcfg::tui::writes::export_line(name)
        );
    }
}

#[test]
fn an_open_token_popup_whose_profile_is_renamed_elsewhere_writes_nothing() {
    let text = "[default]\ntoken_id = \"ak-1\"\nactive = true\n[other]\n";
    let renamed = text.replace("[default]", "[prod]");
    for notice_first in [true, false] {
        let mut s = setup(Some(text), &[]);
        highlight_profile(&mut s.app, "default");
        key(&mut s.app, KeyCode::Char('t'));
        chars(&mut s.app, "ak-new");
        key(&mut s.app, KeyCode::Tab);
        chars(&mut s.app, "as-new-secret");
        std::fs::write(&s.path, &renamed).unwrap();
        if notice_first {
            // The watcher saw the change: the popup says its profile is gone.
            s.app.update(Action::FileChanged);
            assert_eq!(s.app.mode(), Mode::Token);
            let err = s.app.form().unwrap().error.clone().unwrap_or_default();
            assert!(err.contains("no longer in the file"), "{err}");
        }
        key(&mut s.app, KeyCode::Enter);
        assert_eq!(read(&s.path), renamed, "no new [default] holding the token");
        assert_ne!(s.app.status.kind, StatusKind::Info, "{:?}", s.app.status);
        assert!(
            s.app.status.text.contains("nothing was written"),
            "{:?}",
            s.app.status
        );
    }
}

#[test]
fn a_message_lasts_one_action() {
    let mut s = setup(Some(THREE), &[]);
    let resting = s.app.status.clone();
    key(&mut s.app, KeyCode::Char('v'));
    assert!(s.app.status.text.contains("secrets are shown"));
    key(&mut s.app, KeyCode::Down);
    assert_eq!(s.app.status, resting, "the next action clears it");
    // A file change noticed meanwhile does not count as an action.
    key(&mut s.app, KeyCode::Char('v'));
    s.app.update(Action::Tick);
    assert!(s.app.status.text.contains("secrets are masked"));
}

#[test]
fn the_header_verdict_follows_a_write_at_once() {
    let text = "[work]\nactive = true\ntoken_id = \"ak-only-the-id\"\n";
    let mut s = setup(Some(text), &[]);
    let before = &s.app.credentials;
    assert!(
        before
            .error
            .as_ref()
            .unwrap()
            .to_string()
            .starts_with("AuthError: Token missing."),
        "{before:?}"
    );
    highlight_profile(&mut s.app, "work");
    key(&mut s.app, KeyCode::Char('t'));
    key(&mut s.app, KeyCode::Tab);
    chars(&mut s.app, "as-the-missing-half-0001");
    key(&mut s.app, KeyCode::Enter);
    assert!(read(&s.path).contains("token_secret = \"as-the-missing-half-0001\""));
    let after = &s.app.credentials;
    assert_eq!(after.error, None, "{after:?}");
    assert_eq!(
        after.method,
        modalcfg::config::resolve::auth::Method::TokenPair
    );
    let line = after.summary();
    assert!(line.contains("secret from file `work` line 4"), "{line}");
    assert!(!line.contains("missing-half"), "{line}");
}

/// The key prompt's notes say how each is drawn: the variable that keeps winning over the
/// file value is a warning (`config::resolve::env_wins`), the expected form is plain.
#[test]
fn the_prompt_marks_the_winning_variable_as_a_warning() {
    use modalcfg::tui::overlay::{Note, Overlay};
    let mut s = setup(Some(THREE), &[("MODAL_LOGS_TIMEOUT", "3")]);
    highlight_key(&mut s.app, "logs_timeout");
    key(&mut s.app, KeyCode::Char('e'));
    let Some(Overlay::Prompt(p)) = &s.app.overlay else {
        panic!("a prompt is open: {:?}", s.app.mode());
    };
    assert!(matches!(p.notes[0], Note::Plain(_)), "{:?}", p.notes);
    assert_eq!(
        p.notes[1],
        Note::Warning(
            "⚠ MODAL_LOGS_TIMEOUT is set in this environment and wins over the file value.".into()
        )
    );
    let mut plain = setup(Some(THREE), &[]);
    highlight_key(&mut plain.app, "logs_timeout");
    key(&mut plain.app, KeyCode::Char('e'));
    let Some(Overlay::Prompt(p)) = &plain.app.overlay else {
        panic!("a prompt is open");
    };
    assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
}

#[cfg(unix)]
fn footer(app: &mut App) -> String {
    let screen = common::app::draw(app, 160, 30);
    screen.lines().last().unwrap().to_string()
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The app started on `text` in a file others may read (mode 0644), with `vars`; the setup
/// keeps the folder alive.
#[cfg(unix)]
fn app_on_0644(text: &str, vars: &[(&str, &str)]) -> (common::app::Setup, App) {
    let s = setup(Some(text), vars);
    std::fs::set_permissions(&s.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let app = App::load(s.app.env.clone(), Default::default());
    (s, app)
}

/// A secret in a file others may read: the app warns (status line, footer hint `P`), and `P`
/// makes the file 0600 through the same core function as `modalcfg fix-permissions`, bytes
/// untouched; then the warning and the hint are gone, and `P` again says there is nothing to do.
#[cfg(unix)] // POSIX modes
#[test]
fn p_makes_a_file_with_a_secret_private() {
    let text = "[default]\ntoken_id = \"ak-1\"\ntoken_secret = \"as-SECRET\"\n";
    let (s, mut app) = app_on_0644(text, &[]);
    assert_eq!(app.status.kind, StatusKind::Warning, "{:?}", app.status);
    let warning = app.status.text.clone();
    assert!(
        warning.contains("mode 0644") && warning.contains("press P") && !warning.contains("SECRET"),
        "{warning}"
    );
    assert!(footer(&mut app).contains("P make private"));

    key(&mut app, KeyCode::Char('P'));
    assert_eq!(mode_of(&s.path), 0o600);
    assert_eq!(read(&s.path), text, "only the mode changes");
    assert_eq!(app.status.kind, StatusKind::Info, "{:?}", app.status);
    assert!(
        app.status.text.contains("mode 0644 -> 0600"),
        "{:?}",
        app.status
    );
    assert!(app.loose.is_none());
    assert!(!footer(&mut app).contains("make private"));
    // The next action brings back the load-time status: no warning any more.
    key(&mut app, KeyCode::Down);
    assert_ne!(app.status.kind, StatusKind::Warning, "{:?}", app.status);

    key(&mut app, KeyCode::Char('P'));
    assert!(app.status.text.contains("already 0600"), "{:?}", app.status);
    assert_eq!(mode_of(&s.path), 0o600);
}

/// Without a secret there is nothing to warn about and no hint, but `P` still does what the
/// CLI does; with `MODAL_IS_REMOTE=1` it refuses and changes nothing.
#[cfg(unix)] // POSIX modes
#[test]
fn p_without_a_warning_and_where_the_file_is_ignored() {
    let text = "[default]\ntoken_id = \"ak-1\"\n";
    let (s, mut app) = app_on_0644(text, &[]);
    assert!(app.loose.is_none());
    assert_ne!(app.status.kind, StatusKind::Warning, "{:?}", app.status);
    assert!(!footer(&mut app).contains("make private"));
    key(&mut app, KeyCode::Char('P'));
    assert_eq!(mode_of(&s.path), 0o600);
    assert_eq!(read(&s.path), text);

    let (s, mut app) = app_on_0644(text, &[("MODAL_IS_REMOTE", "1")]);
    key(&mut app, KeyCode::Char('P'));
    assert_eq!(app.status.kind, StatusKind::Error, "{:?}", app.status);
    assert_eq!(mode_of(&s.path), 0o644);
}

/// Takes the write lock of the config at `path` as another writer would (an exclusive lock,
/// `flock` on Unix, on `.modal.toml.modalcfg.lock` beside it); released when dropped.
fn hold_lock(path: &Path) -> std::fs::File {
    let lock = path.with_file_name(".modal.toml.modalcfg.lock");
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let f = options.open(lock).unwrap();
    f.lock().unwrap();
    f
}

#[test]
fn a_write_waits_for_the_lock_without_blocking_and_esc_cancels_it() {
    // Issue 20: the app froze 10 s, Ctrl-C ignored, while another process held the lock.
    let mut s = setup(Some(THREE), &[]);
    let held = hold_lock(&s.path);
    assert_eq!(s.app.lock_retry(), None, "an idle app has no timer");
    highlight_profile(&mut s.app, "ci");
    key(&mut s.app, KeyCode::Enter); // activate: returns at once
    assert!(
        s.app.status.text.contains("waiting for the lock held by"),
        "{}",
        s.app.status.text
    );
    // Linux names the holder from /proc/locks: this test's process.
    #[cfg(target_os = "linux")]
    assert!(
        s.app
            .status
            .text
            .contains(&format!("held by process {}", std::process::id())),
        "{}",
        s.app.status.text
    );
    assert!(s.app.lock_retry().is_some(), "it tries again while waiting");
    s.app.retry_write();
    assert!(s.app.status.text.contains("waiting for the lock"));
    // Other keys wait; Esc cancels, nothing written.
    key(&mut s.app, KeyCode::Down);
    assert!(s.app.status.text.contains("waiting for the lock"));
    key(&mut s.app, KeyCode::Esc);
    assert!(
        s.app.status.text.contains("nothing written"),
        "{}",
        s.app.status.text
    );
    assert_eq!(s.app.lock_retry(), None, "no timer once cancelled");
    drop(held);
    s.app.retry_write();
    assert_eq!(read(&s.path), THREE, "the cancelled write never happens");
    // Ctrl-C cancels too (it does not quit the app while a write waits).
    let held = hold_lock(&s.path);
    highlight_profile(&mut s.app, "ci");
    key(&mut s.app, KeyCode::Enter);
    assert!(s.app.lock_retry().is_some());
    ctrl(&mut s.app, 'c');
    assert!(!s.app.quit);
    assert_eq!(s.app.lock_retry(), None);
    drop(held);
    assert_eq!(read(&s.path), THREE);
}

#[test]
fn a_write_waiting_for_the_lock_is_made_once_it_is_released() {
    let mut s = setup(Some(THREE), &[]);
    let held = hold_lock(&s.path);
    highlight_profile(&mut s.app, "ci");
    key(&mut s.app, KeyCode::Enter);
    assert!(s.app.status.text.contains("waiting for the lock"));
    s.app.retry_write();
    assert_eq!(
        read(&s.path),
        THREE,
        "nothing written while the lock is held"
    );
    drop(held);
    s.app.retry_write();
    assert_eq!(s.app.lock_retry(), None);
    let written = read(&s.path);
    assert_ne!(written, THREE);
    assert_eq!(
        s.app.highlighted_profile().map(|r| r.name.as_str()),
        Some("ci")
    );
    assert!(
        s.app.rows.iter().any(|r| r.name == "ci" && r.effective),
        "{written}"
    );
}
