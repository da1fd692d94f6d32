//! Issue 20, items 5 and 7: `MODAL_*` values that are not UTF-8 are read as the client's
//! Python reads them (surrogateescape), and every message for people goes through the one
//! escaping function (`text::visible`): control and bidi characters from the file, names,
//! paths and variables never reach the terminal raw, a path that is not UTF-8 shows `\xNN`.
//! A single value for a script (`get`, `profile current`) is bare bytes on a pipe and escaped
//! on a terminal.
#![cfg(unix)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;

#[path = "common/cli.rs"]
mod cli;
mod common;
use cli::{cmd, home};
use common::pty::Pty;

fn raw(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// No byte a terminal acts on or that reorders text: ESC, C1 (as UTF-8), U+202E, U+FFFD.
fn terminal_safe(text: &str, what: &str) {
    for bad in ['\x1b', '\u{9b}', '\u{202e}', '\u{fffd}', '\x07'] {
        assert!(!text.contains(bad), "{what}: {bad:?} is raw in:\n{text}");
    }
}

const FILE: &str =
    "# evil \u{9b}31m comment \u{202e}\n[a]\nx = \"v\u{202e}v\"\n\n[\"b\u{9b}c\"]\nx = 1\n";

#[test]
fn diffs_and_write_messages_escape_control_and_bidi_characters() {
    let h = home(Some(FILE));
    for args in [
        &["profile", "activate", "a", "--dry-run"][..],
        &["set", "environment", "w", "--profile", "a", "--dry-run"],
        &["profile", "activate", "b\u{9b}c", "--dry-run"],
        &["profile", "rename", "b\u{9b}c", "bc", "--dry-run"],
        &["profile", "delete", "a", "--dry-run"],
    ] {
        let o = cmd(h.path()).args(args).output().unwrap();
        let (out, err) = (raw(&o.stdout), raw(&o.stderr));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(out.contains("@@"), "{args:?} printed no diff:\n{out}");
        terminal_safe(&out, &format!("{args:?}"));
        terminal_safe(&err, &format!("{args:?} stderr"));
        assert!(
            out.contains("\\u{202e}") || out.contains("\\u{9b}"),
            "{args:?}: escaped form missing:\n{out}"
        );
    }
    let o = cmd(h.path())
        .args(["profile", "activate", "b\u{9b}c"])
        .output()
        .unwrap();
    let out = raw(&o.stdout);
    terminal_safe(&out, "activate message");
    assert!(out.contains("profile `b\\u{9b}c` is now active"), "{out}");
    let o = cmd(h.path())
        .args(["profile", "rename", "b\u{9b}c", "bc"])
        .output()
        .unwrap();
    terminal_safe(&raw(&o.stdout), "rename message");
    assert!(raw(&o.stdout).contains("b\\u{9b}c"), "{}", raw(&o.stdout));
}

#[test]
fn paths_with_escapes_or_bytes_that_are_not_utf8_are_shown_escaped() {
    let h = home(None);
    let esc_dir = h.path().join("d\x1b[31m");
    std::fs::create_dir(&esc_dir).unwrap();
    let non_utf8 = h.path().join(OsStr::from_bytes(b"c\xff.toml"));
    for (path, want) in [
        (esc_dir.join("c.toml"), "d\\u{1b}[31m/c.toml"),
        (non_utf8, "c\\xff.toml"),
    ] {
        for args in [&["profile", "activate", "b"][..], &["show"]] {
            std::fs::write(&path, "[a]\n[b]\n").unwrap();
            let o = cmd(h.path())
                .env("MODAL_CONFIG_PATH", &path)
                .args(args)
                .output()
                .unwrap();
            let out = raw(&o.stdout);
            terminal_safe(&out, &format!("{args:?} on {path:?}"));
            assert!(out.contains(want), "{args:?}: {want} missing:\n{out}");
        }
        let o = cmd(h.path())
            .env("MODAL_CONFIG_PATH", &path)
            .args(["profile", "activate", "a"])
            .output()
            .unwrap();
        let out = raw(&o.stdout);
        assert!(
            out.contains(&format!("wrote {}", h.path().display())),
            "{out}"
        );
        assert!(out.contains(want), "{out}");
    }
}

#[test]
fn a_value_for_scripts_is_bare_on_a_pipe_and_escaped_on_a_terminal() {
    let h = home(Some("[a]\nactive = true\n"));
    let o = cmd(h.path())
        .env("MODAL_PROFILE", OsStr::from_bytes(b"a\xff\x1b"))
        .args(["profile", "current"])
        .output()
        .unwrap();
    assert_eq!(o.stdout, b"a\xff\x1b\n", "the bytes as given, on a pipe");
    let mut t = Pty::builder()
        .args(&["profile", "current"])
        .env("HOME", h.path())
        .env("MODAL_CONFIG_PATH", h.path().join(".modal.toml"))
        .env("MODAL_PROFILE", OsStr::from_bytes(b"a\xff\x1b"))
        .deadline(Duration::from_secs(20))
        .spawn();
    let (_, out) = t.finish();
    assert!(out.contains("a\\xff\\u{1b}"), "{out:?}");
    assert!(!out.contains('\x1b'), "{out:?}");
}

#[test]
fn modal_variables_that_are_not_utf8_are_read_as_python_reads_them() {
    let h = home(Some(
        "[a]\nactive = true\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1\"\n",
    ));
    // The client: `import modal` raises `ValueError: Unknown level: 'Level DE\udcffBUG'`.
    let o = cmd(h.path())
        .env("MODAL_LOGLEVEL", OsStr::from_bytes(b"de\xffbug"))
        .args(["get", "loglevel"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", raw(&o.stderr));
    assert!(
        raw(&o.stderr).contains("ValueError: Unknown level: 'Level DE\\udcffBUG'"),
        "{}",
        raw(&o.stderr)
    );
    assert_eq!(o.stdout, b"DE\xffBUG\n");
    let o = cmd(h.path())
        .env("MODAL_LOGLEVEL", OsStr::from_bytes(b"de\xffbug"))
        .args(["check"])
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    // MODAL_PROFILE=a\xff is the profile 'a\udcff', which is not `a`.
    let o = cmd(h.path())
        .env("MODAL_PROFILE", OsStr::from_bytes(b"a\xff"))
        .args(["show"])
        .output()
        .unwrap();
    let out = raw(&o.stdout);
    assert!(
        out.contains("Profile:     a\\xff (MODAL_PROFILE is set) — not in the file"),
        "{out}"
    );
    terminal_safe(&out, "show with MODAL_PROFILE=a\\xff");
    // A secret that is not UTF-8 is still a secret that is set.
    let o = cmd(h.path())
        .env("MODAL_TOKEN_ID", "ak-env")
        .env("MODAL_TOKEN_SECRET", OsStr::from_bytes(b"as-\xffsecret"))
        .args(["show"])
        .output()
        .unwrap();
    let out = raw(&o.stdout);
    assert!(out.contains("secret from MODAL_TOKEN_SECRET"), "{out}");
    assert!(!out.contains("Token missing"), "{out}");
    assert!(
        !out.contains("secret\n") && !out.contains("\\xffsecret"),
        "{out}"
    );
    let o = cmd(h.path())
        .env("MODAL_TOKEN_ID", "ak-env")
        .env("MODAL_TOKEN_SECRET", OsStr::from_bytes(b"as-\xffsecret"))
        .args(["show", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["auth_error"].is_null(), "{v}");
}
