//! The CLI writers end to end: bytes, modes, symlinks, new files, stdin secrets, warnings,
//! --dry-run, malformed files, and the changed-on-disk guard. Every test works in its own
//! temp dir with a cleared environment (HOME and MODAL_CONFIG_PATH point into it).

use std::fs;
#[cfg(unix)]
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;

use assert_cmd::Command;
use modalcfg::config::disk::Wait;
use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::write::edit::Edit;
use modalcfg::config::write::store::{OnChange, commit, plan};
use modalcfg::env::Env;

/// `text` with the platform's line endings: what a new file gets (`\r\n` on Windows, as the
/// client's `open(path, "w")` writes).
fn native(text: &str) -> String {
    text.replace('\n', modalcfg::config::write::patch::PLATFORM_ENDING)
}

fn cmd(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modalcfg"));
    c.env_clear()
        .env("HOME", home)
        .env("USERPROFILE", home) // Windows' home (Python ignores HOME there)
        .env("LANG", "C.UTF-8")
        .current_dir(home);
    c
}

fn out(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const FIVE: &str = "# five profiles, by hand\n\n[default]\ntoken_id     = \"ak-d\"   # old\ntoken_secret = 'as-d'\n\n[ work ]\n  active = true   # current\n  environment='w'\n\n[prod]\nactive = \"true\"\nlogs_timeout = 1_0\n\n# staging below\n[staging]\ntraceback=true\n\"quoted name\" = 1\n\n[dev]\nactive=1\nenvironment = \"dev\"\n";

#[test]
fn activate_changes_only_active_lines() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    fs::write(&path, FIVE).unwrap();
    let o = cmd(home.path())
        .args(["profile", "activate", "staging"])
        .output()
        .unwrap();
    let (so, se) = out(&o);
    assert!(o.status.success(), "{so}\n{se}");
    assert!(so.contains("profile `staging` is now active"), "{so}");
    let after = fs::read_to_string(&path).unwrap();
    let expected = FIVE
        .replace(
            "  active = true   # current\n",
            "  active = false   # current\n",
        )
        .replace("active = \"true\"\n", "")
        .replace("active=1\n", "")
        .replace(
            "\"quoted name\" = 1\n",
            "\"quoted name\" = 1\nactive = true\n",
        );
    assert_eq!(after, expected);
    // Only `active` lines differ.
    let d = similar::TextDiff::from_lines(FIVE, &after);
    for c in d
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
    {
        assert!(c.value().contains("active"), "changed line {:?}", c.value());
    }
}

#[cfg(unix)]
#[test]
fn mode_0640_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    fs::write(&path, "[a]\nx = 1\n[b]\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    cmd(home.path())
        .args(["profile", "activate", "b"])
        .assert()
        .success();
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o640);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[a]\nx = 1\n[b]\nactive = true\n"
    );
}

#[cfg(unix)]
fn symlink_case(relative: bool) {
    let home = tempfile::tempdir().unwrap();
    fs::create_dir(home.path().join("dotfiles")).unwrap();
    let target = home.path().join("dotfiles/modal.toml");
    fs::write(&target, "[a]\n# keep\nx = 1\n").unwrap();
    let link = home.path().join(".modal.toml");
    if relative {
        symlink("dotfiles/modal.toml", &link).unwrap();
    } else {
        symlink(&target, &link).unwrap();
    }
    cmd(home.path())
        .args(["set", "environment", "e", "--profile", "a"])
        .assert()
        .success();
    let m = fs::symlink_metadata(&link).unwrap();
    assert!(
        m.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let want = if relative {
        Path::new("dotfiles/modal.toml").to_path_buf()
    } else {
        target.clone()
    };
    assert_eq!(fs::read_link(&link).unwrap(), want);
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "[a]\n# keep\nx = 1\nenvironment = \"e\"\n"
    );
    // No temp file and no lock file left next to the target (the lock file is deleted under
    // the lock at the end of the write), nothing next to the link.
    let names = |dir: &Path| {
        let mut n: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&home.path().join("dotfiles")), ["modal.toml"]);
    assert!(
        !names(home.path()).iter().any(|n| n.ends_with(".lock")),
        "{:?}",
        names(home.path())
    );
}

