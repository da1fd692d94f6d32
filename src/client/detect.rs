//! Which Modal client the user would run, found without running Python or touching the
//! network, in this order (docs/clients.md says why):
//!
//! 1. `--client-version`, then `MODALCFG_CLIENT_VERSION`: the user said so;
//! 2. the active `VIRTUAL_ENV`: what `modal` and `python` run in that shell;
//! 3. modalcfg's own environment (`pip install modalcfg` next to modal): the environment of
//!    the executable that is running, `<venv>/bin/modalcfg` or `<venv>\Scripts\modalcfg.exe`,
//!    found without an activated venv and without the venv on `PATH`;
//! 4. the `modal` on `PATH`: its own environment, else the interpreter its `#!` line (or its
//!    Windows launcher) names;
//! 5. else the newest known release, said as such.
//!
//! An environment's version is its `site-packages`' `modal-<version>.dist-info`
//! (`pyenv` knows the layouts).

use std::path::PathBuf;

use super::pyenv::{self, NATIVE};
use super::release::newest_known;
use super::{Client, Version};
use crate::env::ClientLookup;

/// How the version was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// `--client-version`.
    Flag,
    /// `MODALCFG_CLIENT_VERSION`.
    EnvVar,
    /// The active virtual environment (its folder).
    VirtualEnv(PathBuf),
    /// The environment modalcfg itself is installed in (its prefix).
    OwnEnvironment(PathBuf),
    /// The `modal` executable on `PATH`.
    Path(PathBuf),
    /// Nothing said: the newest known release.
    Newest,
}

impl Found {
    /// One line for people and for `client_version_source`.
    pub fn describe(&self) -> String {
        match self {
            Found::Flag => "--client-version".into(),
            Found::EnvVar => "MODALCFG_CLIENT_VERSION".into(),
            Found::VirtualEnv(p) => format!("VIRTUAL_ENV: {}", p.display()),
            Found::OwnEnvironment(p) => format!("modalcfg's own environment: {}", p.display()),
            Found::Path(p) => format!("PATH: {}", p.display()),
            Found::Newest => "no modal found: the newest release modalcfg knows".into(),
        }
    }
}

/// The client to resolve with, how it was found, and one-line notes (fallbacks, warnings).
#[derive(Debug, Clone)]
pub struct Detected {
    /// The client to resolve with.
    pub client: Client,
    /// How it was found (an environment, a version given by hand, the newest known).
    pub found: Found,
    /// One-line notes: fallbacks and warnings.
    pub notes: Vec<String>,
}

impl Default for Detected {
    /// The newest known release, as when nothing names a client.
    fn default() -> Detected {
        Detected {
            client: Client::newest(),
            found: Found::Newest,
            notes: Vec::new(),
        }
    }
}

impl Detected {
    /// `modal 1.2.6 (PATH: /…/bin/modal)`.
    pub fn summary(&self) -> String {
        format!(
            "modal {} ({})",
            self.client.version(),
            self.found.describe()
        )
    }
}

/// Finds the client. `Err` only for a version the user gave that is not a version or
/// older than every release modalcfg describes.
pub fn detect(flag: Option<&str>, lookup: &ClientLookup) -> Result<Detected, String> {
    if let Some(text) = flag {
        return given(text, "--client-version", Found::Flag);
    }
    if let Some(text) = lookup.version.as_deref().filter(|t| !t.trim().is_empty()) {
        return given(text, "MODALCFG_CLIENT_VERSION", Found::EnvVar);
    }
    let mut notes = Vec::new();
    if let Some(venv) = lookup.virtual_env.as_deref().filter(|v| !v.is_empty()) {
        let venv = PathBuf::from(venv);
        match pyenv::installed_in(std::slice::from_ref(&venv)) {
            Ok(v) => {
                let json = json_logger(std::slice::from_ref(&venv));
                return Ok(in_environment(
                    found(v, Found::VirtualEnv(venv), notes),
                    json,
                ));
            }
            Err(why) => notes.push(format!(
                "VIRTUAL_ENV {}: {why}; looking beside modalcfg and on PATH",
                venv.display()
            )),
        }
    }
    // modalcfg's own environment has modal only when both were installed there: no note when
    // it has none (a `cargo install`, `uv tool install modalcfg` or a build in target/).
    if let Some(exe) = lookup.current_exe.as_deref() {
        for prefix in pyenv::prefixes_of_executable(exe) {
            if let Ok(v) = pyenv::installed_in(std::slice::from_ref(&prefix)) {
                let json = json_logger(std::slice::from_ref(&prefix));
                return Ok(in_environment(
                    found(v, Found::OwnEnvironment(prefix), notes),
                    json,
                ));
            }
        }
    }
    if let Some(exe) = lookup
        .path
        .as_deref()
        .and_then(|p| pyenv::modal_on_path(p, NATIVE))
    {
        match pyenv::version_of_script(&exe) {
            Ok(v) => {
                let json = json_logger(&pyenv::prefixes_of_script(&exe).unwrap_or_default());
                return Ok(in_environment(found(v, Found::Path(exe), notes), json));
            }
            Err(why) => notes.push(format!("{}: {why}", exe.display())),
        }
    }
    Ok(Detected {
        client: Client::newest(),
        found: Found::Newest,
        notes,
    })
}

