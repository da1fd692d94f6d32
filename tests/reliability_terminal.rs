//! Terminal hygiene (issue 7, part 5; issue 14): after a panic inside the app (the hidden
//! `--test-panic` flag) and after SIGINT, SIGQUIT, SIGTERM or SIGHUP, the terminal is back to
//! normal; SIGALRM and SIGUSR1 are ignored; Ctrl-Z and SIGTSTP suspend with the terminal
//! restored, and `fg` redraws (in an interactive bash, with job control). The app runs under `sh` in a
//! pseudo-terminal; once it has exited, `stty -a` runs in the same terminal and must show
//! `icanon` and `echo` again, and the bytes the app wrote must leave the alternate screen,
//! show the cursor and stop mouse capture after the last time they were turned on.
// A Unix pty and POSIX signals (the Windows console is tested by the terminal port).
#![cfg(unix)]

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod common;
use common::pty::Pty;

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
    run_in_pty_until(home, args, "quit", |shell, _| during(shell))
}

/// [`run_in_pty`], waiting for `marker` instead of the first frame; `during` can also type.
fn run_in_pty_until(
    home: &Path,
    args: &str,
    marker: &str,
    during: impl FnOnce(u32, &mut dyn std::io::Write),
) -> Run {
    run_in_pty_env(home, args, marker, &[("RUST_BACKTRACE", "1")], during)
}

/// [`run_in_pty_until`] with these environment variables besides `HOME`, `PATH` and `TERM`.
fn run_in_pty_env(
    home: &Path,
    args: &str,
    marker: &str,
    vars: &[(&str, &str)],
    during: impl FnOnce(u32, &mut dyn std::io::Write),
) -> Run {
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
        // The trap keeps the shell alive after a Ctrl-C (which the whole foreground group
        // gets) so that it reports the app's exit status; the app gets the default action.
        "trap 'true' INT; '{}' {args}; echo \"EXIT=$?\"; echo STTY-BEGIN; stty -a; echo STTY-END",
        env!("CARGO_BIN_EXE_modalcfg")
    );
    cmd.args(["-c", &script]);
    cmd.env_clear();
    cmd.env("HOME", home);
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("TERM", "xterm-256color");
    for (k, v) in vars {
        cmd.env(k, v);
    }
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
    // The first frame (the footer is drawn last), or the marker.
    let start = Instant::now();
    while !String::from_utf8_lossy(&raw.lock().unwrap()).contains(marker) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(start.elapsed() < DEADLINE, "no first frame");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut writer = pair.master.take_writer().unwrap();
    during(child.process_id().unwrap(), &mut writer);
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
    // color-eyre's report (RUST_BACKTRACE=1 here): where it panicked and the backtrace,
    // without the hint about RUST_BACKTRACE.
    for part in ["Message:  test panic", "Location: src/tui/", "BACKTRACE"] {
        assert!(after_restore.contains(part), "{part}:\n{after_restore}");
    }
    assert!(!after_restore.contains("Run with"), "{after_restore}");
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

/// An error on the app's path, after the terminal was opened: one line naming what was being
/// done, its control characters shown escaped, exit code 1, no panic, no backtrace or
/// location (RUST_BACKTRACE unset) and the terminal untouched.
#[test]
fn an_error_on_the_app_path_is_one_line_with_its_context() {
    let h = home();
    let run = run_in_pty_env(
        h.path(),
        r#"--client-version "$(printf '9.\033[2J')""#,
        "EXIT=",
        &[],
        |_, _| {},
    );
    assert_eq!(run.exit_line, "1", "{}", run.output);
    let lines: Vec<&str> = run
        .output
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        [
            r#"modalcfg: detecting the Modal client: --client-version "9.\u{1b}[2J" is not a modal version (like 1.2.6)"#
        ],
        "{:?}",
        run.output
    );
    assert!(!run.output.contains('\x1b'), "{:?}", run.output);
    assert_cooked("app-path error", &run.stty);
}

