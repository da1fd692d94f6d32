//! The README's keymap table is the keymap itself: regenerate it with
//! `UPDATE_README=1 cargo test --test readme` when keys change.

use std::path::Path;

#[path = "common/readme_section.rs"]
mod readme_section;

const START: &str = "<!-- keymap:start -->\n";
const END: &str = "<!-- keymap:end -->";

#[test]
fn readme_keymap_matches_the_keymap() {
    let table = modalcfg::tui::app::keymap::markdown_rows();
    readme_section::check(START, END, &table, "cargo test --test readme");
}

/// Every relative link in the README and in `docs/` points at a file of this repository.
#[test]
fn readme_and_docs_link_only_to_files_in_the_repo() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    let mut checked = 0;
    for page in &pages {
        // Links in prose only: fenced code blocks hold shell and TOML, not links.
        let mut fenced = false;
        let text: String = std::fs::read_to_string(page)
            .unwrap()
            .lines()
            .filter(|l| {
                if l.trim_start().starts_with("```") {
                    fenced = !fenced;
                    return false;
                }
                !fenced
            })
            .map(|l| format!("{l}\n"))
            .collect();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = rest[..end].split('#').next().unwrap();
            if target.is_empty() || target.contains("://") {
                continue;
            }
            let path = page.parent().unwrap().join(target);
            assert!(
                path.exists(),
                "{}: link to missing {target}",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 8,
        "only {checked} links found: is the parsing broken?"
    );
}
