//! Hostile files (issue 7, part 3). The library never panics on any input bytes (proptest over
//! raw bytes and TOML-like fragments), every planned edit either fails or yields bytes the
//! client reads back with exactly the intended change, and the CLI gives a clear message, a
//! non-zero exit and an unchanged file for huge files, deep nesting, 1 MB lines, invalid UTF-8,
//! NUL bytes, a folder / FIFO / device at the path, an unreadable file, a read-only folder and
//! a full disk.
// FIFOs, devices, POSIX modes, owners, symbolic links and flock: Unix file system hostility.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use modalcfg::config::diagnose::check;
use modalcfg::config::read::client_view::Profile;
use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::resolve::layers::{effective_profile, resolve_all};
use modalcfg::config::secret::Reveal;
use modalcfg::config::show::snapshot::{ShowOptions, snapshot};
use modalcfg::config::write::edit::Edit;
use modalcfg::config::write::store::plan;
use modalcfg::env::Env;
use proptest::prelude::*;
use secrecy::SecretString;

#[path = "common/big.rs"]
mod big;
use big::big_config;
#[macro_use]
#[path = "common/unprivileged.rs"]
mod unprivileged;
use unprivileged::{NOBODY, can_drop_to_nobody, cannot_run};

// ---------------------------------------------------------------------------------------------
// Library: no panic on any input, and every plan is exactly the intended change.
// ---------------------------------------------------------------------------------------------

const FRAGMENTS: &[&str] = &[
    "[default]\n",
    "[work]\n",
    "[ prod ]\n",
    "[\"q n\"]\n",
    "['lit']\n",
    "[a.b]\n",
    "[[arr]]\n",
    "[\"\"]\n",
    "x = { token_id = \"ak\", active = true }\n",
    "y = {a.b = 1}\n",
    "active = true\n",
    "active = \"true\"\n",
    "active = 1\n",
    "token_id = \"ak-1\"\n",
    "token_secret = 'as-SECRET'\n",
    "loglevel = \"debug\"\n",
    "loglevel = \"nope\"\n",
    "logs_timeout = 1_0\n",
    "logs_timeout = inf\n",
    "logs_timeout = nan\n",
    "traceback = yes\n",
    "max_throttle_wait = 0x10\n",
    "max_throttle_wait =0x10\n",
    "environment = \"\"\"multi\nline\"\"\"\n",
    "d = 1979-05-27T07:32:00Z\n",
    "t = 07:32\n",
    "a = [1, \"x\"]\n",
    "a = [{x=1}, 2]\n",
    "a = [[1],[2]]\n",
    "k.l.m = 3\n",
    "\"q\\u00e9\" = 1\n",
    "'x\\n' = 2\n",
    "s = \"\\e\"\n",
    "# comment\n",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\0",
    "\u{1}",
    "=",
    "[",
    "]",
    "{",
    "\"",
    "'",
    " ",
    "\t",
    "é",
    "\u{f0001}",
];

fn fragment_doc() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..8),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn any_doc() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => fragment_doc(),
        1 => prop::collection::vec(any::<u8>(), 0..256),
        1 => ".{0,200}".prop_map(String::into_bytes),
    ]
}

fn env_for(vars: &[(&str, &str)]) -> Env {
    let mut pairs: Vec<(String, String)> = vec![
        ("HOME".into(), "/nonexistent-home".into()),
        (
            "MODAL_CONFIG_PATH".into(),
            "/nonexistent/.modal.toml".into(),
        ),
    ];
    pairs.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Env::from_pairs(pairs)
}

/// Everything the read side computes from a file: must never panic.
fn exercise_readers(bytes: Vec<u8>) {
    let file = ConfigFile::from_bytes(Path::new("/nonexistent/.modal.toml"), bytes);
    let envs = [
        env_for(&[]),
        env_for(&[("MODAL_PROFILE", "work"), ("MODAL_LOGLEVEL", "")]),
        env_for(&[
            ("MODAL_TOKEN_SECRET", "as-ENV"),
            ("MODAL_LOGS_TIMEOUT", "x"),
        ]),
    ];
    let mut names: Vec<String> = file.profiles().iter().map(|p| p.name.clone()).collect();
    names.push("default".into());
    let client = modalcfg::client::Client::newest();
    for env in &envs {
        let _ = effective_profile(env, &file);
        for n in &names {
            let _ = resolve_all(&client, Some(env), &file, n);
            let _ = resolve_all(&client, None, &file, n);
        }
        let _ = check::findings(&client, env, &file);
        let _ = check::import_error(&client, env, &file);
        let _ = check::check_error(&client, env, &file);
        for (reveal, use_env) in [(Reveal::Masked, true), (Reveal::Revealed, false)] {
            for profile in [None, names.first().map(String::as_str)] {
                let _ = snapshot(
                    &client,
                    env,
                    &file,
                    ShowOptions {
                        profile,
                        use_env,
                        include_internal: true,
                        reveal,
                    },
                )
                .to_string();
            }
        }
    }
}

