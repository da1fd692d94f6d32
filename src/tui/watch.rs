//! Changes made to the config file elsewhere, without a timer: `notify` (inotify on Linux,
//! FSEvents on macOS, ReadDirectoryChangesW on Windows) watches the file's folder (an atomic
//! rename replaces the file's inode, so a watch on the file itself would go blind after the
//! first such write; a symlink's target folder is watched too) and calls the event loop's
//! waker when an event names the file. Where no watcher can be set up (the folder does not
//! exist), a slow poll of the file's size and time is the fallback.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use notify::{RecursiveMode, Watcher};

/// How often the fallback looks at the file.
pub const FALLBACK_POLL: Duration = Duration::from_secs(2);

/// What `stat` says about the file (the fallback's change detector).
type Stamp = Option<(u64, Option<SystemTime>)>;

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

pub struct Watch {
    /// Set by the watcher when it saw an event about the file.
    woken: Arc<AtomicBool>,
    /// Kept alive while the app runs (dropping it stops the watching thread).
    _watcher: Option<notify::RecommendedWatcher>,
    /// Without a watcher: the file and what `stat` said last time.
    fallback: Option<(PathBuf, Stamp)>,
}

impl Watch {
    /// Starts watching the folder of `path` (and of its target when it is a symlink);
    /// `wake` is called (on the watcher's thread) after each event about the file.
    pub fn new(path: &Path, wake: impl FnMut() + Send + 'static) -> Watch {
        let woken = Arc::new(AtomicBool::new(false));
        let watcher = start(path, woken.clone(), wake).ok();
        let fallback = watcher.is_none().then(|| (path.to_path_buf(), stamp(path)));
        Watch {
            woken,
            _watcher: watcher,
            fallback,
        }
    }

    /// How long the event loop may sleep: forever with a watcher.
    pub fn timeout(&self) -> Option<Duration> {
        self.fallback.as_ref().map(|_| FALLBACK_POLL)
    }

    /// Whether the file may have changed: the watcher saw an event since the last call, or
    /// (fallback) the file's size or time differ from last time.
    pub fn changed(&mut self) -> bool {
        let woken = self.woken.swap(false, Ordering::SeqCst);
        if let Some((path, last)) = &mut self.fallback {
            let now = stamp(path);
            if now != *last {
                *last = now;
                return true;
            }
        }
        woken
    }

    /// Whether a watcher (not the fallback poll) is running.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn is_watching(&self) -> bool {
        self._watcher.is_some()
    }
}

/// The watcher on the folders of `path` and of its symlink target; events that name one of
/// those files set `woken` and call `wake`.
fn start(
    path: &Path,
    woken: Arc<AtomicBool>,
    mut wake: impl FnMut() + Send + 'static,
) -> notify::Result<notify::RecommendedWatcher> {
    let mut places: Vec<(PathBuf, OsString)> = Vec::new();
    let mut add = |p: &Path| {
        if let Some(name) = p.file_name() {
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if !places.iter().any(|(d, n)| d == &dir && n == name) {
                places.push((dir, name.to_os_string()));
            }
        }
    };
    add(path);
    if let Ok(target) = std::fs::canonicalize(path) {
        add(&target);
    }
    let names: Vec<OsString> = places.iter().map(|(_, n)| n.clone()).collect();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // A lost event (queue overflow): look at the file to be sure.
        if res.as_ref().map_or(true, |ev| names_one_of(ev, &names)) {
            woken.store(true, Ordering::SeqCst);
            wake();
        }
    })?;
    let mut dirs: Vec<&PathBuf> = places.iter().map(|(d, _)| d).collect();
    dirs.dedup();
    for dir in dirs {
        watcher.watch(dir, RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}

/// The event is about one of these file names (the folder holds other files too).
fn names_one_of(ev: &notify::Event, names: &[OsString]) -> bool {
    ev.paths
        .iter()
        .any(|p| p.file_name().is_some_and(|n| names.iter().any(|m| m == n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn wait_changed(w: &mut Watch) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if w.changed() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn an_atomic_rename_over_the_file_is_noticed_and_later_writes_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".modal.toml");
        std::fs::write(&path, "[a]\n").unwrap();
        let mut w = Watch::new(&path, || {});
        assert!(w.is_watching(), "inotify is available here");
        assert!(!w.changed());
        let tmp = dir.path().join(".modal.toml.tmp");
        std::fs::write(&tmp, "[b]\n").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        assert!(wait_changed(&mut w), "the rename was not noticed");
        // A second write after the inode was replaced is still seen.
        std::fs::write(&path, "[c]\n").unwrap();
        assert!(
            wait_changed(&mut w),
            "a write after the rename was not noticed"
        );
    }

    #[test]
    fn only_events_about_the_file_count() {
        let names = [OsString::from(".modal.toml")];
        let ev = |p: &str| notify::Event::new(notify::EventKind::Any).add_path(PathBuf::from(p));
        assert!(names_one_of(&ev("/h/.modal.toml"), &names));
        assert!(!names_one_of(&ev("/h/.bash_history"), &names));
        assert!(!names_one_of(&ev("/h/.modal.toml.tmp"), &names));
    }

    #[test]
    fn without_a_folder_to_watch_the_fallback_polls() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join(".modal.toml");
        let mut w = Watch::new(&path, || {});
        assert!(!w.is_watching());
        assert_eq!(w.timeout(), Some(FALLBACK_POLL));
        assert!(!w.changed());
        std::fs::create_dir(dir.path().join("missing")).unwrap();
        std::fs::write(&path, "[a]\n").unwrap();
        assert!(w.changed());
    }
}
