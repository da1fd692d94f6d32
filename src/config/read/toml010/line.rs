//! `key = value` lines: `load_line` (where the `=` is, sniffing where the value starts when
//! there is no space after `=`, dotted keys, duplicates, the start of a multi-line string),
//! `_get_split_on_quotes` and `load_inline_object`.

use super::Decoder;
use super::date::{load_date, time_re};
use super::error::PyErr;
use super::number::{py_float, strictly_valid_num};
use super::object::Obj;
use super::pystr::{S, at, count, eq, has, replace, slice, split, split_n, strip, text};
use super::value::is_str_array;

/// A multi-line value that continues on the next lines.
pub(super) struct Pending {
    pub key: String,
    pub text: S,
    pub backslash: bool,
}

/// `_get_split_on_quotes(line)`.
pub(super) fn split_on_quotes(line: &[char]) -> Vec<S> {
    let mut dq = split(line, &['"']);
    let mut quoted = false;
    let mut out: Vec<S> = Vec::new();
    if dq.len() > 1 && has(&dq[0], '\'') {
        let mut sq = split(&dq[0], &['\'']);
        dq.remove(0);
        while sq.len().is_multiple_of(2) && !dq.is_empty() {
            let first = dq.remove(0);
            let last = sq.last_mut().expect("split returns a part");
            last.push('"');
            last.extend(first);
            if has(last, '\'') {
                let tail = sq.pop().expect("a part");
                sq.extend(split(&tail, &['\'']));
            }
        }
        out.extend(sq);
    }
    for part in dq {
        if quoted {
            out.push(part);
        } else {
            out.extend(split(&part, &['\'']));
            quoted = !quoted;
        }
    }
    out
}

/// The number of the `sep` split that ends the key: separators inside quotes do not count.
pub(super) fn split_count(line: &[char], sep: &[char]) -> usize {
    // The first part `split_on_quotes` returns is always the text before the first quote
    // (of either kind): when the separator is there, the answer is 1 without splitting.
    let first_quote = line
        .iter()
        .position(|c| *c == '"' || *c == '\'')
        .unwrap_or(line.len());
    if super::pystr::contains(&line[..first_quote], sep) {
        return 1;
    }
    let mut i = 1;
    let mut quoted = false;
    for part in split_on_quotes(line) {
        if !quoted && super::pystr::contains(&part, sep) {
            break;
        }
        i += count(&part, sep);
        quoted = !quoted;
    }
    i
}

/// `line.split(sep, maxsplit)` as (the text before the last part, the last part), without
/// building the parts: the cut is at the `maxsplit`-th separator, or the last one there is.
fn split_last(line: &[char], sep: char, maxsplit: usize) -> (&[char], &[char]) {
    let mut cut = None;
    let mut n = 0;
    for (j, c) in line.iter().enumerate() {
        if n == maxsplit {
            break;
        }
        if *c == sep {
            cut = Some(j);
            n += 1;
        }
    }
    match cut {
        Some(j) => (&line[..j], &line[j + 1..]),
        None => (&[], line),
    }
}

fn is_python_true_false(v: &[char]) -> bool {
    let s = strip(v);
    eq(s, "true") || eq(s, "false")
}

