//! The shell side: `modalcfg prompt` for prompts and status lines, and dynamic completion of
//! profile and key names (through clap_complete's `COMPLETE=<shell>` protocol, and through a
//! real bash sourcing the registration script). Run as the real binary on a temporary HOME.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

#[path = "common/cli.rs"]
mod cli;
use cli::cmd;
#[cfg(unix)]
#[macro_use]
#[path = "common/unprivileged.rs"]
mod unprivileged;

// Every profile holds a whole token pair: `check` (and so the prompt's mark) also fails when
// the client could not authenticate.
const FILE: &str = "[default]\ntoken_id = \"ak-default\"\ntoken_secret = \"as-default\"\n\n[dev]\nactive = true\ntoken_id = \"ak-dev\"\ntoken_secret = \"as-dev\"\n\n[prod]\ntoken_id = \"ak-prod\"\ntoken_secret = \"as-prod\"\n";

fn home(text: &str) -> tempfile::TempDir {
    cli::home(Some(text))
}

fn stdout(c: &mut Command) -> (i32, String) {
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
    )
}

#[test]
fn prompt_prints_the_profile_current_prints() {
    let h = home(FILE);
    for env in [
        vec![],
        vec![("MODAL_PROFILE", "prod")],
        vec![("MODAL_PROFILE", "")],
    ] {
        let (_, current) = stdout(cmd(h.path()).args(["profile", "current"]).envs(env.clone()));
        let (code, prompt) = stdout(
            cmd(h.path())
                .args(["prompt", "--format", "{profile}"])
                .envs(env.clone()),
        );
        assert_eq!(code, 0);
        assert_eq!(prompt, current, "{env:?}");
    }
    assert_eq!(stdout(cmd(h.path()).arg("prompt")), (0, "dev\n".into()));
    assert_eq!(
        stdout(cmd(h.path()).arg("prompt").env("MODAL_PROFILE", "prod")),
        (0, "prod (env)\n".into())
    );
    assert_eq!(
        stdout(
            cmd(h.path())
                .args(["prompt", "--format", "{profile}:{source}:{status}"])
                .env("MODAL_PROFILE", "prod")
        ),
        (0, "prod:env:ok\n".into())
    );
}

#[test]
fn prompt_marks_a_config_check_would_fail_on_and_still_exits_0() {
    // Two traps `check` reports as errors: a bad loglevel, and a malformed file.
    let h = home(FILE);
    let (code, out) = stdout(cmd(h.path()).arg("prompt").env("MODAL_LOGLEVEL", "verbose"));
    assert_eq!((code, out.as_str()), (0, "dev ✗\n"));
    assert_eq!(
        cmd(h.path())
            .arg("check")
            .env("MODAL_LOGLEVEL", "verbose")
            .output()
            .unwrap()
            .status
            .code(),
        Some(1),
        "the mark follows check"
    );
    let bad = home("[dev]\nactive = true\nx = \"open\n");
    let o = cmd(bad.path()).arg("prompt").output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "default ✗\n");
    assert!(o.stderr.is_empty(), "a prompt prints nothing on stderr");
    // A bad format is the one error.
    let o = cmd(h.path())
        .args(["prompt", "--format", "{nope}"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("unknown placeholder {nope}")
    );
}

/// Candidates for `words` (the last one is being completed), via the fish protocol: one
/// `value<TAB>help` per line.
fn complete(home: &Path, words: &[&str]) -> Vec<String> {
    let (code, out) = stdout(cmd(home).env("COMPLETE", "fish").arg("--").args(words));
    assert_eq!(code, 0);
    out.lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_keys_and_the_files_profiles() {
    let h = home(FILE);
    let keys = complete(h.path(), &["modalcfg", "get", "log"]);
    assert!(keys.contains(&"loglevel".to_string()), "{keys:?}");
    assert!(keys.iter().all(|k| k.starts_with("log")), "{keys:?}");
    assert_eq!(
        complete(h.path(), &["modalcfg", "show", "--profile", ""]),
        ["default", "dev", "prod"]
    );
    assert_eq!(
        complete(
            h.path(),
            &["modalcfg", "set", "loglevel", "debug", "--profile", "p"]
        ),
        ["prod"]
    );
    assert_eq!(
        complete(h.path(), &["modalcfg", "profile", "activate", "d"]),
        ["default", "dev"]
    );
    let keys = complete(h.path(), &["modalcfg", "unset", "token_s"]);
    assert_eq!(keys, ["token_secret"]);
    // The profiles are the file's at the time of the Tab.
    fs::write(h.path().join(".modal.toml"), "[staging]\n").unwrap();
    assert_eq!(
        complete(
            h.path(),
            &["modalcfg", "explain", "loglevel", "--profile", ""]
        ),
        ["staging"]
    );
}

#[cfg(unix)] // bash and a POSIX PATH
#[test]
fn completion_works_in_a_real_bash() {
    let Ok(bash) = which("bash") else {
        let why = "no bash in /bin, /usr/bin or /usr/local/bin";
        return unprivileged::cannot_run(&test_name!(completion_works_in_a_real_bash), why);
    };
    let h = home(FILE);
    let bin = Path::new(env!("CARGO_BIN_EXE_modalcfg")).parent().unwrap();
    let script = r#"
source <(modalcfg completions bash)
reply() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
    COMPREPLY=()
    _clap_complete_modalcfg modalcfg "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    echo "${COMPREPLY[*]}"
}
reply modalcfg get log
reply modalcfg get loglevel --profile ''
"#;
    let o = std::process::Command::new(bash)
        .args(["--norc", "--noprofile", "-c", script])
        .env_clear()
        .env("HOME", h.path())
        .env("USERPROFILE", h.path()) // Windows' home
        .env("MODAL_CONFIG_PATH", h.path().join(".modal.toml"))
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        lines[0].split_whitespace().any(|w| w == "loglevel"),
        "{out}"
    );
    assert_eq!(lines[1], "default dev prod", "{out}");
}

#[cfg(unix)]
fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    ["/bin", "/usr/bin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.exists())
        .ok_or(())
}
