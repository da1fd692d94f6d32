//! The Modal client's view of the config file: the profiles and keys that `toml.load`
//! (toml 0.10.2, reproduced in `read/toml010`) returns, named exactly as the client names
//! them, with the line where each appears. `toml_edit` is not involved, except to find the
//! names it gives the same tables when they differ (see `doc_keys.rs`), for the writer.

mod doc_keys;

use crate::config::read::toml010::{self, Obj};
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
    /// The profile's keys, in file order.
    pub entries: Vec<Entry>,
}

/// One key of a profile.
#[derive(Clone, PartialEq)]
pub struct Entry {
    /// The key as the client sees it.
    pub key: String,
    /// The key `toml_edit` decoded (the client's key when `toml_edit` cannot read the file).
    pub doc_key: String,
    /// The value the client reads.
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
    /// The entry of `key`, as the client names it.
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
    /// 1-based column (counting characters).
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
    // Nested arrays and inline tables recurse. The text is read here as long as values nest
    // at most SHALLOW levels (every real config); a text that nests deeper is read again on
    // a thread with room for the deepest nesting the reader allows. (Reading on that thread
    // every time costs a big file a fifth of its load time: its allocations go to another
    // malloc arena.)
    if let Some(result) = build_here(text, SHALLOW) {
        return result;
    }
    let spawned = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(DEEP_STACK)
            .spawn_scoped(s, || build_here(text, usize::MAX))
            .map(|h| h.join())
    });
    match spawned {
        Ok(Ok(Some(result))) => result,
        _ => build_here(text, usize::MAX).expect("no depth limit"),
    }
}

/// Nesting of values read on the caller's stack.
const SHALLOW: usize = 64;

/// Stack for reading deeply nested values (see `toml010::MAX_DEPTH`).
const DEEP_STACK: usize = 256 << 20;

/// `None` when values nest deeper than `depth`.
fn build_here(text: &str, depth: usize) -> Option<R<(Vec<Profile>, Vec<String>)>> {
    Some(view_of(toml010::loads_within(text, depth)?, text))
}

fn view_of(
    root: Result<toml010::Obj, toml010::DecodeError>,
    text: &str,
) -> R<(Vec<Profile>, Vec<String>)> {
    let root = root.map_err(|e| ViewError {
        line: e.line,
        column: e.column,
        message: e.message,
        client_inner: Some(e.client),
        not_tables: false,
    })?;
    let Obj::Dict(root) = root else {
        unreachable!("loads returns a dict")
    };
    // Moved out of the reader's objects, not copied: nothing else holds them now.
    let root = toml010::Dict::take(root);
    let mut profiles = Vec::with_capacity(root.items.len());
    let mut notes = Vec::new();
    for (name, (obj, line)) in root.items {
        let Obj::Dict(table) = obj else {
            return Err(ViewError {
                line,
                column: 1,
                message: format!(
                    "top-level key `{name}` is not a table; every top-level entry must be a [profile] table"
                ),
                client_inner: Some(NOT_TABLES.into()),
                not_tables: true,
            });
        };
        let table = toml010::Dict::take(table);
        let entries: Vec<Entry> = table
            .items
            .into_iter()
            .map(|(key, (value, line))| Entry {
                doc_key: key.clone(),
                key,
                value: value.into_py(),
                line,
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
            doc_key: name.clone(),
            name,
            line,
            inline: table.inline,
            entries,
        });
    }
    doc_keys::fill(text, &mut profiles);
    Ok((profiles, notes))
}
