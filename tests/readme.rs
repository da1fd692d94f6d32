//! The README's keymap table is the keymap itself: regenerate it with
//! `UPDATE_README=1 cargo test --test readme` when keys change.

use std::path::Path;

const START: &str = "<!-- keymap:start -->\n";
const END: &str = "<!-- keymap:end -->";

#[test]
fn readme_keymap_matches_the_keymap() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = readme
        .split_once(START)
        .expect("README has the keymap markers");
    let (_, tail) = rest
        .split_once(END)
        .expect("README has the keymap end marker");
    let table = modalcfg::tui::keymap::markdown_rows();
    let wanted = format!("{head}{START}{table}{END}{tail}");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, &wanted).unwrap();
    }
    assert_eq!(
        readme, wanted,
        "README keymap is stale: run UPDATE_README=1 cargo test --test readme"
    );
}
