//! Terminal hygiene (issue 7, part 5): after a panic inside the app (the hidden `--test-panic`
//! flag) and after SIGTERM, the terminal is back to normal. The app runs under `sh` in a
//! pseudo-terminal; once it has exited, `stty -a` runs in the same terminal and must show
//! `icanon` and `echo` again, and the bytes the app wrote must leave the alternate screen,
//! show the cursor and stop mouse capture after the last time they were turned on.

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const CONFIG: &str =
    "[dev]\nactive = true\ntoken_id = \"ak-dev\"\ntoken_secret = \"as-TERMCANARY0123456789\"\n";
const DEADLINE: Duration = Duration::from_secs(20);

struct Run {
    output: String,
    exit_line: String,
    stty: String,
}

/// Runs `sh -c '<modalcfg> ARGS; echo EXIT=$?; stty -a'` in a 100x30 pty. `during` gets the
/// shell's pid once the first frame is up.
fn run_in_pty(home: &Path, args: &str, during: impl FnOnce(u32)) -> Run {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("sh");
    let script = format!(
        "'{}' {args}; echo \"EXIT=$?\"; echo STTY-BEGIN; stty -a; echo STTY-END",
        env!("CARGO_BIN_EXE_modalcfg")
    );
    cmd.args(["-c", &script]);
    cmd.env_clear();
    cmd.env("HOME", home);
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("TERM", "xterm-256color");
    cmd.env("RUST_BACKTRACE", "1");
    cmd.cwd(home);
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let raw = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let r = raw.clone();
    let pump = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            r.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    // The first frame: the footer is drawn last.
    let start = Instant::now();
    while !String::from_utf8_lossy(&raw.lock().unwrap()).contains("quit") {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(start.elapsed() < DEADLINE, "no first frame");
        std::thread::sleep(Duration::from_millis(10));
    }
    during(child.process_id().unwrap());
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < DEADLINE, "the shell did not finish");
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(pair.master);
    let _ = pump.join();
    let all = String::from_utf8_lossy(&raw.lock().unwrap()).into_owned();
    let (before, after) = all.split_once("EXIT=").expect("the shell ran on");
    let exit_line = after.lines().next().unwrap_or("").trim().to_string();
    let stty = after
        .split_once("STTY-BEGIN")
        .and_then(|(_, s)| s.split_once("STTY-END"))
        .map(|(s, _)| s.to_string())
        .expect("stty output");
    Run {
        output: before.to_string(),
        exit_line,
        stty,
    }
}

/// The app's own bytes: every mode it turned on is turned off after its last switch-on.
fn restored(out: &str) -> Result<(), String> {
    for (on, off, name) in [
        ("\x1b[?1049h", "\x1b[?1049l", "alternate screen"),
        ("\x1b[?25l", "\x1b[?25h", "hidden cursor"),
        ("\x1b[?1000h", "\x1b[?1000l", "mouse capture"),
        ("\x1b[?2004h", "\x1b[?2004l", "bracketed paste"),
    ] {
        let last_on = out.rfind(on).ok_or(format!("{name} was never turned on"))?;
        if out.rfind(off).is_none_or(|o| o <= last_on) {
            return Err(format!("{name} still on at exit"));
        }
    }
    Ok(())
}

fn assert_restored(what: &str, out: &str) {
    if let Err(e) = restored(out) {
        panic!("{what}: {e}");
    }
}

/// `stty -a` shows `icanon` and `echo` (not `-icanon`, `-echo`): cooked mode.
fn cooked(stty: &str) -> Result<(), String> {
    let flags: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for f in ["icanon", "echo", "isig", "icrnl", "opost"] {
        if !flags.contains(&f) || flags.contains(&format!("-{f}").as_str()) {
            return Err(format!("`{f}` not restored:\n{stty}"));
        }
    }
    Ok(())
}

fn assert_cooked(what: &str, stty: &str) {
    if let Err(e) = cooked(stty) {
        panic!("{what}: {e}");
    }
}

fn home() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join(".modal.toml"), CONFIG).unwrap();
    d
}

#[test]
fn a_panic_in_the_app_restores_the_terminal() {
    let h = home();
    let run = run_in_pty(h.path(), "--test-panic", |_| {});
    assert_eq!(run.exit_line, "101", "a panic exits with 101");
    assert_restored("panic", &run.output);
    let after_restore = &run.output[run.output.rfind("\x1b[?1049l").unwrap()..];
    assert!(
        after_restore.contains("test panic"),
        "the panic report is printed on the main screen, after the restore"
    );
    assert!(
        !run.output.contains("TERMCANARY"),
        "a secret is in the panic output"
    );
    assert_cooked("panic", &run.stty);
    assert_eq!(
        std::fs::read_to_string(h.path().join(".modal.toml")).unwrap(),
        CONFIG
    );
    eprintln!("panic: terminal restored (alternate screen, cursor, mouse, paste, cooked mode)");
}

/// The pid of the shell's child (the app), from /proc.
fn child_of(shell: u32) -> Option<i32> {
    let text = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

#[test]
fn sigterm_restores_the_terminal() {
    let h = home();
    let run = run_in_pty(h.path(), "", |shell| {
        let app = child_of(shell).expect("the app runs under the shell");
        // SAFETY: kill(2) with a pid we just read; at worst it no longer exists.
        assert_eq!(unsafe { libc::kill(app, libc::SIGTERM) }, 0);
    });
    assert_eq!(run.exit_line, "143", "SIGTERM exits with 128 + 15");
    assert_restored("SIGTERM", &run.output);
    assert_cooked("SIGTERM", &run.stty);
    assert!(!run.output.contains("TERMCANARY"));
    eprintln!("SIGTERM: terminal restored (alternate screen, cursor, mouse, paste, cooked mode)");
}

#[test]
fn sighup_restores_the_terminal() {
    // A closed terminal window sends SIGHUP; it takes the same path (129 = 128 + 1).
    let h = home();
    let run = run_in_pty(h.path(), "", |shell| {
        let app = child_of(shell).expect("the app runs under the shell");
        // SAFETY: kill(2) with a pid we just read; at worst it no longer exists.
        assert_eq!(unsafe { libc::kill(app, libc::SIGHUP) }, 0);
    });
    assert_eq!(run.exit_line, "129");
    assert_restored("SIGHUP", &run.output);
    assert_cooked("SIGHUP", &run.stty);
}

#[test]
fn the_checks_detect_a_terminal_left_raw() {
    // Negative control: SIGKILL gives the app no chance to restore anything, and the same
    // checks must notice (otherwise the tests above would prove nothing).
    let h = home();
    let run = run_in_pty(h.path(), "", |shell| {
        let app = child_of(shell).expect("the app runs under the shell");
        // SAFETY: kill(2) with a pid we just read; at worst it no longer exists.
        assert_eq!(unsafe { libc::kill(app, libc::SIGKILL) }, 0);
    });
    assert_eq!(run.exit_line, "137");
    assert!(
        restored(&run.output).is_err(),
        "SIGKILL: the screen looks restored"
    );
    assert!(
        cooked(&run.stty).is_err(),
        "SIGKILL: cooked mode?\n{}",
        run.stty
    );
}