/// A profile's entries as comparable text (`PyValue` has NaN floats, so compare `Debug`).
fn entries(p: &Profile, skip: &[&str]) -> Vec<(String, String)> {
    p.entries
        .iter()
        .filter(|e| !skip.contains(&e.key.as_str()))
        .map(|e| (e.key.clone(), format!("{:?}", e.value)))
        .collect()
}

fn find<'a>(ps: &'a [Profile], name: &str) -> Option<&'a Profile> {
    ps.iter().find(|p| p.name == name)
}

/// Independent re-check of a plan: the client's view of the new bytes holds the intended
/// change and nothing else.
fn check_plan(file: &ConfigFile, edit: &Edit) -> Result<bool, TestCaseError> {
    let Ok(p) = plan(file, edit) else {
        return Ok(false);
    };
    let after = ConfigFile::from_bytes(&file.path, p.new_bytes.clone());
    prop_assert!(
        after.error().is_none(),
        "planned bytes do not parse: {:?}",
        after.error()
    );
    let (b, a) = (file.profiles(), after.profiles());
    // Profiles other than these must be byte-for-byte the same in the client's view.
    let (touched, skip_active): (Vec<&str>, bool) = match edit {
        Edit::Activate { profile } => (vec![profile], true),
        Edit::Set { profile, key, .. } => {
            prop_assert!(find(a, profile).and_then(|x| x.get(key)).is_some());
            (vec![profile], false)
        }
        Edit::Unset { profile, key } => {
            prop_assert!(find(a, profile).and_then(|x| x.get(key)).is_none());
            (vec![profile], false)
        }
        Edit::TokenSet {
            profile, activate, ..
        } => {
            let t = find(a, profile);
            prop_assert!(t.and_then(|x| x.get("token_id")).is_some());
            prop_assert!(t.and_then(|x| x.get("token_secret")).is_some());
            (vec![profile], *activate)
        }
        Edit::CreateProfile { name } => {
            prop_assert!(find(b, name).is_none() && find(a, name).is_some());
            (vec![name], false)
        }
        Edit::DeleteProfile { name } => {
            prop_assert!(find(a, name).is_none());
            (vec![name], false)
        }
        Edit::RenameProfile { from, to } => {
            prop_assert!(find(a, from).is_none());
            let (x, y) = (find(b, from), find(a, to));
            prop_assert!(x.is_some() && y.is_some());
            let vals = |p: &Profile| -> Vec<String> {
                p.entries.iter().map(|e| format!("{:?}", e.value)).collect()
            };
            prop_assert_eq!(vals(x.unwrap()), vals(y.unwrap()));
            (vec![from, to], false)
        }
    };
    let skip: &[&str] = if skip_active { &["active"] } else { &[] };
    for pb in b.iter().filter(|p| !touched.contains(&p.name.as_str())) {
        let pa = find(a, &pb.name);
        prop_assert!(pa.is_some(), "profile {} vanished", pb.name);
        prop_assert_eq!(entries(pb, skip), entries(pa.unwrap(), skip));
    }
    for pa in a.iter().filter(|p| !touched.contains(&p.name.as_str())) {
        prop_assert!(find(b, &pa.name).is_some(), "profile {} appeared", pa.name);
        if skip_active {
            // Gone, or `active = false` (flipped in place: see `edit::deactivation`).
            let off = pa
                .active()
                .is_none_or(|v| *v == modalcfg::py::PyValue::Bool(false));
            prop_assert!(off, "{} still has `active`", pa.name);
        }
    }
    if let Edit::Activate { profile }
    | Edit::TokenSet {
        profile,
        activate: true,
        ..
    } = edit
    {
        let first = a.iter().find(|x| x.is_active()).map(|x| x.name.as_str());
        prop_assert_eq!(first, Some(profile.as_str()));
        if let (Some(x), Some(y)) = (find(b, profile), find(a, profile))
            && matches!(edit, Edit::Activate { .. })
        {
            prop_assert_eq!(entries(x, &["active"]), entries(y, &["active"]));
        }
    }
    Ok(true)
}

