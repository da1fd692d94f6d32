//! The Modal client's view of a TOML document. We parse with `toml_edit` (TOML 1.1) and then
//! apply what the client's reader, `toml` 0.10.2, does differently (spec §12): raw escapes in
//! quoted table names, short escapes decoded in quoted keys, homogeneous arrays, scalars
//! dropped after inline tables in an array, and the TOML 1.1 syntax it does not know.

use toml_edit::{Array, Document, InlineTable, Item, Key, Table, Value};

use super::lines::LineIndex;
use crate::py::{PyDateTime, PyValue};

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

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as the client sees it.
    pub key: String,
    /// The key `toml_edit` decoded.
    pub doc_key: String,
    pub value: PyValue,
    /// 1-based line of the key.
    pub line: usize,
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

const STAND_IN_BASE: u32 = 0xF0000;

fn is_raw_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn is_stand_in(c: char) -> bool {
    (STAND_IN_BASE..STAND_IN_BASE + 0x100).contains(&(c as u32))
}

fn stand_in(c: char) -> char {
    char::from_u32(STAND_IN_BASE + c as u32).unwrap_or(c)
}

/// Restores the raw control characters behind their stand-ins.
fn restore(cx: &Ctx, s: &str) -> String {
    if !cx.masked {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if is_stand_in(c) {
                char::from_u32(c as u32 - STAND_IN_BASE).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
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

fn raw<'a>(cx: &Ctx<'a>, key: &Key) -> &'a str {
    key.span().and_then(|s| cx.text.get(s)).unwrap_or("")
}

/// A quoted table-header segment is taken raw, without escape processing.
fn header_name(cx: &Ctx, key: &Key) -> R<String> {
    let r = raw(cx, key).trim();
    let off = key.span().map(|s| s.start).unwrap_or(0);
    let name = if r.len() >= 2 && (r.starts_with('"') || r.starts_with('\'')) {
        let inner = &r[1..r.len() - 1];
        if r.starts_with('"') && inner.contains('"') {
            return Err(err(
                off,
                "a table name containing `\"` cannot be read by the client (`Key group not on a line by itself.`)",
            ));
        }
        restore(cx, inner)
    } else if r.is_empty() {
        key.get().to_string()
    } else {
        if !r
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(err(
                off,
                format!("invalid bare table name `{r}` for the client (only A-Z a-z 0-9 _ -)"),
            ));
        }
        r.to_string()
    };
    if name.is_empty() {
        let mut e = err(
            off,
            "an empty table name `[\"\"]` cannot be read by the client",
        );
        e.client_inner = None;
        return Err(e);
    }
    Ok(name)
}

