//! Python `str` operations on code points, as `decoder.py` uses them: indexes count code
//! points, negative indexes wrap, slices clamp, and `strip()` removes what `str.isspace()` says.

use super::error::PyErr;
use crate::py::unicode_tables::{NON_ASCII_ALNUM, NON_ASCII_SPACES, in_ranges};

/// A Python `str` as its code points.
pub(super) type S = Vec<char>;

pub(super) fn chars(x: &str) -> S {
    x.chars().collect()
}

pub(super) fn text(x: &[char]) -> String {
    x.iter().collect()
}

/// `str.isspace()`.
pub(super) fn is_space(c: char) -> bool {
    if (c as u32) < 128 {
        matches!(
            c,
            ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f'
        )
    } else {
        NON_ASCII_SPACES.contains(&(c as u32))
    }
}

/// `str.isalnum()` of one character.
pub(super) fn is_alnum(c: char) -> bool {
    if (c as u32) < 128 {
        c.is_ascii_alphanumeric()
    } else {
        in_ranges(NON_ASCII_ALNUM, c)
    }
}

pub(super) fn strip(x: &[char]) -> &[char] {
    let start = x.iter().position(|c| !is_space(*c)).unwrap_or(x.len());
    let end = x
        .iter()
        .rposition(|c| !is_space(*c))
        .map_or(start, |e| e + 1);
    &x[start..end.max(start)]
}

/// `x[i]` for a `str` (IndexError: "string index out of range").
pub(super) fn at(x: &[char], i: isize) -> Result<char, PyErr> {
    let n = x.len() as isize;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(PyErr::raw("string index out of range"));
    }
    Ok(x[j as usize])
}

/// `x[a:b]` with Python's clamping (`None` is an open end).
pub(super) fn slice(x: &[char], a: Option<isize>, b: Option<isize>) -> &[char] {
    let n = x.len() as isize;
    let fix = |v: isize| if v < 0 { (v + n).max(0) } else { v.min(n) };
    let a = a.map_or(0, fix);
    let b = b.map_or(n, fix);
    if a >= b {
        &[]
    } else {
        &x[a as usize..b as usize]
    }
}

pub(super) fn from(x: &[char], a: isize) -> &[char] {
    slice(x, Some(a), None)
}

pub(super) fn eq(x: &[char], lit: &str) -> bool {
    x.len() == lit.chars().count() && x.iter().copied().eq(lit.chars())
}

pub(super) fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    match needle {
        [] => Some(from),
        [c] => rest.iter().position(|x| x == c).map(|p| p + from),
        [first, ..] => {
            let n = needle.len();
            let mut i = 0;
            while i + n <= rest.len() {
                if rest[i] == *first && rest[i..i + n] == *needle {
                    return Some(i + from);
                }
                i += 1;
            }
            None
        }
    }
}

pub(super) fn contains(hay: &[char], needle: &[char]) -> bool {
    find(hay, needle, 0).is_some()
}

pub(super) fn has(hay: &[char], c: char) -> bool {
    hay.contains(&c)
}

/// `hay.count(needle)`: non-overlapping occurrences (needle not empty).
pub(super) fn count(hay: &[char], needle: &[char]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(j) = find(hay, needle, i) {
        n += 1;
        i = j + needle.len();
    }
    n
}

/// `hay.split(sep, maxsplit)`; `None` splits everywhere.
pub(super) fn split_n(hay: &[char], sep: &[char], maxsplit: Option<usize>) -> Vec<S> {
    let mut out = Vec::new();
    let mut i = 0;
    while maxsplit.is_none_or(|m| out.len() < m) {
        match find(hay, sep, i) {
            Some(j) => {
                out.push(hay[i..j].to_vec());
                i = j + sep.len();
            }
            None => break,
        }
    }
    out.push(hay[i..].to_vec());
    out
}

pub(super) fn split(hay: &[char], sep: &[char]) -> Vec<S> {
    split_n(hay, sep, None)
}

pub(super) fn join(parts: &[S], sep: &[char]) -> S {
    let mut out = S::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(p);
    }
    out
}

pub(super) fn replace(hay: &[char], from: &[char], to: &[char]) -> S {
    join(&split(hay, from), to)
}

pub(super) fn concat(a: &[char], b: &[char]) -> S {
    let mut out = a.to_vec();
    out.extend_from_slice(b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_semantics() {
        let x = chars("a.b..c");
        assert_eq!(
            split(&x, &['.'])
                .iter()
                .map(|p| text(p))
                .collect::<Vec<_>>(),
            ["a", "b", "", "c"]
        );
        assert_eq!(split_n(&x, &['.'], Some(1)).len(), 2);
        assert_eq!(count(&chars("]]]]]"), &chars("]]")), 2);
        assert_eq!(text(slice(&x, Some(1), Some(-1))), ".b..");
        assert_eq!(text(slice(&x, Some(-100), Some(2))), "a.");
        assert_eq!(at(&x, -1).unwrap(), 'c');
        assert!(at(&x, 6).is_err());
        assert_eq!(text(strip(&chars("\u{a0} x\u{3000}\u{1f}"))), "x");
        assert!(is_alnum('é') && !is_alnum('\u{345}') && !is_alnum('_'));
    }
}
