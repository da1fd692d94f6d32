//! The read-only commands, run as the real binary on temporary files.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const SECRET: &str = "as-SECRETVALUE123456";

fn cmd(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modalcfg"));
    // Resolve like 1.6.4 whatever `modal` this machine has on PATH.
    c.env_clear()
        .env("HOME", home)
        .env("USERPROFILE", home) // Windows' home (Python ignores HOME there)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MODALCFG_CLIENT_VERSION", "1.6.4");
    c
}

fn three_profiles(home: &Path) {
    let text = format!(
        "# three profiles\n[default]\ntoken_id = \"ak-default\"\n\n[dev]\nactive = true\ntoken_id = \"ak-dev\"\ntoken_secret = \"{SECRET}\"\nlogs_timeout = 5\n\n[prod]\ntoken_id = \"ak-prod\"\n"
    );
    std::fs::write(home.join(".modal.toml"), text).unwrap();
}

#[test]
fn show_json_follows_the_contract_and_masks_secrets() {
    let home = tempfile::tempdir().unwrap();
    three_profiles(home.path());
    let out = cmd(home.path())
        .args(["show", "--json"])
        .env("MODAL_LOGLEVEL", "debug")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("SECRETVALUE"), "secret leaked: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["profile"], "dev");
    assert_eq!(v["profiles"], serde_json::json!(["default", "dev", "prod"]));
    assert_eq!(
        v["settings"]["loglevel"],
        serde_json::json!({"value": "DEBUG", "source": "env"})
    );
    assert_eq!(v["settings"]["logs_timeout"]["value"].to_string(), "5.0");
    assert_eq!(v["settings"]["server_url"]["source"], "default");
    assert_eq!(v["settings"]["token_secret"]["value"], "…3456");
    assert_eq!(v["settings"].as_object().unwrap().len(), 27);

    let out = cmd(home.path())
        .args(["show", "--json", "--reveal", "--include-internal"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["settings"]["token_secret"]["value"], SECRET);
    assert_eq!(v["settings"].as_object().unwrap().len(), 41);
    assert_eq!(
        v["settings"]["sandbox_channel_idle_timeout"]["value"].to_string(),
        "30"
    );
}

#[test]
fn show_table_and_get() {
    let home = tempfile::tempdir().unwrap();
    three_profiles(home.path());
    let out = cmd(home.path())
        .arg("show")
        .env("MODAL_LOGS_TIMEOUT", "")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!out.status.success() || !text.contains("SECRETVALUE"));
    let row = text
        .lines()
        .find(|l| l.starts_with("logs_timeout"))
        .unwrap();
    assert!(
        row.contains("env*") && row.contains("MODAL_LOGS_TIMEOUT"),
        "{row}"
    );
    // A masked secret is not the value: nothing on stdout, the reason on stderr, exit 4.
    let out = cmd(home.path())
        .args(["get", "token_secret"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("is a secret") && err.contains("--reveal"),
        "{err}"
    );
    assert!(!err.contains("3456"), "{err}");
    let out = cmd(home.path())
        .args(["get", "token_secret", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    let out = cmd(home.path())
        .args(["get", "token_secret", "--reveal"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{SECRET}\n")
    );
    let out = cmd(home.path())
        .args(["get", "logs_timeout"])
        .env("MODAL_LOGS_TIMEOUT", "abc")
        .output()
        .unwrap();
    // 3: the client raises reading this key (1 is kept for "modalcfg cannot answer").
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Invalid value for logs_timeout config ('abc'): could not convert string to float: 'abc'"), "{err}");
}

#[test]
fn profile_commands_and_the_lone_profile_trap() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".modal.toml"),
        "[work]\ntoken_id = \"ak-w\"\n",
    )
    .unwrap();
    let out = cmd(home.path())
        .args(["profile", "current"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "default\n");
    let out = cmd(home.path()).arg("check").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "profile `work` line 1: the only profile is neither active nor named `default`"
        ),
        "{text}"
    );
    let out = cmd(home.path())
        .args(["profile", "current"])
        .env("MODAL_PROFILE", "")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "default\n");
    let out = cmd(home.path())
        .args(["profile", "list", "--json"])
        .env("MODAL_PROFILE", "work")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["name"], "work");
    assert_eq!(v[0]["active"], true);
}