const PNAMES: &[&str] = &["default", "work", "prod", "q n", "lit", "new", "x.y", "é"];
const KEYS: &[&str] = &[
    "token_id",
    "token_secret",
    "environment",
    "loglevel",
    "logs_timeout",
    "traceback",
    "max_throttle_wait",
    "active",
    "custom_key",
];
const VALUES: &[&str] = &[
    "x", "", "1", "2.5", "true", "debug", "inf", "nan", "a\"b", "a\\b", "é", "#", "a\nb",
];

fn any_edit() -> impl Strategy<Value = Edit> {
    let p = || prop::sample::select(PNAMES).prop_map(String::from);
    let k = || prop::sample::select(KEYS).prop_map(String::from);
    let v = || prop::sample::select(VALUES).prop_map(String::from);
    prop_oneof![
        p().prop_map(|profile| Edit::Activate { profile }),
        (p(), k(), v(), any::<bool>()).prop_map(|(profile, key, value, force)| Edit::Set {
            profile,
            key,
            value,
            force
        }),
        (p(), k()).prop_map(|(profile, key)| Edit::Unset { profile, key }),
        (p(), v(), v(), any::<bool>()).prop_map(|(profile, id, s, activate)| Edit::TokenSet {
            profile,
            token_id: Some(id),
            token_secret: Some(SecretString::from(s)),
            server_url: None,
            activate
        }),
        p().prop_map(|name| Edit::CreateProfile { name }),
        p().prop_map(|name| Edit::DeleteProfile { name }),
        (p(), p()).prop_map(|(from, to)| Edit::RenameProfile { from, to }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn readers_never_panic_on_any_bytes(bytes in any_doc()) {
        exercise_readers(bytes);
    }

    #[test]
    fn every_plan_fails_or_is_exactly_the_intended_change(
        bytes in fragment_doc(),
        edits in prop::collection::vec(any_edit(), 1..4),
    ) {
        let file = ConfigFile::from_bytes(Path::new("/nonexistent/.modal.toml"), bytes);
        for edit in &edits {
            check_plan(&file, edit)?;
        }
    }
}

/// Plans on files that do parse (profiles with keys), so most edits succeed.
#[test]
fn plans_on_valid_files_apply_exactly() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    });
    let doc = prop::collection::vec(
        (
            prop::sample::select(&["default", "work", "prod", "\"q n\"", "'lit'"][..]),
            prop::collection::vec(
                prop::sample::select(&FRAGMENTS[10..22]).prop_map(String::from),
                0..4,
            ),
        ),
        0..4,
    )
    .prop_map(|ps| {
        ps.into_iter()
            .map(|(n, lines)| format!("[{n}]\n{}", lines.concat()))
            .collect::<String>()
    });
    let (applied, refused) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    runner
        .run(
            &(doc, prop::collection::vec(any_edit(), 1..4)),
            |(text, edits)| {
                let file = ConfigFile::from_bytes(Path::new("/x/.modal.toml"), text.into_bytes());
                for edit in &edits {
                    if check_plan(&file, edit)? {
                        applied.set(applied.get() + 1);
                    } else {
                        refused.set(refused.get() + 1);
                    }
                }
                Ok(())
            },
        )
        .unwrap();
    let (applied, refused) = (applied.get(), refused.get());
    eprintln!("plans on valid files: {applied} applied and re-checked, {refused} refused");
    assert!(applied > 50, "too few plans applied ({applied})");
}