/// The pid of the shell's child (the app), from /proc.
fn child_of(shell: u32) -> Option<i32> {
    let text = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// The app under `sh` gets `sig`: exit code 128 + n, screen modes off, cooked mode.
fn ending_signal(sig: i32) {
    let h = home();
    let run = run_in_pty(h.path(), "", |shell| {
        let app = child_of(shell).expect("the app runs under the shell");
        // SAFETY: kill(2) with a pid we just read; at worst it no longer exists.
        assert_eq!(unsafe { libc::kill(app, sig) }, 0);
    });
    let what = format!("signal {sig}");
    assert_eq!(run.exit_line, (128 + sig).to_string(), "{what}: exit code");
    assert_restored(&what, &run.output);
    assert_cooked(&what, &run.stty);
    assert!(!run.output.contains("TERMCANARY"));
    assert_eq!(
        std::fs::read_to_string(h.path().join(".modal.toml")).unwrap(),
        CONFIG
    );
}

#[test]
fn sigint_sigquit_sigterm_and_sighup_restore_the_terminal() {
    // 130, 131, 143, 129; a closed terminal window sends SIGHUP.
    for sig in [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM, libc::SIGHUP] {
        ending_signal(sig);
    }
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

fn alternate(p: &Pty) -> bool {
    p.screen.lock().unwrap().screen().alternate_screen()
}

#[test]
fn sigalrm_and_sigusr1_are_ignored() {
    // As Go TUIs (k9s, lazygit) and vim do: the app keeps running, the screen untouched.
    let h = home();
    let mut p = Pty::builder()
        .size(100, 30)
        .env("HOME", h.path())
        .env("MODAL_CONFIG_PATH", h.path().join(".modal.toml"))
        .spawn();
    p.first_frame();
    let pid = p.child.process_id().unwrap() as i32;
    for sig in [libc::SIGALRM, libc::SIGUSR1] {
        // SAFETY: kill(2) on the app we started.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
    }
    // A key sent after the signals is handled: the app is alive and still drawing.
    p.send("/");
    p.wait_text("Filter profiles");
    assert!(alternate(&p), "the app left the alternate screen");
    p.send("\x1b");
    p.wait_for("the filter closed", |s| !s.contains("Filter profiles"));
    p.send("q");
    let (code, out) = p.finish();
    assert_eq!(code, 0);
    assert_restored("after SIGALRM/SIGUSR1 then q", &out);
}

/// An interactive bash (job control on) in a pty, with the app's folder as HOME.
fn bash(home: &Path) -> Pty {
    let p = Pty::builder()
        .program("bash")
        .args(&["--norc", "--noprofile", "-i"])
        .size(100, 30)
        .env("HOME", home)
        .env("MODAL_CONFIG_PATH", home.join(".modal.toml"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PS1", "$ ")
        .deadline(DEADLINE)
        .spawn();
    p.wait_text("$ ");
    p
}

/// The shell's main screen after the app stopped: prompt back, cooked mode (checked with
/// `stty -a` typed at the prompt).
fn assert_suspended(p: &mut Pty, what: &str) {
    p.wait_for("the job stopped", |s| s.contains("Stopped"));
    assert!(!alternate(p), "{what}: still on the alternate screen");
    // The marker is computed, so the echo of the typed line does not match it.
    p.send("clear; stty -a; echo STTY-$((40+2))\r");
    let screen = p.wait_for("stty output", |s| s.contains("STTY-42"));
    assert_cooked(what, &screen);
}

/// `fg`: the app is back on the alternate screen, redrawn whole, and keys work.
fn assert_resumes(p: &mut Pty, what: &str) {
    p.send("fg\r");
    p.wait_for("the app redrawn after fg", |s| {
        s.contains("Profiles") && s.contains("quit")
    });
    assert!(alternate(p), "{what}: not back on the alternate screen");
    p.send("/");
    p.wait_text("Filter profiles");
    p.send("\x1b");
    p.wait_for("the filter closed", |s| !s.contains("Filter profiles"));
    p.send("q");
    // Typed only once the app is gone (otherwise it would read the line as keys).
    let start = Instant::now();
    while alternate(p) {
        assert!(start.elapsed() < DEADLINE, "{what}: the app did not quit");
        std::thread::sleep(Duration::from_millis(10));
    }
    p.send("echo EXIT=$?\r");
    p.wait_text("EXIT=0");
    p.send("exit\r");
    p.wait_exit();
    assert_restored(what, &p.output());
}

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    let h = home();
    let mut p = bash(h.path());
    p.send(&format!("'{}'\r", env!("CARGO_BIN_EXE_modalcfg")));
    p.wait_for("the first frame", |s| s.contains("quit"));
    p.send("\x1a"); // Ctrl-Z: a key in raw mode
    assert_suspended(&mut p, "Ctrl-Z");
    assert_resumes(&mut p, "Ctrl-Z, fg");
}

#[test]
fn sigtstp_suspends_and_fg_redraws() {
    let h = home();
    let mut p = bash(h.path());
    p.send(&format!("'{}'\r", env!("CARGO_BIN_EXE_modalcfg")));
    p.wait_for("the first frame", |s| s.contains("quit"));
    let shell = p.child.process_id().unwrap();
    let app = child_of(shell).expect("the app runs under bash");
    // SAFETY: kill(2) with a pid we just read.
    assert_eq!(unsafe { libc::kill(app, libc::SIGTSTP) }, 0);
    assert_suspended(&mut p, "SIGTSTP");
    assert_resumes(&mut p, "SIGTSTP, fg");
}

#[test]
fn eval_of_the_app_switches_the_shell_that_ran_it() {
    // Issue 15: standard output is the pipe of `$(…)`, so the app draws on /dev/tty and `s`
    // prints the export line into the pipe.
    let h = tempfile::tempdir().unwrap();
    std::fs::write(
        h.path().join(".modal.toml"),
        "[dev]\nactive = true\n\n[prod]\nenvironment = \"prod\"\n",
    )
    .unwrap();
    let mut p = bash(h.path());
    p.send(&format!(
        "eval \"$('{}')\"; echo \"EVAL=$? PROFILE=[$MODAL_PROFILE]\"\r",
        env!("CARGO_BIN_EXE_modalcfg")
    ));
    p.wait_for("the first frame", |s| {
        s.contains("quit") && s.contains("prod")
    });
    assert!(alternate(&p));
    p.send("\x1b[B"); // Down: `prod`
    p.wait_text("Keys of `prod`");
    p.send("s");
    p.wait_text("EVAL=0 PROFILE=[prod]");
    assert!(!alternate(&p));
    p.send("exit\r");
    p.wait_exit();
    assert_restored("eval", &p.output());
}

#[test]
fn without_any_terminal_the_app_says_so() {
    use std::os::unix::process::CommandExt;
    let h = home();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_modalcfg"));
    cmd.env_clear()
        .env("HOME", h.path())
        .env("MODAL_CONFIG_PATH", h.path().join(".modal.toml"))
        .stdin(std::process::Stdio::null());
    // SAFETY: setsid(2) between fork and exec: a new session with no controlling terminal,
    // so /dev/tty cannot be opened.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no terminal") && err.contains("modalcfg show"),
        "{err}"
    );
}

#[test]
fn ctrl_c_at_the_hidden_secret_prompt_turns_echo_back_on() {
    let h = home();
    let run = run_in_pty_until(
        h.path(),
        "token set --token-id ak-new --profile dev",
        "Token secret:",
        |_, w| {
            // Part of a secret, then Ctrl-C (the terminal turns it into SIGINT).
            w.write_all(b"as-half").unwrap();
            w.write_all(b"\x03").unwrap();
            w.flush().unwrap();
        },
    );
    assert_eq!(run.exit_line, "130", "killed by SIGINT, as before");
    assert_cooked("Ctrl-C at the secret prompt", &run.stty);
    assert!(
        !run.output.contains("as-half"),
        "the typed secret was echoed"
    );
    assert_eq!(
        std::fs::read_to_string(h.path().join(".modal.toml")).unwrap(),
        CONFIG,
        "nothing written"
    );
}

/// Bytes a terminal acts on or hides: ESC, BEL, a C1 CSI, a right-to-left override, a
/// zero-width space.
const HOSTILE: [char; 5] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}'];

#[test]
fn human_output_escapes_control_and_invisible_characters_from_the_file() {
    let name = "ev\u{202e}il\u{7}\u{200b}";
    let h = tempfile::tempdir().unwrap();
    let config = h.path().join(".modal.toml");
    std::fs::write(
        &config,
        format!(
            "[dev]\nactive = true\nenvironment = \"x\u{1b}[2Jred\u{9b}31m\u{202e}\"\n\n[\"{name}\"]\nloglevel = \"DEBUG\"\n"
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_modalcfg"))
            .args(args)
            .env_clear()
            .env("HOME", h.path())
            .env("MODAL_CONFIG_PATH", &config)
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    for args in [
        &["profile", "list"][..],
        &["check"],
        &["show"],
        &["show", "--profile", name],
        &["explain", "environment"],
    ] {
        let (out, err) = run(args);
        assert!(!out.is_empty(), "{args:?}: no output; {err}");
        for c in HOSTILE {
            assert!(!out.contains(c), "{args:?} printed {c:?} raw:\n{out}");
            assert!(
                !err.contains(c),
                "{args:?} printed {c:?} raw on stderr:\n{err}"
            );
        }
    }
    let (list, _) = run(&["profile", "list"]);
    assert!(list.contains("ev\\u{202e}il\\u{7}\\u{200b}"), "{list}");
    // JSON stays exact.
    let (json, _) = run(&["profile", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"].as_str() == Some(name)),
        "{json}"
    );
}

#[test]
fn new_profile_names_refuse_invisible_characters() {
    let h = home();
    let config = h.path().join(".modal.toml");
    for args in [
        &["profile", "create", "a\u{200b}b"][..],
        &["profile", "create", "rtl\u{202e}x"],
        &["profile", "rename", "dev", "x\u{2066}y"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_modalcfg"))
            .args(args)
            .env_clear()
            .env("HOME", h.path())
            .env("MODAL_CONFIG_PATH", &config)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("invisible character"), "{err}");
        assert!(
            !err.contains('\u{200b}') && !err.contains('\u{202e}') && !err.contains('\u{2066}')
        );
        assert_eq!(std::fs::read_to_string(&config).unwrap(), CONFIG);
    }
}

/// The app in a new pty of its own (session leader, the pty its controlling terminal), with
/// SIGHUP blocked when `no_sighup`; returns the master and the child once the first frame
/// is drawn.
fn app_in_own_pty(home: &Path, no_sighup: bool) -> (std::os::fd::OwnedFd, std::process::Child) {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    let (mut master, mut slave) = (0, 0);
    let mut ws = libc::winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty(3) fills two descriptors we then own.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::addr_of_mut!(ws),
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: fcntl(2) on the descriptors just opened: the child must not inherit the master
    // (it would keep the terminal open) nor the spare slave.
    unsafe {
        libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(slave, libc::F_SETFD, libc::FD_CLOEXEC);
    }
    // SAFETY: both descriptors were just opened and are owned here only.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_modalcfg"));
    cmd.env_clear()
        .env("HOME", home)
        .env("MODAL_CONFIG_PATH", home.join(".modal.toml"))
        .env("TERM", "xterm-256color")
        .stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave.try_clone().unwrap());
    // SAFETY: between fork and exec only async-signal-safe calls: a new session, the pty as
    // its controlling terminal, and (when asked) SIGHUP blocked, so that only the end of the
    // input can tell the app that its terminal is gone.
    unsafe {
        cmd.pre_exec(move || {
            libc::setsid();
            // The request's type differs between Linux and macOS.
            libc::ioctl(0, libc::TIOCSCTTY as _, 0);
            if no_sighup {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGHUP);
                libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            }
            Ok(())
        });
    }
    let child = cmd.spawn().unwrap();
    drop(slave);
    // Reads until the first frame's footer, polling with a deadline (never a blocking read
    // that could hang the test).
    let mut seen = Vec::new();
    let start = Instant::now();
    while !String::from_utf8_lossy(&seen).contains("quit") {
        assert!(start.elapsed() < DEADLINE, "no first frame");
        let mut fds = [libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        }];
        // SAFETY: poll(2) and read(2) on the master we own, into a buffer we own.
        unsafe {
            if libc::poll(fds.as_mut_ptr(), 1, 100) > 0 {
                let mut buf = [0u8; 4096];
                let n = libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len());
                if n > 0 {
                    seen.extend_from_slice(&buf[..n as usize]);
                }
            }
        }
    }
    (master, child)
}

