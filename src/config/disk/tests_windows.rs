//! The writer on Windows: replace-rename, the lock, the read-only and hidden attributes.

use super::*;

use std::fs;
use std::os::windows::fs::MetadataExt;

/// The plain save: waits for the lock, refuses a changed file.
fn save_atomic(
    path: &Path,
    contents: &[u8],
    expected: &Fingerprint,
) -> Result<SaveOutcome, SaveError> {
    save(path, contents, expected, None, Wait::ForLock)
}

const OLD: &[u8] = b"[default]\r\ntoken_id = \"ak-1\"\r\ntoken_secret = \"as-SECRET\"\r\n";
const NEW: &[u8] = b"[default]\r\ntoken_id = \"ak-2\"\r\ntoken_secret = \"as-NEWSECRET\"\r\n";
const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;

#[link(name = "kernel32")]
unsafe extern "system" {
    fn SetFileAttributesW(name: *const u16, attributes: u32) -> i32;
}

fn set_attributes(p: &Path, attributes: u32) {
    use std::os::windows::ffi::OsStrExt;
    let wide: Vec<u16> = p.as_os_str().encode_wide().chain([0]).collect();
    // SAFETY: a NUL-terminated UTF-16 path that outlives the call.
    assert_ne!(unsafe { SetFileAttributesW(wide.as_ptr(), attributes) }, 0);
}

fn put(p: &Path, bytes: &[u8]) -> Fingerprint {
    fs::write(p, bytes).unwrap();
    fingerprint(read_config(p).unwrap().as_deref())
}

fn temps_in(dir: &Path) -> Vec<String> {
    (fs::read_dir(dir).unwrap().flatten())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".modalcfg-"))
        .collect()
}

#[test]
fn a_new_file_is_created_then_replaced_by_rename() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(r"a\b\.modal.toml");
    let out = save_atomic(&p, OLD, &Fingerprint::ABSENT).unwrap();
    assert!(out.created && out.locked);
    assert_eq!(out.mode, None, "no POSIX mode on Windows");
    assert_eq!(out.created_dirs.len(), 2);
    // The target is shown plainly, not as a verbatim `\\?\` path.
    assert!(
        !out.target.to_str().unwrap().starts_with(r"\\?\"),
        "{:?}",
        out.target
    );
    let out = save_atomic(&p, NEW, &fingerprint(Some(OLD))).unwrap();
    assert!(!out.created);
    assert_eq!(fs::read(&p).unwrap(), NEW);
    assert!(temps_in(&t.path().join(r"a\b")).is_empty());
}

#[test]
fn a_read_only_file_is_refused_and_nothing_is_lost() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, OLD);
    let mut perms = fs::metadata(&p).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&p, perms).unwrap();
    let e = save_atomic(&p, NEW, &fp).unwrap_err();
    assert!(matches!(e, SaveError::ReadOnly { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains("read-only") && msg.contains("nothing was written"),
        "{msg}"
    );
    assert!(!msg.contains("chmod") && !msg.contains("mode 0"), "{msg}");
    assert!(!msg.contains("SECRET"), "{msg}");
    assert_eq!(fs::read(&p).unwrap(), OLD);
    assert!(fs::metadata(&p).unwrap().permissions().readonly());
    assert!(temps_in(t.path()).is_empty());
}

#[test]
fn the_hidden_attribute_is_kept() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, OLD);
    set_attributes(&p, FILE_ATTRIBUTE_HIDDEN);
    save_atomic(&p, NEW, &fp).unwrap();
    assert_eq!(fs::read(&p).unwrap(), NEW);
    let attributes = fs::metadata(&p).unwrap().file_attributes();
    assert_ne!(attributes & FILE_ATTRIBUTE_HIDDEN, 0, "{attributes:#x}");
}

#[test]
fn a_held_lock_makes_the_save_wait_then_refuse() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, OLD);
    let dir = resolve_target(&p).unwrap().parent().unwrap().to_path_buf();
    let meta = fs::metadata(&dir).unwrap();
    let holder = lock::lock(&dir, OsStr::new(".modal.toml"), &meta, Duration::ZERO).unwrap();
    assert!(holder.held());
    let e = save_with_timeout(&p, NEW, &fp, None, Duration::from_millis(200)).unwrap_err();
    assert!(matches!(e, SaveError::Busy { .. }), "{e:?}");
    assert_eq!(fs::read(&p).unwrap(), OLD);
    drop(holder);
    save_with_timeout(&p, NEW, &fp, None, Duration::from_millis(200)).unwrap();
    assert_eq!(fs::read(&p).unwrap(), NEW);
}

#[test]
fn a_failure_at_any_step_leaves_the_original_and_no_temp_file() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    let fp = put(&p, OLD);
    for step in ["write", "sync", "rename"] {
        FAIL_AT.with(|f| f.set(Some(step)));
        let e = save_atomic(&p, NEW, &fp).unwrap_err();
        FAIL_AT.with(|f| f.set(None));
        assert!(e.to_string().contains("injected failure"), "{step}: {e}");
        assert_eq!(fs::read(&p).unwrap(), OLD, "{step}");
        assert!(temps_in(t.path()).is_empty(), "{step}");
    }
}

#[test]
fn make_private_says_it_is_not_on_windows() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join(".modal.toml");
    put(&p, OLD);
    let e = make_private(&p).unwrap_err();
    assert!(matches!(e, SaveError::NotOnWindows { .. }), "{e:?}");
    assert!(e.to_string().contains("not on Windows"), "{e}");
    assert!(!e.to_string().contains("chmod"), "{e}");
    assert_eq!(fs::read(&p).unwrap(), OLD);
}
