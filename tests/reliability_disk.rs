//! Issue 20, item 9: messages that name the real cause, on real disks (the tests run as root,
//! as CI does). An immutable or append-only file (`chattr +i` / `+a`) is named as such with
//! the right fix; a single file bind-mounted on its own (what `docker run -v
//! ~/.modal.toml:/root/.modal.toml` makes), which cannot be renamed over (`EBUSY`), is written
//! in place under the lock, saying so; a reader that goes away (`show | head -1`) ends the
//! command quietly (SIGPIPE, status 141 in a shell) as other Unix tools do.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command as Std, Stdio};

#[path = "common/cli.rs"]
mod cli;
use cli::cmd;

/// A folder on the project's disk (which keeps inode flags, where /tmp may be a tmpfs).
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap()
}

fn sh(program: &str, args: &[&std::ffi::OsStr]) -> bool {
    Std::new(program)
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn immutable_and_append_only_files_are_named_with_their_fix() {
    let dir = scratch();
    let path = dir.path().join(".modal.toml");
    for (flag, words) in [
        ("+i", "is immutable (`chattr +i`)"),
        ("+a", "is append-only (`chattr +a`)"),
    ] {
        std::fs::write(&path, "[a]\n[b]\n").unwrap();
        assert!(
            sh("chattr", &[flag.as_ref(), path.as_os_str()]),
            "chattr {flag} failed: these tests need root on a file system with inode flags"
        );
        let o = cmd(dir.path())
            .env("MODAL_CONFIG_PATH", &path)
            .args(["profile", "activate", "b"])
            .output()
            .unwrap();
        let undo = format!("-{}", &flag[1..]);
        assert!(sh("chattr", &[undo.as_ref(), path.as_os_str()]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(words), "{err}");
        assert!(err.contains(&format!("sudo chattr {undo}")), "{err}");
        assert!(!err.contains("chmod"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[a]\n[b]\n");
    }
}

struct Mounted<'a>(&'a Path);

impl Drop for Mounted<'_> {
    fn drop(&mut self) {
        sh("umount", &[self.0.as_os_str()]);
    }
}

#[test]
fn a_bind_mounted_single_file_is_written_in_place_saying_so() {
    let dir = scratch();
    let host = dir.path().join("host.toml");
    let seen = dir.path().join("inside.toml");
    std::fs::write(&host, "[a]\nx = 1\n\n[b]\ny = 2\n").unwrap();
    std::fs::write(&seen, "").unwrap();
    assert!(
        sh(
            "mount",
            &["--bind".as_ref(), host.as_os_str(), seen.as_os_str()]
        ),
        "mount --bind failed: this test needs root with CAP_SYS_ADMIN"
    );
    let _m = Mounted(&seen);
    // It is a mount point: a rename over it is refused (the failure of issue 20).
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "x").unwrap();
    let e = std::fs::rename(&probe, &seen).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBUSY), "{e}");

    let o = cmd(dir.path())
        .env("MODAL_CONFIG_PATH", &seen)
        .args(["set", "environment", "dev", "--profile", "b"])
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        err.contains("written in place") && err.contains("not atomic"),
        "{err}"
    );
    assert!(!err.contains("busy"), "{err}");
    let want = "[a]\nx = 1\n\n[b]\ny = 2\nenvironment = \"dev\"\n";
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), want);
    assert_eq!(
        std::fs::read_to_string(&host).unwrap(),
        want,
        "the host's file"
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    let dir = scratch();
    let path = dir.path().join(".modal.toml");
    let mut big = String::new();
    for i in 0..20_000 {
        big.push_str(&format!("[p{i:05}]\ntoken_id = \"ak-{i}\"\n"));
    }
    std::fs::write(&path, big).unwrap();
    for args in [&["profile", "list"][..], &["show", "--json"], &["man"]] {
        let mut child = Std::new(env!("CARGO_BIN_EXE_modalcfg"))
            .env_clear()
            .env("HOME", dir.path())
            .env("MODAL_CONFIG_PATH", &path)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -1`: one line read, then the pipe closed.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}");
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.code() == Some(0) || o.status.signal() == Some(libc::SIGPIPE),
            "{args:?}: {:?} {err}",
            o.status
        );
        assert_eq!(err, "", "{args:?}: no message");
    }
}