/// CPU time (user + system, in clock ticks) the process has used, while it exists.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// Closes the terminal under the app and waits (a hang guard, not a speed target) for it to
/// end; the CPU time it used after the close must stay small (a spinning loop burns a whole
/// core until killed). Returns the exit code.
fn close_terminal_and_wait(master: std::os::fd::OwnedFd, mut child: std::process::Child) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id();
    let before = cpu_ticks(pid).expect("the app runs");
    drop(master);
    let start = Instant::now();
    let mut after = before;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        // Read before reaping: a zombie still has its stat.
        after = cpu_ticks(pid).unwrap_or(after);
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the app still runs {DEADLINE:?} after its terminal closed, {} ticks of CPU since",
                after - before
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // One clock tick is 10 ms; a spin would show hundreds.
    assert!(
        after - before < 50,
        "the app used {} ticks of CPU after its terminal closed",
        after - before
    );
    status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0))
}

#[test]
fn the_app_ends_when_its_terminal_closes() {
    // Issue 20: `tmux kill-server` left the app reading end-of-file at 100% CPU. The kernel
    // hangs up the pty: SIGHUP to the session leader (the app) and POLLIN|POLLHUP on input.
    let h = home();
    let (master, child) = app_in_own_pty(h.path(), false);
    assert_eq!(close_terminal_and_wait(master, child), 129);
    assert_eq!(
        std::fs::read_to_string(h.path().join(".modal.toml")).unwrap(),
        CONFIG
    );
}

