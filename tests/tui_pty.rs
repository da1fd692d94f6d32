//! End-to-end: the real binary in a pseudo-terminal (portable-pty + vt100). Each test types
//! keys, polls the screen until what it waits for shows up (with a deadline, never a fixed
//! sleep), quits, and checks the exit code and the file on disk.
// A Unix pty and POSIX signals (the Windows console is tested by the terminal port).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;
use common::THREE;
use common::pty::Pty;

const DEADLINE: Duration = Duration::from_secs(10);

struct Home {
    dir: tempfile::TempDir,
    config: PathBuf,
}

fn home(text: Option<&str>) -> Home {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".modal.toml");
    if let Some(t) = text {
        std::fs::write(&config, t).unwrap();
    }
    Home { dir, config }
}

fn spawn(home: &Home, args: &[&str], vars: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
    spawn_in(home, args, vars, cols, rows, true)
}

/// `config_path`: set MODAL_CONFIG_PATH to the home's file (else the client's default,
/// `$HOME/.modal.toml`, is used).
fn spawn_in(
    home: &Home,
    args: &[&str],
    vars: &[(&str, &str)],
    cols: u16,
    rows: u16,
    config_path: bool,
) -> Pty {
    let mut b = Pty::builder()
        .args(args)
        .size(cols, rows)
        .env("HOME", home.dir.path());
    if config_path {
        b = b.env("MODAL_CONFIG_PATH", &home.config);
    }
    b.envs(vars).cwd(home.dir.path()).deadline(DEADLINE).spawn()
}

