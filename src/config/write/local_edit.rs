//! Edits that concern one profile — set, unset, a token without activation, rename, delete —
//! made on that profile's part of the text: the same `toml_edit` edit as the general path
//! ([`crate::config::write::edit::apply`]), on a slice from the profile's header (for a delete, from the
//! previous profile's header, so that the comments above the deleted one are judged as in the
//! whole file) to the next profile's header; the rest of the file is copied as it is. Parsing
//! and printing the whole document for a one-line change cost twice the time of reading the
//! file (100,000 profiles: 3 s for 1 s); this is linear with a small constant. Anything unusual
//! (an inline profile, sub-tables, CR line endings) returns `None` for the general path, and
//! the result still goes through the store's read-back check.

use toml_edit::DocumentMut;

use crate::client::Client;
use crate::config::read::client_view::Profile;
use crate::config::write::edit::{self, Edit};
use crate::py::PyValue;

/// The new text, or `None` when the general path must do it.
pub fn edit_text(
    client: &Client,
    original: &str,
    profiles: &[Profile],
    edit: &Edit,
) -> Option<String> {
    let (name, delete) = match edit {
        Edit::Set { profile, .. }
        | Edit::Unset { profile, .. }
        | Edit::TokenSet {
            profile,
            activate: false,
            ..
        } => (profile, false),
        Edit::RenameProfile { from, .. } => (from, false),
        Edit::DeleteProfile { name } => (name, true),
        _ => return None,
    };
    if original.contains('\r') {
        return None;
    }
    let p = profiles.iter().find(|p| p.name == *name)?;
    let nested = |p: &Profile| {
        p.entries
            .iter()
            .any(|e| matches!(e.value, PyValue::Dict(_) | PyValue::InlineDict(_)))
    };
    if p.inline || nested(p) {
        return None;
    }
    let next = profiles
        .iter()
        .filter(|q| q.line > p.line)
        .min_by_key(|q| q.line);
    let prev = profiles
        .iter()
        .filter(|q| q.line < p.line)
        .max_by_key(|q| q.line);
    if next.is_some_and(|q| q.inline) || (delete && prev.is_some_and(|q| q.inline)) {
        return None;
    }
    let first = if delete {
        prev.map_or(1, |q| q.line)
    } else {
        p.line
    };
    let end_line = next.map(|q| q.line);
    // Byte offsets of the slice's first line and of the next profile's header line.
    let (mut start, mut end) = (None, None);
    let mut at = 0;
    for (i, line) in original.split_inclusive('\n').enumerate() {
        let n = i + 1;
        if n == first {
            start = Some(at);
        }
        if n == p.line && !is_header(line) {
            return None;
        }
        if Some(n) == end_line {
            if !is_header(line) {
                return None;
            }
            end = Some(at);
            break;
        }
        at += line.len();
    }
    let start = start?;
    let end = end.unwrap_or(original.len());
    let slice = &original[start..end];
    let mut doc: DocumentMut = slice.parse().ok()?;
    edit::apply(client, &mut doc, profiles, edit).ok()?;
    let mut out = String::with_capacity(original.len() + 64);
    out.push_str(&original[..start]);
    out.push_str(&crate::config::write::patch::patch(slice, &doc.to_string()));
    out.push_str(&original[end..]);
    Some(out)
}

/// A `[table]` header line (not `[[array]]`).
fn is_header(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('[') && !t.starts_with("[[")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::read::file::ConfigFile;

    /// The general path: the whole document.
    fn whole(text: &str, profiles: &[Profile], e: &Edit) -> Option<String> {
        let mut doc: DocumentMut = text.parse().ok()?;
        edit::apply(&Client::newest(), &mut doc, profiles, e).ok()?;
        Some(crate::config::write::patch::patch(text, &doc.to_string()))
    }

    const FILES: &[&str] = &[
        "# my config\n# by hand\n\n[default]\ntoken_id = \"ak-1\"  # c\n\n# about dev\n[dev]\nenvironment = \"d\"\n# trailing\n\n[ci]\nloglevel = \"info\"\n",
        "[a]\n[b]\nx = 1\n# last\n",
        "# head\n\n# para\n\n# own\n[a]\nx = 1\n\n# kept\n\n# own b\n[b]\ny = 2\n\n[c]\nz = 3",
        "[a]\nx = 1\n[a.sub]\nv = 1\n[b]\ny = 2\n",
        "a = { x = 1 }\n[b]\ny = 2\n",
    ];

    #[test]
    fn the_same_bytes_as_the_whole_document() {
        let mut compared = 0;
        for text in FILES {
            let f =
                ConfigFile::from_bytes(std::path::Path::new("/c.toml"), text.as_bytes().to_vec());
            let ps = f.profiles();
            for p in ps {
                let n = p.name.clone();
                for e in [
                    Edit::Set {
                        profile: n.clone(),
                        key: "environment".into(),
                        value: "e2".into(),
                        force: false,
                    },
                    Edit::Set {
                        profile: n.clone(),
                        key: "x".into(),
                        value: "9".into(),
                        force: true,
                    },
                    Edit::Unset {
                        profile: n.clone(),
                        key: "x".into(),
                    },
                    Edit::Unset {
                        profile: n.clone(),
                        key: "y".into(),
                    },
                    Edit::RenameProfile {
                        from: n.clone(),
                        to: "renamed".into(),
                    },
                    Edit::DeleteProfile { name: n.clone() },
                ] {
                    let local = edit_text(&Client::newest(), text, ps, &e);
                    if let Some(l) = &local {
                        assert_eq!(Some(l), whole(text, ps, &e).as_ref(), "{e:?} on\n{text}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared >= 30, "only {compared} edits took the local path");
    }
}