#[test]
fn the_end_of_its_input_ends_the_app_without_any_sighup() {
    // SIGHUP blocked: only the hung-up input (POLLHUP, end-of-file) says the terminal is gone.
    let h = home();
    let (master, child) = app_in_own_pty(h.path(), true);
    assert_eq!(close_terminal_and_wait(master, child), 129);
}

/// An interactive bash in a pty running `token set` (the id given), waiting at the secret's
/// hidden prompt.
fn at_the_secret_prompt(home: &Path) -> Pty {
    let mut p = bash(home);
    p.send(&format!(
        "'{}' token set --token-id ak-new --profile dev --no-activate\r",
        env!("CARGO_BIN_EXE_modalcfg")
    ));
    p.wait_text("Token secret: ");
    p
}

#[test]
fn ctrl_z_at_the_hidden_secret_prompt_keeps_echo_off_and_the_typed_part() {
    // Issue 20: Ctrl-Z turned echo back on, `fg` did not prompt again, and what was typed
    // before Ctrl-Z was dropped. Now: stopped with the terminal restored, prompted again on
    // `fg` with echo off, and the secret is the part before plus the part after.
    let h = home();
    let mut p = at_the_secret_prompt(h.path());
    p.type_text("as-FIRSTHALF");
    p.send("\x1a"); // Ctrl-Z: the terminal driver sends SIGTSTP
    p.wait_for("the job stopped", |s| s.contains("Stopped"));
    // At the shell's prompt: cooked mode with echo, as the shell expects it.
    p.send("clear; stty -a; echo STTY-$((40+2))\r");
    let screen = p.wait_for("stty output", |s| s.contains("STTY-42"));
    assert_cooked("Ctrl-Z at the secret prompt", &screen);
    p.send("fg\r");
    p.wait_text("what you typed before is kept");
    p.type_text("-SECONDHALF\r");
    p.wait_text("wrote ");
    p.send("echo EXIT=$?\r");
    p.wait_text("EXIT=0");
    let written = std::fs::read_to_string(h.path().join(".modal.toml")).unwrap();
    assert!(
        written.contains("token_secret = \"as-FIRSTHALF-SECONDHALF\""),
        "the whole secret, both halves, is written:\n{written}"
    );
    // The shell is still usable, with echo on.
    p.send("echo VISIBLE-$((1+1))\r");
    p.wait_text("VISIBLE-2");
    p.send("exit\r");
    p.wait_exit();
    let out = p.output();
    assert!(
        !out.contains("FIRSTHALF") && !out.contains("SECONDHALF"),
        "a part of the secret was echoed:\n{out}"
    );
}

