//! Failures that depend on what is installed next to the detected modal: `log_format = "JSON"`
//! makes `import modal` fail only where python-json-logger is missing (checked against modal
//! 1.6.4 in venvs with and without python-json-logger 4.2.0). Fake venvs: a
//! `modal-1.6.4.dist-info` folder, with or without `pythonjsonlogger/__init__.py`.

use std::fs;
use std::path::Path;

#[path = "common/cli.rs"]
mod cli;
use cli::{cmd, home};

const JSON: &str =
    "[p]\nactive = true\ntoken_id = \"ak-1\"\ntoken_secret = \"as-1\"\nlog_format = \"JSON\"\n";

fn venv(root: &Path, json_logger: bool) -> std::path::PathBuf {
    let v = root.join(if json_logger { "with" } else { "without" });
    let site = v.join("lib/python3.11/site-packages");
    fs::create_dir_all(site.join("modal-1.6.4.dist-info")).unwrap();
    if json_logger {
        fs::create_dir_all(site.join("pythonjsonlogger")).unwrap();
        fs::write(site.join("pythonjsonlogger/__init__.py"), "").unwrap();
    }
    v
}

fn check(h: &Path, venv: Option<&Path>, pattern: Option<&str>) -> (i32, String) {
    let text = match pattern {
        Some(p) => format!("{JSON}log_pattern = \"{p}\"\n"),
        None => JSON.to_string(),
    };
    fs::write(h.join(".modal.toml"), text).unwrap();
    let mut c = cmd(h);
    c.env("PATH", "/nonexistent").arg("check");
    if let Some(v) = venv {
        c.env("VIRTUAL_ENV", v);
    }
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
    )
}

#[test]
fn json_logs_fail_only_without_python_json_logger() {
    let h = home(None);
    let (code, out) = check(h.path(), Some(&venv(h.path(), false)), None);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ModuleNotFoundError: No module named 'pythonjsonlogger'"),
        "{out}"
    );
    let (code, out) = check(h.path(), Some(&venv(h.path(), true)), None);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("pythonjsonlogger"), "{out}");
    // With it, the JSON formatter checks the pattern like the plain one.
    let (code, out) = check(h.path(), Some(&venv(h.path(), true)), Some("abc"));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ValueError: Invalid format 'abc' for '%' style"),
        "{out}"
    );
}

#[test]
fn without_a_modal_environment_it_says_it_depends() {
    let h = home(None);
    let (code, out) = check(h.path(), None, None);
    assert_eq!(code, 0, "no failure is predicted: {out}");
    assert!(
        out.contains("depends on whether python-json-logger is installed"),
        "{out}"
    );
}
