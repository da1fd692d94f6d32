//! Python environments on disk, as venv, pip, pipx, uv, Homebrew and the python.org
//! installers lay them out: where console scripts live and what they are called (the one
//! platform difference, [`NATIVE`]), which interpreter a script runs, and which
//! `modal-<version>.dist-info` an environment's `site-packages` holds. Reads files only;
//! never runs Python.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::Version;
use super::launcher;

/// Where an environment keeps its console scripts and what their files are called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The folder of console scripts in a prefix: `bin` or `Scripts`.
    pub scripts: &'static str,
    /// What ends an executable's name: `""` or `".exe"`.
    pub exe_suffix: &'static str,
}

/// Linux and macOS: `<prefix>/bin/modal`.
pub const POSIX: Layout = Layout {
    scripts: "bin",
    exe_suffix: "",
};

/// Windows: `<prefix>\Scripts\modal.exe`.
pub const WINDOWS: Layout = Layout {
    scripts: "Scripts",
    exe_suffix: ".exe",
};

/// The layout of the platform modalcfg runs on.
#[cfg(windows)]
pub const NATIVE: Layout = WINDOWS;
/// The layout of the platform modalcfg runs on.
#[cfg(not(windows))]
pub const NATIVE: Layout = POSIX;

/// A file the OS would run: on Unix a file with an execute bit, on Windows any file (the
/// name, `modal.exe`, is what makes it a program there).
#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The first `modal` (`modal.exe` on Windows) in `PATH` that the OS would run.
pub fn modal_on_path(path: &OsStr, layout: Layout) -> Option<PathBuf> {
    let name = format!("modal{}", layout.exe_suffix);
    std::env::split_paths(path)
        .filter(|d| !d.as_os_str().is_empty())
        .map(|d| d.join(&name))
        .find(|p| is_executable(p))
}

/// The prefix an executable in a scripts folder belongs to: `<prefix>/bin/x`,
/// `<prefix>\Scripts\x.exe`, `~/.local/bin/x` (pip `--user`). A link is followed first (pipx
/// and `uv tool` link `~/.local/bin/modal` into their tool venv): the file itself is what
/// belongs to an environment, the folder of links does not.
pub fn prefixes_of_executable(exe: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let is_link = std::fs::symlink_metadata(exe).is_ok_and(|m| m.file_type().is_symlink());
    let real = if is_link { resolved(exe) } else { None };
    for p in real.as_deref().into_iter().chain(std::iter::once(exe)) {
        if let Some(prefix) = p.parent().and_then(Path::parent) {
            push_new(&mut out, prefix.to_path_buf());
        }
    }
    out
}

/// A path with every link resolved, written the way the platform's users write paths
/// (Windows' `canonicalize` answers `\\?\C:\…`; the `\\?\` is dropped for a drive path).
fn resolved(path: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(path).ok()?;
    #[cfg(windows)]
    {
        let text = real.to_str()?;
        if let Some(rest) = text.strip_prefix(r"\\?\")
            && rest.as_bytes().get(1) == Some(&b':')
        {
            return Some(PathBuf::from(rest));
        }
    }
    Some(real)
}

/// The prefixes an interpreter may belong to: `<prefix>/bin/python3` and a venv's
/// `Scripts\python.exe` (two levels up), a Windows base install's `C:\Python312\python.exe`
/// (one level up); as written, then through links (Homebrew's `opt/python@3.12/bin/python3.12`
/// is a link into `Cellar/…/Frameworks/Python.framework/Versions/3.12`).
pub fn prefixes_of_interpreter(python: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let real = resolved(python);
    for p in std::iter::once(python).chain(real.as_deref()) {
        let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) else {
            continue;
        };
        if let Some(prefix) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
            push_new(&mut out, prefix.to_path_buf());
        }
        push_new(&mut out, dir.to_path_buf());
    }
    out
}

fn push_new(out: &mut Vec<PathBuf>, p: PathBuf) {
    if !out.contains(&p) {
        out.push(p);
    }
}

