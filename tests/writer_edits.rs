//! Whole-string tests of every edit on hand-formatted files: the expected output is written
//! out in full, so any byte the edit should not touch is checked too.

use std::path::Path;

use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::write::edit::Edit;
use modalcfg::config::write::store::plan;
use secrecy::SecretString;

fn run(input: &str, edit: Edit) -> Result<String, String> {
    let file = ConfigFile::from_bytes(
        Path::new("/nonexistent/.modal.toml"),
        input.as_bytes().to_vec(),
    );
    assert!(
        file.error().is_none(),
        "test input must be readable: {:?}",
        file.error()
    );
    plan(&file, &edit)
        .map(|p| String::from_utf8(p.new_bytes).unwrap())
        .map_err(|e| e.to_string())
}

#[track_caller]
fn check(input: &str, edit: Edit, expected: &str) {
    match run(input, edit) {
        Ok(out) => {
            if out != expected {
                eprintln!("ACTUAL>>>{out}<<<END");
            }
            assert_eq!(out, expected)
        }
        Err(e) => panic!("edit refused: {e}"),
    }
}

/// The edit is refused, and nothing is produced. Returns the message.
#[track_caller]
fn refused(input: &str, edit: Edit) -> String {
    match run(input, edit) {
        Ok(out) => panic!("edit should be refused, produced:\n{out}"),
        Err(e) => e,
    }
}

/// `text` with the platform's line endings: what a new file gets (`\r\n` on Windows, as the
/// client's `open(path, "w")` writes).
fn native(text: &str) -> String {
    text.replace('\n', modalcfg::config::write::patch::PLATFORM_ENDING)
}

fn activate(p: &str) -> Edit {
    Edit::Activate { profile: p.into() }
}
fn set(p: &str, k: &str, v: &str) -> Edit {
    Edit::Set {
        profile: p.into(),
        key: k.into(),
        value: v.into(),
        force: false,
    }
}
fn set_force(p: &str, k: &str, v: &str) -> Edit {
    Edit::Set {
        profile: p.into(),
        key: k.into(),
        value: v.into(),
        force: true,
    }
}
fn unset(p: &str, k: &str) -> Edit {
    Edit::Unset {
        profile: p.into(),
        key: k.into(),
    }
}
fn token(p: &str, id: Option<&str>, secret: Option<&str>, act: bool) -> Edit {
    Edit::TokenSet {
        profile: p.into(),
        token_id: id.map(str::to_string),
        token_secret: secret.map(|s| SecretString::from(s.to_string())),
        server_url: None,
        activate: act,
    }
}
fn create(n: &str) -> Edit {
    Edit::CreateProfile { name: n.into() }
}
fn rename(a: &str, b: &str) -> Edit {
    Edit::RenameProfile {
        from: a.into(),
        to: b.into(),
    }
}
fn delete(n: &str) -> Edit {
    Edit::DeleteProfile { name: n.into() }
}

/// A hand-formatted file: comments everywhere, aligned values, a literal string, odd spacing.
const HAND: &str = r#"# my modal config
# (edited by hand)

[default]
token_id     = "ak-default"      # the old one
token_secret = 'as-default'
logs_timeout=  12.5

# work stuff
[ work ]   # header comment
  environment = "main"
  active = true   # keep me
  traceback=false

[personal]
token_id = "ak-personal"
"#;

/// Inline-table and dotted-key profiles come before any header.
const INLINE: &str = "# top\nprod = { token_id = \"x\", environment = 'p' }   # inline profile\ndev.token_id = \"ak-dev\"\ndev.environment='d'  # dotted\n\n[a]\nx = 1\n";

// ---------------------------------------------------------------- activate

#[test]
fn activate_from_none_active() {
    let input = "[a]\nx = 1   # c\n\n[b]\n# about b\ny = 'z'\n";
    check(
        input,
        activate("b"),
        "[a]\nx = 1   # c\n\n[b]\n# about b\ny = 'z'\nactive = true\n",
    );
}

