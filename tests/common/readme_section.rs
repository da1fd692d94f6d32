//! A README section that a test generates: the text between a start and an end marker must be
//! what the test computed; `UPDATE_README=1` rewrites it in place.

use std::path::Path;

/// Checks (or, with `UPDATE_README=1`, rewrites) the README text between `start` and `end`;
/// `command` is what to run to regenerate it, for the failure message.
pub fn check(start: &str, end: &str, section: &str, command: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = readme
        .split_once(start)
        .unwrap_or_else(|| panic!("README has no {start:?} marker"));
    let (_, tail) = rest
        .split_once(end)
        .unwrap_or_else(|| panic!("README has no {end:?} marker"));
    let wanted = format!("{head}{start}{section}{end}{tail}");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, &wanted).unwrap();
    }
    assert!(
        readme == wanted,
        "README section {start:?} is stale (run UPDATE_README=1 {command}); it should be:\n{section}"
    );
}
