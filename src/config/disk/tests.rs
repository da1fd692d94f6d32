use super::temp::is_our_temp;
use super::*;
use std::ffi::OsStr;
use std::fs::Permissions;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt, symlink};
use std::sync::mpsc;

/// The plain save: waits for the lock, refuses a changed file.
fn save_atomic(
    path: &Path,
    contents: &[u8],
    expected: &Fingerprint,
) -> Result<SaveOutcome, SaveError> {
    save(path, contents, expected, None, Wait::ForLock)
}

const SECRET: &[u8] = b"[default]\ntoken_id = \"ak-1\"\ntoken_secret = \"as-SECRET\"\n";
const NEW: &[u8] = b"[default]\ntoken_id = \"ak-2\"\ntoken_secret = \"as-NEWSECRET\"\n";

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}
#[macro_use]
#[path = "../../../tests/common/unprivileged.rs"]
mod unprivileged;
use unprivileged::{cannot_run, is_root};
/// Write `bytes` at `p` with `m` and return the fingerprint a loader would record.
fn put(p: &Path, bytes: &[u8], m: u32) -> Fingerprint {
    fs::write(p, bytes).unwrap();
    fs::set_permissions(p, Permissions::from_mode(m)).unwrap();
    fingerprint(read_config(p).unwrap().as_deref())
}
fn temps_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".modalcfg-"))
        .collect()
}
fn no_secret(text: &str) {
    assert!(!text.contains("SECRET"), "contents leaked into: {text}");
}

#[test]
fn new_file_gets_0600_and_missing_parents_0700() {
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join("a/b/.modal.toml");
    assert_eq!(read_config(&path).unwrap(), None);
    let out = save_atomic(&path, NEW, &fingerprint(None)).unwrap();
    assert_eq!(fs::read(&path).unwrap(), NEW);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&t.path().join("a")), 0o700);
    assert_eq!(mode(&t.path().join("a/b")), 0o700);
    let canon = fs::canonicalize(t.path()).unwrap();
    assert_eq!(out.created_dirs, [canon.join("a"), canon.join("a/b")]);
    assert!(out.created && out.locked && out.dir_synced);
    assert_eq!(out.target, canon.join("a/b/.modal.toml"));
    assert!(temps_in(&t.path().join("a/b")).is_empty());
}

#[test]
fn existing_mode_0640_is_kept_and_0644_not_tightened() {
    let t = tempfile::tempdir().unwrap();
    for m in [0o640, 0o644, 0o600] {
        let p = t.path().join(format!("f{m:o}.toml"));
        let fp = put(&p, SECRET, m);
        let out = save_atomic(&p, NEW, &fp).unwrap();
        assert!(!out.created && out.created_dirs.is_empty());
        assert_eq!((fs::read(&p).unwrap(), mode(&p)), (NEW.to_vec(), m));
    }
}

#[test]
fn owner_is_kept_when_root() {
    if !is_root() {
        return cannot_run(&test_name!(owner_is_kept_when_root), "chown needs root");
    }
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o640);
    std::os::unix::fs::chown(&p, Some(12345), Some(23456)).unwrap();
    save_atomic(&p, NEW, &fp).unwrap();
    let m = fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid(), mode(&p)), (12345, 23456, 0o640));
}

#[test]
fn absolute_symlink_stays_a_link_and_target_changes() {
    let t = tempfile::tempdir().unwrap();
    let real = t.path().join("store/real.toml");
    fs::create_dir(t.path().join("store")).unwrap();
    let fp = put(&real, SECRET, 0o600);
    let link = t.path().join(".modal.toml");
    symlink(&real, &link).unwrap();
    assert_eq!(fingerprint(read_config(&link).unwrap().as_deref()), fp);
    let out = save_atomic(&link, NEW, &fp).unwrap();
    assert_eq!(out.target, fs::canonicalize(&real).unwrap());
    assert_eq!(fs::read_link(&link).unwrap(), real);
    assert_eq!(fs::read(&real).unwrap(), NEW);
}