impl Decoder {
    /// `load_line(line, currentlevel)`; `Some` when the value opens a multi-line string.
    pub(super) fn load_line(&self, line: &[char], level: &Obj) -> Result<Option<Pending>, PyErr> {
        let mut i = split_count(line, &['=']);
        // `pair = line.split("=", i)`, seen as the text before its last part (what
        // `"=".join(pair[:-1])` gives back) and that last part.
        let (mut head, tail) = split_last(line, '=', i);
        let mut strictly_valid = strictly_valid_num(tail);
        let mut last: std::borrow::Cow<[char]> = if tail.first().is_some_and(char::is_ascii_digit) {
            replace(tail, &['_'], &[]).into()
        } else {
            tail.into()
        };
        loop {
            let v: &[char] = &last;
            if v.is_empty()
                || matches!(v[0], ' ' | '\t' | '\'' | '"' | '[' | '{')
                || is_python_true_false(v)
            {
                break;
            }
            if py_float(v).is_ok() || load_date(v)?.is_some() || time_re(v).is_some() {
                break;
            }
            i += 1;
            let (h, t) = split_last(line, '=', i);
            if v == t {
                return Err(PyErr::value("Invalid date or number"));
            }
            head = h;
            last = t.into();
            if strictly_valid {
                strictly_valid = strictly_valid_num(t);
            }
        }
        let value: S = strip(&last).to_vec();
        let mut key: S = strip(head).to_vec();
        let mut level = level.clone();
        if has(&key, '.') {
            let mut levels: Vec<S> = if has(&key, '"') || has(&key, '\'') {
                let mut quoted = false;
                let mut out = Vec::new();
                for part in split_on_quotes(&key) {
                    if quoted {
                        out.push(part);
                    } else {
                        out.extend(split(&part, &['.']).iter().map(|l| strip(l).to_vec()));
                    }
                    quoted = !quoted;
                }
                out
            } else {
                split(&key, &['.'])
            };
            while levels
                .last()
                .ok_or_else(|| PyErr::raw("list index out of range"))?
                .is_empty()
            {
                levels.pop();
            }
            if levels.len() > super::MAX_DEPTH {
                return Err(PyErr::TooDeep);
            }
            let (last, parents) = levels.split_last().expect("not empty");
            for name in parents {
                if name.is_empty() {
                    continue;
                }
                let name = text(name);
                if !level.contains(&name)? {
                    level.set(&name, Obj::new_dict(false), self.line.get())?;
                }
                level = level.index(&name)?;
            }
            key = strip(last).to_vec();
        } else if (at(&key, 0)? == '"' || key[0] == '\'') && at(&key, -1)? == key[0] {
            key = super::strings::unescape(slice(&key, Some(1), Some(-1)).to_vec())?;
        }
        let key = text(&key);
        let (k, offset) = multiline_start(&value)?;
        let mut pending = None;
        let mut loaded = None;
        if let Some(mut k) = k {
            let mut backslash = false;
            while k > -1 && value[(k + offset) as usize] == '\\' {
                backslash = !backslash;
                k -= 1;
            }
            let text = if backslash {
                slice(&value, None, Some(-1)).to_vec()
            } else {
                let mut t = value.clone();
                t.push('\n');
                t
            };
            pending = Some(Pending {
                key: key.clone(),
                text,
                backslash,
            });
        } else {
            loaded = Some(self.load_value(&value, strictly_valid)?.0);
        }
        match level.get(&key) {
            Ok(Some(_)) | Err(_) => Err(PyErr::value("Duplicate keys!")),
            Ok(None) => {
                // An empty key is falsy: Python then stores `value`, never bound here.
                if !key.is_empty() && pending.is_some() {
                    return Ok(pending);
                }
                match loaded {
                    Some(v) => {
                        level.set(&key, v, self.line.get())?;
                        Ok(None)
                    }
                    None => Err(PyErr::raw(
                        "cannot access local variable 'value' where it is not associated with a value",
                    )),
                }
            }
        }
    }

    /// `load_inline_object(line, currentlevel)` (the multi-line arguments are always unset).
    pub(super) fn load_inline_object(&self, line: &[char], level: &Obj) -> Result<(), PyErr> {
        let mut candidates =
            std::collections::VecDeque::from(split(slice(line, Some(1), Some(-1)), &[',']));
        if candidates.len() == 1 && strip(&candidates[0]).is_empty() {
            candidates.pop_front();
        }
        let mut groups = Vec::new();
        while let Some(group) = candidates.pop_front() {
            let parts = split_n(&group, &['='], Some(1));
            if parts.len() != 2 {
                return Err(PyErr::value("Invalid inline table encountered"));
            }
            let value = strip(&parts[1]);
            let (first, last) = (at(value, 0)?, at(value, -1)?);
            let ok = (first == last && (first == '"' || first == '\''))
                || first == '-'
                || first.is_ascii_digit()
                || eq(value, "true")
                || eq(value, "false")
                || (first == '[' && last == ']')
                || (first == '{' && last == '}');
            if ok {
                groups.push(group);
            } else if let Some(next) = candidates.front_mut() {
                let mut joined = group;
                joined.push(',');
                joined.extend_from_slice(next);
                *next = joined;
            } else {
                return Err(PyErr::value("Invalid inline table value encountered"));
            }
        }
        for group in groups {
            if self.load_line(&group, level)?.is_some() {
                break;
            }
        }
        Ok(())
    }
}

/// `_load_line_multiline_str(p)`: where a value that opens a multi-line string ends, and the
/// offset of the string inside it (an array of strings can open one in its last element).
fn multiline_start(p: &[char]) -> Result<(Option<isize>, isize), PyErr> {
    let mut offset = 0isize;
    if p.len() < 3 {
        return Ok((None, offset));
    }
    let mut p: S = p.to_vec();
    if p[0] == '[' && at(strip(&p), -1)? != ']' && is_str_array(&p) {
        let mut parts = split(strip(&p[1..]), &[',']);
        while parts.len() > 1 {
            let last = parts.last().expect("parts");
            let c = at(last, 0)?;
            if c == '"' || c == '\'' {
                break;
            }
            let last = parts.pop().expect("parts");
            let prev = parts.last_mut().expect("parts");
            prev.push(',');
            prev.extend(last);
        }
        let newp = parts.pop().expect("parts");
        offset = p.len() as isize - newp.len() as isize;
        p = newp;
    }
    let c0 = at(&p, 0)?;
    if c0 != '"' && c0 != '\'' {
        return Ok((None, offset));
    }
    if at(&p, 1)? != c0 || at(&p, 2)? != c0 {
        return Ok((None, offset));
    }
    let n = p.len();
    if n > 5 && p[n - 1] == c0 && p[n - 2] == c0 && p[n - 3] == c0 {
        return Ok((None, offset));
    }
    Ok((Some(n as isize - 1), offset))
}