/// The interpreter a console script runs. A pip/uv script on Unix: `#!/path/python`, or pip's
/// `/bin/sh` trampoline for long paths (`'''exec' "/path/python" "$0" "$@"`). A Windows
/// launcher `.exe` (a PE file): see [`launcher`]; a relative path there is relative to the
/// launcher's folder.
pub fn interpreter(script: &Path) -> Result<PathBuf, String> {
    use std::io::Read;
    let mut file = std::fs::File::open(script).map_err(|e| format!("cannot read it ({e})"))?;
    let mut head = [0u8; 1024];
    let n = file
        .read(&mut head)
        .map_err(|e| format!("cannot read it ({e})"))?;
    if head[..n].starts_with(b"MZ") {
        let mut data = head[..n].to_vec();
        file.take(launcher::MAX_LAUNCHER_BYTES)
            .read_to_end(&mut data)
            .map_err(|e| format!("cannot read it ({e})"))?;
        let python = PathBuf::from(launcher::interpreter(&data)?);
        if python.is_relative()
            && let Some(dir) = script.parent()
        {
            return Ok(dir.join(python));
        }
        return Ok(python);
    }
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

/// The folders of installed packages in a prefix, on every platform's layout:
/// `lib/python3.X/site-packages` (venvs, pip `--user`, Homebrew, python.org framework builds),
/// `lib/python/site-packages` (the macOS framework user site, `~/Library/Python/3.X`),
/// `lib/python3/dist-packages` (Debian), `Lib\site-packages` (Windows venvs and installs),
/// `site-packages` (the Windows user site, `%APPDATA%\Python\Python3X`).
fn package_dirs(prefix: &Path) -> Vec<PathBuf> {
    let mut out = vec![
        prefix.join("Lib").join("site-packages"),
        prefix.join("site-packages"),
    ];
    for lib in ["lib", "lib64"] {
        let Ok(entries) = std::fs::read_dir(prefix.join(lib)) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("python") {
                out.push(e.path().join("site-packages"));
                out.push(e.path().join("dist-packages"));
            }
        }
    }
    out
}