fn row<'a>(screen: &'a str, key: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(&format!("│{key} ")))
        .unwrap_or_else(|| panic!("no row {key}:\n{screen}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn sources_switch_help_and_quit() {
    let h = home(Some(THREE));
    let mut app = spawn(&h, &[], &[("MODAL_LOGLEVEL", "debug")], 120, 40);
    let s = app.first_frame();
    assert!(s.contains("Profiles (3)"), "{s}");
    assert!(
        row(&s, "loglevel").contains("DEBUG") && row(&s, "loglevel").contains("env"),
        "{s}"
    );
    assert!(
        row(&s, "token_id").contains("ak-prod000000002") && row(&s, "token_id").contains("file"),
        "{s}"
    );
    assert!(row(&s, "server_url").contains("default"), "{s}");
    assert!(s.contains("in use: prod"));

    app.send("j");
    app.wait_for("ci highlighted", |s| s.contains("Profile `ci`"));
    app.send("\r");
    app.wait_text("in use: ci");
    let after = read(&h.config);
    let expected = THREE.replace(
        "loglevel = \"info\"\nactive = true\n",
        "loglevel = \"info\"\n",
    ) + "active = true\n";
    assert_eq!(after, expected, "only the `active` lines change");

    app.send("?");
    app.wait_text("activate profile / edit key");
    app.send("\x1b");
    app.wait_for("the help to close", |s| {
        !s.contains("activate profile / edit key")
    });
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert!(
        !app.output().contains("SECRETVALUE"),
        "a secret went to the terminal"
    );
    assert_eq!(read(&h.config), expected);
}

#[test]
fn q_and_ctrl_c_quit_and_restore_the_terminal_esc_does_not() {
    for key in ["q", "\x03"] {
        let h = home(Some(THREE));
        let mut app = spawn(&h, &[], &[], 80, 24);
        app.first_frame();
        // Esc goes back (here: says how to quit); it never quits.
        app.send("\x1b");
        app.wait_text("q or Ctrl-C quits");
        app.send(key);
        assert_eq!(app.wait_exit(), 0, "{key:?}");
        let out = app.output();
        assert!(out.contains("\x1b[?1049l"), "the alternate screen is left");
        assert!(
            out.contains("\x1b[?1000l"),
            "the mouse capture is turned off"
        );
        assert_eq!(read(&h.config), THREE);
    }
}

#[test]
fn filter_then_activate_from_the_filtered_list() {
    let h = home(Some(THREE));
    let mut app = spawn(&h, &[], &[], 80, 24);
    app.first_frame();
    app.send("/");
    app.send("de");
    app.wait_text("Profiles 1/3 /de");
    app.send("\r");
    app.wait_text("Profile `dev`");
    app.send("\r");
    app.wait_text("in use: dev");
    app.send("-");
    app.wait_text("in use: prod");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert_eq!(
        read(&h.config),
        THREE,
        "activating dev then back to prod restores the file"
    );
}

#[test]
fn follows_resizes() {
    let h = home(Some(THREE));
    let mut app = spawn(&h, &[], &[], 120, 40);
    app.first_frame();
    app.resize(80, 24);
    app.wait_for("a redraw at 80x24", |s| {
        s.lines().nth(23).is_some_and(|l| l.contains("q quit"))
    });
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}

#[test]
fn notices_a_change_made_elsewhere() {
    let h = home(Some(THREE));
    let mut app = spawn(&h, &[], &[], 120, 40);
    app.first_frame();
    std::fs::write(&h.config, THREE.replace("[ci]", "[ci]\n[qa]")).unwrap();
    app.wait_text("changed on disk");
    app.wait_text("Profiles (4)");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}

#[test]
fn demo_works_on_a_copy() {
    let h = home(None);
    let mut app = spawn(&h, &["--demo"], &[], 120, 40);
    let s = app.first_frame();
    assert!(s.contains("[demo copy]"), "{s}");
    // The copy is 0600: no warning about it, and the footer shows the usual keys.
    assert!(
        !s.contains("make private") && !s.contains("holds a secret"),
        "{s}"
    );
    assert!(s.contains("personal") && s.contains("staging"), "{s}");
    app.send("k");
    app.wait_text("Profile `personal`");
    app.send("\r");
    app.wait_text("in use: personal");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert!(!h.config.exists(), "the demo never writes the user's file");
    assert!(
        !app.output().contains("not-a-real-secret"),
        "demo secrets stay masked"
    );
}

#[test]
fn not_a_terminal_points_to_show() {
    let h = home(Some(THREE));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_modalcfg"))
        .env_clear()
        .env("HOME", h.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("modalcfg show"));
}

// ---- Issue 5: onboarding, the token popup, typed edits, `s`, signals.

const FIRST_SECRET: &str = "as-ONBOARDsecret4242";
const NEW_SECRET: &str = "as-REPLACEDsecret7777";

#[test]
fn onboarding_from_an_empty_home_writes_a_0600_file() {
    use std::os::unix::fs::PermissionsExt;
    let h = home(None);
    let mut app = spawn_in(&h, &[], &[], 80, 24, false);
    app.wait_text("Welcome to modalcfg");
    app.wait_text("does not exist yet");
    assert!(!h.config.exists(), "nothing is written before Enter");
    app.send("\t");
    app.type_text("ak-onboard0000001");
    app.send("\t");
    app.type_text(FIRST_SECRET);
    app.wait_text(&"•".repeat(FIRST_SECRET.len()));
    assert!(!h.config.exists(), "nothing is written before Enter");
    app.send("\r");
    let s = app.first_frame();
    assert!(s.contains("in use: default"), "{s}");
    let text = read(&h.config);
    assert_eq!(
        text,
        format!(
            "[default]\ntoken_id = \"ak-onboard0000001\"\ntoken_secret = \"{FIRST_SECRET}\"\nactive = true\n"
        )
    );
    let mode = std::fs::metadata(&h.config).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert!(
        !app.output().contains("ONBOARDsecret"),
        "the secret never went to the terminal"
    );
}

#[test]
fn t_replaces_the_token() {
    let h = home(Some(THREE));
    let mut app = spawn(&h, &[], &[], 120, 40);
    app.first_frame();
    app.send("t");
    app.wait_text("Token of profile `prod`");
    app.type_text("ak-replaced000009");
    app.send("\t");
    app.type_text(NEW_SECRET);
    app.wait_text(&"•".repeat(NEW_SECRET.len()));
    app.send("\r");
    app.wait_text("written to profile `prod`");
    let expected = THREE
        .replace("ak-prod000000002", "ak-replaced000009")
        .replace("as-SECRETVALUEprod99", NEW_SECRET);
    assert_eq!(read(&h.config), expected, "only the two token lines change");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    let out = app.output();
    assert!(!out.contains("REPLACEDsecret") && !out.contains("SECRETVALUE"));
}

#[test]
fn e_on_logs_timeout_refuses_abc() {
    let h = home(Some(THREE));
    let mut app = spawn(&h, &[], &[], 80, 24);
    app.first_frame();
    app.send("l");
    app.send("/");
    app.type_text("logs_timeout");
    app.send("\r");
    app.wait_text("Explain `logs_timeout`");
    app.send("e");
    app.wait_text("Set `logs_timeout` in profile `prod`");
    app.type_text("abc");
    app.send("\r");
    app.wait_text("expected a number");
    assert_eq!(read(&h.config), THREE, "the file is unchanged");
    app.send("\x1b");
    app.wait_text("cancelled: nothing was written");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert_eq!(read(&h.config), THREE);
}

#[test]
fn s_prints_the_export_line_after_restoring_the_terminal() {
    let h = home(Some(THREE));
    let mut app = spawn(&h, &[], &[], 80, 24);
    app.first_frame();
    app.send("j");
    app.wait_text("Profile `ci`");
    app.send("s");
    assert_eq!(app.wait_exit(), 0);
    let out = app.output();
    let restored = out.rfind("\x1b[?1049l").expect("left the alternate screen");
    let line = out
        .rfind("export MODAL_PROFILE=ci")
        .expect("printed the export line");
    assert!(line > restored, "printed after the terminal was restored");
    // Standard output is the terminal, not `eval "$(modalcfg)"`'s pipe: the line comes with
    // how to use it.
    let said = &out[restored..];
    assert!(
        said.contains("eval \"$(modalcfg)\"") && said.contains("to use `ci` here"),
        "{said:?}"
    );
    assert_eq!(read(&h.config), THREE);
}

/// As in `eval "$(modalcfg)"`: standard output is not the terminal (the app draws on
/// /dev/tty), so `s` prints the bare line for the shell to evaluate, and no advice.
#[test]
fn s_into_a_pipe_prints_only_the_export_line() {
    let h = home(Some(THREE));
    let captured = h.dir.path().join("stdout");
    let mut app = Pty::builder()
        .program("/bin/sh")
        .args(&[
            "-c".as_ref(),
            "exec \"$0\" > \"$1\"".as_ref(),
            std::ffi::OsStr::new(env!("CARGO_BIN_EXE_modalcfg")),
            captured.as_os_str(),
        ])
        .size(80, 24)
        .env("HOME", h.dir.path())
        .env("MODAL_CONFIG_PATH", &h.config)
        .cwd(h.dir.path())
        .deadline(DEADLINE)
        .spawn();
    app.first_frame();
    app.send("j");
    app.wait_text("Profile `ci`");
    app.send("s");
    assert_eq!(app.wait_exit(), 0);
    assert_eq!(read(&captured), "export MODAL_PROFILE=ci\n");
    assert!(!app.output().contains("to use `ci` here"));
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (sig, code) in [(libc_sig::SIGTERM, 143), (libc_sig::SIGHUP, 129)] {
        let h = home(Some(THREE));
        let mut app = spawn(&h, &[], &[], 80, 24);
        app.first_frame();
        let pid = app.child.process_id().unwrap();
        std::process::Command::new("kill")
            .args([&format!("-{sig}"), &pid.to_string()])
            .status()
            .unwrap();
        assert_eq!(app.wait_exit(), code, "signal {sig}");
        let out = app.output();
        assert!(out.contains("\x1b[?1049l"), "the alternate screen is left");
        assert!(out.contains("\x1b[?2004l"), "bracketed paste is turned off");
    }
}

mod libc_sig {
    pub const SIGTERM: i32 = 15;
    pub const SIGHUP: i32 = 1;
}

/// Another writer's lock on the config (`flock` on its lock file), until dropped.
fn hold_lock(config: &Path) -> std::fs::File {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(config.with_file_name(".modal.toml.modalcfg.lock"))
        .unwrap();
    // SAFETY: flock(2) on a descriptor we own.
    assert_eq!(unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) }, 0);
    f
}