#[test]
fn activate_from_another() {
    check(
        HAND,
        activate("personal"),
        r#"# my modal config
# (edited by hand)

[default]
token_id     = "ak-default"      # the old one
token_secret = 'as-default'
logs_timeout=  12.5

# work stuff
[ work ]   # header comment
  environment = "main"
  active = false   # keep me
  traceback=false

[personal]
token_id = "ak-personal"
active = true
"#,
    );
}

#[test]
fn activate_keeps_the_targets_active_position() {
    let input = "[a]\nactive = false  # off\nx = 1\n\n[b]\nactive = true\ny = 2\n";
    check(
        input,
        activate("a"),
        "[a]\nactive = true  # off\nx = 1\n\n[b]\nactive = false\ny = 2\n",
    );
}

/// Enter then `-` in the app, or `profile activate B && profile activate A`: the file comes
/// back byte for byte, wherever `active = true` sat (first, middle or last key, with a
/// comment, CRLF, no final newline, no profile active at all).
#[test]
fn activating_another_profile_and_back_gives_the_same_bytes() {
    let layouts = [
        HAND,
        "[a]\nactive = true\nx = 1\n\n[b]\ny = 2\n",
        "[a]\nx = 1\nactive = true   # on\n\n[b]\ny = 2\n",
        "[a]\nx = 1\n# a is the main one\nactive = true\n[b]\n",
        "[a]\r\nactive = true\r\nx = 1\r\n[b]\r\ny = 2",
        "[a]\nx = 1\n[b]\nactive = true",
        "# top\n[a]\n  active=true\n  x = 1\n[b]\n[c]\nactive = false\nz = 1\n",
    ];
    for input in layouts {
        let file = ConfigFile::from_bytes(Path::new("/c.toml"), input.as_bytes().to_vec());
        let names: Vec<String> = file.profiles().iter().map(|p| p.name.clone()).collect();
        let active = file
            .profiles()
            .iter()
            .find(|p| p.is_active())
            .map(|p| p.name.clone());
        let back = active.clone().unwrap_or_else(|| names[0].clone());
        for other in names.iter().filter(|n| Some(*n) != active.as_ref()) {
            let there = run(input, activate(other)).unwrap();
            assert_ne!(there, input);
            let again = run(&there, activate(&back)).unwrap();
            if active.is_some() {
                assert_eq!(again, input, "{other} and back to {back} in {input:?}");
            }
        }
    }
}

#[test]
fn activate_already_active_is_a_noop() {
    assert_eq!(run(HAND, activate("work")).unwrap(), HAND);
}

#[test]
fn activate_removes_non_boolean_active_from_others() {
    let input = "[a]\nactive = \"true\"\nx = 1\n[b]\nactive = 1 # one\n[c]\nz = 3\n";
    check(
        input,
        activate("c"),
        "[a]\nx = 1\n[b]\n[c]\nz = 3\nactive = true\n",
    );
}

#[test]
fn activate_string_true_on_target_becomes_boolean_in_place() {
    let input = "[a]\nactive = \"true\"   # quoted\nx = 1\n";
    check(
        input,
        activate("a"),
        "[a]\nactive = true   # quoted\nx = 1\n",
    );
}

#[test]
fn activate_keeps_a_comment_above_a_removed_active() {
    let input = "[a]\nx = 1\n# a is the main one\nactive = 1\n\n[b]\ny = 2\n";
    check(
        input,
        activate("b"),
        "[a]\nx = 1\n# a is the main one\n\n[b]\ny = 2\nactive = true\n",
    );
}

#[test]
fn activate_inline_and_dotted_profiles() {
    check(
        INLINE,
        activate("dev"),
        "# top\nprod = { token_id = \"x\", environment = 'p' }   # inline profile\ndev.token_id = \"ak-dev\"\ndev.environment='d'  # dotted\ndev.active = true\n\n[a]\nx = 1\n",
    );
    check(
        INLINE,
        activate("prod"),
        "# top\nprod = { token_id = \"x\", environment = 'p' , active = true }   # inline profile\ndev.token_id = \"ak-dev\"\ndev.environment='d'  # dotted\n\n[a]\nx = 1\n",
    );
}