#[test]
fn relative_symlink_into_dotfiles_stays_relative() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    fs::create_dir_all(home.join("dotfiles")).unwrap();
    let fp = put(&home.join("dotfiles/modal.toml"), SECRET, 0o640);
    symlink("dotfiles/modal.toml", home.join(".modal.toml")).unwrap();
    save_atomic(&home.join(".modal.toml"), NEW, &fp).unwrap();
    assert_eq!(
        fs::read_link(home.join(".modal.toml")).unwrap(),
        Path::new("dotfiles/modal.toml")
    );
    assert_eq!(fs::read(home.join("dotfiles/modal.toml")).unwrap(), NEW);
    assert_eq!(mode(&home.join("dotfiles/modal.toml")), 0o640);
    assert!(temps_in(&home).is_empty() && temps_in(&home.join("dotfiles")).is_empty());
}

#[test]
fn chain_of_two_links_writes_the_final_target() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    fs::create_dir_all(d.join("x/y")).unwrap();
    let fp = put(&d.join("x/y/final.toml"), SECRET, 0o600);
    symlink("../x/y/final.toml", d.join("x/mid")).unwrap(); // relative to x/
    symlink(d.join("x/mid"), d.join(".modal.toml")).unwrap(); // absolute
    assert_eq!(
        resolve_target(&d.join(".modal.toml")).unwrap(),
        fs::canonicalize(d).unwrap().join("x/y/final.toml")
    );
    save_atomic(&d.join(".modal.toml"), NEW, &fp).unwrap();
    assert!(
        fs::symlink_metadata(d.join(".modal.toml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(d.join("x/mid"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(d.join("x/y/final.toml")).unwrap(), NEW);
}

#[test]
fn relative_link_behind_a_symlinked_folder_resolves_like_the_kernel() {
    // home/cfg -> ../a/real (a folder link); a/real/.modal.toml -> ../dotfiles/m.toml.
    // The kernel resolves `..` from the link's real folder (a/), not lexically (home/).
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    fs::create_dir_all(d.join("a/real")).unwrap();
    fs::create_dir_all(d.join("a/dotfiles")).unwrap();
    fs::create_dir_all(d.join("home/dotfiles")).unwrap(); // the wrong, lexical answer
    let fp = put(&d.join("a/dotfiles/m.toml"), SECRET, 0o600);
    symlink("../a/real", d.join("home/cfg")).unwrap();
    symlink("../dotfiles/m.toml", d.join("a/real/.modal.toml")).unwrap();
    let via = d.join("home/cfg/.modal.toml");
    let canon = fs::canonicalize(d).unwrap();
    assert_eq!(
        resolve_target(&via).unwrap(),
        canon.join("a/dotfiles/m.toml")
    );
    save_atomic(&via, NEW, &fp).unwrap();
    assert_eq!(fs::read(d.join("a/dotfiles/m.toml")).unwrap(), NEW);
    assert!(!d.join("home/dotfiles/m.toml").exists());
}

#[test]
fn dangling_link_creates_the_target_and_its_folder() {
    let t = tempfile::tempdir().unwrap();
    let link = t.path().join(".modal.toml");
    symlink("dotfiles/modal.toml", &link).unwrap();
    assert_eq!(read_config(&link).unwrap(), None);
    let out = save_atomic(&link, NEW, &Fingerprint::ABSENT).unwrap();
    assert!(out.created);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&link).unwrap(), NEW);
    assert_eq!(mode(&t.path().join("dotfiles/modal.toml")), 0o600);
    assert_eq!(mode(&t.path().join("dotfiles")), 0o700);
}

#[test]
fn symlink_loops_are_errors() {
    let t = tempfile::tempdir().unwrap();
    symlink("b", t.path().join("a")).unwrap();
    symlink("a", t.path().join("b")).unwrap();
    symlink("self", t.path().join("self")).unwrap();
    for name in ["a", "self"] {
        let e = resolve_target(&t.path().join(name)).unwrap_err();
        assert!(e.to_string().contains("loop"), "{e}");
        let e = save_atomic(&t.path().join(name), NEW, &Fingerprint::ABSENT).unwrap_err();
        assert!(
            matches!(
                e,
                SaveError::Io {
                    op: "resolve the symbolic links of",
                    ..
                }
            ),
            "{e}"
        );
    }
}

