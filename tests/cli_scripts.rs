//! What scripts and people read from `get`, `show`, `explain` and `profile list`: exit codes
//! that say the client would fail, one printing rule for None and "", the key order shared
//! with the app, and the app's marks. Run as the real binary on a temporary HOME.

use serde_json::{Value, json};

#[path = "common/cli.rs"]
mod cli;
use cli::{home, run};

const FILE: &str = "[default]\ntoken_id = \"ak-default\"\n\n[dev]\nactive = true\nloglevel = \"info\"\nlogs_timeout = 5\nenvironment = \"\"\n\n[prod]\ntoken_id = \"ak-prod\"\n";

#[test]
fn get_and_show_exit_3_when_import_modal_would_fail() {
    let h = home(Some(FILE));
    let verbose = [("MODAL_LOGLEVEL", "verbose")];
    let (code, out, err) = run(h.path(), &["get", "loglevel"], &verbose);
    assert_eq!(code, 3);
    assert_eq!(out, "VERBOSE\n");
    assert!(
        err.contains("ValueError: Unknown level: 'Level VERBOSE'"),
        "{err}"
    );
    // Any key: the client fails before it reads one.
    let (code, out, _) = run(h.path(), &["get", "server_url"], &verbose);
    assert_eq!(code, 3);
    assert!(out.starts_with("https://"));
    let (code, out, _) = run(h.path(), &["show"], &verbose);
    assert_eq!(code, 3);
    assert!(
        out.contains("the modal client fails to start here"),
        "{out}"
    );
    assert!(out.contains("Exit status 3"), "{out}");
    let (code, out, _) = run(h.path(), &["show", "--json"], &verbose);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"], "ValueError: Unknown level: 'Level VERBOSE'");
    // A healthy environment exits 0 (with a token: `dev` has none, and `show` exits with
    // check's verdict, which an AuthError fails).
    let token = [("MODAL_TOKEN_ID", "ak-x"), ("MODAL_TOKEN_SECRET", "as-x")];
    assert_eq!(run(h.path(), &["get", "loglevel"], &[]).0, 0);
    assert_eq!(run(h.path(), &["show"], &token).0, 0);
    assert_eq!(run(h.path(), &["check"], &token).0, 0);
    assert_eq!(run(h.path(), &["show"], &[]).0, 3);
    assert_eq!(run(h.path(), &["check"], &[]).0, 1);
}

#[test]
fn get_json_gives_value_source_origin_and_error() {
    let h = home(Some(FILE));
    let (code, out, _) = run(
        h.path(),
        &["get", "loglevel", "--json"],
        &[("MODAL_LOGLEVEL", "verbose")],
    );
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        json!({"key": "loglevel", "profile": "dev", "source": "env", "origin": "MODAL_LOGLEVEL",
               "value": "VERBOSE", "error": "ValueError: Unknown level: 'Level VERBOSE'"})
    );
    let (code, out, _) = run(h.path(), &["get", "logs_timeout", "--json"], &[]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["value"].to_string(), "5.0");
    assert_eq!(v["source"], "file");
    assert!(v["origin"].as_str().unwrap().ends_with(".modal.toml:7"));
    assert_eq!(v["error"], Value::Null);
    // The key's own error: no value, the client's exception, exit 3.
    let (code, out, _) = run(
        h.path(),
        &["get", "logs_timeout", "--json"],
        &[("MODAL_LOGS_TIMEOUT", "abc")],
    );
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("value").is_none());
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("could not convert string to float: 'abc'")
    );
}

#[test]
fn none_and_the_empty_string_are_told_apart() {
    let h = home(Some(FILE));
    // token_secret is None in `dev`; environment is "" in the file.
    let (_, none, _) = run(h.path(), &["get", "token_secret"], &[]);
    let (_, empty, _) = run(h.path(), &["get", "environment"], &[]);
    assert_eq!(none, "null\n");
    assert_eq!(empty, "\n");
    let (_, none, _) = run(h.path(), &["get", "token_secret", "--json"], &[]);
    let (_, empty, _) = run(h.path(), &["get", "environment", "--json"], &[]);
    let none: Value = serde_json::from_str(&none).unwrap();
    let empty: Value = serde_json::from_str(&empty).unwrap();
    assert_eq!(none["value"], Value::Null);
    assert_eq!(empty["value"], "");
}