#[cfg(unix)]
#[test]
fn relative_symlink_into_dotfiles_is_kept() {
    symlink_case(true);
}

#[cfg(unix)]
#[test]
fn absolute_symlink_is_kept() {
    symlink_case(false);
}

#[test]
fn missing_parent_folder_is_created_0700_and_new_file_is_0600() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("cfg/modal/config.toml");
    cmd(home.path())
        .env("MODAL_CONFIG_PATH", &path)
        .args(["profile", "create", "first"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&path).unwrap(), native("[first]\n"));
    #[cfg(unix)]
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o600);
    #[cfg(unix)]
    for d in ["cfg", "cfg/modal"] {
        assert_eq!(
            fs::metadata(home.path().join(d)).unwrap().mode() & 0o7777,
            0o700,
            "{d}"
        );
    }
}

#[test]
fn token_set_from_stdin_on_empty_home() {
    let home = tempfile::tempdir().unwrap();
    let secret = "as-supersecretvalue123";
    let o = cmd(home.path())
        .args([
            "token",
            "set",
            "--token-id",
            "ak-abc123",
            "--token-secret",
            "-",
            "--profile",
            "new",
        ])
        .write_stdin(format!("{secret}\n"))
        .output()
        .unwrap();
    let (so, se) = out(&o);
    assert!(o.status.success(), "{so}\n{se}");
    assert!(
        !so.contains(secret) && !se.contains(secret),
        "secret printed:\n{so}\n{se}"
    );
    assert!(!so.contains("supersecret") && !se.contains("supersecret"));
    let path = home.path().join(".modal.toml");
    #[cfg(unix)]
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o600);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        native(&format!(
            "[new]\ntoken_id = \"ak-abc123\"\ntoken_secret = \"{secret}\"\nactive = true\n"
        ))
    );
    // Only the note that nothing was verified (the client verifies by default).
    assert_eq!(
        se,
        "note: the token was not verified: modalcfg works offline (--no-verify silences this note)\n"
    );
}

#[test]
fn token_set_warns_when_env_token_is_set() {
    let home = tempfile::tempdir().unwrap();
    let o = cmd(home.path())
        .env("MODAL_TOKEN_ID", "ak-env")
        .args([
            "token",
            "set",
            "--token-id",
            "ak-1",
            "--token-secret",
            "as-secretvalue99",
            "--profile",
            "p",
        ])
        .output()
        .unwrap();
    let (so, se) = out(&o);
    assert!(o.status.success(), "{so}\n{se}");
    assert!(
        se.contains("Warning: The MODAL_TOKEN_ID environment variable is set"),
        "{se}"
    );
    assert!(!se.contains("as-secretvalue99") && !so.contains("as-secretvalue99"));
}

#[test]
fn activate_warns_when_modal_profile_is_set() {
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join(".modal.toml"), "[a]\n[b]\n").unwrap();
    let o = cmd(home.path())
        .env("MODAL_PROFILE", "a")
        .args(["profile", "activate", "b"])
        .output()
        .unwrap();
    let (so, se) = out(&o);
    assert!(o.status.success(), "{so}\n{se}");
    assert!(
        se.contains("warning") && se.contains("MODAL_PROFILE=a"),
        "{se}"
    );
}

#[test]
fn dry_run_prints_a_masked_diff_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    let input = "[a]\ntoken_secret = \"as-oldsecret0000\"\n";
    fs::write(&path, input).unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let o = cmd(home.path())
        .args([
            "token",
            "set",
            "--token-id",
            "ak-1",
            "--token-secret",
            "as-newsecret9999",
            "--profile",
            "a",
            "--dry-run",
        ])
        .output()
        .unwrap();
    let (so, se) = out(&o);
    assert!(o.status.success(), "{so}\n{se}");
    assert!(
        so.contains("---") && so.contains("+++") && so.contains("@@"),
        "not a unified diff:\n{so}"
    );
    assert!(so.contains("+token_id = \"ak-1\""), "{so}");
    assert!(
        so.contains("-token_secret") && so.contains("+token_secret"),
        "{so}"
    );
    for s in [
        "as-oldsecret0000",
        "as-newsecret9999",
        "oldsecret",
        "newsecret",
    ] {
        assert!(
            !so.contains(s) && !se.contains(s),
            "secret {s} shown:\n{so}\n{se}"
        );
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), input);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);
}