#[test]
fn activate_crlf_without_final_newline() {
    // `active = false` in another profile is left as it is.
    let input = "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\nactive = false";
    check(
        input,
        activate("a"),
        "[a]\r\nx = 1\r\nactive = true\r\n\r\n[b]\r\ny = 2\r\nactive = false",
    );
    let input = "[a]\r\nactive = 1\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\nactive = false";
    check(
        input,
        activate("b"),
        "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2\r\nactive = true",
    );
}

/// BUG (src/config/patch.rs): when the file has no final newline and the edit appends a line
/// after the last one, the kept last line is copied without a newline, so the appended line
/// is glued onto it (`x = 1active = true`); `plan` then refuses its own output.
#[test]
fn append_after_last_line_without_final_newline() {
    check("[a]\nx = 1", activate("a"), "[a]\nx = 1\nactive = true");
    check(
        "[a]\r\nx = 1",
        set("a", "environment", "e"),
        "[a]\r\nx = 1\r\nenvironment = \"e\"",
    );
    check(
        "# c\r\n[a]\r\nx = 1",
        token("a", Some("ak-1"), Some("as-1"), false),
        "# c\r\n[a]\r\nx = 1\r\ntoken_id = \"ak-1\"\r\ntoken_secret = \"as-1\"",
    );
    // Here the result stays readable but the blank line before the new header is eaten.
    check("[a]\nx = 1", create("b"), "[a]\nx = 1\n\n[b]");
}

/// BUG (toml_edit re-rendering): a dotted key written with spaces around the dot
/// (`dev . environment`) is re-rendered as `dev. environment` by ANY edit, even one about
/// another profile, so a line the edit is not about changes.
#[test]
#[ignore = "known limitation: toml_edit re-renders `a . b` dotted keys; listed in the README"]
fn dotted_key_spacing_is_kept() {
    let input = "dev.token_id = \"ak\"\ndev . environment = 'd'\n\n[a]\nx = 1\n";
    check(
        input,
        create("b"),
        "dev.token_id = \"ak\"\ndev . environment = 'd'\n\n[a]\nx = 1\n\n[b]\n",
    );
}

#[test]
fn activate_missing_profile_is_refused() {
    let e = refused(HAND, activate("nope"));
    assert!(e.contains("nope"), "{e}");
}

// ---------------------------------------------------------------- set

#[test]
fn set_replaces_a_value_keeping_comment_and_spacing() {
    check(
        HAND,
        set("default", "token_id", "ak-new"),
        &HAND.replace(
            r#"token_id     = "ak-default"      # the old one"#,
            r#"token_id     = "ak-new"      # the old one"#,
        ),
    );
}

#[test]
fn set_float_key_gets_a_number() {
    check(
        HAND,
        set("default", "logs_timeout", "30"),
        &HAND.replace("logs_timeout=  12.5", "logs_timeout=  30"),
    );
    check(
        HAND,
        set("work", "logs_timeout", "2.5"),
        &HAND.replace(
            "  traceback=false\n",
            "  traceback=false\nlogs_timeout = 2.5\n",
        ),
    );
}

#[test]
fn set_boolean_key_gets_a_boolean() {
    check(
        HAND,
        set("work", "traceback", "yes"),
        &HAND.replace("traceback=false", "traceback=true"),
    );
    check(
        HAND,
        set("personal", "force_build", "0"),
        &format!("{HAND}force_build = false\n"),
    );
}

#[test]
fn set_string_key_gets_a_string() {
    check(
        HAND,
        set("personal", "environment", "  staging "),
        &format!("{HAND}environment = \"staging\"\n"),
    );
    check(
        HAND,
        set("personal", "image_builder_version", "2024.10"),
        &format!("{HAND}image_builder_version = \"2024.10\"\n"),
    );
}

#[test]
fn set_integer_key_gets_an_integer() {
    check(
        HAND,
        set("personal", "max_throttle_wait", "5"),
        &format!("{HAND}max_throttle_wait = 5\n"),
    );
}

