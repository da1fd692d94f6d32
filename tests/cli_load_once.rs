//! Every CLI command reads the config file once and plans, checks and prints from that one
//! snapshot: the reads are counted through `cli::run_with`'s loader seam, and a file changed
//! by another program right after the read does not change which profile a command acts on.

use std::cell::Cell;
use std::path::Path;

use clap::Parser;
use modalcfg::cli::{Cli, run_with};
use modalcfg::config::read::file::ConfigFile;
use modalcfg::env::Env;

const FILE: &str = "[dev]\nactive = true\ntoken_id = \"ak-dev\"\ntoken_secret = \"as-devsecret1\"\nlogs_timeout = 5\n\n[prod]\ntoken_id = \"ak-prod\"\ntoken_secret = \"as-prodsecret\"\n";

fn env_for(home: &Path) -> Env {
    Env::from_pairs([
        ("HOME", home.to_str().unwrap().to_string()),
        (
            "MODAL_CONFIG_PATH",
            home.join(".modal.toml").to_str().unwrap().to_string(),
        ),
    ])
}

/// Runs `modalcfg ARGS` in-process; returns (exit code or error text, stdout, reads).
fn run_counting(home: &Path, args: &[&str]) -> (Result<i32, String>, String, usize) {
    let env = env_for(home);
    let mut argv = vec!["modalcfg", "--client-version", "1.6.4"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).expect("arguments parse");
    let reads = Cell::new(0);
    let mut out = Vec::new();
    let result = run_with(&cli, &env, &mut out, &mut |e: &Env| {
        reads.set(reads.get() + 1);
        ConfigFile::load(e)
    })
    .expect("a subcommand, not the app");
    (
        result.map_err(|e| e.to_string()),
        String::from_utf8(out).unwrap(),
        reads.get(),
    )
}

#[test]
fn every_command_reads_the_file_exactly_once() {
    let commands: &[&[&str]] = &[
        &["show"],
        &["show", "--json"],
        &["get", "logs_timeout"],
        &["get", "logs_timeout", "--json", "--profile", "prod"],
        &["explain", "token_id"],
        &["check"],
        &["check", "--json"],
        &["prompt"],
        &["profile", "list"],
        &["profile", "list", "--json"],
        &["profile", "current"],
        &["profile", "use", "prod"],
        &["profile", "activate", "prod", "--dry-run"],
        &["profile", "activate", "prod"],
        &["profile", "create", "staging"],
        &["profile", "rename", "staging", "stage"],
        &["profile", "delete", "stage"],
        &[
            "token",
            "set",
            "--token-id",
            "ak-new",
            "--token-secret",
            "as-newsecret",
            "--profile",
            "dev",
        ],
        &["set", "logs_timeout", "7"],
        &["set", "logs_timeout", "8", "--profile", "prod", "--dry-run"],
        &["unset", "logs_timeout"],
        &["unset", "logs_timeout", "--profile", "prod"],
        // Errors are found in the same one snapshot.
        &["set", "logs_timeout", "7", "--profile", "nope"],
        &["get", "nope"],
    ];
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".modal.toml"), FILE).unwrap();
    for args in commands {
        let (result, out, reads) = run_counting(home.path(), args);
        assert_eq!(
            reads,
            1,
            "`modalcfg {}` read the file {reads} times ({result:?}, {out})",
            args.join(" ")
        );
    }
    // fix-permissions changes the mode only: it never reads the contents (on Windows, which has
    // no POSIX modes, it says so and reads nothing either).
    let (result, _, reads) = run_counting(home.path(), &["fix-permissions"]);
    assert_eq!(reads, 0);
    if cfg!(unix) {
        assert_eq!(result, Ok(0));
    } else {
        assert!(result.is_err_and(|e| e.contains("not on Windows")));
    }
}

#[test]
fn a_file_changed_after_the_read_does_not_change_the_target_profile() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    std::fs::write(&path, FILE).unwrap();
    let env = env_for(home.path());
    let cli = Cli::try_parse_from([
        "modalcfg",
        "--client-version",
        "1.6.4",
        "set",
        "logs_timeout",
        "7",
    ])
    .unwrap();
    let mut out = Vec::new();
    // Another program makes `prod` the active profile right after the command's read: a
    // second read would now pick `prod` as the target.
    let result = run_with(&cli, &env, &mut out, &mut |e: &Env| {
        let snapshot = ConfigFile::load(e);
        let moved = FILE
            .replace("[dev]\nactive = true\n", "[dev]\n")
            .replace("[prod]\n", "[prod]\nactive = true\n");
        std::fs::write(&path, moved).unwrap();
        snapshot
    })
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(result.map_err(|e| e.to_string()), Ok(0), "{out}");
    assert!(
        out.starts_with("[dev] logs_timeout = 7\n"),
        "the summary names the profile planned for: {out}"
    );
    assert!(!out.contains("prod"), "{out}");
    // The edit went to `dev`, on top of the other program's change (which is kept).
    let now = ConfigFile::load(&env);
    let value = |p: &str| {
        now.profile(p)
            .and_then(|p| p.get("logs_timeout"))
            .map(|e| e.value.clone())
    };
    assert_eq!(value("dev"), Some(modalcfg::py::PyValue::Int(7)));
    assert_eq!(value("prod"), None);
    assert!(now.profile("prod").unwrap().is_active());
}
