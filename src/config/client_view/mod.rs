//! The Modal client's view of a TOML document. We parse with `toml_edit` (TOML 1.1) and then
//! apply what the client's reader, `toml` 0.10.2, does differently (spec §12): raw escapes in
//! quoted table names, short escapes decoded in quoted keys, homogeneous arrays, scalars
//! dropped after inline tables in an array, and the TOML 1.1 syntax it does not know.

use toml_edit::{Document, Item, Key, Value};

use super::lines::LineIndex;

mod names;
mod values;

use crate::py::PyValue;
use names::{header_name, is_raw_control, is_stand_in, line_key, stand_in};

/// One top-level table, as the client names and reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The name as the client sees it (raw escapes in quoted headers).
    pub name: String,
    /// The key `toml_edit` decoded, used to find the table when editing.
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
    /// The key `toml_edit` decoded.
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
    /// Byte offset in the text.
    pub offset: usize,
    pub message: String,
    /// The client's own inner message, when we reproduce it exactly.
    pub client_inner: Option<String>,
    /// Parsed fine, but a top-level value is not a table.
    pub not_tables: bool,
}

const NOT_TABLES: &str = "TOML file must contain table sections for each profile.";

struct Ctx<'a> {
    text: &'a str,
    lines: LineIndex,
    notes: Vec<String>,
    /// Raw control characters were replaced by stand-ins that must be restored.
    masked: bool,
}

type R<T> = Result<T, ViewError>;

fn err(offset: usize, message: impl Into<String>) -> ViewError {
    ViewError {
        offset,
        message: message.into(),
        client_inner: None,
        not_tables: false,
    }
}

/// Builds the client's profiles from the (newline-normalised) text.
pub fn build(text: &str) -> R<(Vec<Profile>, Vec<String>)> {
    let first = Document::parse(text);
    // toml 0.10.2 accepts raw control characters inside strings, keys and headers. TOML does
    // not, so they are parsed as stand-in private-use characters and restored afterwards.
    let masked =
        first.is_err() && text.chars().any(is_raw_control) && !text.chars().any(is_stand_in);
    let stand_in_text: String;
    let (doc, text) = match first {
        Ok(doc) => (doc, text),
        Err(e) => {
            let retry = if masked {
                stand_in_text = text
                    .chars()
                    .map(|c| if is_raw_control(c) { stand_in(c) } else { c })
                    .collect();
                Document::parse(stand_in_text.as_str())
                    .ok()
                    .map(|d| (d, stand_in_text.as_str()))
            } else {
                None
            };
            match retry {
                Some(pair) => pair,
                None => {
                    let offset = e.span().map(|s| s.start).unwrap_or(0);
                    return Err(err(offset, parse_message(e.message())));
                }
            }
        }
    };
    let mut cx = Ctx {
        text,
        lines: LineIndex::new(text),
        notes: Vec::new(),
        masked,
    };
    let root = doc.as_table();
    let mut profiles: Vec<Profile> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // File order is first appearance: `[x.y]` before `[w]` puts `x` first even when `[x]`
    // itself comes later.
    let mut order: Vec<(usize, &str, &Item)> = root
        .iter()
        .map(|(k, i)| (first_offset(root.key(k), i), k, i))
        .collect();
    order.sort_by_key(|(o, _, _)| *o);
    for (_, k, item) in order {
        let key = root.key(k).expect("key of an iterated entry");
        let off = key.span().map(|s| s.start).unwrap_or(0);
        let (name, inline, entries) = match item {
            Item::Table(t) => (header_name(&cx, key)?, false, cx.table_entries(t)?),
            Item::Value(Value::InlineTable(t)) => {
                (line_key(&cx, key)?, true, cx.inline_entries(t)?)
            }
            _ => {
                return Err(ViewError {
                    offset: off,
                    message: format!(
                        "top-level key `{k}` is not a table; every top-level entry must be a [profile] table"
                    ),
                    client_inner: Some(NOT_TABLES.into()),
                    not_tables: true,
                });
            }
        };
        if !seen.insert(name.clone()) {
            return Err(err(
                off,
                format!("the client reads table `{name}` twice (two spellings of one name)"),
            ));
        }
        for e in &entries {
            if let Some(s) = crate::config::settings::RETIRED
                .iter()
                .find(|s| s.key == e.key)
            {
                cx.notes.push(format!(
                    "line {}: `{}` in profile `{name}` is retired and ignored by current clients",
                    e.line, s.key
                ));
            }
        }
        profiles.push(Profile {
            name,
            doc_key: k.to_string(),
            line: cx.lines.line(off),
            inline,
            entries,
        });
    }
    Ok((profiles, cx.notes))
}

/// toml_edit's message, with its recursion guard (arrays, inline tables or dotted keys nested
/// more than about 80 levels deep) named in words a user can act on.
fn parse_message(msg: &str) -> String {
    let msg = msg.trim();
    if msg.contains("recursion") || msg.contains("recurse") {
        format!(
            "arrays, inline tables or dotted keys are nested too deeply ({msg}); \
             modalcfg reads at most about 80 levels"
        )
    } else {
        msg.to_string()
    }
}

/// The earliest byte offset at which a top-level entry or anything inside it appears.
fn first_offset(key: Option<&Key>, item: &Item) -> usize {
    let own = key
        .and_then(Key::span)
        .map(|s| s.start)
        .unwrap_or(usize::MAX);
    let inner = match item {
        Item::Table(t) => {
            let here = t.span().map(|s| s.start).unwrap_or(usize::MAX);
            t.iter()
                .map(|(k, i)| first_offset(t.key(k), i))
                .min()
                .unwrap_or(usize::MAX)
                .min(here)
        }
        Item::ArrayOfTables(a) => a.span().map(|s| s.start).unwrap_or(usize::MAX),
        Item::Value(v) => v.span().map(|s| s.start).unwrap_or(usize::MAX),
        Item::None => usize::MAX,
    };
    own.min(inner)
}