#[test]
fn check_exits_1_when_the_client_would_fail() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".modal.toml"),
        "[a]\nactive = \"true\"\n[b]\nx = 1\n",
    )
    .unwrap();
    let out = cmd(home.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("unsupported operand type(s) for +: 'int' and 'str'"),
        "{text}"
    );
    assert!(
        text.contains("active = 'true' is not the boolean true"),
        "{text}"
    );
}

#[test]
fn unreadable_files_name_the_place_and_exit_1() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    let cases: [(&[u8], &str); 4] = [
        (
            b"\xef\xbb\xbf[default]\n",
            ":1:2: modal 1.6.4 cannot read this file: Found invalid character in key name: '['",
        ),
        (
            b"[default]\nx = \"\xff\"\n",
            ":2:6: modal 1.6.4 cannot read this file",
        ),
        (
            b"[default]\nx = [1, \"a\"]\n",
            ":2:1: modal 1.6.4 cannot read this file: Not a homogeneous array",
        ),
        (
            b"title = \"x\"\n",
            ":1:1: modal 1.6.4 cannot read this file",
        ),
    ];
    for (bytes, expected) in cases {
        std::fs::write(&path, bytes).unwrap();
        let out = cmd(home.path()).arg("show").output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{err}");
        assert!(!err.contains("panicked"));
    }
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let out = cmd(home.path()).arg("show").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("it is a directory")
    );
}

#[test]
fn missing_file_and_remote_mean_no_profiles() {
    let home = tempfile::tempdir().unwrap();
    let out = cmd(home.path()).args(["show", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["profiles"], serde_json::json!([]));
    assert_eq!(v["profile"], "default");
    three_profiles(home.path());
    let out = cmd(home.path())
        .args(["show", "--json"])
        .env("MODAL_IS_REMOTE", "1")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["profiles"], serde_json::json!([]));
    assert_eq!(v["settings"]["token_id"]["source"], "default");
}