#[test]
fn set_replaces_a_literal_string() {
    check(
        HAND,
        set("default", "token_secret", "as-x"),
        &HAND.replace("token_secret = 'as-default'", "token_secret = \"as-x\""),
    );
}

#[test]
fn set_in_inline_and_dotted_profiles() {
    check(
        INLINE,
        set("prod", "environment", "q"),
        "# top\nprod = { token_id = \"x\", environment = \"q\" }   # inline profile\ndev.token_id = \"ak-dev\"\ndev.environment='d'  # dotted\n\n[a]\nx = 1\n",
    );
    check(
        INLINE,
        set("dev", "environment", "e"),
        "# top\nprod = { token_id = \"x\", environment = 'p' }   # inline profile\ndev.token_id = \"ak-dev\"\ndev.environment=\"e\"  # dotted\n\n[a]\nx = 1\n",
    );
}

#[test]
fn set_into_a_missing_profile_creates_it() {
    check(
        HAND,
        set("new", "environment", "n"),
        &format!("{HAND}\n[new]\nenvironment = \"n\"\n"),
    );
}

#[test]
fn set_crlf_without_final_newline() {
    check(
        "[a]\r\nx = 1\r\nenvironment = 'old'",
        set("a", "environment", "e"),
        "[a]\r\nx = 1\r\nenvironment = \"e\"",
    );
    check(
        "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2",
        set("a", "environment", "e"),
        "[a]\r\nx = 1\r\nenvironment = \"e\"\r\n\r\n[b]\r\ny = 2",
    );
}

#[test]
fn set_unknown_key_with_force_is_a_string() {
    check(
        "[a]\n",
        set_force("a", "my_key", "12"),
        "[a]\nmy_key = \"12\"\n",
    );
}

// ---------------------------------------------------------------- unset

#[test]
fn unset_removes_only_the_keys_line() {
    check(
        HAND,
        unset("work", "environment"),
        &HAND.replace("  environment = \"main\"\n", ""),
    );
}

#[test]
fn unset_keeps_the_comment_above() {
    let input = "[a]\n# why x\nx = 1\ny = 2  # y\n";
    check(input, unset("a", "x"), "[a]\n# why x\ny = 2  # y\n");
}

#[test]
fn unset_last_key_crlf() {
    check(
        "[a]\r\nx = 1\r\ny = 2\r\n",
        unset("a", "y"),
        "[a]\r\nx = 1\r\n",
    );
}

#[test]
fn unset_in_inline_and_dotted_profiles() {
    check(
        INLINE,
        unset("dev", "environment"),
        "# top\nprod = { token_id = \"x\", environment = 'p' }   # inline profile\ndev.token_id = \"ak-dev\"\n\n[a]\nx = 1\n",
    );
}

#[test]
fn unset_missing_key_is_refused() {
    refused(HAND, unset("personal", "environment"));
    refused(HAND, unset("nope", "environment"));
}

// ---------------------------------------------------------------- token set

#[test]
fn token_set_updates_in_place() {
    check(
        HAND,
        token("default", Some("ak-1"), Some("as-1"), false),
        &HAND
            .replace(
                r#"token_id     = "ak-default"      # the old one"#,
                r#"token_id     = "ak-1"      # the old one"#,
            )
            .replace("token_secret = 'as-default'", "token_secret = \"as-1\""),
    );
}

#[test]
fn token_set_appends_id_then_secret() {
    check(
        "[a]\nenvironment = 'e'   # env\n\n[b]\nx = 1\n",
        token("a", Some("ak-1"), Some("as-1"), false),
        "[a]\nenvironment = 'e'   # env\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1\"\n\n[b]\nx = 1\n",
    );
}

#[test]
fn token_set_only_the_secret() {
    check(
        "[a]\ntoken_id = 'ak-keep'\ntoken_secret = 'as-old'  # s\n",
        token("a", None, Some("as-new"), false),
        "[a]\ntoken_id = 'ak-keep'\ntoken_secret = \"as-new\"  # s\n",
    );
}