#[test]
fn changed_on_disk_is_refused_and_original_untouched() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let expect_refused = |fp: &Fingerprint, on_disk: Option<&[u8]>| {
        let e = save_atomic(&p, NEW, fp).unwrap_err();
        assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e}");
        assert!(e.to_string().contains(".modal.toml"));
        no_secret(&format!("{e} {e:?}"));
        assert_eq!(read_config(&p).unwrap().as_deref(), on_disk);
        assert!(temps_in(t.path()).is_empty());
    };
    // Bytes differ: loaded SECRET, someone else wrote other bytes.
    let fp = put(&p, SECRET, 0o600);
    fs::write(&p, b"other = 1\n").unwrap();
    expect_refused(&fp, Some(b"other = 1\n"));
    // Deleted since loading.
    let fp = put(&p, SECRET, 0o600);
    fs::remove_file(&p).unwrap();
    expect_refused(&fp, None);
    // Deleted together with its folder: refused, and the folder is not recreated.
    let sub = t.path().join("sub");
    fs::create_dir(&sub).unwrap();
    let fp_sub = put(&sub.join("c.toml"), SECRET, 0o600);
    fs::remove_dir_all(&sub).unwrap();
    let e = save_atomic(&sub.join("c.toml"), NEW, &fp_sub).unwrap_err();
    assert!(
        matches!(e, SaveError::ChangedOnDisk { .. }) && !sub.exists(),
        "{e}"
    );
    // Appeared since loading (loaded as absent).
    fs::write(&p, SECRET).unwrap();
    expect_refused(&Fingerprint::ABSENT, Some(SECRET));
}

#[test]
fn directory_at_path_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    fs::create_dir(&p).unwrap();
    let e = save_atomic(&p, NEW, &Fingerprint::ABSENT).unwrap_err();
    assert!(
        matches!(
            e,
            SaveError::NotARegularFile {
                kind: "directory",
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.to_string().contains("is a directory, not a regular file"),
        "{e}"
    );
    // What the client's open() gets: EISDIR.
    let e = read_config(&p).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EISDIR), "{e}");
    assert!(temps_in(t.path()).is_empty());
}

#[test]
fn fifo_and_dev_null_are_read_like_the_client_but_never_written() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
    // SAFETY: valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // Also through a symlink, which read_config follows.
    symlink(&p, t.path().join("link")).unwrap();
    let (tx, rx) = mpsc::channel();
    let (p2, l2) = (p.clone(), t.path().join("link"));
    std::thread::spawn(move || {
        let saved = save_atomic(&l2, NEW, &Fingerprint::ABSENT).map_err(|e| e.to_string());
        let read = read_config(&p2).map_err(|e| e.to_string());
        let _ = tx.send((saved, read));
    });
    let (saved, read) = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("blocked on the FIFO");
    assert!(
        saved
            .unwrap_err()
            .contains("is a FIFO (named pipe), not a regular file")
    );
    // Nobody writes to it: empty, as the client would read it once a writer closed it.
    assert_eq!(read.unwrap(), Some(Vec::new()));
    assert!(fs::symlink_metadata(&p).unwrap().file_type().is_fifo());
    // Nothing was created beside it (no lock file, no temp file).
    assert_eq!(fs::read_dir(t.path()).unwrap().count(), 2);
    // A FIFO someone writes to gives what was written.
    let writer = std::thread::spawn({
        let p = p.clone();
        move || fs::write(&p, b"[a]\n").unwrap()
    });
    std::thread::sleep(Duration::from_millis(50));
    let got = read_config(&p).unwrap().unwrap();
    writer.join().unwrap();
    assert!(got.is_empty() || got == b"[a]\n", "{got:?}");
    assert_eq!(
        read_config(Path::new("/dev/null")).unwrap(),
        Some(Vec::new())
    );
    let e = save_atomic(Path::new("/dev/null"), NEW, &fingerprint(Some(b""))).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
    assert!(fs::symlink_metadata("/dev/.null.modalcfg.lock").is_err());
    let e = read_config(Path::new("/dev/zero")).unwrap_err();
    assert!(e.to_string().contains("more than 16 MiB"), "{e}");
}