#[test]
fn show_json_says_which_client_and_how_it_was_found() {
    let home = tempfile::tempdir().unwrap();
    // No file, so no token: `check` fails (AuthError: Token missing) and `show` answers with
    // exit 3, check's verdict.
    let json = |c: &mut Command| -> Value {
        let out = c.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = json(cmd(home.path()).args(["show", "--json"]));
    assert_eq!(v["client_version"], "1.6.4");
    assert_eq!(v["client_version_source"], "MODALCFG_CLIENT_VERSION");
    let v = json(cmd(home.path()).args(["show", "--json", "--client-version", "1.6.4"]));
    assert_eq!(v["client_version_source"], "--client-version");

    // A venv with modal's dist-info, found through VIRTUAL_ENV, without running anything.
    let venv = home.path().join("venv");
    std::fs::create_dir_all(venv.join("lib/python3.12/site-packages/modal-1.6.4.dist-info"))
        .unwrap();
    let v = json(
        cmd(home.path())
            .env_remove("MODALCFG_CLIENT_VERSION")
            .env("VIRTUAL_ENV", &venv)
            .args(["show", "--json"]),
    );
    assert_eq!(v["client_version"], "1.6.4");
    assert_eq!(
        v["client_version_source"],
        format!("VIRTUAL_ENV: {}", venv.display())
    );

    let out = cmd(home.path())
        .args(["show", "--client-version", "one"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a modal version"));
}

/// The wheel's case: modalcfg installed in the venv that has modal (`pip install modalcfg`),
/// run by its path with no `VIRTUAL_ENV` and the venv not on `PATH`, resolves like that
/// venv's modal, and says it found it in its own environment.
#[test]
fn modalcfg_in_a_venv_finds_the_modal_beside_it() {
    use modalcfg::client::pyenv::{NATIVE, WINDOWS};
    let home = tempfile::tempdir().unwrap();
    let venv = home.path().join("venv");
    let packages = if NATIVE == WINDOWS {
        venv.join("Lib").join("site-packages")
    } else {
        venv.join("lib/python3.12/site-packages")
    };
    std::fs::create_dir_all(packages.join("modal-1.2.6.dist-info")).unwrap();
    let scripts = venv.join(NATIVE.scripts);
    std::fs::create_dir_all(&scripts).unwrap();
    let exe = scripts.join(format!("modalcfg{}", NATIVE.exe_suffix));
    // The binary under another name, as the wheel installs it (a link where the file system
    // allows: the debug binary is large).
    if std::fs::hard_link(env!("CARGO_BIN_EXE_modalcfg"), &exe).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_modalcfg"), &exe).unwrap();
    }
    let out = Command::new(&exe)
        .env_clear()
        .env("HOME", home.path())
        .env("USERPROFILE", home.path()) // Windows' home
        .env("MODAL_CONFIG_PATH", home.path().join("modal.toml"))
        .env("PATH", home.path().join("nowhere"))
        .args(["show", "--json"])
        .output()
        .unwrap();
    // No token anywhere: answered, with check's verdict (exit 3).
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["client_version"], "1.2.6");
    assert_eq!(
        v["client_version_source"],
        format!("modalcfg's own environment: {}", venv.display())
    );
    assert_eq!(v["client_notes"], serde_json::json!([]));
}

/// `show` says in one line how the next `modal` command authenticates, and says a failing
/// verdict once (on that line, not again as an error below it).
#[test]
fn show_prints_the_credential_verdict_once() {
    let home = tempfile::tempdir().unwrap();
    three_profiles(home.path());
    let out = cmd(home.path()).arg("show").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\nCredentials: token ak-dev + secret from file `dev` line 8\n"),
        "{text}"
    );
    let out = cmd(home.path())
        .args(["show", "--profile", "prod"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = "\nCredentials: AuthError: Token missing. Could not authenticate client.";
    assert!(text.contains(line), "{text}");
    assert_eq!(text.matches("Token missing").count(), 1, "{text}");
    let out = cmd(home.path())
        .arg("show")
        .env("MODAL_TOKEN_ID", "ak-from-env-0001")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "\nCredentials: token ak-…0001 from MODAL_TOKEN_ID + secret from file `dev` line 8 — mixed\n"
        ),
        "{text}"
    );
    assert!(!text.contains("SECRETVALUE"), "{text}");
}