/// The version in `modal-<version>.dist-info` of the first prefix that has one (the newest,
/// if a prefix holds several). `Err` says why none was found.
pub fn installed_in(prefixes: &[PathBuf]) -> Result<Version, String> {
    let mut why = String::from("no modal-*.dist-info in its site-packages");
    for prefix in prefixes {
        let mut found: Vec<Version> = Vec::new();
        for dir in package_dirs(prefix) {
            let Ok(entries) = std::fs::read_dir(&dir) else {
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
        if let Some(v) = found.iter().max() {
            return Ok(*v);
        }
    }
    Err(why)
}

/// The version of the package a console script belongs to: first the environment the script
/// sits in (a venv's `bin/` or `Scripts\`, `~/.local/bin`, followed through links), then its
/// interpreter's environment.
pub fn version_of_script(script: &Path) -> Result<Version, String> {
    installed_in(&prefixes_of_script(script)?)
}

/// The environments a console script may belong to, in [`version_of_script`]'s order.
pub fn prefixes_of_script(script: &Path) -> Result<Vec<PathBuf>, String> {
    let mut prefixes = prefixes_of_executable(script);
    let real = resolved(script).unwrap_or_else(|| script.to_path_buf());
    match interpreter(&real) {
        Ok(python) => {
            for p in prefixes_of_interpreter(&python) {
                push_new(&mut prefixes, p);
            }
        }
        Err(why) if prefixes.is_empty() => return Err(why),
        Err(_) => {}
    }
    Ok(prefixes)
}

/// A top-level module (a package folder or a `.py` file) is installed in one of these
/// environments' package folders: `has_module(prefixes, "pythonjsonlogger")`.
pub fn has_module(prefixes: &[PathBuf], module: &str) -> bool {
    prefixes.iter().flat_map(|p| package_dirs(p)).any(|dir| {
        dir.join(module).join("__init__.py").is_file() || dir.join(format!("{module}.py")).is_file()
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_module_is_found_in_any_layout() {
        let d = tempfile::tempdir().unwrap();
        let venv = d.path().join("venv");
        let site = venv.join("lib/python3.11/site-packages");
        std::fs::create_dir_all(&site).unwrap();
        let prefixes = [venv.clone()];
        assert!(!has_module(&prefixes, "pythonjsonlogger"));
        std::fs::create_dir_all(site.join("pythonjsonlogger")).unwrap();
        assert!(
            !has_module(&prefixes, "pythonjsonlogger"),
            "a folder without __init__.py"
        );
        std::fs::write(site.join("pythonjsonlogger/__init__.py"), "").unwrap();
        assert!(has_module(&prefixes, "pythonjsonlogger"));
        let win = d.path().join("win");
        std::fs::create_dir_all(win.join("Lib/site-packages")).unwrap();
        std::fs::write(win.join("Lib/site-packages/pythonjsonlogger.py"), "").unwrap();
        assert!(has_module(&[win], "pythonjsonlogger"));
    }

    /// Makes `path` a file the OS would run (an execute bit on Unix; any file on Windows).
    pub(crate) fn make_executable(path: &Path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = path;
    }

    fn dist_info(dir: &Path, version: &str) {
        std::fs::create_dir_all(dir.join(format!("modal-{version}.dist-info"))).unwrap();
    }

    #[test]
    fn every_platforms_package_folder_is_read() {
        let root = tempfile::tempdir().unwrap();
        let cases = [
            ("venv", "lib/python3.11/site-packages", "1.2.6"),
            ("debian", "lib/python3/dist-packages", "1.3.1"),
            ("macuser", "lib/python/site-packages", "1.5.0"),
            ("winvenv", "Lib/site-packages", "1.6.0"),
            ("winuser", "site-packages", "1.6.3"),
            ("fedora", "lib64/python3.12/site-packages", "1.1.0"),
        ];
        for (prefix, sp, v) in cases {
            dist_info(&root.path().join(prefix).join(sp), v);
            let got = installed_in(&[root.path().join(prefix)]).unwrap();
            assert_eq!(got.to_string(), v, "{prefix}");
        }
        // The first prefix with modal wins; an empty one is passed over.
        let empty = root.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let got = installed_in(&[empty.clone(), root.path().join("winvenv")]).unwrap();
        assert_eq!(got.to_string(), "1.6.0");
        assert!(
            installed_in(&[empty])
                .unwrap_err()
                .contains("modal-*.dist-info")
        );
    }

    #[test]
    fn interpreter_prefixes_cover_venvs_and_windows_base_installs() {
        let p = prefixes_of_interpreter(Path::new("/opt/py/bin/python3"));
        assert_eq!(p, [PathBuf::from("/opt/py"), PathBuf::from("/opt/py/bin")]);
        // A bare name (`#!python`) names no folder.
        assert!(prefixes_of_interpreter(Path::new("python")).is_empty());
    }

    #[test]
    fn the_path_lookup_uses_the_layouts_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("modal.exe");
        std::fs::write(&exe, b"MZ").unwrap();
        make_executable(&exe);
        assert_eq!(modal_on_path(dir.path().as_os_str(), WINDOWS), Some(exe));
        assert_eq!(modal_on_path(dir.path().as_os_str(), POSIX), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_without_an_execute_bit_is_not_run_from_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("modal"), "#!/x/bin/python\n").unwrap();
        assert_eq!(modal_on_path(dir.path().as_os_str(), POSIX), None);
    }

    /// A Homebrew Python: `/opt/homebrew/bin/modal` names
    /// `/opt/homebrew/opt/python@3.12/bin/python3.12`, a link into the Cellar's framework,
    /// whose `lib/python3.12/site-packages` holds modal.
    #[cfg(unix)]
    #[test]
    fn homebrew_and_framework_pythons_are_followed_through_their_links() {
        let root = tempfile::tempdir().unwrap();
        let brew = root.path().join("homebrew");
        let framework =
            brew.join("Cellar/python@3.12/3.12.7/Frameworks/Python.framework/Versions/3.12");
        std::fs::create_dir_all(framework.join("bin")).unwrap();
        std::fs::write(framework.join("bin/python3.12"), "").unwrap();
        dist_info(&framework.join("lib/python3.12/site-packages"), "1.5.0");
        let opt = brew.join("opt/python@3.12");
        std::fs::create_dir_all(opt.join("bin")).unwrap();
        std::os::unix::fs::symlink(framework.join("bin/python3.12"), opt.join("bin/python3.12"))
            .unwrap();
        // The script sits in a folder of links with no site-packages of its own.
        let scripts = root.path().join("elsewhere/bin");
        std::fs::create_dir_all(&scripts).unwrap();
        let modal = scripts.join("modal");
        std::fs::write(&modal, format!("#!{}/bin/python3.12\n", opt.display())).unwrap();
        make_executable(&modal);
        assert_eq!(version_of_script(&modal).unwrap().to_string(), "1.5.0");
        // A python.org framework build: the script sits in the framework's own bin/.
        let org = root
            .path()
            .join("Library/Frameworks/Python.framework/Versions/3.11");
        dist_info(&org.join("lib/python3.11/site-packages"), "1.2.6");
        std::fs::create_dir_all(org.join("bin")).unwrap();
        let modal = org.join("bin/modal");
        std::fs::write(&modal, format!("#!{}/bin/python3.11\n", org.display())).unwrap();
        assert_eq!(version_of_script(&modal).unwrap().to_string(), "1.2.6");
    }

    /// pipx and `uv tool`: `~/.local/bin/modal` is a link into the tool's venv.
    #[cfg(unix)]
    #[test]
    fn a_tool_link_on_path_leads_to_the_tool_venv() {
        let root = tempfile::tempdir().unwrap();
        let venv = root.path().join("pipx/venvs/modal");
        dist_info(&venv.join("lib/python3.12/site-packages"), "1.6.4");
        std::fs::create_dir_all(venv.join("bin")).unwrap();
        let real = venv.join("bin/modal");
        // `uv tool` writes a relative-looking shebang for a relocatable venv; the link is enough.
        std::fs::write(&real, "#!/bin/sh\necho\n").unwrap();
        make_executable(&real);
        let bin = root.path().join("local/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(&real, bin.join("modal")).unwrap();
        let found = modal_on_path(bin.as_os_str(), POSIX).unwrap();
        assert_eq!(found, bin.join("modal"));
        assert_eq!(version_of_script(&found).unwrap().to_string(), "1.6.4");
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