#[test]
fn stale_temp_files_of_ours_are_removed_others_kept() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o600);
    let stale = [
        ".modal.toml.modalcfg-4242-Ab3dE6gH9k.tmp",
        ".other.toml.modalcfg-1-0123456789.tmp",
    ];
    let keep = [
        ".modal.toml.modalcfg-4242-short.tmp",
        "modal.toml.modalcfg-1-0123456789.tmp",
        ".modal.toml.modalcfg-x1-0123456789.tmp",
        ".modal.toml.swp",
        "notes.tmp",
    ];
    for n in stale.iter().chain(&keep) {
        fs::write(t.path().join(n), b"x").unwrap();
    }
    let out = save_atomic(&p, NEW, &fp).unwrap();
    assert_eq!(out.stale_temps_removed, 2);
    for n in stale {
        assert!(!t.path().join(n).exists(), "{n} kept");
    }
    for n in keep {
        assert!(t.path().join(n).exists(), "{n} removed");
    }
}

#[test]
fn temp_name_pattern_matches_what_we_create() {
    assert!(is_our_temp(OsStr::new(
        ".modal.toml.modalcfg-1-abcdefghij.tmp"
    )));
    assert!(is_our_temp(OsStr::new(
        ".a.modalcfg-b.modalcfg-77-ABCDEFGHIJ.tmp"
    )));
    assert!(!is_our_temp(OsStr::new("..modalcfg-1-abcdefghij.tmp")));
    assert!(!is_our_temp(OsStr::new(
        ".modal.toml.modalcfg--abcdefghij.tmp"
    )));
    assert!(!is_our_temp(OsStr::new(
        ".modal.toml.modalcfg-1-abcdefghi_.tmp"
    )));
    // The real name: a failure after the write reports the temp file's path.
    let t = tempfile::tempdir().unwrap();
    FAIL_AT.with(|f| f.set(Some("sync")));
    let r = save_atomic(&t.path().join(".modal.toml"), NEW, &Fingerprint::ABSENT);
    FAIL_AT.with(|f| f.set(None));
    let e = r.unwrap_err();
    let name = e.path().file_name().unwrap();
    let pid_part = format!(".modal.toml.modalcfg-{}-", std::process::id());
    assert!(name.to_str().unwrap().starts_with(&pid_part), "{name:?}");
    assert!(is_our_temp(name), "{name:?}");
}