#[test]
fn sigtstp_and_sigcont_at_the_hidden_secret_prompt_hide_echo_again() {
    // The same stop from outside (kill -TSTP, typed bytes maybe not yet read: they are kept,
    // not left for the shell), then `fg`: the prompt comes again, echo is off.
    let h = home();
    let mut p = at_the_secret_prompt(h.path());
    p.type_text("as-ONE");
    let shell = p.child.process_id().unwrap();
    let app = child_of(shell).expect("the command runs under bash");
    // SAFETY: kill(2) on the command we started.
    assert_eq!(unsafe { libc::kill(app, libc::SIGTSTP) }, 0);
    p.wait_for("the job stopped", |s| s.contains("Stopped"));
    p.send("fg\r");
    p.wait_text("what you typed before is kept");
    p.type_text("-TWO\r");
    p.wait_text("wrote ");
    p.send("echo EXIT=$?\r");
    p.wait_text("EXIT=0");
    let written = std::fs::read_to_string(h.path().join(".modal.toml")).unwrap();
    assert!(
        written.contains("token_secret = \"as-ONE-TWO\""),
        "{written}"
    );
    p.send("exit\r");
    p.wait_exit();
    let out = p.output();
    assert!(!out.contains("ONE") && !out.contains("-TWO"), "{out}");
}