// ---------------------------------------------------------------------------------------------
// Library: size and depth extremes.
// ---------------------------------------------------------------------------------------------

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("[a]\nx = {}1{}\n", open.repeat(depth), close.repeat(depth))
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // Run on a small (256 KiB) stack, so a recursion that a depth limit does not bound shows up.
    let h = std::thread::Builder::new()
        .stack_size(2048 * 1024)
        .spawn(|| {
            let cases = [
                ("arrays", nested(10_000, "[", "]")),
                ("inline tables", nested(10_000, "{y=", "}")),
                (
                    "dotted key",
                    format!("[a]\n{} = 1\n", vec!["k"; 10_000].join(".")),
                ),
                (
                    "dotted header",
                    format!("[{}]\n", vec!["k"; 10_000].join(".")),
                ),
                (
                    "dotted inline",
                    format!("[a]\nx = {{{} = 1}}\n", vec!["k"; 10_000].join(".")),
                ),
                (
                    "array of tables",
                    format!("[[{}]]\n", vec!["k"; 10_000].join(".")),
                ),
            ];
            for (what, text) in cases {
                let file = ConfigFile::from_bytes(Path::new("/x"), text.clone().into_bytes());
                let e = file
                    .error()
                    .unwrap_or_else(|| panic!("{what}: 10,000 levels accepted"));
                assert!(e.to_string().contains("nested too deeply"), "{what}: {e}");
                let plan = plan(
                    &file,
                    &Edit::Activate {
                        profile: "a".into(),
                    },
                );
                assert!(plan.is_err(), "{what}");
                exercise_readers(text.into_bytes());
            }
            // The deepest nesting that is accepted goes through every reader and an edit.
            for (open, close) in [("[", "]"), ("{y=", "}")] {
                let deepest = (1..200)
                    .take_while(|&n| {
                        let t = nested(n, open, close).into_bytes();
                        ConfigFile::from_bytes(Path::new("/x"), t).error().is_none()
                    })
                    .last()
                    .expect("one level reads");
                assert!(deepest >= 20, "{open}: only {deepest} levels read");
                let text = nested(deepest, open, close);
                exercise_readers(text.clone().into_bytes());
                let file = ConfigFile::from_bytes(Path::new("/x"), text.into_bytes());
                let edit = Edit::Set {
                    profile: "a".into(),
                    key: "environment".into(),
                    value: "e".into(),
                    force: false,
                };
                // The client reads deeper nesting than toml_edit (the writer's editor) parses:
                // the edit is made, or refused naming the line it cannot edit.
                if let Err(e) = plan(&file, &edit) {
                    assert!(e.to_string().contains("editor can edit"), "{e}");
                }
                eprintln!("deepest nesting read with {open}…{close}: {deepest} levels");
            }
        })
        .unwrap();
    h.join().expect("deep nesting crashed the reader");
}

// ---------------------------------------------------------------------------------------------
// The CLI on hostile paths: clear message, non-zero exit, file unchanged.
// ---------------------------------------------------------------------------------------------

fn cmd(home: &Path, config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modalcfg"));
    c.env_clear()
        .env("HOME", home)
        .env("MODAL_CONFIG_PATH", config)
        .env("LANG", "C.UTF-8")
        .current_dir(home)
        .timeout(Duration::from_secs(60));
    c
}

/// [`cmd`], run as uid [`NOBODY`] (in `/`).
fn nobody_cmd(home: &Path, config: &Path) -> Command {
    let mut c = Command::from_std(unprivileged::as_nobody(Path::new(env!(
        "CARGO_BIN_EXE_modalcfg"
    ))));
    c.env_clear()
        .env("HOME", home)
        .env("MODAL_CONFIG_PATH", config)
        .env("LANG", "C.UTF-8")
        .timeout(Duration::from_secs(60));
    c
}

/// What is at the path, to compare before and after.
fn state(p: &Path) -> String {
    match fs::symlink_metadata(p) {
        Err(_) => "absent".into(),
        Ok(m) if m.is_file() => format!(
            "file {:o} {}",
            m.permissions().mode(),
            sha(&fs::read(p).unwrap_or_default())
        ),
        Ok(m) if m.is_dir() => "dir".into(),
        Ok(m) if m.file_type().is_fifo() => "fifo".into(),
        Ok(m) => format!("other {:?}", m.file_type()),
    }
}

fn sha(b: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(b))
}

fn leftover_temps(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".modalcfg-"))
                .collect()
        })
        .unwrap_or_default()
}

