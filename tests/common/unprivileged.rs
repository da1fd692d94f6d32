//! What a test needs from the machine, for the tests that need more than a temp folder.
//!
//! Root ignores file modes, and tests run as root (CI too): a check of "permission denied"
//! runs its commands as uid 65534 (`nobody`) in a child process (`Command::uid`; the standard
//! library also drops root's supplementary groups), on files in a folder that user can enter.
//! If the program to run lies under a folder `nobody` cannot enter (a checkout in `/root`), a
//! copy in a temp folder is run instead (removed at exit). Each such test writes `unprivileged: <test>` to the
//! real stderr (past the test harness' capture), so CI's log counts them.
//!
//! A test that cannot run here (not root, a tool or filesystem feature missing) fails when
//! `CI` is set, and only elsewhere says `SKIPPED` and returns: no test passes by skipping in CI.
//!
//! Shared by the integration tests (`#[path]`) and the writer's unit tests.
#![allow(dead_code)] // each test crate uses its part

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The test harness' name of the test function `f` of the calling module: what `--exact`
/// takes and the log shows (`config::write::tests::f` in a unit test, `f` in an integration test).
macro_rules! test_name {
    ($f:ident) => {
        unprivileged::harness_name(module_path!(), stringify!($f))
    };
}

/// See [`test_name`].
pub fn harness_name(module: &str, f: &str) -> String {
    match module.split_once("::") {
        Some((_, inner)) => format!("{inner}::{f}"),
        None => f.to_string(),
    }
}

/// The unprivileged user (and group) the tests run as: `nobody` on Debian and most Linux systems.
pub const NOBODY: u32 = 65534;

/// Whether this is CI: `CI` set to anything but ``, `0` or `false` (`.ci/run` sets `CI=true`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// Whether this process runs as root.
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A line on the real stderr, past the test harness' capture.
fn say(line: &str) {
    let _ = std::io::stderr().write_all(format!("{line}\n").as_bytes());
}

/// `test` cannot run here because of `why`: a failure in CI, else `SKIPPED …` on stderr. The
/// caller returns after it.
pub fn cannot_run(test: &str, why: &str) {
    assert!(!in_ci(), "{test} cannot run in CI: {why}");
    say(&format!(
        "SKIPPED {test}: {why} (outside CI only; with CI set this fails)"
    ));
}

/// Whether `test` can run commands as [`NOBODY`] (this process is root); when it cannot,
/// [`cannot_run`] has said so. When it can, announces `unprivileged: <test>`.
pub fn can_drop_to_nobody(test: &str) -> bool {
    if !is_root() {
        cannot_run(
            test,
            "it runs commands as uid 65534, which needs root (CI runs as root)",
        );
        return false;
    }
    say(&format!("unprivileged: {test}"));
    true
}

/// `program` (or a copy [`NOBODY`] can run) as a command that runs as [`NOBODY`], with no
/// supplementary groups, in `/`.
pub fn as_nobody(program: &Path) -> Command {
    let mut c = Command::new(reachable(program));
    c.uid(NOBODY).gid(NOBODY).current_dir("/");
    c
}

/// A new temp folder [`NOBODY`] can enter (mode 0755, under a temp folder others can enter).
pub fn open_folder() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        others_can_enter(t.path()),
        "uid {NOBODY} cannot enter {} (set TMPDIR to a folder others can enter, such as /tmp)",
        t.path().display()
    );
    t
}

/// Whether others (no owner, no group) may search every folder from `/` down to `p`.
fn others_can_enter(p: &Path) -> bool {
    let Ok(p) = p.canonicalize() else {
        return false;
    };
    p.ancestors()
        .all(|d| std::fs::metadata(d).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

/// Copies made by [`reachable`]: (program, copy).
static COPIES: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());

/// `program` itself when others can run it, else a copy in a new temp folder they can (made once
/// per program and process, removed when the process exits).
fn reachable(program: &Path) -> PathBuf {
    let runnable = |p: &Path| {
        others_can_enter(p.parent().unwrap())
            && std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o005 == 0o005)
    };
    if runnable(program) {
        return program.to_path_buf();
    }
    let mut copies = COPIES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, copy)) = copies.iter().find(|(p, _)| p == program) {
        return copy.clone();
    }
    if copies.is_empty() {
        // SAFETY: registers a function without arguments that only removes files.
        assert_eq!(unsafe { libc::atexit(remove_copies) }, 0);
    }
    let copy = open_folder().keep().join(program.file_name().unwrap());
    copies.push((program.to_path_buf(), copy.clone()));
    std::fs::copy(program, &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(runnable(&copy), "{}", copy.display());
    copy
}

/// Removes the folders of [`reachable`]'s copies (at exit: the test harness exits through it).
extern "C" fn remove_copies() {
    if let Ok(copies) = COPIES.try_lock() {
        for (_, copy) in copies.iter() {
            let _ = std::fs::remove_dir_all(copy.parent().unwrap());
        }
    }
}

/// Runs the unit test `test` (its full name, `config::write::tests::…`) again in this test
/// binary as [`NOBODY`], with `TMPDIR` a folder that user owns, and fails unless it ran and
/// passed there. Called by the test itself when it runs as root; in the child it is not root
/// and runs its checks.
pub fn rerun_as_nobody(test: &str) {
    let tmp = open_folder();
    let own = tmp.path().join("tmp");
    std::fs::create_dir(&own).unwrap();
    std::os::unix::fs::chown(&own, Some(NOBODY), Some(NOBODY)).unwrap();
    let o = as_nobody(&std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("TMPDIR", &own)
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(
        o.status.success() && out.contains("test result: ok. 1 passed"),
        "{test} as uid {NOBODY}: {}\n{out}\n{err}",
        o.status
    );
}