#[test]
fn read_only_folder_gives_clear_error_and_original_intact() {
    // Root ignores the folder's mode bits: root runs this test again as uid 65534.
    let name = test_name!(read_only_folder_gives_clear_error_and_original_intact);
    if is_root() {
        if unprivileged::can_drop_to_nobody(&name) {
            unprivileged::rerun_as_nobody(&name);
        }
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("ro");
    fs::create_dir(&d).unwrap();
    let p = d.join(".modal.toml");
    let fp = put(&p, SECRET, 0o600);
    // The first step that needs the folder is the lock file; with one left by a crashed writer,
    // the temporary file.
    let lock_file = d.join(".modal.toml.modalcfg.lock");
    for (op, leftover_lock) in [
        ("open the lock file", false),
        ("create a temporary file in", true),
    ] {
        if leftover_lock {
            put(&lock_file, b"", 0o600);
        }
        fs::set_permissions(&d, Permissions::from_mode(0o500)).unwrap();
        let r = save_atomic(&p, NEW, &fp);
        fs::set_permissions(&d, Permissions::from_mode(0o700)).unwrap();
        let e = r.unwrap_err();
        let msg = e.to_string();
        assert!(
            matches!(e, SaveError::Io { op: o, .. } if o == op),
            "{op}: {msg}"
        );
        assert!(
            msg.contains("/ro/") && msg.contains("ermission denied") && msg.contains("not changed"),
            "{msg}"
        );
        no_secret(&format!("{msg} {e:?}"));
        assert_eq!(fs::read(&p).unwrap(), SECRET);
        assert!(temps_in(&d).is_empty());
    }
}

#[test]
fn failure_at_any_step_leaves_no_temp_and_original_intact() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o640);
    let ino = fs::metadata(&p).unwrap().ino();
    for step in ["write", "sync", "rename"] {
        FAIL_AT.with(|f| f.set(Some(step)));
        let r = save_atomic(&p, NEW, &fp);
        FAIL_AT.with(|f| f.set(None));
        let e = r.unwrap_err();
        assert!(
            e.to_string().contains("injected failure") && e.to_string().contains("not changed"),
            "{e}"
        );
        no_secret(&format!("{e} {e:?}"));
        assert_eq!(
            (fs::read(&p).unwrap(), mode(&p)),
            (SECRET.to_vec(), 0o640),
            "{step}"
        );
        assert_eq!(fs::metadata(&p).unwrap().ino(), ino);
        assert!(
            temps_in(t.path()).is_empty(),
            "{step}: {:?}",
            temps_in(t.path())
        );
    }
    // A failed final folder fsync is reported, not fatal: the file is already replaced.
    FAIL_AT.with(|f| f.set(Some("sync_dir")));
    let out = save_atomic(&p, NEW, &fp);
    FAIL_AT.with(|f| f.set(None));
    assert!(!out.unwrap().dir_synced);
    assert_eq!(fs::read(&p).unwrap(), NEW);
}

#[test]
fn concurrent_writers_never_lose_an_update() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    fs::write(&p, b"0").unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let p = p.clone();
            std::thread::spawn(move || {
                let (mut done, mut refused) = (0, 0);
                while done < 25 {
                    let bytes = read_config(&p).unwrap().unwrap();
                    let n: u32 = std::str::from_utf8(&bytes).unwrap().parse().unwrap();
                    match save_atomic(
                        &p,
                        (n + 1).to_string().as_bytes(),
                        &fingerprint(Some(&bytes)),
                    ) {
                        Ok(_) => done += 1,
                        Err(SaveError::ChangedOnDisk { .. }) => refused += 1,
                        Err(e) => panic!("{e}"),
                    }
                }
                refused
            })
        })
        .collect();
    let refused: u32 = threads.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(fs::read_to_string(&p).unwrap(), "100");
    assert!(temps_in(t.path()).is_empty());
    eprintln!("{refused} stale saves refused");
}

/// A file with its secret in `t`, and the writers' lock on it held as another writer would:
/// the file, its fingerprint, the folder (canonical) and the lock.
fn locked_by_another_writer(
    t: &tempfile::TempDir,
) -> (
    std::path::PathBuf,
    Fingerprint,
    std::path::PathBuf,
    lock::Lock,
) {
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o600);
    let dir = fs::canonicalize(t.path()).unwrap();
    let dir_meta = fs::metadata(&dir).unwrap();
    let holder = lock::lock(&dir, OsStr::new(".modal.toml"), &dir_meta, Duration::ZERO).unwrap();
    assert!(holder.held());
    (p, fp, dir, holder)
}

#[test]
fn a_save_that_does_not_wait_is_busy_at_once_while_the_lock_is_held() {
    let t = tempfile::tempdir().unwrap();
    let (p, fp, _, holder) = locked_by_another_writer(&t);
    let start = std::time::Instant::now();
    let e = save(&p, NEW, &fp, None, Wait::Never).unwrap_err();
    assert!(matches!(e, SaveError::Busy { .. }), "{e}");
    // `Wait::ForLock` would have waited the whole lock timeout before saying so.
    assert!(start.elapsed() < LOCK_TIMEOUT, "{:?}", start.elapsed());
    assert_eq!(fs::read(&p).unwrap(), SECRET);
    drop(holder);
    // Once the lock is free, the same save goes through.
    save(&p, NEW, &fp, None, Wait::Never).unwrap();
    assert_eq!(fs::read(&p).unwrap(), NEW);
}