const WRITERS: &[&[&str]] = &[
    &["set", "environment", "e", "--profile", "a"],
    &["unset", "environment", "--profile", "a"],
    &["profile", "activate", "a"],
    // `--force`: a second profile with none active would fail the client's active-profile
    // check, which the pre-write check refuses before the disk is touched.
    &["profile", "create", "zz", "--force"],
    &[
        "token",
        "set",
        "--token-id",
        "ak-1",
        "--token-secret",
        "as-2",
        "--profile",
        "a",
    ],
];
const READERS: &[&[&str]] = &[&["show"], &["get", "environment"], &["check"]];

/// Every writer and reader on `config` exits non-zero with `message` (case-insensitive) on
/// stderr (or stdout for `check`), and nothing changes at the path; as uid 65534 when
/// `as_nobody`. Returns the number of commands checked.
fn refuse_all(home: &Path, config: &Path, message: &str, as_nobody: bool) -> usize {
    let before = state(config);
    let mut n = 0;
    for args in WRITERS.iter().chain(READERS) {
        let mut c = if as_nobody {
            nobody_cmd(home, config)
        } else {
            cmd(home, config)
        };
        let o = c.args(*args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(1), "{args:?} on {config:?}: {text}");
        assert!(
            text.to_lowercase().contains(&message.to_lowercase()),
            "{args:?}: expected {message:?} in: {text}"
        );
        assert!(!text.contains("panicked"), "{args:?}: {text}");
        assert_eq!(state(config), before, "{args:?} changed {config:?}");
        if let Some(dir) = config.parent() {
            assert!(leftover_temps(dir).is_empty(), "{args:?}: temp left");
        }
        n += 1;
    }
    n
}

fn home_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join(".modal.toml");
    fs::write(&p, bytes).unwrap();
    (d, p)
}

#[test]
fn malformed_contents_are_refused_with_a_clear_message() {
    let mut big_junk = big_config(50_000).into_bytes(); // ~5 MB
    big_junk.extend_from_slice(b"\n[broken\n");
    let long_junk = format!("[a]\nx = {}\n", "z".repeat(1 << 20));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "invalid UTF-8",
            b"[a]\nenvironment = \"\xff\xfe\"\n".to_vec(),
            "not valid UTF-8",
        ),
        (
            "truncated UTF-8",
            b"[a]\nenvironment = \"\xc3".to_vec(),
            "not valid UTF-8",
        ),
        (
            "NUL outside a string",
            b"[a]\nx = 1\0\n".to_vec(),
            "cannot read this file",
        ),
        ("NUL-only file", vec![0u8; 4096], "cannot read this file"),
        (
            "10,000 nested arrays",
            nested(10_000, "[", "]").into_bytes(),
            "nested too deeply",
        ),
        (
            "10,000 nested inline tables",
            nested(10_000, "{y=", "}").into_bytes(),
            "nested too deeply",
        ),
        (
            "1 MB line of junk",
            long_junk.into_bytes(),
            "cannot read this file",
        ),
        (
            "5 MB file, broken at the end",
            big_junk,
            "cannot read this file",
        ),
        ("BOM", b"\xef\xbb\xbf[a]\n".to_vec(), "byte-order mark"),
    ];
    let mut n = 0;
    for (what, bytes, msg) in cases {
        let (home, config) = home_with(&bytes);
        let t = Instant::now();
        n += refuse_all(home.path(), &config, msg, false);
        eprintln!("{what}: refused ({:.2?})", t.elapsed());
    }
    eprintln!("malformed contents: {n} commands refused cleanly");
}

/// How long a command on a big file may take before it is taken for hung.
const HANG_GUARD: Duration = Duration::from_secs(600);

#[test]
fn big_and_long_valid_files_still_work() {
    // 5 MB (50,000 profiles) and a 1 MB string value on one line: a one-line change each.
    let big = big_config(50_000);
    let long = format!("[a]\nx = \"{}\"\n# after\n", "v".repeat(1 << 20));
    for (what, text, args, want) in [
        (
            "5 MB",
            &big,
            &["set", "environment", "changed", "--profile", "p00002"][..],
            "environment = \"changed\"\n",
        ),
        (
            "1 MB line",
            &long,
            &["set", "environment", "e", "--profile", "a"],
            "environment = \"e\"\n",
        ),
    ] {
        let (home, config) = home_with(text.as_bytes());
        let t = Instant::now();
        // What this checks is that the edit is right, not how fast it is (the speed on big
        // files is measured by `cargo bench` and tools/compare.py, on a release build): the
        // command's own end is awaited, with a guard against a hang that a debug build on a
        // machine busy with other builds stays far inside (it takes seconds, not minutes).
        let o = (cmd(home.path(), &config).args(args))
            .timeout(HANG_GUARD)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let after = fs::read_to_string(&config).unwrap();
        let d = similar::TextDiff::from_lines(text.as_str(), &after);
        let changed: Vec<String> = d
            .iter_all_changes()
            .filter(|c| c.tag() != similar::ChangeTag::Equal)
            .map(|c| format!("{}{}", c.tag(), c.value()))
            .collect();
        if what == "5 MB" {
            assert_eq!(
                changed,
                [
                    "-environment = \"env-00002\"\n",
                    "+environment = \"changed\"\n"
                ]
            );
        } else {
            assert_eq!(changed, [format!("+{want}")]);
        }
        eprintln!("{what}: one-line change in {:.2?}", t.elapsed());
    }
}