#[test]
fn token_set_and_activate() {
    check(
        "[a]\nactive = true\n\n[b]\ntoken_id = \"ak-b\"\n",
        token("b", Some("ak-2"), Some("as-2"), true),
        "[a]\n\n[b]\ntoken_id = \"ak-2\"\ntoken_secret = \"as-2\"\nactive = true\n",
    );
}

#[test]
fn token_set_into_a_missing_profile_creates_it() {
    check(
        HAND,
        token("fresh", Some("ak-f"), Some("as-f"), false),
        &format!("{HAND}\n[fresh]\ntoken_id = \"ak-f\"\ntoken_secret = \"as-f\"\n"),
    );
}

#[test]
fn token_set_into_an_empty_file() {
    check(
        "",
        token("new", Some("ak-n"), Some("as-n"), true),
        &native("[new]\ntoken_id = \"ak-n\"\ntoken_secret = \"as-n\"\nactive = true\n"),
    );
}

#[test]
fn token_set_crlf_no_final_newline() {
    check(
        "# c\r\n[a]\r\nx = 1\r\n[b]\r\ntoken_secret = 'as-0'",
        token("a", Some("ak-1"), Some("as-1"), false),
        "# c\r\n[a]\r\nx = 1\r\ntoken_id = \"ak-1\"\r\ntoken_secret = \"as-1\"\r\n[b]\r\ntoken_secret = 'as-0'",
    );
}

// ---------------------------------------------------------------- create / rename / delete

#[test]
fn create_appends_a_table() {
    check(HAND, create("extra"), &format!("{HAND}\n[extra]\n"));
    check(
        "[a]\r\nx = 1\r\n",
        create("b"),
        "[a]\r\nx = 1\r\n\r\n[b]\r\n",
    );
    check("", create("first"), &native("[first]\n"));
}

#[test]
fn create_after_inline_profiles() {
    check(INLINE, create("b"), &format!("{INLINE}\n[b]\n"));
}

#[test]
fn create_existing_is_refused() {
    refused(HAND, create("work"));
    refused(INLINE, create("prod"));
}

#[test]
fn rename_in_place() {
    check(
        HAND,
        rename("work", "job"),
        &HAND.replace("[ work ]   # header comment", "[ job ]   # header comment"),
    );
}

#[test]
fn rename_inline_profile() {
    check(
        INLINE,
        rename("prod", "production"),
        &INLINE.replace("prod = {", "production = {"),
    );
}

#[test]
fn rename_to_an_existing_name_is_refused() {
    let e = refused(HAND, rename("work", "personal"));
    assert!(e.contains("already exists"), "{e}");
    refused(HAND, rename("nope", "x"));
}

#[test]
fn delete_keeps_the_files_comments() {
    check(
        HAND,
        delete("work"),
        r#"# my modal config
# (edited by hand)

[default]
token_id     = "ak-default"      # the old one
token_secret = 'as-default'
logs_timeout=  12.5

[personal]
token_id = "ak-personal"
"#,
    );
}

#[test]
fn delete_last_and_first() {
    check("[a]\nx = 1\n\n[b]\ny = 2\n", delete("b"), "[a]\nx = 1\n");
    // The blank line before `[b]` belongs to `[b]` and stays.
    check("[a]\nx = 1\n\n[b]\ny = 2\n", delete("a"), "\n[b]\ny = 2\n");
    // A comment paragraph separated from the header by a blank line belongs to the file.
    check(
        "[a]\nx = 1\n\n# file notes\n\n# about b\n[b]\ny = 2\n\n[c]\n",
        delete("b"),
        "[a]\nx = 1\n\n# file notes\n\n[c]\n",
    );
    check(
        "[a]\r\nx = 1\r\n\r\n[b]\r\ny = 2",
        delete("b"),
        "[a]\r\nx = 1",
    );
}

#[test]
fn delete_inline_profile() {
    // `# top` sits right above `prod` (no blank line), so it goes with it.
    check(
        INLINE,
        delete("prod"),
        &INLINE.replace(
            "# top\nprod = { token_id = \"x\", environment = 'p' }   # inline profile\n",
            "",
        ),
    );
}

// ---------------------------------------------------------------- refusals