#[test]
fn a_write_waiting_for_the_lock_keeps_the_app_responsive() {
    // Issue 20: the app froze 10 s with Ctrl-C ignored while another process held the lock.
    // Now it says who holds it, keeps drawing, Ctrl-C cancels (nothing written); then with
    // the lock released a second try is written.
    let h = home(Some(THREE));
    let held = hold_lock(&h.config);
    let mut app = spawn(&h, &[], &[], 100, 30);
    app.first_frame();
    app.send("\x1b[B"); // Down, from `prod` (active) to `ci`
    app.wait_text("Keys of `ci`");
    app.send("\r");
    app.wait_text(&format!(
        "waiting for the lock held by process {}",
        std::process::id()
    ));
    app.send("\x03");
    app.wait_text("write cancelled: nothing written");
    assert_eq!(read(&h.config), THREE);
    // Still running and answering keys (Ctrl-C cancelled the write, did not quit).
    app.send("/");
    app.wait_text("Filter profiles");
    app.send("\x1b");
    app.wait_for("the filter closed", |s| !s.contains("Filter profiles"));
    app.send("\r");
    app.wait_text("waiting for the lock held by");
    drop(held);
    app.wait_for("the write made once the lock is free", |s| {
        !s.contains("waiting for the lock")
    });
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    let written = read(&h.config);
    assert_ne!(written, THREE);
    let ci = written.split("[ci]").nth(1).unwrap();
    assert!(ci.contains("active = true"), "{written}");
}

/// `E`: the app gives the terminal to `$VISUAL` (a script that edits the file and notes
/// whether it was run on the terminal), takes it back, reloads and says so.
#[test]
fn e_runs_the_editor_on_the_terminal_and_reloads() {
    use std::os::unix::fs::PermissionsExt;
    let h = home(Some(THREE));
    let script = h.dir.path().join("ed.sh");
    let note = h.dir.path().join("ed.note");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n[ -t 0 ] && [ -t 1 ] && echo tty > '{}'\n\
             sed 's/loglevel = \"info\"/loglevel = \"error\"/' \"$1\" > \"$1.new\" && cat \"$1.new\" > \"$1\"\n",
            note.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let visual = script.display().to_string();
    let mut app = spawn(&h, &[], &[("VISUAL", visual.as_str())], 100, 30);
    app.first_frame();
    app.send("E");
    let s = app.wait_text("back from");
    assert!(s.contains("the file changed: reloaded it"), "{s}");
    assert!(read(&h.config).contains("loglevel = \"error\""));
    assert_eq!(std::fs::read_to_string(&note).unwrap().trim(), "tty");
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
}