#[test]
fn nul_inside_a_string_is_kept_or_refused_never_mangled() {
    // The client's reader accepts raw control characters inside strings.
    let text = b"[a]\nenvironment = \"x\0y\"\n# keep\n";
    let (home, config) = home_with(text);
    let o = cmd(home.path(), &config)
        .args(["set", "loglevel", "debug", "--profile", "a"])
        .output()
        .unwrap();
    let after = fs::read(&config).unwrap();
    match o.status.code() {
        Some(0) => assert_eq!(
            after,
            b"[a]\nenvironment = \"x\0y\"\n# keep\nloglevel = \"debug\"\n"
        ),
        Some(1) => assert_eq!(after, text),
        c => panic!("exit {c:?}: {}", String::from_utf8_lossy(&o.stderr)),
    }
}

/// Every writer on `config` is refused with `message` (or is a no-op) and changes nothing there; every reader
/// exits 0 and reads it as an empty file (as the client does).
fn read_as_empty_never_written(home: &Path, config: &Path, message: &str) -> usize {
    let before = state(config);
    for args in WRITERS {
        let o = cmd(home, config).args(*args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        // `unset` of a key that is not there is a no-op (exit 0); `profile activate` needs a
        // profile the empty file does not have; every other writer reaches the write.
        if args[0] != "unset" {
            assert_eq!(o.status.code(), Some(1), "{args:?} on {config:?}: {err}");
            let no_profile = args[0] == "profile" && args[1] != "create";
            let why = if no_profile { "no profile" } else { message };
            assert!(err.contains(why), "{args:?}: expected {why:?} in: {err}");
        }
        assert_eq!(state(config), before, "{args:?} changed {config:?}");
    }
    let o = cmd(home, config).args(["show"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    // Answered; an empty file holds no token, so check's verdict (and show's exit) is 3.
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("default"), "{out}");
    cmd(home, config)
        .args(["get", "environment"])
        .assert()
        .success();
    WRITERS.len() + 2
}

#[test]
fn folder_and_endless_device_refused_fifo_and_dev_null_read_as_empty() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("dir.toml");
    fs::create_dir(&dir).unwrap();
    let mut n = refuse_all(home.path(), &dir, "directory", false);
    let fifo = home.path().join("fifo.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // A FIFO must not block any command (the 60 s timeout in `cmd` would fail it).
    n += read_as_empty_never_written(home.path(), &fifo, "not a regular file");
    n += read_as_empty_never_written(home.path(), Path::new("/dev/null"), "not a regular file");
    // Nothing was created next to them (a lock file, a temp file).
    let names: Vec<_> = fs::read_dir(home.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // /dev/full: a device that never ends (and where every write fails with ENOSPC).
    n += refuse_all(
        home.path(),
        Path::new("/dev/full"),
        "not a regular file",
        false,
    );
    eprintln!("directory, FIFO, /dev/null, /dev/full: {n} commands checked");
}

fn chown_nobody(p: &Path) {
    std::os::unix::fs::chown(p, Some(NOBODY), Some(NOBODY)).unwrap();
}

/// A temp folder uid 65534 may enter, holding `home/` owned by that user.
fn nobody_home() -> (tempfile::TempDir, PathBuf) {
    let t = unprivileged::open_folder();
    let home = t.path().join("home");
    fs::create_dir(&home).unwrap();
    chown_nobody(&home);
    (t, home)
}

#[test]
fn unreadable_file_and_read_only_folder_as_an_unprivileged_user() {
    if !can_drop_to_nobody(&test_name!(
        unreadable_file_and_read_only_folder_as_an_unprivileged_user
    )) {
        return;
    }
    // Mode 000 file in a folder the user owns.
    let (t, home) = nobody_home();
    let config = home.join(".modal.toml");
    fs::write(&config, "[a]\nenvironment = \"x\"\n").unwrap();
    chown_nobody(&config);
    fs::set_permissions(&config, fs::Permissions::from_mode(0o000)).unwrap();
    let mut n = refuse_all(&home, &config, "permission denied", true);
    // Readable file in a read-only folder: the temp file cannot be created.
    let ro = t.path().join("ro");
    fs::create_dir(&ro).unwrap();
    let config = ro.join(".modal.toml");
    fs::write(&config, "[a]\nenvironment = \"x\"\n").unwrap();
    chown_nobody(&config);
    chown_nobody(&ro);
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o500)).unwrap();
    let before = state(&config);
    for args in WRITERS {
        let o = nobody_cmd(&ro, &config).args(*args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("could not open the lock file")
                && err.contains("Permission denied")
                && err.contains("not changed"),
            "{args:?}: {err}"
        );
        assert_eq!(state(&config), before);
        assert!(leftover_temps(&ro).is_empty());
        n += 1;
    }
    // The readers still work in a read-only folder.
    let o = nobody_cmd(&ro, &config)
        .args(["get", "environment", "--profile", "a"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "x");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o700)).unwrap();
    eprintln!("unreadable file / read-only folder: {n} commands refused cleanly");
}

