//! Strings in `load_value`: its closed-string check, its escape screen, `\u`/`\U` decoding
//! (`_load_unicode_escapes`, which runs before the short escapes, so `\u005c` starts another
//! escape) and `_unescape`.

use super::error::PyErr;
use super::pystr::{S, at, concat, contains, from, slice, split};

const ESCAPES: [char; 7] = ['0', 'b', 'f', 'n', 'r', 't', '"'];

fn escaped(c: char) -> char {
    match c {
        '0' => '\0',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => '"',
    }
}

/// The string branch of `load_value` (`v` starts with a quote).
pub(super) fn load_string(v: &[char]) -> Result<String, PyErr> {
    // Most values: one quote at each end, no other quote of that kind and no backslash in
    // between. The steps below then find it closed, change nothing and return the middle.
    if let [q, mid @ .., end] = v
        && end == q
        && !mid.is_empty()
        && !mid.iter().any(|c| c == q || *c == '\\')
    {
        return Ok(mid.iter().collect());
    }
    let quotechar = v[0];
    let parts = split(&v[1..], &[quotechar]);
    let mut testv: &[S] = &parts;
    let mut triplequote = false;
    let mut triplequotecount = 0;
    if testv.len() > 1 && testv[0].is_empty() && testv[1].is_empty() {
        testv = &testv[2..];
        triplequote = true;
    }
    let mut closed = false;
    for tv in testv {
        if tv.is_empty() {
            if triplequote {
                triplequotecount += 1;
            } else {
                closed = true;
            }
        } else {
            let odd = tv.iter().rev().take_while(|c| **c == '\\').count() % 2 == 1;
            if !odd {
                if closed {
                    return Err(PyErr::value(
                        "Found tokens after a closed string. Invalid TOML.",
                    ));
                } else if !triplequote || triplequotecount > 1 {
                    closed = true;
                } else {
                    triplequotecount = 0;
                }
            }
        }
    }
    let mut v: S = v.to_vec();
    if quotechar == '"' {
        let seqs = split(&v, &['\\']);
        let mut backslash = false;
        for seq in seqs.iter().skip(1) {
            if seq.is_empty() {
                backslash = !backslash;
            } else {
                if !ESCAPES.contains(&seq[0]) && seq[0] != 'u' && seq[0] != 'U' && !backslash {
                    return Err(PyErr::value("Reserved escape sequence used"));
                }
                backslash = false;
            }
        }
        for prefix in [['\\', 'u'], ['\\', 'U']] {
            if contains(&v, &prefix) {
                let hexbytes = split(&v, &prefix);
                v = unicode_escapes(&hexbytes[0], &hexbytes[1..], prefix[1])?;
            }
        }
        v = unescape(v)?;
    }
    if v.len() > 1 && v[1] == quotechar && (v.len() < 3 || v[1] == v[2]) {
        v = slice(&v, Some(2), Some(-2)).to_vec();
    }
    Ok(slice(&v, Some(1), Some(-1)).iter().collect())
}

fn trailing_odd_backslashes(s: &[char]) -> bool {
    s.iter().rev().take_while(|c| **c == '\\').count() % 2 == 1
}

/// `_load_unicode_escapes(v, hexbytes, prefix)`.
fn unicode_escapes(v: &[char], hexbytes: &[S], u: char) -> Result<S, PyErr> {
    let mut v = v.to_vec();
    let mut skip = trailing_odd_backslashes(&v);
    let hxblen = if u == 'U' { 8 } else { 4 };
    for hx in hexbytes {
        if skip {
            skip = trailing_odd_backslashes(hx);
            v.push('\\');
            v.push(u);
            v.extend_from_slice(hx);
            continue;
        }
        let raw: String = slice(hx, Some(0), Some(hxblen)).iter().collect();
        let hxb: S = crate::py::py_lower(&raw).chars().collect();
        let hxb_text: String = hxb.iter().collect();
        if hxb
            .iter()
            .any(|c| !c.is_ascii_hexdigit() || c.is_ascii_uppercase())
        {
            return Err(PyErr::value(format!("Invalid escape sequence: {hxb_text}")));
        }
        if at(&hxb, 0)? == 'd' && !matches!(at(&hxb, 1)?, '0'..='7') {
            return Err(PyErr::value(format!(
                "Invalid escape sequence: {hxb_text}. Only scalar unicode points are allowed."
            )));
        }
        let code = u64::from_str_radix(&hxb_text, 16).unwrap_or(u64::MAX);
        match u32::try_from(code).ok().and_then(char::from_u32) {
            Some(c) => v.push(c),
            None if code < 0x110000 => v.push('\u{fffd}'),
            // `chr()` takes a C int: above its range CPython raises OverflowError, which
            // `loads` does not turn into a TomlDecodeError (no position).
            None if code > i32::MAX as u64 => {
                return Err(PyErr::raw("Python int too large to convert to C int"));
            }
            None => return Err(PyErr::value("chr() arg not in range(0x110000)")),
        }
        v.extend_from_slice(from(hx, hxb.len() as isize));
    }
    Ok(v)
}

/// `_unescape(v)`.
pub(super) fn unescape(mut v: S) -> Result<S, PyErr> {
    let mut i = 0;
    let mut backslash = false;
    while i < v.len() {
        if backslash {
            backslash = false;
            let c = v[i];
            if ESCAPES.contains(&c) {
                v = concat(&concat(&v[..i - 1], &[escaped(c)]), &v[i + 1..]);
            } else if c == '\\' {
                v.remove(i - 1);
            } else if c == 'u' || c == 'U' {
                i += 1;
            } else {
                return Err(PyErr::value("Reserved escape sequence used"));
            }
            continue;
        } else if v[i] == '\\' {
            backslash = true;
        }
        i += 1;
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::super::pystr::chars;
    use super::*;

    fn load(s: &str) -> Result<String, PyErr> {
        load_string(&chars(s))
    }

    // Expectations printed by CPython 3.11.7 with toml 0.10.2 (`TomlDecoder().load_value`).
    #[test]
    fn escapes() {
        assert_eq!(load(r#""a\tb""#).unwrap(), "a\tb");
        assert_eq!(load(r#""a\0b""#).unwrap(), "a\0b");
        assert_eq!(load(r#""\u005ct""#).unwrap(), "\t");
        assert_eq!(load(r#""\u00e9""#).unwrap(), "é");
        assert_eq!(load(r#""a\\b""#).unwrap(), "a\\b");
        assert_eq!(load("'a\\tb'").unwrap(), "a\\tb");
        assert_eq!(load(r#""""x""""#).unwrap(), "x");
        assert_eq!(load(r#""""#).unwrap(), "");
        assert_eq!(load("''").unwrap(), "");
        assert_eq!(load(r#""a'b""#).unwrap(), "a'b");
        assert_eq!(load(r#"'a"b'"#).unwrap(), "a\"b");
        assert_eq!(
            load(r#""a\qb""#),
            Err(PyErr::value("Reserved escape sequence used"))
        );
        assert_eq!(
            load(r#""a" b""#),
            Err(PyErr::value(
                "Found tokens after a closed string. Invalid TOML."
            ))
        );
    }
}
