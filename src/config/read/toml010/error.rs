//! What `toml.loads` raises: a `TomlDecodeError` with its position, a plain `ValueError` that
//! the decoder wraps into one, or another Python exception that escapes it unwrapped
//! (`TypeError`, `IndexError`, `AttributeError`, ...), whose text is all the client shows.

#[derive(Debug, Clone, PartialEq)]
pub enum PyErr {
    /// A `ValueError` from a helper; `loads` turns it into a `TomlDecodeError` at the line.
    Value(String),
    /// `TomlDecodeError(msg, doc, pos)`; `pos` counts code points.
    Decode { msg: String, pos: usize },
    /// Any other exception: only `str(exc)` reaches the user.
    Raw(String),
    /// Nesting deeper than [`super::MAX_DEPTH`]: Python's recursion limit for values (the
    /// level where it hits depends on the caller's stack); this reader's own limit for the
    /// dotted names Python builds without recursion.
    TooDeep,
    /// Nesting beyond the limit of a [`super::loads_within`] run (below [`super::MAX_DEPTH`]):
    /// not an answer, the text is read again with room for the full depth.
    Deeper,
}

impl PyErr {
    pub(super) fn value(msg: impl Into<String>) -> PyErr {
        PyErr::Value(msg.into())
    }

    pub(super) fn raw(msg: impl Into<String>) -> PyErr {
        PyErr::Raw(msg.into())
    }

    pub(super) fn decode(msg: impl Into<String>, pos: usize) -> PyErr {
        PyErr::Decode {
            msg: msg.into(),
            pos,
        }
    }

    /// `except ValueError as err: raise TomlDecodeError(str(err), original, pos)`.
    pub(super) fn at_line(self, pos: usize) -> PyErr {
        match self {
            PyErr::Value(msg) => PyErr::Decode { msg, pos },
            other => other,
        }
    }
}

/// Why `toml.loads` failed, as the client reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    /// `str(exc)`: exactly what the client prints.
    pub client: String,
    /// The message without the position suffix.
    pub message: String,
    /// Code-point offset of the error (or of the line being read).
    pub pos: usize,
    /// 1-based line and column (columns count code points).
    pub line: usize,
    pub column: usize,
}

impl DecodeError {
    pub(super) fn new(err: PyErr, doc: &[char], line_pos: usize) -> DecodeError {
        let (message, pos, exact) = match err {
            PyErr::Decode { msg, pos } => (msg, pos, true),
            PyErr::Value(msg) => (msg, line_pos, true),
            PyErr::Raw(msg) => (msg, line_pos, false),
            PyErr::TooDeep | PyErr::Deeper => {
                let (line, column) = position(doc, line_pos);
                return DecodeError {
                    client: "maximum recursion depth exceeded while calling a Python object".into(),
                    message: format!(
                        "arrays, inline tables or dotted names are nested too deeply (more than {} levels)",
                        super::MAX_DEPTH
                    ),
                    pos: line_pos,
                    line,
                    column,
                };
            }
        };
        let (line, column) = position(doc, pos);
        let client = if exact {
            format!("{message} (line {line} column {column} char {pos})")
        } else {
            message.clone()
        };
        DecodeError {
            client,
            message,
            pos,
            line,
            column,
        }
    }
}

/// `TomlDecodeError`'s line and column of a code-point offset.
fn position(doc: &[char], pos: usize) -> (usize, usize) {
    let before = &doc[..pos.min(doc.len())];
    let line = before.iter().filter(|c| **c == '\n').count() + 1;
    let column = match before.iter().rposition(|c| *c == '\n') {
        Some(nl) => pos - nl,
        None => pos + 1,
    };
    (line, column)
}
