//! Racing writers (issue 7, part 2; issue 14): two modalcfg processes each `set --force` their
//! own unique keys over and over while an editor rewrites the same file, alternating an atomic
//! rewrite (temp file + rename) and an in-place truncate + write, each adding a unique comment
//! line. No update may be lost silently: every `set` that exits 0 is in the final file, every
//! refused one (exit 1) is not, and every editor comment survives.
//!
//! A `set` that finds the file changed since it loaded it re-plans its edit on the new contents
//! under the lock (the other key is not its own), so it is applied on top and says so on
//! stderr; it is refused only when it read the file while the editor was half-way through an
//! in-place rewrite. Three plain shell-like loops of `set` never fail at all.
//!
//! The editor holds the same lock (`File::lock` on `.modal.toml.modalcfg.lock`: `flock` on
//! Unix, `LockFileEx` on Windows) as modalcfg during its read-modify-write, the way a
//! cooperating tool would. An editor that takes no lock at all
//! can still slip in between modalcfg's final check and its rename (a window of microseconds),
//! and it can itself overwrite modalcfg's change with a stale buffer; no tool can rule that out
//! on its own.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use modalcfg::config::read::file::ConfigFile;
use modalcfg::py::PyValue;

const WRITERS: usize = 2;
const SETS_PER_WRITER: usize = 200;

#[derive(Debug)]
enum Outcome {
    /// Exit 0; `rebased`: the file had changed since loading and the set was applied on top.
    Applied {
        rebased: bool,
    },
    ChangedOnDisk,
    /// Read the file while the editor was rewriting it in place (refused, nothing written).
    ReadMidRewrite,
}

