//! The real binary on a temporary HOME, for the CLI tests (included with
//! `#[path = "common/cli.rs"] mod cli;`). Nothing here reads the real `~/.modal.toml`.
#![allow(dead_code)] // not every test crate uses every helper

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// A temporary HOME, with `.modal.toml` holding `text` when given.
pub fn home(text: Option<&str>) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    if let Some(t) = text {
        fs::write(home.path().join(".modal.toml"), t).unwrap();
    }
    home
}

/// modalcfg with only HOME and MODAL_CONFIG_PATH (into `home`) in its environment.
pub fn cmd(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modalcfg"));
    c.env_clear()
        .env("HOME", home)
        .env("USERPROFILE", home) // Windows' home (Python ignores HOME there)
        .env("MODAL_CONFIG_PATH", home.join(".modal.toml"));
    c
}

/// Runs modalcfg with `args` and the extra variables `env`: (exit code, stdout, stderr).
pub fn run(home: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let o = cmd(home)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

/// The config file's text now.
pub fn file(home: &Path) -> String {
    fs::read_to_string(home.join(".modal.toml")).unwrap()
}