/// A broken venv or an unreadable `dist-info` is passed over with one line saying why: the
/// next place is tried (the `modal` on PATH), else the newest release.
#[cfg(unix)] // a POSIX venv layout (bin/, mode 0755); Windows detection: the wheel helper
#[test]
fn a_broken_venv_falls_back_with_a_one_line_note() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let broken = home.path().join("broken");
    std::fs::create_dir_all(broken.join("lib/python3.11/site-packages/modal-banana.dist-info"))
        .unwrap();
    let good = home.path().join("good");
    std::fs::create_dir_all(good.join("lib/python3.11/site-packages/modal-1.2.6.dist-info"))
        .unwrap();
    std::fs::create_dir_all(good.join("bin")).unwrap();
    let script = good.join("bin/modal");
    std::fs::write(
        &script,
        format!(
            "#!{}/bin/python
",
            good.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let show = |path: &Path| {
        let out = cmd(home.path())
            .env_remove("MODALCFG_CLIENT_VERSION")
            .env("VIRTUAL_ENV", &broken)
            .env("PATH", path)
            .arg("show")
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c != 2), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let text = show(&good.join("bin"));
    let client = format!("Client:      modal 1.2.6 (PATH: {})\n", script.display());
    assert!(text.contains(&client), "{text}");
    let note = format!(
        "Note:        VIRTUAL_ENV {}: unreadable version in modal-banana.dist-info; looking beside modalcfg and on PATH\n",
        broken.display()
    );
    assert!(text.contains(&note), "{text}");
    assert_eq!(text.matches("Note:").count(), 1, "{text}");
    // Nothing usable anywhere: the newest release, with the same one-line note.
    let text = show(&home.path().join("nowhere"));
    assert!(
        text.contains(
            "Client:      modal 1.6.4 (no modal found: the newest release modalcfg knows)"
        ),
        "{text}"
    );
    assert!(text.contains(&note), "{text}");
}

#[test]
fn a_key_the_detected_client_does_not_read_is_ignored_not_winning() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".modal.toml"),
        "[default]\nactive = true\nsandbox_v2 = true\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let o = cmd(home.path())
            .env("MODAL_SANDBOX_V2", "1")
            .env("MODALCFG_CLIENT_VERSION", "1.2.6")
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["explain", "sandbox_v2"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("ignored by modal 1.2.6 (added in 1.5.4)"),
        "{out}"
    );
    assert!(
        out.contains("[ignored] env      MODAL_SANDBOX_V2 = 1"),
        "{out}"
    );
    assert!(!out.contains("WINS"), "{out}");
    let (_, out, _) = run(&["check"]);
    assert!(
        out.contains("MODAL_SANDBOX_V2 is set but ignored by modal 1.2.6 (added in 1.5.4)"),
        "{out}"
    );
    assert!(
        out.contains("`sandbox_v2` is ignored by modal 1.2.6"),
        "{out}"
    );
    let (code, _, err) = run(&["get", "sandbox_v2"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("ignored by modal 1.2.6"), "{err}");
    // The same key resolves (and wins) for a client that reads it.
    let o = cmd(home.path())
        .env("MODAL_SANDBOX_V2", "1")
        .args(["get", "sandbox_v2"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "true\n");
    let v: Value = serde_json::from_slice(
        &cmd(home.path())
            .args(["show", "--json", "--client-version", "1.2.6"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(v["settings"].get("sandbox_v2").is_none());
    assert_eq!(
        v["settings"]["server_url"]["value"],
        "https://api.modal.com"
    );
}

/// `show` answers whatever the verdict and exits like `check` judges: 0 when check is clean,
/// 3 when check finds an error (here `MODAL_PROFILE` names a missing profile: every
/// networked command fails to authenticate), while `check` exits 1.
#[test]
fn show_exits_with_checks_verdict() {
    let home = tempfile::tempdir().unwrap();
    three_profiles(home.path());
    let run = |profile: Option<&str>, args: &[&str]| {
        let mut c = cmd(home.path());
        if let Some(p) = profile {
            c.env("MODAL_PROFILE", p);
        }
        c.args(args).output().unwrap()
    };
    let ok = run(None, &["show"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert_eq!(run(None, &["check"]).status.code(), Some(0));
    let nope = run(Some("nope"), &["show"]);
    assert_eq!(nope.status.code(), Some(3), "{nope:?}");
    let text = String::from_utf8(nope.stdout).unwrap();
    assert!(
        text.contains("Credentials:") && text.contains("Exit status 3"),
        "{text}"
    );
    assert_eq!(
        run(Some("nope"), &["show", "--json"]).status.code(),
        Some(3)
    );
    assert_eq!(run(Some("nope"), &["check"]).status.code(), Some(1));
}

/// `modalcfg man` refers to `modalcfg-<subcommand>(1)` pages; `man --dir` writes each of
/// them, and no page refers to one that is not written.
#[test]
fn man_pages_that_are_referred_to_exist() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("man1");
    let out = cmd(home.path())
        .args(["man", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = cmd(home.path()).arg("man").output().unwrap().stdout;
    let mut pages = vec![String::from_utf8(stdout).unwrap()];
    for e in std::fs::read_dir(&dir).unwrap() {
        pages.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let mut refs = 0;
    for page in &pages {
        for line in page.lines().filter(|l| l.ends_with("(1)")) {
            let name = line.trim_end_matches("(1)").replace('\\', "");
            assert!(dir.join(format!("{name}.1")).is_file(), "{name}(1) missing");
            refs += 1;
        }
    }
    assert!(dir.join("modalcfg-show.1").is_file());
    assert!(dir.join("modalcfg-profile-list.1").is_file());
    assert!(refs > 10, "{refs}");
    assert!(!pages[0].contains("modalcfg\\-help"));
}