#[test]
fn held_lock_gives_busy_naming_the_holder_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let (p, fp, dir, holder) = locked_by_another_writer(&t);
    let lock_file = dir.join(".modal.toml.modalcfg.lock");
    assert_eq!(mode(&lock_file), 0o600);
    let e = save_with_timeout(&p, NEW, &fp, None, Duration::from_millis(200)).unwrap_err();
    assert!(matches!(e, SaveError::Busy { .. }), "{e}");
    // This very process holds it: /proc/locks names it.
    let me = format!("process {}", std::process::id());
    assert!(e.to_string().contains(&me), "{e}");
    assert!(e.to_string().contains(".modal.toml.modalcfg.lock"), "{e}");
    assert_eq!(fs::read(&p).unwrap(), SECRET);
    drop(holder); // releases the lock
    save_atomic(&p, NEW, &fp).unwrap();
}

#[test]
fn a_lock_on_the_folder_no_longer_blocks_writes() {
    // Anyone who can read a folder can flock it; modalcfg must not wait for them.
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o600);
    let dir = File::open(t.path()).unwrap();
    // SAFETY: flock on a descriptor we own.
    assert_eq!(unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) }, 0);
    save_with_timeout(&p, NEW, &fp, None, Duration::ZERO).unwrap();
    assert_eq!(fs::read(&p).unwrap(), NEW);
}

#[test]
fn a_lock_file_owned_by_someone_else_is_refused() {
    if !is_root() {
        let name = test_name!(a_lock_file_owned_by_someone_else_is_refused);
        return cannot_run(&name, "chown to another uid needs root");
    }
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o600);
    let lf = t.path().join(".modal.toml.modalcfg.lock");
    fs::write(&lf, "").unwrap();
    std::os::unix::fs::chown(&lf, Some(65534), Some(65534)).unwrap();
    let e = save_atomic(&p, NEW, &fp).unwrap_err();
    assert!(
        matches!(e, SaveError::ForeignLock { uid: 65534, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("belongs to uid 65534"), "{e}");
    assert_eq!(fs::read(&p).unwrap(), SECRET);
    // One of ours left readable by others (an old umask) is closed to them.
    fs::remove_file(&lf).unwrap();
    fs::write(&lf, "").unwrap();
    fs::set_permissions(&lf, Permissions::from_mode(0o644)).unwrap();
    let dir_meta = fs::metadata(t.path()).unwrap();
    let held = lock::lock(
        t.path(),
        OsStr::new(".modal.toml"),
        &dir_meta,
        Duration::ZERO,
    )
    .unwrap();
    assert_eq!(mode(&lf), 0o600);
    drop(held);
    save_atomic(&p, NEW, &fp).unwrap();
    // And the write leaves no lock file behind.
    assert!(fs::symlink_metadata(&lf).is_err());
}

#[test]
fn a_changed_file_is_rebased_when_asked_and_refused_when_the_rebase_refuses() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, b"a\n", 0o640);
    fs::write(&p, b"a\nb\n").unwrap(); // another writer
    let mut seen = Vec::new();
    let mut rebase = |now: Option<&[u8]>| {
        seen.push(now.map(<[u8]>::to_vec));
        Ok(b"a\nb\nc\n".to_vec())
    };
    let out = save(&p, b"a\nc\n", &fp, Some(&mut rebase), Wait::ForLock).unwrap();
    assert!(out.rebased);
    assert_eq!(seen, [Some(b"a\nb\n".to_vec())]);
    assert_eq!(fs::read(&p).unwrap(), b"a\nb\nc\n");
    assert_eq!(mode(&p), 0o640);
    // Unchanged since loading: the planned bytes, no rebase.
    let fp = fingerprint(Some(b"a\nb\nc\n"));
    let mut never = |_: Option<&[u8]>| -> Result<Vec<u8>, String> { panic!("rebased") };
    let out = save(&p, b"x\n", &fp, Some(&mut never), Wait::ForLock).unwrap();
    assert!(!out.rebased);
    fs::write(&p, b"y\n").unwrap();
    let mut refuse = |_: Option<&[u8]>| Err("`k` changed there too".to_string());
    let e = save(&p, b"z\n", &fp, Some(&mut refuse), Wait::ForLock).unwrap_err();
    assert!(matches!(e, SaveError::Conflict { .. }), "{e}");
    assert!(
        e.to_string().contains("changed on disk") && e.to_string().contains("`k`"),
        "{e}"
    );
    assert_eq!(fs::read(&p).unwrap(), b"y\n");
    assert!(temps_in(t.path()).is_empty());
}

