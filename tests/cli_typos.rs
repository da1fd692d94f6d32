//! Typos are noticed: a profile or key that does not exist is named, with the nearest name,
//! and nothing is written; making a new profile takes `--create`. Run as the real binary on a
//! temporary HOME.

#[path = "common/cli.rs"]
mod cli;
use cli::{file, run};

const FILE: &str = "# three\n[default]\ntoken_id = \"ak-default\"\n\n[dev]\nactive = true\nloglevel = \"info\"\n\n[prod]\ntoken_id = \"ak-prod\"\n";

fn home() -> tempfile::TempDir {
    cli::home(Some(FILE))
}

#[test]
fn set_on_a_missing_profile_needs_create_and_names_the_nearest() {
    let h = home();
    let (code, _, err) = run(
        h.path(),
        &["set", "loglevel", "debug", "--profile", "nope"],
        &[],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no profile `nope`"), "{err}");
    assert!(err.contains("--create"), "{err}");
    assert!(err.contains("closest name is `dev`"), "{err}");
    assert_eq!(file(h.path()), FILE, "nothing written");

    let (code, _, err) = run(
        h.path(),
        &["set", "loglevel", "debug", "--profile", "prdo"],
        &[],
    );
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `prod`?"), "{err}");
    assert_eq!(file(h.path()), FILE);

    let (code, out, err) = run(
        h.path(),
        &["set", "loglevel", "debug", "--profile", "nope", "--create"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote"), "{out}");
    assert!(file(h.path()).ends_with("\n[nope]\nloglevel = \"debug\"\n"));
}

#[test]
fn modal_profile_naming_a_missing_profile_needs_create_too() {
    let h = home();
    let (code, _, err) = run(
        h.path(),
        &["set", "loglevel", "debug"],
        &[("MODAL_PROFILE", "ghost")],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("MODAL_PROFILE=ghost names a profile that is not in"),
        "{err}"
    );
    assert_eq!(file(h.path()), FILE);
}

#[test]
fn the_first_profile_of_an_empty_home_needs_no_create() {
    let h = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        h.path(),
        &["set", "loglevel", "debug", "--profile", "work"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(file(h.path()), "[work]\nloglevel = \"debug\"\n");
}

#[test]
fn token_set_checks_the_profile_before_asking_for_the_secret() {
    let h = home();
    // No stdin is given: a prompt would fail with "no Token ID given on stdin".
    let (code, _, err) = run(h.path(), &["token", "set", "--profile", "prdo"], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("did you mean `prod`?") && err.contains("--create"),
        "{err}"
    );
    assert!(!err.contains("stdin"), "{err}");
    assert_eq!(file(h.path()), FILE);
}

#[test]
fn key_typos_suggest_the_key() {
    let h = home();
    for args in [
        &["set", "loglevl", "debug"][..],
        &["get", "loglevl"],
        &["explain", "loglevl"],
        &["unset", "loglevl"],
    ] {
        let (code, _, err) = run(h.path(), args, &[]);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("did you mean `loglevel`?"), "{args:?}: {err}");
        assert_eq!(file(h.path()), FILE);
    }
}

#[test]
fn every_command_names_a_missing_profile() {
    let h = home();
    for args in [
        &["show", "--profile", "prdo"][..],
        &["show", "--profile", "prdo", "--json"],
        &["get", "loglevel", "--profile", "prdo"],
        &["explain", "loglevel", "--profile", "prdo"],
        &["unset", "loglevel", "--profile", "prdo"],
        &[
            "token",
            "set",
            "--profile",
            "prdo",
            "--token-id",
            "ak-1",
            "--token-secret",
            "as-1",
        ],
        &["profile", "activate", "prdo"],
        &["profile", "rename", "prdo", "x"],
        &["profile", "delete", "prdo"],
    ] {
        let (code, out, err) = run(h.path(), args, &[]);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(
            err.contains("no profile `prdo`") && err.contains("did you mean `prod`?"),
            "{args:?}: {err}"
        );
        assert_eq!(file(h.path()), FILE);
    }
}

#[test]
fn modal_profile_ghost_is_said_by_show_get_and_profile_list() {
    let h = home();
    let ghost = [("MODAL_PROFILE", "ghost")];
    let (code, out, _) = run(h.path(), &["show"], &ghost);
    assert_eq!(
        code, 3,
        "check's verdict: every networked command fails here"
    );
    let header = out.lines().find(|l| l.starts_with("Profile:")).unwrap();
    assert!(
        header.contains("ghost (MODAL_PROFILE is set) — not in the file"),
        "{header}"
    );
    let (code, out, err) = run(h.path(), &["get", "loglevel"], &ghost);
    assert_eq!((code, out.as_str()), (0, "WARNING\n"));
    assert!(
        err.contains("MODAL_PROFILE=ghost names a profile that is not in"),
        "{err}"
    );
    let (code, out, _) = run(h.path(), &["profile", "list"], &ghost);
    assert_eq!(code, 0);
    assert!(
        out.contains("In use: ▶ ghost (MODAL_PROFILE is set) — not in the file"),
        "{out}"
    );
    assert!(
        out.contains("▶ ⚠ ghost") && out.contains("not in the file"),
        "{out}"
    );
}

#[test]
fn unset_of_an_unset_key_is_a_no_op() {
    let h = home();
    for _ in 0..2 {
        let (code, out, err) = run(h.path(), &["unset", "loglevel", "--profile", "prod"], &[]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            out,
            "profile `prod` does not set `loglevel`; nothing to unset (file unchanged)\n"
        );
        assert_eq!(file(h.path()), FILE);
    }
    let (code, out, _) = run(h.path(), &["unset", "loglevel"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("removed") || out.contains("wrote"), "{out}");
    assert!(!file(h.path()).contains("loglevel"));
    let (code, out, _) = run(h.path(), &["unset", "loglevel"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to unset"), "{out}");

    let empty = tempfile::tempdir().unwrap();
    let (code, out, _) = run(empty.path(), &["unset", "loglevel"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("does not exist; nothing to unset"), "{out}");
    assert!(!empty.path().join(".modal.toml").exists());
}

#[test]
fn a_negative_value_needs_no_double_dash() {
    let h = home();
    let (code, _, err) = run(
        h.path(),
        &[
            "set",
            "sandbox_channel_idle_timeout",
            "-5",
            "--profile",
            "prod",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        file(h.path()).ends_with("token_id = \"ak-prod\"\nsandbox_channel_idle_timeout = -5\n")
    );
    let (_, out, _) = run(
        h.path(),
        &["get", "sandbox_channel_idle_timeout", "--profile", "prod"],
        &[],
    );
    assert_eq!(out, "-5.0\n", "the client reads it as a float");
}
