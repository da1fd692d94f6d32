//! The names `toml_edit` gives the client's tables and keys. They are the same except where
//! the client keeps a quoted name raw (`["a\u00e9"]` is `a\u00e9` to the client, `aé` to
//! TOML) or decodes it its own way; only then is the file parsed with `toml_edit` and each
//! table matched to the client's by the line where it first appears.

use toml_edit::{Document, Item, Key};

use super::Profile;
use crate::config::read::lines::LineIndex;

fn bare(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Sets `doc_key` of profiles (and their entries) whose names are not plain bare keys.
pub(super) fn fill(text: &str, profiles: &mut [Profile]) {
    let needs = |p: &Profile| !bare(&p.name) || p.entries.iter().any(|e| !bare(&e.key));
    if !profiles.iter().any(needs) {
        return;
    }
    let Ok(doc) = Document::parse(text) else {
        return;
    };
    let lines = LineIndex::new(text);
    let line_of = |key: Option<&Key>| key.and_then(Key::span).map(|s| lines.line(s.start));
    let root = doc.as_table();
    // toml_edit's top-level keys by the first line where they (or anything in them) appear.
    let mut by_line: std::collections::HashMap<usize, &str> = std::collections::HashMap::new();
    for (k, item) in root.iter() {
        let mut first = line_of(root.key(k)).unwrap_or(usize::MAX);
        if let Item::Table(t) = item {
            first = first.min(t.span().map(|s| lines.line(s.start)).unwrap_or(usize::MAX));
            for (sk, _) in t.iter() {
                first = first.min(line_of(t.key(sk)).unwrap_or(usize::MAX));
            }
        }
        by_line.entry(first).or_insert(k);
    }
    for p in profiles.iter_mut().filter(|p| needs(p)) {
        let Some(k) = by_line.get(&p.line) else {
            continue;
        };
        p.doc_key = (*k).to_string();
        let Some(t) = root.get(k).and_then(Item::as_table_like) else {
            continue;
        };
        for e in p.entries.iter_mut().filter(|e| !bare(&e.key)) {
            if let Some((dk, _)) = t.iter().find(|(dk, _)| line_of(t.key(dk)) == Some(e.line)) {
                e.doc_key = dk.to_string();
            }
        }
    }
}
