//! TOML values as the client's reader returns them: homogeneous arrays, inline tables as
//! `DynamicInlineTableDict`, toml 0.10.2's datetimes, and the escapes it rejects.

use toml_edit::{Array, InlineTable, Item, Key, Table, Value};

use super::names::{header_name, line_key, restore};
use super::{Ctx, Entry, R, err};
use crate::py::{PyDateTime, PyValue};

impl Ctx<'_> {
    fn line_of(&self, key: &Key) -> usize {
        self.lines.line(key.span().map(|s| s.start).unwrap_or(0))
    }

    pub(super) fn table_entries(&mut self, t: &Table) -> R<Vec<Entry>> {
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

    pub(super) fn inline_entries(&mut self, t: &InlineTable) -> R<Vec<Entry>> {
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

pub(super) fn dict_of(entries: &[Entry]) -> Vec<(String, PyValue)> {
    entries
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect()
}

pub(super) const KIND_TABLE: u8 = 6;

pub(super) fn kind_of(v: &Value) -> u8 {
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
pub(super) fn check_string_escapes(raw: &str, off: usize) -> R<()> {
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

pub(super) fn datetime(d: &toml_edit::Datetime, raw: &str, off: usize) -> R<PyValue> {
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