/// Whether python-json-logger is installed in the environment modal was found in (the
/// import `log_format = "JSON"` needs).
fn json_logger(prefixes: &[PathBuf]) -> bool {
    pyenv::has_module(prefixes, "pythonjsonlogger")
}

fn in_environment(mut d: Detected, json_logger: bool) -> Detected {
    d.client = d.client.with_json_logger(Some(json_logger));
    d
}

fn given(text: &str, what: &str, how: Found) -> Result<Detected, String> {
    let v = Version::parse(text)
        .ok_or_else(|| format!("{what} {text:?} is not a modal version (like 1.2.6)"))?;
    if Client::for_version(v).is_none() {
        return Err(format!(
            "{what} {v}: modalcfg knows modal 1.0.0 to {}",
            newest_known()
        ));
    }
    Ok(found(v, how, Vec::new()))
}

fn found(v: Version, how: Found, mut notes: Vec<String>) -> Detected {
    let client = match Client::for_version(v) {
        Some(c) => c,
        None => {
            notes.push(format!(
                "modal {v} is older than every release modalcfg knows (1.0.0 to {}): resolving like {}",
                newest_known(),
                newest_known()
            ));
            return Detected {
                client: Client::newest(),
                found: how,
                notes,
            };
        }
    };
    if client.is_newer_than_known() {
        notes.push(format!(
            "modal {v} is newer than {}, the newest release modalcfg knows: resolving like {}; keys added since are missing",
            newest_known(),
            newest_known()
        ));
    }
    Detected {
        client,
        found: how,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::client::launcher::tests::{pe_with_resources, pip_launcher};
    use crate::client::pyenv::tests::make_executable;
    use crate::client::pyenv::{Layout, POSIX, WINDOWS};

    fn lookup(version: Option<&str>, venv: Option<&Path>, path: Option<&Path>) -> ClientLookup {
        ClientLookup {
            version: version.map(str::to_string),
            virtual_env: venv.map(|p| p.as_os_str().to_owned()),
            path: path.map(|p| p.as_os_str().to_owned()),
            current_exe: None,
        }
    }

    #[test]
    fn the_flag_beats_the_variable_and_bad_versions_are_errors() {
        let l = lookup(Some("1.6.4"), None, None);
        let d = detect(Some("1.6.4"), &l).unwrap();
        assert_eq!(d.found, Found::Flag);
        let d = detect(None, &l).unwrap();
        assert_eq!(d.found, Found::EnvVar);
        assert!(
            detect(Some("one"), &l)
                .unwrap_err()
                .contains("not a modal version")
        );
        assert!(
            detect(Some("0.73.1"), &l)
                .unwrap_err()
                .contains("knows modal 1.0.0")
        );
    }

    #[test]
    fn newer_than_known_uses_the_newest_and_says_so() {
        let d = detect(Some("9.0.0"), &ClientLookup::default()).unwrap();
        assert_eq!(d.client.version().to_string(), "9.0.0");
        assert_eq!(d.client.settings().len(), Client::newest().settings().len());
        assert!(d.notes[0].contains("newer than"), "{:?}", d.notes);
    }

    #[test]
    fn nothing_found_is_said_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let d = detect(None, &lookup(None, None, Some(dir.path()))).unwrap();
        assert_eq!(d.found, Found::Newest);
        assert!(d.notes.is_empty(), "{:?}", d.notes);
        assert!(d.summary().contains("no modal found"), "{}", d.summary());
    }

    /// A venv as `python -m venv` + `pip install modal` lays it out on `layout`'s platform:
    /// `bin/modal` with a `#!` line, or `Scripts\modal.exe` (pip's launcher) and
    /// `Lib\site-packages`. Also holds `modalcfg` (the wheel's binary) in the scripts folder.
    fn fake_venv(root: &Path, name: &str, version: &str, layout: Layout) -> PathBuf {
        let venv = root.join(name);
        let (sp, python) = if layout == WINDOWS {
            (
                venv.join("Lib/site-packages"),
                venv.join("Scripts/python.exe"),
            )
        } else {
            (
                venv.join("lib/python3.11/site-packages"),
                venv.join("bin/python"),
            )
        };
        std::fs::create_dir_all(sp.join(format!("modal-{version}.dist-info"))).unwrap();
        let scripts = venv.join(layout.scripts);
        std::fs::create_dir_all(&scripts).unwrap();
        let script = scripts.join(format!("modal{}", layout.exe_suffix));
        if layout == WINDOWS {
            std::fs::write(&script, pip_launcher(&python.display().to_string())).unwrap();
        } else {
            std::fs::write(&script, format!("#!{}\nimport sys\n", python.display())).unwrap();
        }
        make_executable(&script);
        let own = scripts.join(format!("modalcfg{}", layout.exe_suffix));
        std::fs::write(&own, b"\x7fELF").unwrap();
        make_executable(&own);
        venv
    }

    #[test]
    fn finds_the_virtual_env_then_path() {
        let dir = tempfile::tempdir().unwrap();
        let venv = fake_venv(dir.path(), "venv", "1.6.4", NATIVE);
        let d = detect(None, &lookup(None, Some(&venv), None)).unwrap();
        assert_eq!(d.found, Found::VirtualEnv(venv.clone()));
        assert_eq!(d.client.version().to_string(), "1.6.4");
        let scripts = venv.join(NATIVE.scripts);
        let d = detect(None, &lookup(None, None, Some(&scripts))).unwrap();
        let exe = format!("modal{}", NATIVE.exe_suffix);
        assert_eq!(d.found, Found::Path(scripts.join(exe)));
        assert!(d.notes.is_empty(), "{:?}", d.notes);
    }

    /// `pip install modalcfg` into the venv that has modal, run as `<venv>/bin/modalcfg`
    /// without activating it or putting it on PATH: its own environment answers. The order:
    /// an activated venv beats it, it beats the `modal` on PATH.
    #[test]
    fn modalcfg_finds_the_modal_installed_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let own = fake_venv(dir.path(), "own", "1.2.6", NATIVE);
        let other = fake_venv(dir.path(), "other", "1.6.4", NATIVE);
        let exe = own
            .join(NATIVE.scripts)
            .join(format!("modalcfg{}", NATIVE.exe_suffix));
        let mut l = lookup(None, None, Some(&other.join(NATIVE.scripts)));
        l.current_exe = Some(exe.clone());
        let d = detect(None, &l).unwrap();
        assert_eq!(d.found, Found::OwnEnvironment(own.clone()));
        assert_eq!(d.client.version().to_string(), "1.2.6");
        assert_eq!(
            d.found.describe(),
            format!("modalcfg's own environment: {}", own.display())
        );
        l.virtual_env = Some(other.clone().into_os_string());
        let d = detect(None, &l).unwrap();
        assert_eq!(d.found, Found::VirtualEnv(other.clone()));
        // An environment without modal (`cargo install`, `uv tool install modalcfg`, a build
        // in target/): passed over without a note.
        let bare = dir.path().join("cargo/bin/modalcfg");
        std::fs::create_dir_all(bare.parent().unwrap()).unwrap();
        std::fs::write(&bare, b"").unwrap();
        l.virtual_env = None;
        l.current_exe = Some(bare);
        let d = detect(None, &l).unwrap();
        assert!(matches!(d.found, Found::Path(_)), "{:?}", d.found);
        assert_eq!(d.client.version().to_string(), "1.6.4");
        assert!(d.notes.is_empty(), "{:?}", d.notes);
    }

    /// The Windows layout is data: its files read the same on every OS, so it is checked
    /// here on each (the real Windows path handling has its own `cfg(windows)` test).
    #[test]
    fn windows_venvs_and_launchers_are_read_on_every_platform() {
        let dir = tempfile::tempdir().unwrap();
        // Own environment: `<venv>\Scripts\modalcfg.exe` -> `<venv>\Lib\site-packages`.
        let venv = fake_venv(dir.path(), "winvenv", "1.3.1", WINDOWS);
        let l = ClientLookup {
            current_exe: Some(venv.join("Scripts/modalcfg.exe")),
            ..ClientLookup::default()
        };
        let d = detect(None, &l).unwrap();
        assert_eq!(d.found, Found::OwnEnvironment(venv.clone()));
        assert_eq!(d.client.version().to_string(), "1.3.1");
        // pipx on Windows copies the launcher to `~\.local\bin\modal.exe`: the `#!` line
        // names the tool venv's interpreter.
        let tool = fake_venv(dir.path(), "pipx-venvs-modal", "1.5.0", WINDOWS);
        let bin = dir.path().join("local/bin");
        std::fs::create_dir_all(&bin).unwrap();
        let copy = bin.join("modal.exe");
        std::fs::copy(tool.join("Scripts/modal.exe"), &copy).unwrap();
        assert_eq!(
            pyenv::modal_on_path(bin.as_os_str(), WINDOWS),
            Some(copy.clone())
        );
        assert_eq!(
            pyenv::version_of_script(&copy).unwrap().to_string(),
            "1.5.0"
        );
        // `uv tool install modal` on Windows: uv's trampoline with the interpreter in a resource.
        let uv_tool = fake_venv(dir.path(), "uv-tools-modal", "1.6.3", WINDOWS);
        let python = uv_tool.join("Scripts/python.exe").display().to_string();
        std::fs::write(
            &copy,
            pe_with_resources(&[
                ("UV_TRAMPOLINE_KIND", &[1]),
                ("UV_PYTHON_PATH", python.as_bytes()),
            ]),
        )
        .unwrap();
        assert_eq!(
            pyenv::version_of_script(&copy).unwrap().to_string(),
            "1.6.3"
        );
        // A Windows base install: `C:\Python312\python.exe`, `C:\Python312\Lib\site-packages`.
        let base = dir.path().join("Python312");
        std::fs::create_dir_all(base.join("Lib/site-packages/modal-1.2.2.dist-info")).unwrap();
        std::fs::write(
            &copy,
            pip_launcher(&base.join("python.exe").display().to_string()),
        )
        .unwrap();
        assert_eq!(
            pyenv::version_of_script(&copy).unwrap().to_string(),
            "1.2.2"
        );
        // A program that is not a launcher: one line saying so.
        std::fs::write(&copy, pe_with_resources(&[("OTHER", b"x")])).unwrap();
        let why = pyenv::version_of_script(&copy).unwrap_err();
        assert!(why.contains("modal-*.dist-info"), "{why}");
        assert!(
            pyenv::interpreter(&copy)
                .unwrap_err()
                .contains("not a pip or uv launcher")
        );
    }

    #[test]
    fn a_broken_venv_falls_back_with_one_note_each() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let scripts = dir.path().join("scripts");
        std::fs::create_dir_all(&scripts).unwrap();
        let script = scripts.join(format!("modal{}", NATIVE.exe_suffix));
        std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
        make_executable(&script);
        let d = detect(None, &lookup(None, Some(&empty), Some(&scripts))).unwrap();
        assert_eq!(d.found, Found::Newest);
        assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
        assert!(d.notes[0].starts_with("VIRTUAL_ENV "), "{:?}", d.notes);
        assert!(d.notes[1].contains("modal-*.dist-info"), "{:?}", d.notes);
    }

    /// The POSIX layout is checked on Windows too (a venv made by WSL or copied over).
    #[test]
    fn posix_venvs_are_read_on_every_platform() {
        let dir = tempfile::tempdir().unwrap();
        let venv = fake_venv(dir.path(), "posix", "1.1.0", POSIX);
        let l = ClientLookup {
            current_exe: Some(venv.join("bin/modalcfg")),
            ..ClientLookup::default()
        };
        assert_eq!(detect(None, &l).unwrap().found, Found::OwnEnvironment(venv));
    }

    /// Real Windows paths: `PATH` split at `;`, `modal.exe` found there, the launcher's
    /// `C:\…\Scripts\python.exe` taken apart with backslashes, `%USERPROFILE%\.local\bin`.
    #[cfg(windows)]
    #[test]
    fn windows_path_and_launcher_end_to_end() {
        let dir = tempfile::tempdir().unwrap();
        let venv = fake_venv(dir.path(), "venv", "1.2.6", WINDOWS);
        let bin = dir.path().join(r".local\bin");
        std::fs::create_dir_all(&bin).unwrap();
        let python = format!(r"{}\Scripts\python.exe", venv.display());
        assert!(python.contains('\\') && !python.contains('/'), "{python}");
        std::fs::write(bin.join("modal.exe"), pip_launcher(&python)).unwrap();
        let path = std::env::join_paths([dir.path().join("nothing"), bin.clone()]).unwrap();
        assert!(path.to_string_lossy().contains(';'));
        let l = ClientLookup {
            path: Some(path),
            ..ClientLookup::default()
        };
        let d = detect(None, &l).unwrap();
        assert_eq!(d.found, Found::Path(bin.join("modal.exe")));
        assert_eq!(d.client.version().to_string(), "1.2.6");
        let l = ClientLookup {
            current_exe: Some(PathBuf::from(format!(
                r"{}\Scripts\modalcfg.exe",
                venv.display()
            ))),
            ..ClientLookup::default()
        };
        assert_eq!(detect(None, &l).unwrap().found, Found::OwnEnvironment(venv));
    }
}
