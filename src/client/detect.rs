//! Which Modal client the user would run, found without running Python or touching the
//! network: `--client-version`, then `MODALCFG_CLIENT_VERSION`, then the active
//! `VIRTUAL_ENV`, then the `modal` executable on `PATH` (its shebang names the interpreter,
//! whose `site-packages` holds `modal-<version>.dist-info`), else the newest known release.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

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
            Found::Path(p) => format!("PATH: {}", p.display()),
            Found::Newest => "no modal found: the newest release modalcfg knows".into(),
        }
    }
}

/// The client to resolve with, how it was found, and one-line notes (fallbacks, warnings).
#[derive(Debug, Clone)]
pub struct Detected {
    pub client: Client,
    pub found: Found,
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
        match installed_in(std::slice::from_ref(&venv)) {
            Ok(v) => return Ok(found(v, Found::VirtualEnv(venv), notes)),
            Err(why) => notes.push(format!(
                "VIRTUAL_ENV {}: {why}; looking for modal on PATH",
                venv.display()
            )),
        }
    }
    if let Some(exe) = lookup.path.as_deref().and_then(modal_on_path) {
        match version_of_script(&exe) {
            Ok(v) => return Ok(found(v, Found::Path(exe), notes)),
            Err(why) => notes.push(format!("{}: {why}", exe.display())),
        }
    }
    Ok(Detected {
        client: Client::newest(),
        found: Found::Newest,
        notes,
    })
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

/// The first executable file named `modal` in `PATH`.
#[cfg(unix)] // Windows port: the wheel helper (issue 19)
fn modal_on_path(path: &OsStr) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path)
        .filter(|d| !d.as_os_str().is_empty())
        .map(|d| d.join("modal"))
        .find(|p| {
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

#[cfg(not(unix))]
fn modal_on_path(_path: &OsStr) -> Option<PathBuf> {
    None
}

/// The version of the package a console script belongs to: first the environment the script
/// sits in (a venv's `bin/`, `~/.local/bin`), then its interpreter's environment.
fn version_of_script(script: &Path) -> Result<Version, String> {
    // pipx and uv link the script into ~/.local/bin; the venv is where the link points.
    let script = std::fs::canonicalize(script).unwrap_or_else(|_| script.to_path_buf());
    let mut prefixes = Vec::new();
    if let Some(prefix) = script.parent().and_then(Path::parent) {
        prefixes.push(prefix.to_path_buf());
    }
    match interpreter(&script) {
        Ok(python) => {
            if let Some(prefix) = python.parent().and_then(Path::parent)
                && !prefixes.contains(&prefix.to_path_buf())
            {
                prefixes.push(prefix.to_path_buf());
            }
        }
        Err(why) if prefixes.is_empty() => return Err(why),
        Err(_) => {}
    }
    installed_in(&prefixes)
}

/// The interpreter a pip-written script runs: `#!/path/python`, or pip's `/bin/sh`
/// trampoline for long paths (`'''exec' "/path/python" "$0" "$@"`).
fn interpreter(script: &Path) -> Result<PathBuf, String> {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(script)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("cannot read it ({e})"))?;
    let text = String::from_utf8_lossy(&head[..n]);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let Some(shebang) = first.strip_prefix("#!") else {
        return Err("not a Python script (no #! line)".into());
    };
    let shebang = shebang.trim();
    if shebang == "/bin/sh" {
        if let Some(line) = lines.next()
            && let Some(rest) = line.strip_prefix("'''exec' \"")
            && let Some((python, _)) = rest.split_once('"')
        {
            return Ok(PathBuf::from(python));
        }
        return Err("a shell script, not a pip entry point".into());
    }
    let python = shebang.split_whitespace().next().unwrap_or("");
    if python.ends_with("/env") {
        return Err("its #! line uses env; looking next to the script only".into());
    }
    Ok(PathBuf::from(python))
}

/// `modal-<version>.dist-info` in `<prefix>/lib/python*/site-packages` (or `dist-packages`)
/// of the first prefix that has one.
fn installed_in(prefixes: &[PathBuf]) -> Result<Version, String> {
    let mut why = String::from("no modal-*.dist-info in its site-packages");
    for prefix in prefixes {
        let Ok(libs) = std::fs::read_dir(prefix.join("lib")) else {
            continue;
        };
        let mut found: Vec<Version> = Vec::new();
        for lib in libs.flatten() {
            if !lib.file_name().to_string_lossy().starts_with("python") {
                continue;
            }
            for packages in ["site-packages", "dist-packages"] {
                let Ok(entries) = std::fs::read_dir(lib.path().join(packages)) else {
                    continue;
                };
                for e in entries.flatten() {
                    let name = e.file_name();
                    let name = name.to_string_lossy();
                    if let Some(v) = name
                        .strip_prefix("modal-")
                        .and_then(|r| r.strip_suffix(".dist-info"))
                    {
                        match Version::parse(v) {
                            Some(v) => found.push(v),
                            None => why = format!("unreadable version in {name}"),
                        }
                    }
                }
            }
        }
        if let Some(v) = found.iter().max() {
            return Ok(*v);
        }
    }
    Err(why)
}

#[cfg(all(test, unix))] // Windows: the wheel helper (issue 19)
mod tests {
    use super::*;

    fn lookup(version: Option<&str>, venv: Option<&Path>, path: Option<&Path>) -> ClientLookup {
        ClientLookup {
            version: version.map(str::to_string),
            virtual_env: venv.map(|p| p.as_os_str().to_owned()),
            path: path.map(|p| p.as_os_str().to_owned()),
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

    fn fake_venv(root: &Path, version: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let venv = root.join("venv");
        let sp = venv.join("lib/python3.11/site-packages");
        std::fs::create_dir_all(sp.join(format!("modal-{version}.dist-info"))).unwrap();
        std::fs::create_dir_all(venv.join("bin")).unwrap();
        let script = venv.join("bin/modal");
        std::fs::write(
            &script,
            format!("#!{}/bin/python\nimport sys\n", venv.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        venv
    }

    #[test]
    fn finds_the_virtual_env_then_path() {
        let dir = tempfile::tempdir().unwrap();
        let venv = fake_venv(dir.path(), "1.6.4");
        let d = detect(None, &lookup(None, Some(&venv), None)).unwrap();
        assert_eq!(d.found, Found::VirtualEnv(venv.clone()));
        assert_eq!(d.client.version().to_string(), "1.6.4");
        let bin = venv.join("bin");
        let d = detect(None, &lookup(None, None, Some(&bin))).unwrap();
        assert_eq!(d.found, Found::Path(bin.join("modal")));
        assert!(d.notes.is_empty(), "{:?}", d.notes);
    }

    #[test]
    fn a_broken_venv_falls_back_with_one_note_each() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let script = bin.join("modal");
        std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let d = detect(None, &lookup(None, Some(&empty), Some(&bin))).unwrap();
        assert_eq!(d.found, Found::Newest);
        assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
        assert!(d.notes[0].starts_with("VIRTUAL_ENV "), "{:?}", d.notes);
        assert!(d.notes[1].contains("modal-*.dist-info"), "{:?}", d.notes);
    }

    #[test]
    fn pips_long_path_trampoline_names_the_interpreter() {
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path().join("modal");
        std::fs::write(
            &s,
            "#!/bin/sh\n'''exec' \"/very/long/venv/bin/python\" \"$0\" \"$@\"\n' '''\n",
        )
        .unwrap();
        assert_eq!(
            interpreter(&s).unwrap(),
            PathBuf::from("/very/long/venv/bin/python")
        );
    }
}
