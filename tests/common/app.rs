//! An [`App`] loaded from a real file in a temporary HOME, for tests of its writes and
//! reloads.
//!
//! Not every test crate that includes `mod common;` builds one.
#![allow(dead_code)]

use std::path::PathBuf;

use modalcfg::env::Env;
use modalcfg::tui::app::{App, Options};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub struct Setup {
    /// Kept alive for as long as the app uses the file.
    _dir: tempfile::TempDir,
    /// `<tempdir>/.modal.toml`, also `MODAL_CONFIG_PATH`.
    pub path: PathBuf,
    pub app: App,
}

/// `HOME` is a fresh temporary folder and `MODAL_CONFIG_PATH` its `.modal.toml`, holding
/// `text` with mode 0600 (or missing when `None`); `vars` are added to that environment.
pub fn setup(text: Option<&str>, vars: &[(&str, &str)]) -> Setup {
    let dir = short_tempdir();
    // `/` as on Unix (Windows takes it too), so screens show `[TMP]/.modal.toml` everywhere.
    let path = PathBuf::from(format!("{}/.modal.toml", dir.path().display()));
    if let Some(t) = text {
        std::fs::write(&path, t).unwrap();
        // As the client and modalcfg create it: only its owner may read it (a file others
        // may read is warned about when it holds a secret; the tests of that set the mode).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    let mut pairs: Vec<(String, String)> = vec![
        ("HOME".into(), dir.path().display().to_string()),
        ("MODAL_CONFIG_PATH".into(), path.display().to_string()),
    ];
    pairs.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let app = App::load(Env::from_pairs(pairs), Options::default());
    Setup {
        _dir: dir,
        path,
        app,
    }
}

/// A temporary folder with a path as short as Linux's `/tmp/.tmpXXXXXX`, so the screens that
/// show it fit the same width: `C:\t\.tmpXXXXXX` on Windows.
fn short_tempdir() -> tempfile::TempDir {
    if cfg!(windows) {
        let root = std::path::Path::new(r"C:\t");
        std::fs::create_dir_all(root).unwrap();
        tempfile::tempdir_in(root).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    }
}

/// The app drawn at `w`x`h` (after a resize to that size) into a ratatui `TestBackend`, as
/// text, one quoted line per row.
pub fn draw(app: &mut App, w: u16, h: u16) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    app.update(modalcfg::tui::keymap::Action::Resize {
        width: w,
        height: h,
    });
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| modalcfg::ui::render(app, f)).unwrap();
    t.backend().to_string()
}

/// One key press without modifiers.
pub fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// An app on `text` as `/home/user/.modal.toml` (no file when `None`), never touching the
/// disk, with `HOME=/home/user` and `vars`.
pub fn in_memory(text: Option<&str>, vars: &[(&str, &str)]) -> App {
    use modalcfg::config::read::file::{ConfigFile, Source};
    let mut pairs = vec![("HOME", "/home/user")];
    pairs.extend_from_slice(vars);
    let path = std::path::Path::new("/home/user/.modal.toml");
    let file = match text {
        Some(t) => ConfigFile::from_bytes(path, t.as_bytes().to_vec()),
        None => ConfigFile {
            path: path.into(),
            source: Source::Missing,
        },
    };
    App::new(Env::from_pairs(pairs), file, Options::default())
}

/// From the main screen: the keys pane, filtered to `loglevel`, and its value picker.
pub const TO_LOGLEVEL_PICKER: &[KeyCode] = &[
    KeyCode::Right,
    KeyCode::Char('/'),
    KeyCode::Char('l'),
    KeyCode::Char('o'),
    KeyCode::Char('g'),
    KeyCode::Char('l'),
    KeyCode::Enter,
    KeyCode::Char('e'),
];
