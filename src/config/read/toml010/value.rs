//! `load_value` and `load_array`: how a value's text becomes a Python object, sniffed by its
//! first character, and arrays split on commas with toml 0.10.2's own grouping of strings and
//! inline tables (homogeneous types; scalars after inline tables are dropped).

use super::Decoder;
use super::date::{load_date, load_time, time_re};
use super::error::PyErr;
use super::number::load_number;
use super::object::Obj;
use super::pystr::{S, at, eq, from, has, slice, split, strip};
use super::strings::load_string;

/// The type names `load_value` returns, which arrays compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Bool,
    Str,
    Array,
    InlineObject,
    Time,
    Date,
    Int,
    Float,
}

impl Decoder {
    /// `load_value(v, strictly_valid)`, with a guard where Python's recursion limit would stop.
    pub(super) fn load_value(
        &self,
        v: &[char],
        strictly_valid: bool,
    ) -> Result<(Obj, Kind), PyErr> {
        let depth = self.depth.get();
        if depth >= self.limit {
            return Err(if self.limit >= super::MAX_DEPTH {
                PyErr::TooDeep
            } else {
                PyErr::Deeper
            });
        }
        self.depth.set(depth + 1);
        let out = self.load_value_at(v, strictly_valid);
        self.depth.set(depth);
        out
    }

    fn load_value_at(&self, v: &[char], strictly_valid: bool) -> Result<(Obj, Kind), PyErr> {
        use crate::py::PyValue;
        if v.is_empty() {
            return Err(PyErr::value("Empty value is invalid"));
        }
        // `v.lower() == "true"`: no character outside ASCII lowers to these letters.
        let lower = |word: &str| {
            v.len() == word.len()
                && v.iter()
                    .zip(word.chars())
                    .all(|(a, b)| a.to_ascii_lowercase() == b)
        };
        if eq(v, "true") {
            return Ok((Obj::Val(PyValue::Bool(true)), Kind::Bool));
        } else if lower("true") {
            return Err(PyErr::value("Only all lowercase booleans allowed"));
        } else if eq(v, "false") {
            return Ok((Obj::Val(PyValue::Bool(false)), Kind::Bool));
        } else if lower("false") {
            return Err(PyErr::value("Only all lowercase booleans allowed"));
        }
        match v[0] {
            '"' | '\'' => Ok((Obj::str(load_string(v)?), Kind::Str)),
            '[' => Ok((Obj::new_list(self.load_array(v)?), Kind::Array)),
            '{' => {
                let table = Obj::new_dict(true);
                self.load_inline_object(v, &table)?;
                Ok((table, Kind::InlineObject))
            }
            _ => {
                if let Some((h, m, s, us)) = time_re(v) {
                    return Ok((Obj::Val(load_time(h, m, s, us)?), Kind::Time));
                }
                if let Some(d) = load_date(v)? {
                    return Ok((Obj::Val(d), Kind::Date));
                }
                let (n, is_float) = load_number(v, strictly_valid)?;
                Ok((Obj::Val(n), if is_float { Kind::Float } else { Kind::Int }))
            }
        }
    }

    /// `load_array(a)`.
    fn load_array(&self, a: &[char]) -> Result<Vec<Obj>, PyErr> {
        let a = strip(a);
        let inner = slice(a, Some(1), Some(-1));
        let mut parts: Vec<S>;
        if !has(inner, '[') || !strip(&split(inner, &['['])[0]).is_empty() {
            let strarray = is_str_array(a);
            if !strip(inner).starts_with(&['{']) {
                parts = split(inner, &[',']);
            } else {
                parts = inline_groups(a)?;
            }
            if strarray {
                let mut b = 0;
                while parts.len() > 1 && b < parts.len() - 1 {
                    let mut ab: S = strip(&parts[b]).to_vec();
                    while !bounded_string(&ab)? || open_triple(&ab)? {
                        let next = parts
                            .get(b + 1)
                            .cloned()
                            .ok_or_else(|| PyErr::raw("list index out of range"))?;
                        parts[b].push(',');
                        parts[b].extend(next);
                        ab = strip(&parts[b]).to_vec();
                        parts.remove(b + 1);
                    }
                    b += 1;
                }
            }
        } else {
            parts = Vec::new();
            let mut open: i64 = 0;
            let mut j = 0;
            for (i, c) in inner.iter().enumerate() {
                match c {
                    '[' => open += 1,
                    ']' => open -= 1,
                    ',' if open == 0 => {
                        parts.push(inner[j..i].to_vec());
                        j = i + 1;
                    }
                    _ => {}
                }
            }
            parts.push(inner[j..].to_vec());
        }
        let mut out = Vec::new();
        let mut atype: Option<Kind> = None;
        for p in &parts {
            let p = strip(p);
            if !p.is_empty() {
                let (v, kind) = self.load_value(p, true)?;
                match atype {
                    Some(t) if t != kind => return Err(PyErr::value("Not a homogeneous array")),
                    _ => atype = Some(kind),
                }
                out.push(v);
            }
        }
        Ok(out)
    }
}

/// `_load_array_isstrarray(a)`.
pub(super) fn is_str_array(a: &[char]) -> bool {
    let a = strip(slice(a, Some(1), Some(-1)));
    matches!(a.first(), Some('"' | '\''))
}

/// `bounded_string(s)`.
fn bounded_string(s: &[char]) -> Result<bool, PyErr> {
    if s.is_empty() {
        return Ok(true);
    }
    if at(s, -1)? != at(s, 0)? {
        return Ok(false);
    }
    let body = &s[..s.len() - 1];
    // Backslashes before the last character, not counting the first one.
    let n = body
        .iter()
        .skip(1)
        .rev()
        .take_while(|c| **c == '\\')
        .count();
    Ok(n % 2 == 0)
}

/// `len(ab) > 2 and ab[0] == ab[1] == ab[2] and ab[-2] != ab[0] and ab[-3] != ab[0]`.
fn open_triple(ab: &[char]) -> Result<bool, PyErr> {
    Ok(ab.len() > 2
        && ab[0] == ab[1]
        && ab[1] == ab[2]
        && at(ab, -2)? != ab[0]
        && at(ab, -3)? != ab[0])
}

/// The inline-table grouping of `load_array` for `[{...}, {...}]`: each group runs from a `{`
/// to its matching `}`; anything between groups is skipped.
fn inline_groups(a: &[char]) -> Result<Vec<S>, PyErr> {
    let mut groups = Vec::new();
    let n1 = from(a, 1).len();
    let mut start = 1usize;
    let mut end = 2usize;
    let mut open: i64 = if at(a, 1)? == '{' { 1 } else { 0 };
    let mut in_str = false;
    while end < n1 {
        let c = a[end];
        if c == '"' || c == '\'' {
            if in_str {
                let mut k = end as isize - 1;
                while k > -1 && a[k as usize] == '\\' {
                    in_str = !in_str;
                    k -= 1;
                }
            }
            in_str = !in_str;
        }
        if !in_str && c == '{' {
            open += 1;
        }
        if in_str || c != '}' {
            end += 1;
            continue;
        } else if open > 1 {
            open -= 1;
            end += 1;
            continue;
        }
        end += 1;
        groups.push(slice(a, Some(start as isize), Some(end as isize)).to_vec());
        start = end + 1;
        while start < n1 && a[start] != '{' {
            start += 1;
        }
        end = start + 1;
    }
    Ok(groups)
}