#[test]
fn dry_run_on_a_missing_file_creates_nothing() {
    let home = tempfile::tempdir().unwrap();
    cmd(home.path())
        .args(["profile", "create", "x", "--dry-run"])
        .assert()
        .success();
    assert!(!home.path().join(".modal.toml").exists());
}

#[test]
fn malformed_file_is_never_written() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    let input = "[a]\nx = 1\ny = = 2\n[b]\n";
    fs::write(&path, input).unwrap();
    for args in [
        &["profile", "activate", "b"][..],
        &["set", "environment", "e", "--profile", "a"],
        &[
            "token",
            "set",
            "--token-id",
            "ak-1",
            "--token-secret",
            "as-1",
            "--profile",
            "a",
        ],
        &["profile", "delete", "b"],
    ] {
        let o = cmd(home.path()).args(args).output().unwrap();
        let (so, se) = out(&o);
        assert!(!o.status.success(), "{args:?} succeeded:\n{so}");
        assert!(
            se.contains(".modal.toml:3"),
            "{args:?}: error does not name line 3:\n{se}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), input);
    }
}

#[test]
fn refused_edits_leave_the_file_alone() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    let input = "[a]\nlogs_timeout = 3   # c\n";
    fs::write(&path, input).unwrap();
    for args in [
        &["set", "logs_timeout", "abc", "--profile", "a"][..],
        &["set", "unknown_key", "1", "--profile", "a"],
        &["profile", "create", "a\"b"],
        &["profile", "rename", "a", ""],
    ] {
        let o = cmd(home.path()).args(args).output().unwrap();
        assert!(!o.status.success(), "{args:?} succeeded");
        assert_eq!(fs::read_to_string(&path).unwrap(), input, "{args:?}");
    }
}

#[test]
fn changed_on_disk_is_refused_at_commit() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    fs::write(&path, "[a]\n[b]\n").unwrap();
    let h = home.path().to_str().unwrap();
    let env = Env::from_pairs([("HOME", h), ("USERPROFILE", h)]);
    let file = ConfigFile::load(&env);
    assert_eq!(file.path, path);
    let p = plan(
        &file,
        &Edit::Activate {
            profile: "b".into(),
        },
    )
    .unwrap();
    fs::write(&path, "[a]\nactive = true\n[b]\n# edited elsewhere\n").unwrap();
    let e = commit(&file, &p, OnChange::Refuse, Wait::ForLock)
        .unwrap_err()
        .to_string();
    assert!(e.contains("changed on disk"), "{e}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[a]\nactive = true\n[b]\n# edited elsewhere\n"
    );
    // Deleted in the meantime: also refused, nothing recreated.
    fs::remove_file(&path).unwrap();
    let e = commit(&file, &p, OnChange::Refuse, Wait::ForLock)
        .unwrap_err()
        .to_string();
    assert!(e.contains("changed on disk"), "{e}");
    assert!(!path.exists());
}