/// A quoted key on a `key = value` line: the client decodes the short escapes (even in
/// literal keys) and keeps `\u`/`\U` raw.
fn line_key(cx: &Ctx, key: &Key) -> R<String> {
    let r = raw(cx, key).trim();
    let off = key.span().map(|s| s.start).unwrap_or(0);
    if r.len() < 2 || !(r.starts_with('"') || r.starts_with('\'')) {
        return Ok(if r.is_empty() {
            key.get().to_string()
        } else {
            r.to_string()
        });
    }
    let inner = &restore(cx, &r[1..r.len() - 1]);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('f') => out.push('\u{c}'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some(u @ ('u' | 'U')) => {
                out.push('\\');
                out.push(u);
            }
            _ => {
                return Err(err(
                    off,
                    format!(
                        "the key {r} has an escape the client rejects (`Reserved escape sequence used`)"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

impl Ctx<'_> {
    fn line_of(&self, key: &Key) -> usize {
        self.lines.line(key.span().map(|s| s.start).unwrap_or(0))
    }

    fn table_entries(&mut self, t: &Table) -> R<Vec<Entry>> {
        let mut out = Vec::new();
        for (k, item) in t.iter() {
            let key = t.key(k).expect("key of an iterated entry");
            let (name, value) = match item {
                Item::Table(sub) => (
                    header_name(self, key)?,
                    PyValue::Dict(dict_of(&self.table_entries(sub)?)),
                ),
                Item::ArrayOfTables(a) => {
                    let mut list = Vec::new();
                    for sub in a.iter() {
                        list.push(PyValue::Dict(dict_of(&self.table_entries(sub)?)));
                    }
                    (header_name(self, key)?, PyValue::List(list))
                }
                Item::Value(v) => (line_key(self, key)?, self.value(v)?),
                Item::None => continue,
            };
            out.push(Entry {
                key: name,
                doc_key: k.to_string(),
                value,
                line: self.line_of(key),
            });
        }
        Ok(out)
    }

    fn inline_entries(&mut self, t: &InlineTable) -> R<Vec<Entry>> {
        if let Some(span) = t.span()
            && let Some(src) = self.text.get(span.clone())
        {
            if src.contains('\n') {
                return Err(err(
                    span.start,
                    "an inline table spans several lines (TOML 1.1); the client needs it on one line",
                ));
            }
            let body = src.trim_end_matches('}').trim_end();
            if body.ends_with(',') {
                return Err(err(
                    span.start,
                    "an inline table ends with a comma (TOML 1.1); the client rejects it",
                ));
            }
        }
        let mut out = Vec::new();
        for (k, v) in t.iter() {
            let key = t.key(k).expect("key of an iterated entry");
            let dotted = key.span().is_some_and(|s| {
                self.text
                    .get(s)
                    .is_some_and(|r| r.trim() != key.get() && r.contains('.'))
            });
            let name = if dotted {
                header_name(self, key)?
            } else {
                line_key(self, key)?
            };
            let value = match v {
                Value::InlineTable(sub) if sub.is_dotted() => {
                    PyValue::Dict(dict_of(&self.inline_entries(sub)?))
                }
                other => self.value(other)?,
            };
            out.push(Entry {
                key: name,
                doc_key: k.to_string(),
                value,
                line: self.line_of(key),
            });
        }
        Ok(out)
    }

    fn value(&mut self, v: &Value) -> R<PyValue> {
        let off = v.span().map(|s| s.start).unwrap_or(0);
        Ok(match v {
            Value::String(s) => {
                if let Some(raw) = v.span().and_then(|sp| self.text.get(sp)) {
                    check_string_escapes(raw, off)?;
                }
                PyValue::Str(restore(self, s.value()))
            }
            Value::Integer(i) => {
                // A hex/octal/binary integer written right after `=` (no space) is rejected
                // by toml 0.10.2 ("Invalid date or number").
                let raw = v.span().and_then(|sp| self.text.get(sp)).unwrap_or("");
                let digits = raw.trim_start_matches(['+', '-']);
                let prefixed = ["0x", "0o", "0b"].iter().any(|p| digits.starts_with(p));
                if prefixed && off > 0 && self.text.as_bytes().get(off - 1) == Some(&b'=') {
                    return Err(err(
                        off,
                        "a hex/octal/binary number right after `=` (no space) cannot be read by the client (`Invalid date or number`)",
                    ));
                }
                PyValue::Int(*i.value())
            }
            Value::Float(f) => PyValue::Float(*f.value()),
            Value::Boolean(b) => PyValue::Bool(*b.value()),
            Value::Datetime(d) => {
                let raw = v.span().and_then(|sp| self.text.get(sp)).unwrap_or("");
                datetime(d.value(), raw, off)?
            }
            Value::Array(a) => self.array(a, off)?,
            Value::InlineTable(t) => PyValue::InlineDict(dict_of(&self.inline_entries(t)?)),
        })
    }

    /// toml 0.10.2 arrays: every element of one type; after a leading inline table, other
    /// elements are silently dropped.
    fn array(&mut self, a: &Array, off: usize) -> R<PyValue> {
        let mut out = Vec::new();
        let first_inline = matches!(a.get(0), Some(Value::InlineTable(_)));
        let mut kind: Option<u8> = None;
        for v in a.iter() {
            let k = kind_of(v);
            if first_inline {
                if k == KIND_TABLE {
                    out.push(self.value(v)?);
                }
                continue;
            }
            match kind {
                Some(prev) if prev != k => {
                    let mut e = err(
                        off,
                        "an array mixes value types; the client's reader rejects it (`Not a homogeneous array`)",
                    );
                    e.client_inner = None;
                    return Err(e);
                }
                _ => kind = Some(k),
            }
            out.push(self.value(v)?);
        }
        Ok(PyValue::List(out))
    }
}

fn dict_of(entries: &[Entry]) -> Vec<(String, PyValue)> {
    entries
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect()
}

const KIND_TABLE: u8 = 6;

fn kind_of(v: &Value) -> u8 {
    match v {
        Value::String(_) => 0,
        Value::Integer(_) => 1,
        Value::Float(_) => 2,
        Value::Boolean(_) => 3,
        Value::Datetime(d) if d.value().date.is_none() => 7,
        Value::Datetime(_) => 4,
        Value::Array(_) => 5,
        Value::InlineTable(_) => KIND_TABLE,
    }
}

/// Escapes TOML 1.1 added (`\e`, `\xHH`) are "reserved" for the client.
fn check_string_escapes(raw: &str, off: usize) -> R<()> {
    if !raw.starts_with('"') {
        return Ok(());
    }
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('e') | Some('x') => {
                    return Err(err(
                        off,
                        "a string uses an escape from TOML 1.1 (`\\e` or `\\x`) that the client rejects (`Reserved escape sequence used`)",
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn datetime(d: &toml_edit::Datetime, raw: &str, off: usize) -> R<PyValue> {
    let time = match d.time {
        Some(t) => {
            let Some(second) = t.second else {
                return Err(err(
                    off,
                    "a time without seconds (TOML 1.1) cannot be read by the client",
                ));
            };
            if second > 59 {
                return Err(err(
                    off,
                    "a leap second (:60) cannot be read by the client (`second must be in 0..59`)",
                ));
            }
            let micros = if d.date.is_none() {
                // toml 0.10.2 reads a local time's fraction as a plain integer of its first six
                // digits, and drops fractions of fewer than three digits.
                let frac: String = raw
                    .split_once('.')
                    .map(|(_, f)| f.chars().take_while(char::is_ascii_digit).collect())
                    .unwrap_or_default();
                if frac.len() < 3 {
                    0
                } else {
                    frac[..frac.len().min(6)].parse().unwrap_or(0)
                }
            } else {
                t.nanosecond.unwrap_or(0) / 1000
            };
            Some((t.hour, t.minute, second, micros))
        }
        None => None,
    };
    // toml 0.10.2 only knows an upper-case `Z`; a lower-case one leaves a naive datetime.
    let lower_z = raw.trim_end().ends_with('z');
    let offset_minutes = d.offset.filter(|_| !lower_z).map(|o| match o {
        toml_edit::Offset::Z => 0,
        toml_edit::Offset::Custom { minutes } => minutes,
    });
    Ok(PyValue::DateTime(PyDateTime {
        date: d.date.map(|x| (x.year, x.month, x.day)),
        time,
        offset_minutes,
    }))
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
