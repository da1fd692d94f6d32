//! The Modal client's view of the config file: the profiles and keys that `toml.load`
//! (toml 0.10.2, reproduced in [`super::toml010`]) returns, named exactly as the client names
//! them, with the line where each appears. `toml_edit` is not involved, except to find the
//! names it gives the same tables when they differ (see [`doc_keys`]), for the writer.

mod doc_keys;

use super::toml010::{self, Obj};
use crate::py::PyValue;

/// One top-level table, as the client names and reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The name as the client sees it (raw escapes in quoted headers).
    pub name: String,
    /// The key `toml_edit` gives this table, used to find it when editing (the client's name
    /// when `toml_edit` cannot read the file).
    pub doc_key: String,
    /// 1-based line where the profile first appears.
    pub line: usize,
    /// Written as `name = { … }`.
    pub inline: bool,
    pub entries: Vec<Entry>,
}

#[derive(Clone, PartialEq)]
pub struct Entry {
    /// The key as the client sees it.
    pub key: String,
    /// The key `toml_edit` decoded (the client's key when `toml_edit` cannot read the file).
    pub doc_key: String,
    pub value: PyValue,
    /// 1-based line of the key.
    pub line: usize,
}

/// Masked: the value of a secret key is never printed.
impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::config::secret::{Reveal, is_secret_key, shown};
        f.debug_struct("Entry")
            .field("key", &self.key)
            .field("doc_key", &self.doc_key)
            .field(
                "value",
                &shown(is_secret_key(&self.key), &self.value, Reveal::Masked),
            )
            .field("line", &self.line)
            .finish()
    }
}

impl Profile {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// The profile's `active` value, whatever its type.
    pub fn active(&self) -> Option<&PyValue> {
        self.get("active").map(|e| &e.value)
    }

    /// `active` is the boolean `true` (the only value that selects a profile).
    pub fn is_active(&self) -> bool {
        matches!(self.active(), Some(PyValue::Bool(true)))
    }
}

/// Why the client would not read the document.
#[derive(Debug, Clone)]
pub struct ViewError {
    /// 1-based line and column (columns count characters).
    pub line: usize,
    pub column: usize,
    /// What is wrong, in words (the client's message without its position).
    pub message: String,
    /// The client's own message, exactly (`str(exc)`).
    pub client_inner: Option<String>,
    /// Parsed fine, but a top-level value is not a table.
    pub not_tables: bool,
}

const NOT_TABLES: &str = "TOML file must contain table sections for each profile.";

type R<T> = Result<T, ViewError>;

/// Builds the client's profiles from the text as Python reads it (newlines normalised).
pub fn build(text: &str) -> R<(Vec<Profile>, Vec<String>)> {
    // Nested arrays and inline tables recurse; a text that could nest deeply is read on a
    // thread with room for the deepest nesting the reader allows.
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets > 64 {
        let spawned = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(DEEP_STACK)
                .spawn_scoped(s, || build_here(text))
                .map(|h| h.join())
        });
        if let Ok(Ok(result)) = spawned {
            return result;
        }
    }
    build_here(text)
}

/// Stack for reading deeply nested values (see `toml010::MAX_DEPTH`).
const DEEP_STACK: usize = 256 << 20;

fn build_here(text: &str) -> R<(Vec<Profile>, Vec<String>)> {
    let root = toml010::loads(text).map_err(|e| ViewError {
        line: e.line,
        column: e.column,
        message: e.message,
        client_inner: Some(e.client),
        not_tables: false,
    })?;
    let Obj::Dict(root) = root else {
        unreachable!("loads returns a dict")
    };
    let root = root.borrow();
    let mut profiles = Vec::with_capacity(root.items.len());
    let mut notes = Vec::new();
    for (name, (obj, line)) in &root.items {
        let Obj::Dict(table) = obj else {
            return Err(ViewError {
                line: *line,
                column: 1,
                message: format!(
                    "top-level key `{name}` is not a table; every top-level entry must be a [profile] table"
                ),
                client_inner: Some(NOT_TABLES.into()),
                not_tables: true,
            });
        };
        let table = table.borrow();
        let entries: Vec<Entry> = table
            .items
            .iter()
            .map(|(key, (value, line))| Entry {
                key: key.clone(),
                doc_key: key.clone(),
                value: value.to_py(),
                line: *line,
            })
            .collect();
        for e in &entries {
            if let Some(s) = crate::client::keys::RETIRED_BEFORE_1_0
                .iter()
                .find(|s| s.key == e.key)
            {
                notes.push(format!(
                    "line {}: `{}` in profile `{name}` is retired and ignored by current clients",
                    e.line, s.key
                ));
            }
        }
        profiles.push(Profile {
            name: name.clone(),
            doc_key: name.clone(),
            line: *line,
            inline: table.inline,
            entries,
        });
    }
    doc_keys::fill(text, &mut profiles);
    Ok((profiles, notes))
}