fn set(home: &Path, path: &Path, key: &str, value: &str) -> Outcome {
    let o = Command::new(env!("CARGO_BIN_EXE_modalcfg"))
        .env_clear()
        .env("HOME", home)
        .env("USERPROFILE", home) // Windows' home
        .env("MODAL_CONFIG_PATH", path)
        .current_dir(home)
        .args(["set", key, value, "--force", "--profile", "a"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    match o.status.code() {
        Some(0) => Outcome::Applied {
            rebased: err.contains("changed by another program since it was loaded"),
        },
        Some(1) if err.contains("changed on disk") && err.contains("nothing was written") => {
            Outcome::ChangedOnDisk
        }
        Some(1) if err.contains("cannot read this file") && err.contains("nothing was written") => {
            Outcome::ReadMidRewrite
        }
        c => panic!("set {key}: unexpected exit {c:?}: {err}"),
    }
}

/// `fs::rename`; on Windows retried while a modalcfg reading the file holds it open (Windows
/// without POSIX rename semantics, and Wine, refuse to replace an open file).
fn rename_retrying(from: &Path, to: &Path) {
    let start = std::time::Instant::now();
    loop {
        match fs::rename(from, to) {
            Err(e) if cfg!(windows) && start.elapsed() < Duration::from_secs(5) => {
                assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied, "{e}");
                std::thread::sleep(Duration::from_millis(2));
            }
            result => return result.unwrap(),
        }
    }
}

/// The lock modalcfg takes, taken as a cooperating tool must (`config/write/lock.rs`): after
/// the lock, check that the path still names the file locked (on Unix its holder deletes it
/// under the lock), else start over. Released when the descriptor is closed (dropped); the
/// file is left for the next writer, which a cooperating tool may do.
struct FileLock(#[allow(dead_code)] File);
impl FileLock {
    fn take(dir: &Path) -> FileLock {
        let path = modalcfg::config::disk::lock_path(dir, ".modal.toml".as_ref());
        loop {
            let f = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .unwrap();
            // The lock modalcfg takes (`flock` on Unix, `LockFileEx` on Windows).
            f.lock().unwrap();
            if still_names(&path, &f) {
                return FileLock(f);
            }
        }
    }
}

/// Whether `path` still names the locked file `f` (same device and inode).
#[cfg(unix)]
fn still_names(path: &Path, f: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (locked, named) = (f.metadata().unwrap(), fs::metadata(path));
    named.is_ok_and(|n| (n.dev(), n.ino()) == (locked.dev(), locked.ino()))
}

/// modalcfg never deletes the lock file on Windows (a file open elsewhere cannot be deleted).
#[cfg(not(unix))]
fn still_names(_path: &Path, _f: &File) -> bool {
    true
}

fn editor(dir: PathBuf, path: PathBuf, stop: Arc<AtomicBool>) -> Vec<String> {
    let mut written = Vec::new();
    let mut n: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        let line = format!("# editor note {n}\n");
        {
            let _lock = FileLock::take(&dir);
            let mut bytes = fs::read(&path).unwrap();
            bytes.extend_from_slice(line.as_bytes());
            if n.is_multiple_of(2) {
                // Like vim's default: write a new file, then rename it over the old one.
                let tmp = dir.join(".modal.toml.editor-swp");
                fs::write(&tmp, &bytes).unwrap();
                rename_retrying(&tmp, &path);
            } else {
                // Like `>` in a shell or many simple editors: truncate and write in place.
                let mut f = OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(&path)
                    .unwrap();
                f.write_all(&bytes[..bytes.len() / 2]).unwrap();
                f.flush().unwrap();
                std::thread::sleep(Duration::from_micros(300)); // a visible half-written state
                f.write_all(&bytes[bytes.len() / 2..]).unwrap();
            }
        }
        written.push(line.trim_end().to_string());
        n += 1;
        std::thread::sleep(Duration::from_millis(3 + n % 5));
    }
    written
}

#[test]
fn racing_writers_and_an_editor_lose_no_update() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().to_path_buf();
    let path = dir.join(".modal.toml");
    fs::write(&path, "# raced\n[a]\nactive = true\n").unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let ed = {
        let (d, p, s) = (dir.clone(), path.clone(), stop.clone());
        std::thread::spawn(move || editor(d, p, s))
    };
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (h, p) = (dir.clone(), path.clone());
            std::thread::spawn(move || {
                (0..SETS_PER_WRITER)
                    .map(|n| {
                        let (key, value) = (format!("k_{w}_{n}"), format!("v{w}.{n}"));
                        let out = set(&h, &p, &key, &value);
                        (key, value, out)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<_> = writers
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    stop.store(true, Ordering::Relaxed);
    let notes = ed.join().unwrap();

    let text = fs::read_to_string(&path).unwrap();
    let file = ConfigFile::from_bytes(&path, text.clone().into_bytes());
    assert!(file.error().is_none(), "{:?}", file.error());
    let a = file.profile("a").expect("profile a");
    let mut lost = 0;
    let (mut applied, mut rebased, mut changed, mut mid) = (0, 0, 0, 0);
    for (key, value, out) in &results {
        let got = a.get(key).map(|e| e.value.clone());
        match out {
            Outcome::Applied { rebased: r } => {
                applied += 1;
                rebased += usize::from(*r);
                if got != Some(PyValue::Str(value.clone())) {
                    lost += 1;
                    eprintln!("LOST: {key} exited 0 but the file has {got:?}");
                }
            }
            Outcome::ChangedOnDisk | Outcome::ReadMidRewrite => {
                if matches!(out, Outcome::ChangedOnDisk) {
                    changed += 1;
                } else {
                    mid += 1;
                }
                assert!(got.is_none(), "{key} was refused but is in the file");
            }
        }
    }
    for note in &notes {
        if !text.lines().any(|l| l == note) {
            lost += 1;
            eprintln!("LOST: editor line {note:?}");
        }
    }
    let keys = a.entries.iter().filter(|e| e.key.starts_with("k_")).count();
    assert_eq!(keys, applied, "keys in the file vs sets that exited 0");
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".modalcfg-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!(
        "races: {} modalcfg sets from {WRITERS} processes at a time against {} editor rewrites: {applied} applied ({rebased} of them on top of a change made since loading), {changed} refused as changed on disk, {mid} refused after reading a half-rewritten file; updates lost: {lost}",
        results.len(),
        notes.len()
    );
    assert_eq!(lost, 0);
    assert!(
        rebased + changed + mid > 0,
        "no write ever met a change made since loading: the race did not happen"
    );
    // Two writers of distinct keys never conflict: a refusal only ever comes from reading a
    // half-rewritten file, never from the other writer.
    assert_eq!(changed, 0, "sets of distinct keys were refused as changed");
}

/// The case: three shell-like loops, each setting its own keys in the same profile,
/// all at once. Every set succeeds (re-planned on top of the others' writes when needed) and
/// every key ends up in the file.
#[test]
fn three_parallel_loops_of_sets_all_succeed() {
    const LOOPS: usize = 3;
    const SETS: usize = 50;
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().to_path_buf();
    let path = dir.join(".modal.toml");
    fs::write(&path, "# loops\n[a]\nactive = true\n").unwrap();
    let loops: Vec<_> = (0..LOOPS)
        .map(|w| {
            let (h, p) = (dir.clone(), path.clone());
            std::thread::spawn(move || {
                (0..SETS)
                    .map(|n| set(&h, &p, &format!("k{w}_{n}"), &n.to_string()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let outcomes: Vec<_> = loops.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let failures = outcomes
        .iter()
        .filter(|o| !matches!(o, Outcome::Applied { .. }))
        .count();
    let rebased = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Applied { rebased: true }))
        .count();
    let file = ConfigFile::from_bytes(&path, fs::read(&path).unwrap());
    let a = file.profile("a").expect("profile a");
    let keys = a.entries.iter().filter(|e| e.key.starts_with('k')).count();
    eprintln!(
        "{LOOPS} loops of {SETS} sets: {failures} failures, {rebased} applied on top of another's write, {keys} keys in the file"
    );
    assert_eq!(failures, 0, "{outcomes:?}");
    assert_eq!(keys, LOOPS * SETS);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# loops\n[a]\nactive = true\n"), "{text}");
}