#[test]
fn hard_links_are_refused_with_the_choice_named() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o600);
    fs::hard_link(&p, t.path().join("backup.toml")).unwrap();
    let e = save_atomic(&p, NEW, &fp).unwrap_err();
    assert!(matches!(e, SaveError::HardLinked { links: 2, .. }), "{e}");
    assert!(e.to_string().contains("2 hard links") && e.to_string().contains("symbolic link"));
    assert_eq!(fs::read(&p).unwrap(), SECRET);
    assert_eq!(fs::metadata(&p).unwrap().nlink(), 2);
    assert!(temps_in(t.path()).is_empty());
}

/// Runs `cmd args…`; `false` when it is missing or fails (the filesystem lacks support).
fn run(cmd: &str, args: &[&str], p: &Path) -> bool {
    std::process::Command::new(cmd)
        .args(args)
        .arg(p)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn extended_attributes_and_the_acl_are_kept() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, SECRET, 0o640);
    let name = test_name!(extended_attributes_and_the_acl_are_kept);
    if let Err(e) = xattr::set(&p, "user.note", b"shared") {
        let why = format!("{} has no user xattrs ({e})", t.path().display());
        return cannot_run(&name, &why);
    }
    let acl = run("setfacl", &["-m", "u:65534:r"], &p);
    if !acl {
        // Outside CI the extended-attribute half still runs.
        let why =
            "its ACL half needs setfacl (Debian: apt-get install acl) and ACLs in the temp folder";
        cannot_run(&name, why);
    }
    let before: Vec<_> = xattr::list(&p).unwrap().collect();
    let values =
        |p: &Path| -> Vec<_> { before.iter().map(|n| xattr::get(p, n).unwrap()).collect() };
    let want = values(&p);
    let mode_before = mode(&p);
    save_atomic(&p, NEW, &fp).unwrap();
    assert_eq!(fs::read(&p).unwrap(), NEW);
    assert_eq!(xattr::list(&p).unwrap().collect::<Vec<_>>(), before);
    assert_eq!(values(&p), want);
    assert_eq!(mode(&p), mode_before);
    if acl {
        assert!(
            before.iter().any(|n| n == "system.posix_acl_access"),
            "{before:?}"
        );
    }
}

#[test]
fn debug_output_shows_no_contents() {
    let fp = fingerprint(Some(SECRET));
    let dbg = format!("{fp:?}");
    assert!(
        dbg.starts_with("Fingerprint(sha256:") && dbg.len() < 40,
        "{dbg}"
    );
    assert_eq!(format!("{:?}", Fingerprint::ABSENT), "Fingerprint(absent)");
    let t = tempfile::tempdir().unwrap();
    let out = save_atomic(&t.path().join("c.toml"), SECRET, &Fingerprint::ABSENT).unwrap();
    no_secret(&format!("{out:?}"));
}

#[test]
fn relative_path_in_current_folder_resolves() {
    // A bare file name has the parent "" (meaning "."); it must not be treated as missing.
    let r = resolve_target(Path::new("no-such-modalcfg-test-file.toml")).unwrap();
    assert_eq!(
        r,
        std::env::current_dir()
            .unwrap()
            .canonicalize()
            .unwrap()
            .join("no-such-modalcfg-test-file.toml")
    );
}