#[test]
fn show_lists_set_keys_first_and_set_shows_only_them() {
    let h = home(Some(FILE));
    let env = [
        ("MODAL_SERVER_URL", "https://x"),
        ("MODAL_LOGLEVEL", "debug"),
    ];
    let (_, out, _) = run(h.path(), &["show"], &env);
    let keys: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("KEY"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    // The client's table order: server_url, loglevel, …, environment, …, logs_timeout.
    assert_eq!(
        keys[..4],
        ["server_url", "loglevel", "environment", "logs_timeout"]
    );
    assert_eq!(keys.len(), 27);
    let table_order: Vec<&str> = modalcfg::client::Client::newest()
        .settings()
        .iter()
        .filter(|s| !s.internal)
        .map(|s| s.key)
        .filter(|k| !keys[..4].contains(k))
        .collect();
    assert_eq!(keys[4..], table_order[..], "defaults follow in table order");

    let (code, out, _) = run(h.path(), &["show", "--set"], &env);
    // Answered; `dev` has no token, so check's verdict is a failure: exit 3.
    assert_eq!(code, 3);
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("KEY"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 4, "{out}");
    assert!(rows[0].contains("env") && rows[0].contains("MODAL_SERVER_URL"));
    assert!(
        rows[3].contains("file") && rows[3].contains("file:7"),
        "{}",
        rows[3]
    );

    let (_, out, _) = run(h.path(), &["show", "--set", "--json"], &env);
    let v: Value = serde_json::from_str(&out).unwrap();
    let set: Vec<&String> = v["settings"].as_object().unwrap().keys().collect();
    assert_eq!(set.len(), 4);
    assert!(
        v["settings"]
            .as_object()
            .unwrap()
            .values()
            .all(|e| e["source"] != "default")
    );
}

#[test]
fn profile_list_uses_the_apps_marks_and_words() {
    let h = home(Some("[a]\nactive = true\n[b]\nactive = true\n[c]\n"));
    let (code, out, _) = run(h.path(), &["profile", "list"], &[("MODAL_PROFILE", "c")]);
    assert_eq!(code, 0);
    let row = |name: &str| {
        out.lines()
            .find(|l| l.split_whitespace().any(|w| w == name))
            .unwrap()
            .to_string()
    };
    assert!(
        row("a").starts_with(" ●⚠ a") && row("a").contains("active = true"),
        "{out}"
    );
    assert!(row("c").starts_with("▶   c"), "{out}");
    let warning = out.lines().find(|l| l.starts_with("⚠ b: ")).unwrap();
    assert!(
        warning.ends_with("2 profiles have active = true; the client ignores this one's flag"),
        "{out}"
    );
    assert!(out.contains("Marks:  ▶ in use  ● active = true  ⚠ warning"));
}

#[test]
fn explain_layers_line_up() {
    let h = home(Some(FILE));
    let (_, out, _) = run(
        h.path(),
        &["explain", "loglevel"],
        &[("MODAL_LOGLEVEL", "debug")],
    );
    let layers: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with('['))
        .collect();
    assert_eq!(layers.len(), 3, "{out}");
    let col = |l: &str| {
        l.find("env")
            .or(l.find("file"))
            .or(l.find("default"))
            .unwrap()
    };
    assert!(layers.iter().all(|l| col(l) == col(layers[0])), "{out}");
}

#[test]
fn no_file_says_so_and_what_to_do() {
    let h = home(None);
    let (code, out, _) = run(h.path(), &["show"], &[]);
    // No token anywhere: answered, with check's verdict (exit 3).
    assert_eq!(code, 3);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("does not exist yet: `modalcfg token set --profile NAME`"),
        "{out}"
    );
    let (_, out, _) = run(h.path(), &["profile", "list"], &[]);
    assert!(out.contains("does not exist yet"), "{out}");
}

#[test]
fn a_malformed_file_message_is_the_clients_own() {
    // modalcfg reads with a port of the client's decoder, so the words are the client's.
    let h = home(Some("[a]\nx = \"abc\n"));
    let (code, _, err) = run(h.path(), &["show"], &[]);
    assert_eq!(code, 1);
    assert!(err.contains(".modal.toml:2:9:"), "{err}");
    assert!(err.contains("Unbalanced quotes"), "{err}");
    assert!(!err.contains("these are modalcfg's words"), "{err}");
}
