//! `modalcfg token set` takes the client's `modal token set` command lines and writes what
//! the client writes (modal 1.6.4 `token_flow._set_token`; the files are compared with the
//! real client by tools/golden/token_set_check.py). Run as the real binary on a temporary HOME.

#[path = "common/cli.rs"]
mod cli;
use cli::{cmd, run};

/// The file's text with `\n` line endings: a new file gets the platform's (`\r\n` on Windows,
/// tested in writer_cli.rs); what these tests compare is what the client reads.
/// `modalcfg token set --token-id ak-1 --token-secret as-1 EXTRA…` with the variables `env`.
fn token_set_1(
    home: &std::path::Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let mut args = vec![
        "token",
        "set",
        "--token-id",
        "ak-1",
        "--token-secret",
        "as-1",
    ];
    args.extend_from_slice(extra);
    run(home, &args, env)
}

fn file(home: &std::path::Path) -> String {
    cli::file(home).replace("\r\n", "\n")
}

const NOT_VERIFIED: &str =
    "note: the token was not verified: modalcfg works offline (--no-verify silences this note)\n";

#[test]
fn the_token_pages_command_line_works_as_written() {
    let h = tempfile::tempdir().unwrap();
    let (code, out, err) = run(
        h.path(),
        &[
            "token",
            "set",
            "--token-id",
            "ak-AbC123",
            "--token-secret",
            "as-SeCrEt456",
            "--profile=acme",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, NOT_VERIFIED);
    assert!(!out.contains("as-SeCrEt456"), "{out}");
    assert_eq!(
        file(h.path()),
        "[acme]\ntoken_id = \"ak-AbC123\"\ntoken_secret = \"as-SeCrEt456\"\nactive = true\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(h.path().join(".modal.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn the_clients_own_test_sequence_makes_and_activates_profiles_like_the_client() {
    // modal's cli_test: `token set --profile prof_1 --no-activate` (the file's first profile is
    // activated anyway), `MODAL_PROFILE=prof_2 token set` (made, activated),
    // `token set --profile prof_3 --no-activate` (made, left inactive).
    let h = tempfile::tempdir().unwrap();
    let base = [
        "token",
        "set",
        "--token-id",
        "ak-x",
        "--token-secret",
        "as-y",
    ];
    let with = |extra: &[&'static str]| [&base[..], extra].concat();
    let (c, _, e) = run(
        h.path(),
        &with(&["--profile", "prof_1", "--no-activate", "--no-verify"]),
        &[],
    );
    assert_eq!((c, e.as_str()), (0, ""));
    let (c, _, e) = run(
        h.path(),
        &with(&["--no-verify"]),
        &[("MODAL_PROFILE", "prof_2")],
    );
    assert_eq!(c, 0, "{e}");
    let (c, _, e) = run(
        h.path(),
        &with(&["--profile", "prof_3", "--no-activate", "--no-verify"]),
        &[],
    );
    assert_eq!(c, 0, "{e}");
    assert_eq!(
        file(h.path()),
        "[prof_1]\ntoken_id = \"ak-x\"\ntoken_secret = \"as-y\"\n\n\
         [prof_2]\ntoken_id = \"ak-x\"\ntoken_secret = \"as-y\"\nactive = true\n\n\
         [prof_3]\ntoken_id = \"ak-x\"\ntoken_secret = \"as-y\"\n"
    );
}

#[test]
fn modal_server_url_is_stored_unless_it_is_the_default() {
    let h = tempfile::tempdir().unwrap();
    let args = [
        "token",
        "set",
        "--token-id=ak-1",
        "--token-secret=as-1",
        "--profile=p",
        "--no-verify",
    ];
    let (c, _, e) = run(
        h.path(),
        &args,
        &[(
            "MODAL_SERVER_URL",
            "https://api.modal.com,https://api.modal2.com",
        )],
    );
    assert_eq!(c, 0, "{e}");
    assert!(!file(h.path()).contains("server_url"));
    let (c, _, e) = run(
        h.path(),
        &args,
        &[("MODAL_SERVER_URL", "http://localhost:8889")],
    );
    assert_eq!(c, 0, "{e}");
    assert_eq!(
        file(h.path()),
        "[p]\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1\"\nactive = true\nserver_url = \"http://localhost:8889\"\n"
    );
}

#[test]
fn values_are_stored_as_given_and_stdin_loses_only_its_line_ending() {
    let h = tempfile::tempdir().unwrap();
    let o = cmd(h.path())
        .args([
            "token",
            "set",
            "--token-id",
            " ak-a ",
            "--token-secret",
            "-",
            "--profile",
            "p",
            "--no-verify",
        ])
        .write_stdin(" as-b \r\n")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        file(h.path()),
        "[p]\ntoken_id = \" ak-a \"\ntoken_secret = \" as-b \"\nactive = true\n"
    );
}

#[test]
fn flags_repeat_and_pair_like_clicks_last_one_wins() {
    let h = cli::home(Some("[alpha]\nactive = true\n"));
    let (c, _, e) = run(
        h.path(),
        &[
            "token",
            "set",
            "--token-id",
            "-ak-dash",
            "--token-secret",
            "as-1",
            "--token-secret",
            "as-2",
            "--profile",
            "b",
            "--no-activate",
            "--activate",
            "--verify",
            "--no-verify",
        ],
        &[],
    );
    assert_eq!((c, e.as_str()), (0, ""), "--no-verify came last: no note");
    assert_eq!(
        file(h.path()),
        "[alpha]\n\n[b]\ntoken_id = \"-ak-dash\"\ntoken_secret = \"as-2\"\nactive = true\n"
    );
}

#[test]
fn delete_existing_is_refused_because_it_needs_modals_servers() {
    let text = "[a]\ntoken_id = \"ak-old\"\n";
    let h = cli::home(Some(text));
    let (c, _, e) = token_set_1(h.path(), &["--delete-existing"], &[]);
    assert_eq!(c, 1);
    assert!(
        e.contains("--delete-existing") && e.contains("nothing was written"),
        "{e}"
    );
    assert_eq!(file(h.path()), text);
}

#[test]
fn the_credential_variable_warning_is_the_clients_sentence() {
    let h = tempfile::tempdir().unwrap();
    let (c, _, e) = token_set_1(
        h.path(),
        &["--profile", "p", "--no-verify"],
        &[
            ("MODAL_TOKEN_ID", "ak-env"),
            ("MODAL_TOKEN_SECRET", "as-env"),
        ],
    );
    assert_eq!(c, 0);
    assert_eq!(
        e,
        "Warning: The MODAL_TOKEN_ID / MODAL_TOKEN_SECRET environment variables are set; this will override your new credentials.\n"
    );
}

#[test]
fn without_a_profile_it_writes_the_profile_in_use_and_says_the_client_would_look_one_up() {
    let h = cli::home(Some("[a]\n[b]\nactive = true\n"));
    let (c, _, e) = token_set_1(h.path(), &["--no-verify"], &[]);
    assert_eq!(c, 0, "{e}");
    assert!(e.contains("wrote to the profile in use, `b`"), "{e}");
    assert!(
        file(h.path())
            .ends_with("[b]\nactive = true\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1\"\n")
    );
    // No profile in use in a file that has some: name one.
    let h = cli::home(Some("[a]\n[b]\n"));
    let (c, _, e) = token_set_1(h.path(), &[], &[]);
    assert_eq!(c, 1);
    assert!(
        e.contains("--profile NAME") && e.contains("nothing was written"),
        "{e}"
    );
}