/// A file created by another program after modalcfg found none: the edit is planned again
/// on it and applied on top; refused when the other program created the same profile.
#[test]
fn created_elsewhere_after_loading_a_missing_file_is_merged_or_refused() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    let h = home.path().to_str().unwrap();
    let env = Env::from_pairs([("HOME", h), ("USERPROFILE", h)]);
    let file = ConfigFile::load(&env);
    let p = plan(&file, &Edit::CreateProfile { name: "x".into() }).unwrap();
    fs::write(&path, "[other]\n").unwrap();
    let done = commit(&file, &p, OnChange::Rebase, Wait::ForLock).unwrap();
    assert!(done.rebased);
    assert_eq!(fs::read_to_string(&path).unwrap(), "[other]\n\n[x]\n");
    assert!(done.file.profile("other").is_some() && done.file.profile("x").is_some());
    fs::remove_file(&path).unwrap();
    fs::write(&path, "[x]\nloglevel = \"debug\"\n").unwrap();
    let e = commit(&file, &p, OnChange::Rebase, Wait::ForLock)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("changed on disk") && e.contains("profile `x`"),
        "{e}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[x]\nloglevel = \"debug\"\n"
    );
    // The app's strict commit never rebases.
    fs::write(&path, "[other]\n").unwrap();
    let e = commit(&file, &p, OnChange::Refuse, Wait::ForLock)
        .unwrap_err()
        .to_string();
    assert!(e.contains("changed on disk"), "{e}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "[other]\n");
    fs::write(&path, "[x]\nloglevel = \"debug\"\n").unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[x]\nloglevel = \"debug\"\n"
    );
}

/// `profile activate B && profile activate A` gives back the file byte for byte.
#[test]
fn activate_another_and_back_is_byte_identical() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    fs::write(&path, FIVE).unwrap();
    for p in ["staging", "work"] {
        cmd(home.path())
            .args(["profile", "activate", p])
            .assert()
            .success();
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        FIVE.replace("active = \"true\"\n", "")
            .replace("active=1\n", "")
    );
    // From there (only `work` has an `active` line), every round trip is exact. (A token
    // pair in the environment keeps the credentials working whichever profile is active, so
    // the pre-write check does not refuse leaving `default`, the only profile with a pair.)
    let before = fs::read(&path).unwrap();
    for p in ["dev", "work", "default", "work"] {
        cmd(home.path())
            .env("MODAL_TOKEN_ID", "ak-from-env")
            .env("MODAL_TOKEN_SECRET", "as-from-env")
            .args(["profile", "activate", p])
            .assert()
            .success();
    }
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// A file holding a secret that others may read is warned about by `check` and `show`;
/// `fix-permissions` makes it 0600 without touching a byte; then the warning is gone.
#[cfg(unix)]
#[test]
fn loose_permissions_are_warned_about_and_fixed() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    fs::write(&path, FIVE).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let warned = |args: &[&str]| {
        let o = cmd(home.path()).args(args).output().unwrap();
        let (so, se) = out(&o);
        format!("{so}{se}")
    };
    for args in [&["check"][..], &["show"], &["check", "--json"]] {
        let text = warned(args);
        assert!(
            text.contains("mode 0644") && text.contains("fix-permissions"),
            "{args:?}: {text}"
        );
        assert!(!text.contains("as-d'"), "{text}");
    }
    assert!(warned(&["check", "--json"]).contains("loose-permissions"));
    // Like every writer, `--dry-run` says what it would do and changes nothing.
    let o = cmd(home.path())
        .args(["fix-permissions", "--dry-run"])
        .output()
        .unwrap();
    let (so, se) = out(&o);
    assert!(o.status.success(), "{se}");
    assert!(so.contains("mode 0644 -> 0600 (dry run"), "{so}");
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o644);
    let o = cmd(home.path()).args(["fix-permissions"]).output().unwrap();
    let (so, se) = out(&o);
    assert!(o.status.success(), "{se}");
    assert!(so.contains("mode 0644 -> 0600"), "{so}");
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
    assert_eq!(fs::read_to_string(&path).unwrap(), FIVE);
    assert!(!warned(&["check"]).contains("fix-permissions"));
    let o = cmd(home.path()).args(["fix-permissions"]).output().unwrap();
    assert!(out(&o).0.contains("already 0600"));
    // No secret in the file: no warning at 0644.
    fs::write(&path, "[a]\nloglevel = \"debug\"\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert!(!warned(&["check"]).contains("fix-permissions"));
}

