//! A reader that behaves like the `toml` 0.10.2 package's `loads`, which the Modal client uses
//! to read `~/.modal.toml`. It is not a TOML parser: it accepts what no TOML parser accepts,
//! refuses some valid TOML and decodes some things its own way. This module follows
//! `toml/decoder.py` step by step (the package's source is the specification), so every file
//! gets the client's answer and every refusal the client's error text.
//!
//! * [`scan`]: the first pass over the characters (quotes, comments, open arrays, key names);
//! * [`header`]: `[table]` and `[[array]]` headers;
//! * [`line`]: `key = value` lines and inline tables;
//! * [`value`], [`strings`], [`number`], [`date`]: values;
//! * [`object`]: the Python objects it builds, with Python's dynamic behaviour;
//! * [`pystr`]: Python `str` operations on code points; [`error`]: what it raises.

use std::cell::Cell;

mod date;
mod error;
mod header;
mod line;
mod number;
mod object;
mod pystr;
mod scan;
mod strings;
mod value;

pub use error::DecodeError;
pub use object::{Dict, Obj};

use error::PyErr;
use line::Pending;
use pystr::{at, has, strip};

/// Decoder state shared by the helpers: the 1-based line being read (for `Entry::line`) and
/// how deeply values are nested.
pub(crate) struct Decoder {
    line: Cell<usize>,
    depth: Cell<usize>,
    /// Nesting at which the reader stops: [`MAX_DEPTH`], or less for [`loads_within`].
    limit: usize,
}

/// Nesting of arrays and inline tables beyond which the reader stops, where Python would hit
/// its recursion limit (1000 frames, two or three per level; the exact level depends on the
/// caller's own stack, so no reader can match it to the level).
const MAX_DEPTH: usize = 300;

/// `toml.loads(text)`: the top-level dict, or what the client raises.
pub fn loads(text: &str) -> Result<Obj, DecodeError> {
    loads_limited(text, MAX_DEPTH).expect("no limit below MAX_DEPTH")
}

/// `toml.loads(text)` as long as values nest at most `depth` levels (arrays and inline
/// tables recurse, one level each); `None` when they nest deeper, for the caller to read the
/// text again with [`loads`] where there is stack for [`MAX_DEPTH`] levels. Below the limit,
/// the same answer as [`loads`]: the limit is the only difference between the two runs.
pub fn loads_within(text: &str, depth: usize) -> Option<Result<Obj, DecodeError>> {
    loads_limited(text, depth.min(MAX_DEPTH))
}

fn loads_limited(text: &str, limit: usize) -> Option<Result<Obj, DecodeError>> {
    // One allocation of the right size for ASCII text (a collect would grow it in steps).
    let mut original: Vec<char> = Vec::with_capacity(text.len());
    original.extend(text.chars());
    let decoder = Decoder {
        line: Cell::new(1),
        depth: Cell::new(0),
        limit,
    };
    match decoder.run(&original) {
        Ok(root) => Some(Ok(root)),
        Err((PyErr::Deeper, _)) => None,
        Err((e, pos)) => Some(Err(DecodeError::new(e, &original, pos))),
    }
}

impl Decoder {
    fn run(&self, original: &[char]) -> Result<Obj, (PyErr, usize)> {
        let sl = scan::scan(original).map_err(|e| (e, 0))?;
        // `sl.split("\n")`, as slices of the scanned text (Python's split and Rust's agree
        // on a one-character separator, empty parts included).
        let lines: Vec<&[char]> = sl.split(|c| *c == '\n').collect();
        let root = Obj::new_dict(false);
        let mut level = root.clone();
        let mut implicit: Vec<String> = Vec::new();
        let mut multi: Option<Pending> = None;
        let mut multi_line = 0;
        let mut pos = 0usize;
        let mut counted = 0usize;
        let mut line_no = 1usize;
        for (idx, raw) in lines.iter().enumerate() {
            if idx > 0 {
                pos += lines[idx - 1].len() + 1;
            }
            line_no += original[counted..pos]
                .iter()
                .filter(|c| **c == '\n')
                .count();
            counted = pos;
            self.line.set(line_no);
            let at_line = |e: PyErr| (e.at_line(pos), pos);
            let keep_raw = multi
                .as_ref()
                .is_some_and(|m| !m.text.is_empty() && !m.backslash && has(&m.text, '\n'));
            let raw: &[char] = raw;
            let line: &[char] = if keep_raw { raw } else { strip(raw) };
            if line.is_empty() && multi.as_ref().is_none_or(|m| m.backslash) {
                continue;
            }
            if let Some(m) = multi.as_mut() {
                m.text.extend_from_slice(line);
                m.backslash = false;
                let q = m.text[0];
                let closed = if q == '[' {
                    at(line, -1).map_err(at_line)? == ']'
                } else {
                    let n = line.len();
                    n > 2 && line[n - 1] == q && line[n - 2] == q && line[n - 3] == q
                };
                if closed {
                    let (value, _) = self.load_value(&m.text, true).map_err(at_line)?;
                    self.line.set(multi_line);
                    level.set(&m.key, value, multi_line).map_err(at_line)?;
                    multi = None;
                } else {
                    let n = m.text.iter().rev().take_while(|c| **c == '\\').count();
                    m.backslash = n % 2 == 1;
                    if m.backslash {
                        m.text.pop();
                    } else {
                        m.text.push('\n');
                    }
                }
                continue;
            }
            if line[0] == '[' {
                level = self
                    .load_header(line, &root, &mut implicit, pos)
                    .map_err(at_line)?;
            } else if line[0] == '{' {
                if line[line.len() - 1] != '}' {
                    return Err((
                        PyErr::decode("Line breaks are not allowed in inlineobjects", pos),
                        pos,
                    ));
                }
                self.load_inline_object(line, &level).map_err(at_line)?;
            } else if has(line, '=')
                && let Some(pending) = self.load_line(line, &level).map_err(at_line)?
            {
                multi_line = line_no;
                multi = Some(pending);
            }
        }
        Ok(root)
    }
}

#[cfg(test)]
mod tests;