#[test]
fn token_set_at_a_terminal_echoes_the_id_hides_the_secret_and_names_both_places() {
    // Issue 23: the token id is not secret (the app shows it), so the prompt echoes it; the
    // secret is not echoed; the summary says which id went to which profile.
    let h = home();
    let mut p = bash(h.path());
    p.send(&format!(
        "'{}' token set --profile dev --no-verify\r",
        env!("CARGO_BIN_EXE_modalcfg")
    ));
    p.wait_text("Token ID: ");
    p.type_text("ak-ECHOED0001\r");
    p.wait_text("Token secret: ");
    p.type_text("as-HIDDENPART\r");
    p.wait_text("token ak-ECHOED0001 written to profile `dev`");
    p.send("echo EXIT=$?\r");
    p.wait_text("EXIT=0");
    p.send("exit\r");
    p.wait_exit();
    let out = p.output();
    // Typed once and echoed by the terminal, then named once more in the summary.
    assert!(
        out.matches("ak-ECHOED0001").count() >= 2,
        "the id was not echoed:\n{out}"
    );
    assert!(!out.contains("HIDDENPART"), "the secret was echoed:\n{out}");
    let written = std::fs::read_to_string(h.path().join(".modal.toml")).unwrap();
    assert!(
        written.contains("token_id = \"ak-ECHOED0001\""),
        "{written}"
    );
    assert!(
        written.contains("token_secret = \"as-HIDDENPART\""),
        "{written}"
    );
}