/// A `MODAL_CONFIG_PATH` that is not UTF-8 is read and written at exactly that path (the
/// client uses the same bytes), and shown with `\\xNN` escapes.
#[cfg(unix)]
#[test]
fn non_utf8_config_path_is_read_and_written_there() {
    use std::os::unix::ffi::OsStrExt;
    let home = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"conf\xff.toml");
    let path = home.path().join(name);
    fs::write(&path, "[a]\nactive = true\nenvironment = \"x\"\n").unwrap();
    let run = |args: &[&str]| {
        cmd(home.path())
            .env("MODAL_CONFIG_PATH", &path)
            .args(args)
            .output()
            .unwrap()
    };
    assert_eq!(out(&run(&["get", "environment"])).0.trim(), "x");
    let o = run(&["set", "environment", "e"]);
    let (so, se) = out(&o);
    assert!(o.status.success(), "{se}");
    assert!(so.contains("conf\\xff.toml"), "{so}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[a]\nactive = true\nenvironment = \"e\"\n"
    );
    assert_eq!(out(&run(&["get", "environment"])).0.trim(), "e");
    // Nothing else was written (no ~/.modal.toml), only the lock file next to it.
    assert!(!home.path().join(".modal.toml").exists());
    // A HOME that is not UTF-8: ~/.modal.toml under exactly that folder.
    let odd_home = home.path().join(std::ffi::OsStr::from_bytes(b"h\xfe"));
    fs::create_dir(&odd_home).unwrap();
    fs::write(odd_home.join(".modal.toml"), "[a]\n").unwrap();
    cmd(&odd_home)
        .args(["set", "environment", "h", "--profile", "a"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(odd_home.join(".modal.toml")).unwrap(),
        "[a]\nenvironment = \"h\"\n"
    );
    assert!(!home.path().join("h\u{fffd}").exists());
}

/// Windows: a new file gets `\r\n` (what the client's `open(path, "w")` writes there), an
/// existing file keeps its own line endings whichever they are.
#[cfg(windows)]
#[test]
fn windows_new_file_gets_crlf_and_existing_endings_are_kept() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    cmd(home.path())
        .args(["profile", "create", "first"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&path).unwrap(), "[first]\r\n");
    for (text, ending) in [
        ("[a]\nloglevel = \"info\"\n[b]\nactive = true\n", "\n"),
        (
            "[a]\r\nloglevel = \"info\"\r\n[b]\r\nactive = true\r\n",
            "\r\n",
        ),
    ] {
        fs::write(&path, text).unwrap();
        cmd(home.path())
            .args(["profile", "activate", "a"])
            .assert()
            .success();
        cmd(home.path())
            .args(["set", "environment", "dev"])
            .assert()
            .success();
        let after = fs::read_to_string(&path).unwrap();
        assert!(after.contains("environment = \"dev\""), "{after:?}");
        assert!(
            after.contains(&format!("active = true{ending}")),
            "{after:?}"
        );
        let lines = after.matches('\n').count();
        assert_eq!(after.matches(ending).count(), lines, "{after:?}");
    }
}

/// Windows: a file with the read-only attribute is refused (the client's `open(path, "w")`
/// fails on it too) with a message for Windows, and nothing is lost.
#[cfg(windows)]
#[test]
fn windows_read_only_file_is_refused_and_kept() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    let text = "[a]\r\nloglevel = \"info\"\r\n";
    fs::write(&path, text).unwrap();
    let mut perms = fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).unwrap();
    let o = cmd(home.path())
        .args(["set", "--profile", "a", "environment", "dev"])
        .output()
        .unwrap();
    let (so, se) = out(&o);
    assert!(!o.status.success(), "{so}\n{se}");
    assert!(
        se.contains("read-only") && se.contains("nothing was written"),
        "{se}"
    );
    assert!(!se.contains("chmod"), "{se}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(fs::metadata(&path).unwrap().permissions().readonly());
    // `fix-permissions` is a POSIX feature and says so, touching nothing.
    let o = cmd(home.path()).arg("fix-permissions").output().unwrap();
    let (so, se) = out(&o);
    assert!(!o.status.success(), "{so}\n{se}");
    assert!(
        se.contains("not on Windows") && !se.contains("chmod"),
        "{se}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}
