//! The README's pictures are the app: `tools/record_demo.sh` records them from the release
//! binary and stores, beside them, the text of each frame the app drew (`assets/frames/`).
//! This test draws the same steps with the current code (same size, same configuration, same
//! keys) and fails when a frame differs, so a change to the screen cannot leave
//! `assets/screenshot.png` and `assets/demo.gif` behind.

use std::path::{Path, PathBuf};

use modalcfg::config::read::file::{ConfigFile, Source};
use modalcfg::env::Env;
use modalcfg::tui::app::{App, Options};
use modalcfg::tui::keymap::Action;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The recording's terminal and folder (`tools/record_demo.sh`: `cols`, `rows`, `work`).
const W: u16 = 120;
const H: u16 = 40;
const HOME: &str = "/tmp/modalcfg-demo/home";

/// What was on screen when the frame was taken: the file, the variables and the keys, in the
/// order the recording types them.
struct Step {
    frame: &'static str,
    /// `None`: the file does not exist (the welcome form).
    config: Option<&'static str>,
    keys: &'static [K],
}

#[derive(Clone, Copy)]
enum K {
    Code(KeyCode),
    Text(&'static str),
}

use K::{Code, Text};

const DEMO: &str = include_str!("../assets/demo.modal.toml");

/// Every frame `tools/record_demo.sh` stores, with the steps that lead to it there (all run
/// with `MODAL_LOGLEVEL=debug` exported first).
const STEPS: &[Step] = &[
    Step {
        frame: "01-start",
        config: Some(".modal.toml"),
        keys: &[],
    },
    Step {
        frame: "02-keys-pane",
        config: Some(".modal.toml"),
        keys: &[Code(KeyCode::Tab)],
    },
    Step {
        frame: "03-loglevel",
        config: Some(".modal.toml"),
        keys: &[Code(KeyCode::Tab), Code(KeyCode::Down), Code(KeyCode::Down)],
    },
    Step {
        frame: "04-set-only",
        config: Some(".modal.toml"),
        keys: &[
            Code(KeyCode::Tab),
            Code(KeyCode::Down),
            Code(KeyCode::Down),
            Text("."),
        ],
    },
    Step {
        frame: "05-welcome",
        config: None,
        keys: &[],
    },
    Step {
        frame: "06-welcome-filled",
        config: None,
        keys: &[
            Code(KeyCode::Enter),
            Text("ak-DemoNew0001"),
            Code(KeyCode::Enter),
            Text("as-demo-not-a-real-secret-1234"),
        ],
    },
    Step {
        frame: "07-switch",
        config: Some(".modal.toml"),
        keys: &[Code(KeyCode::Down)],
    },
];

fn frames_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frames")
}

/// The app after `step`, drawn as the terminal shows it: one line per row, trailing blanks
/// dropped (as `tmux capture-pane` gives it).
fn render(step: &Step) -> String {
    let (path, source) = match step.config {
        Some(name) => (format!("{HOME}/{name}"), Some(DEMO)),
        None => (format!("{HOME}/new/modal.toml"), None),
    };
    let env = Env::from_pairs([
        ("HOME", HOME),
        ("MODAL_CONFIG_PATH", path.as_str()),
        ("MODAL_LOGLEVEL", "debug"),
    ]);
    let file = match source {
        Some(text) => ConfigFile::from_bytes(Path::new(&path), text.as_bytes().to_vec()),
        None => ConfigFile {
            path: PathBuf::from(&path),
            source: Source::Missing,
        },
    };
    let mut app = App::new(env, file, Options::default());
    app.update(Action::Resize {
        width: W,
        height: H,
    });
    for k in step.keys {
        match k {
            Code(code) => app.handle_key(KeyEvent::new(*code, KeyModifiers::NONE)),
            Text(s) => s
                .chars()
                .for_each(|c| app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
        }
    }
    let mut t = Terminal::new(TestBackend::new(W, H)).unwrap();
    t.draw(|f| modalcfg::ui::render(&app, f)).unwrap();
    normalise(
        &t.backend()
            .to_string()
            .lines()
            .map(|l| {
                l.strip_prefix('"')
                    .and_then(|l| l.strip_suffix('"'))
                    .unwrap_or(l)
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Trailing blanks of each line and trailing empty lines do not count.
fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].join("\n")
}

/// The first line that differs, for the message.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i).copied(), g.get(i).copied());
        if a != b {
            return format!(
                "line {}:\n  recorded: {:?}\n  app now:  {:?}",
                i + 1,
                a.unwrap_or("<none>"),
                b.unwrap_or("<none>")
            );
        }
    }
    String::new()
}

#[test]
fn the_recorded_frames_are_what_the_app_draws_now() {
    let dir = frames_dir();
    let mut stale = Vec::new();
    for step in STEPS {
        let path = dir.join(format!("{}.txt", step.frame));
        let Ok(recorded) = std::fs::read_to_string(&path) else {
            stale.push(format!("{}: no recorded frame", path.display()));
            continue;
        };
        let now = render(step);
        let recorded = normalise(&recorded);
        if recorded != now {
            stale.push(format!(
                "{}: {}\n--- the app draws now:\n{now}",
                step.frame,
                first_difference(&recorded, &now)
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "the pictures (assets/screenshot.png, assets/demo.gif) no longer show the app: \
         re-run tools/record_demo.sh (it rewrites the pictures and assets/frames/).\n\n{}",
        stale.join("\n\n")
    );
}

/// The GIF's first scene is `modalcfg show --set` in the shell: its output, recorded beside
/// the frames, is what the binary prints now (the folder's path put back as recorded).
#[cfg(unix)]
#[test]
fn the_recorded_show_output_is_what_show_prints_now() {
    let recorded = std::fs::read_to_string(frames_dir().join("00-show-set.txt"))
        .expect("assets/frames/00-show-set.txt: re-run tools/record_demo.sh");
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join(".modal.toml");
    std::fs::write(&config, DEMO).unwrap();
    std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    // No `modal` on PATH, as in the recording: the newest release's rules.
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_modalcfg"))
        .args(["show", "--set"])
        .env_clear()
        .env("HOME", home.path())
        .env("USERPROFILE", home.path()) // Windows' home
        .env("PATH", empty.path())
        .env("MODAL_CONFIG_PATH", &config)
        .env("MODAL_LOGLEVEL", "debug")
        .output()
        .unwrap();
    let now = String::from_utf8(out.stdout)
        .unwrap()
        .replace(&home.path().display().to_string(), HOME);
    let (recorded, now) = (normalise(&recorded), normalise(&now));
    assert!(
        recorded == now,
        "the GIF's `modalcfg show --set` is not what it prints now: re-run \
         tools/record_demo.sh.\n{}\n--- it prints now:\n{now}",
        first_difference(&recorded, &now)
    );
}

#[test]
fn every_stored_frame_is_checked() {
    let mut stored: Vec<String> = std::fs::read_dir(frames_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    stored.sort();
    let mut checked: Vec<String> = STEPS.iter().map(|s| format!("{}.txt", s.frame)).collect();
    checked.insert(0, "00-show-set.txt".into());
    assert_eq!(
        stored, checked,
        "assets/frames/ and this test's STEPS name the same frames"
    );
}