/// Unmounts on drop.
struct Mount(PathBuf);
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn full_disk_leaves_the_file_and_no_temp() {
    let t = tempfile::tempdir().unwrap();
    let mnt = t.path().join("tiny");
    fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        let why =
            "it cannot mount a 64 KiB tmpfs here (needs root, or CAP_SYS_ADMIN in a container)";
        return cannot_run(&test_name!(full_disk_leaves_the_file_and_no_temp), why);
    }
    let _guard = Mount(mnt.clone());
    let config = mnt.join(".modal.toml");
    let text = format!("[a]\nenvironment = \"x\"\n# {}\n", "pad ".repeat(2000));
    fs::write(&config, &text).unwrap();
    // Fill the rest of the filesystem.
    {
        use std::io::Write;
        let mut f = fs::File::create(mnt.join("filler")).unwrap();
        let chunk = [b'f'; 4096];
        while f.write_all(&chunk).is_ok() {}
        let _ = f.sync_all();
    }
    let before = state(&config);
    let mut n = 0;
    for args in WRITERS {
        let o = cmd(t.path(), &config).args(*args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("No space left on device") && err.contains("not changed"),
            "{args:?}: {err}"
        );
        assert_eq!(state(&config), before, "{args:?}");
        assert!(leftover_temps(&mnt).is_empty(), "{args:?}");
        n += 1;
    }
    // Room again: the next write succeeds.
    fs::remove_file(mnt.join("filler")).unwrap();
    cmd(t.path(), &config)
        .args(["set", "environment", "e", "--profile", "a"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&config).unwrap(),
        text.replace("\"x\"", "\"e\"")
    );
    eprintln!("full disk: {n} writers refused cleanly");
}

// ---------------------------------------------------------------------------------------------
// What the user set on the file is kept, or the write is refused (issue 14).
// ---------------------------------------------------------------------------------------------

