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
    // A new file: the platform's line endings (`\r\n` on Windows, as the client writes there).
    assert_eq!(
        file(h.path()),
        "[work]\nloglevel = \"debug\"\n"
            .replace('\n', modalcfg::config::write::patch::PLATFORM_ENDING)
    );
}

#[test]
fn token_set_makes_a_named_profile_like_the_client_and_names_the_near_one() {
    // `modal token set --profile prdo` makes `prdo`; modalcfg does too, and says which
    // existing profile the name is close to.
    let h = home();
    let (code, _, err) = run(
        h.path(),
        &[
            "token",
            "set",
            "--profile",
            "prdo",
            "--token-id",
            "ak-1",
            "--token-secret",
            "as-1",
            "--no-activate",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("note: made the new profile `prdo` (did you mean `prod`?"),
        "{err}"
    );
    assert_eq!(
        file(h.path()),
        format!("{FILE}\n[prdo]\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1\"\n")
    );
}

#[test]
fn token_set_checks_the_profile_before_asking_for_the_secret() {
    let h = home();
    // No stdin is given: a prompt would fail with "no Token ID given on stdin".
    let (code, _, err) = run(h.path(), &["token", "set", "--profile", "a\"b"], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("profile name") && err.contains("nothing was written"),
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

#[test]
fn unknown_names_in_the_file_and_the_environment_are_named_with_the_meant_one() {
    let text =
        "[dev]\nactive = true\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1\"\nloglvel = \"debug\"\n";
    let h = cli::home(Some(text));
    let path = h.path().join(".modal.toml");
    let env = [("MODAL_LOGLEVL", "debug")];
    let (code, out, err) = run(h.path(), &["check"], &env);
    // A warning: the client runs, it just never reads these.
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "warn  MODAL_LOGLEVL is not a variable modal 1.6.4 reads; did you mean MODAL_LOGLEVEL?"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "warn  {}:5: `loglvel` is not a setting modal 1.6.4 reads; did you mean `loglevel`? (profile `dev`)",
            path.display()
        )),
        "{out}"
    );
    let (code, out, _) = run(h.path(), &["check", "--json"], &env);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let unknown: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unknown-name")
        .collect();
    assert_eq!(unknown.len(), 2, "{out}");
    assert_eq!(unknown[1]["line"], 5);
    let (code, out, _) = run(h.path(), &["show", "--set"], &env);
    assert_eq!(code, 0);
    let tail: Vec<&str> = out.lines().rev().take(2).collect();
    assert!(
        tail[0].starts_with("Unknown:") && tail[0].contains(":5: `loglvel`"),
        "{out}"
    );
    assert!(tail[1].contains("did you mean MODAL_LOGLEVEL?"), "{out}");
    let (_, out, _) = run(h.path(), &["show", "--set", "--no-env"], &env);
    assert!(!out.contains("MODAL_LOGLEVL"), "{out}");
}

#[test]
fn profile_use_refuses_a_missing_profile() {
    let h = cli::home(Some("[acme-prod]\n[acme-dev]\nactive = true\n[alice]\n"));
    let (code, out, err) = run(h.path(), &["profile", "use", "acme-de", "--print"], &[]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "no export line: {out}");
    assert!(err.contains("did you mean `acme-dev`?"), "{err}");
    let (code, out, _) = run(h.path(), &["profile", "use", "alice", "--print"], &[]);
    assert_eq!((code, out.as_str()), (0, "export MODAL_PROFILE=alice\n"));
}

#[test]
fn prefixes_are_suggested_before_a_nearer_spelling() {
    let h = cli::home(Some("[alice]\n[acme-prod]\n[acme-dev]\nactive = true\n"));
    let (code, _, err) = run(h.path(), &["profile", "activate", "acme"], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("did you mean `acme-prod` or `acme-dev`?"),
        "{err}"
    );
}

#[test]
fn profile_current_takes_profile_like_every_reader() {
    let h = cli::home(Some("[staging]\n[prod]\nactive = true\n"));
    assert_eq!(run(h.path(), &["profile", "current"], &[]).1, "prod\n");
    let (code, out, _) = run(
        h.path(),
        &["profile", "current", "--profile", "staging"],
        &[],
    );
    assert_eq!((code, out.as_str()), (0, "staging\n"));
    let (code, _, err) = run(
        h.path(),
        &["profile", "current", "--profile", "stagin"],
        &[],
    );
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `staging`?"), "{err}");
}