#[test]
fn bad_profile_names_are_refused() {
    for name in [
        "",
        "a\"b",
        "a\\b",
        "tab\tname",
        "nl\nx",
        "esc\u{1b}",
        " padded ",
    ] {
        refused(HAND, create(name));
        refused(HAND, rename("work", name));
        refused(HAND, set(name, "environment", "x"));
        refused(HAND, token(name, Some("ak"), Some("as"), true));
    }
}

#[test]
fn bad_values_are_refused() {
    let e = refused(HAND, set("work", "logs_timeout", "abc"));
    assert!(e.contains("logs_timeout"), "{e}");
    refused(HAND, set("work", "logs_timeout", "inf"));
    refused(HAND, set("work", "traceback", "maybe"));
    refused(HAND, set("work", "max_throttle_wait", "1.5"));
    refused(HAND, set("work", "payload_format", "json"));
    refused(HAND, set("work", "loglevel", "loud"));
    refused(HAND, set("work", "environment", "a\u{1}b"));
    refused(HAND, token("work", Some("ak\u{7}"), None, false));
}

#[test]
fn unknown_key_without_force_is_refused() {
    let e = refused(HAND, set("work", "no_such_key", "1"));
    assert!(e.contains("--force"), "{e}");
    refused(HAND, set("work", "automount", "true"));
}

#[test]
fn secrets_never_appear_in_errors() {
    let e = refused(
        HAND,
        token("a\"b", Some("ak-1"), Some("as-very-secret"), false),
    );
    assert!(!e.contains("as-very-secret"), "{e}");
}

/// BUG (src/config/edit.rs `remove_keeping_comments`): when the removed key has comment lines
/// above it, they move onto the next key, and the next key's own indentation is trimmed
/// (`old.trim_start_matches([' ', '\t'])`), so a line the edit is not about changes.
#[test]
fn removing_a_commented_key_keeps_the_next_keys_indent() {
    let input = "[a]\n  # about x\n  x = 1\n  y = 2\n";
    check(input, unset("a", "x"), "[a]\n  # about x\n  y = 2\n");
    let input = "[prod]\n# a\nactive=1\n  token_id=\"a\"\n\n[b]\n";
    check(
        input,
        activate("b"),
        "[prod]\n# a\n  token_id=\"a\"\n\n[b]\nactive = true\n",
    );
}

#[test]
fn rename_and_delete_dotted_profile() {
    check(
        INLINE,
        rename("dev", "development"),
        "# top\nprod = { token_id = \"x\", environment = 'p' }   # inline profile\ndevelopment.token_id = \"ak-dev\"\ndevelopment.environment='d'  # dotted\n\n[a]\nx = 1\n",
    );
    check(
        INLINE,
        delete("dev"),
        "# top\nprod = { token_id = \"x\", environment = 'p' }   # inline profile\n\n[a]\nx = 1\n",
    );
}

#[test]
/// (The edited line itself loses the space before `}`: cosmetic, and only that line.)
fn unset_in_inline_profile() {
    check(
        INLINE,
        unset("prod", "environment"),
        "# top\nprod = { token_id = \"x\"}   # inline profile\ndev.token_id = \"ak-dev\"\ndev.environment='d'  # dotted\n\n[a]\nx = 1\n",
    );
}

#[test]
fn config_set_active_profile_mirrors_the_client_api() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, "# keep\n[a]\nactive = true\n\n[b]\nx = 1\n").unwrap();
    let env = modalcfg::env::Env::from_pairs([("MODAL_CONFIG_PATH", path.to_str().unwrap())]);
    let file = modalcfg::config::write::store::config_set_active_profile(&env, "b").unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# keep\n[a]\n\n[b]\nx = 1\nactive = true\n"
    );
    assert!(file.profile("b").unwrap().is_active());
    let err = modalcfg::config::write::store::config_set_active_profile(&env, "zz").unwrap_err();
    assert!(
        err.to_string().contains("No profile named 'zz' found in"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# keep\n[a]\n\n[b]\nx = 1\nactive = true\n"
    );
}