/// `cmd args… path` succeeded.
fn tool(cmd: &str, args: &[&str], p: &Path) -> Option<String> {
    let o = std::process::Command::new(cmd)
        .args(args)
        .arg(p)
        .output()
        .ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn acl_and_extended_attributes_survive_a_set() {
    // A folder uid 65534 may enter: the ACL gives that user (and no one else) the file.
    let home = unprivileged::open_folder();
    let config = home.path().join(".modal.toml");
    fs::write(&config, "[a]\nenvironment = \"x\"\n").unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o640)).unwrap();
    let acl = tool("setfacl", &["-m", "u:65534:r"], &config).is_some();
    let attr = tool("setfattr", &["-n", "user.team", "-v", "ml"], &config).is_some();
    if !acl || !attr {
        let why = format!(
            "setfacl/setfattr missing (Debian: apt-get install acl attr) or {} has no ACL/xattr support",
            home.path().display()
        );
        return cannot_run(&test_name!(acl_and_extended_attributes_survive_a_set), &why);
    }
    let show = |p: &Path| {
        let acl = tool("getfacl", &["--absolute-names"], p).unwrap();
        let attrs = tool("getfattr", &["--absolute-names", "-d", "-m", "-"], p).unwrap();
        format!("{acl}{attrs}")
    };
    let before = show(&config);
    assert!(
        before.contains("user:nobody:r--") && before.contains("user.team"),
        "{before}"
    );
    cmd(home.path(), &config)
        .args(["set", "environment", "e", "--profile", "a"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&config).unwrap(),
        "[a]\nenvironment = \"e\"\n"
    );
    assert_eq!(show(&config), before, "getfacl/getfattr before vs after");
    // The ACL is in force on the new file: uid 65534, neither owner nor in the group, reads it.
    if can_drop_to_nobody(&test_name!(acl_and_extended_attributes_survive_a_set)) {
        let o = nobody_cmd(home.path(), &config)
            .args(["get", "environment", "--profile", "a"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(String::from_utf8_lossy(&o.stdout), "e\n", "{err}");
    }
}

#[test]
fn hard_link_is_refused_with_the_choice_named() {
    let (home, config) = home_with(b"[a]\nenvironment = \"x\"\n");
    fs::hard_link(&config, home.path().join("backup.toml")).unwrap();
    let before = state(&config);
    let o = cmd(home.path(), &config)
        .args(["set", "environment", "e", "--profile", "a"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("2 hard links") && err.contains("symbolic links"),
        "{err}"
    );
    assert_eq!(state(&config), before);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(fs::metadata(&config).unwrap().nlink(), 2);
    assert!(leftover_temps(home.path()).is_empty());
}

/// Runs `set` as uid 65534 on `config` (HOME = its folder).
fn set_as_nobody(config: &Path) -> std::process::Output {
    nobody_cmd(config.parent().unwrap(), config)
        .args(["set", "environment", "e", "--profile", "a"])
        .output()
        .unwrap()
}

#[test]
fn read_only_file_and_foreign_owner_are_refused_as_an_unprivileged_user() {
    if !can_drop_to_nobody(&test_name!(
        read_only_file_and_foreign_owner_are_refused_as_an_unprivileged_user
    )) {
        return;
    }
    use std::os::unix::fs::MetadataExt;
    let (_t, home) = nobody_home();
    let config = home.join(".modal.toml");
    let text = "[a]\nenvironment = \"x\"\n";
    // (owner uid, gid, mode, expected message): 0400 ours; root's file in our folder (we
    // could replace it, but it would become ours); ours but in a group we are not in.
    let cases = [
        (65534, 65534, 0o400, "not writable for you (mode 0400)"),
        (0, 0, 0o666, "belongs to uid 0, gid 0"),
        (65534, 0, 0o660, "belongs to uid 65534, gid 0"),
    ];
    for (uid, gid, mode, msg) in cases {
        fs::write(&config, text).unwrap();
        std::os::unix::fs::chown(&config, Some(uid), Some(gid)).unwrap();
        fs::set_permissions(&config, fs::Permissions::from_mode(mode)).unwrap();
        let before = state(&config);
        let o = set_as_nobody(&config);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{msg}: {err}");
        assert!(
            err.contains(msg) && err.contains("nothing was written"),
            "{err}"
        );
        assert_eq!(state(&config), before, "{msg}");
        let m = fs::metadata(&config).unwrap();
        assert_eq!((m.uid(), m.gid()), (uid, gid), "{msg}");
        assert!(leftover_temps(&home).is_empty(), "{msg}");
        fs::remove_file(&config).unwrap();
    }
    // Our own writable file: written, still ours.
    fs::write(&config, text).unwrap();
    chown_nobody(&config);
    let o = set_as_nobody(&config);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(fs::metadata(&config).unwrap().uid(), 65534);
    // Someone who can read the folder cannot block writes any more (the lock is a 0600 file).
    let dir = fs::File::open(&home).unwrap();
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor we own.
    assert_eq!(unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) }, 0);
    let o = set_as_nobody(&config);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The writer's lock file (0600, its own) went with its lock.
    assert!(fs::symlink_metadata(home.join(".modal.toml.modalcfg.lock")).is_err());
}
