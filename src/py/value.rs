//! Python values as the Modal client sees them after `toml.load` (toml 0.10.2) or from the
//! environment (always `str`). Resolution results are expressed in these terms so that types
//! stay exact: int `10` is not float `10.0`.

/// A TOML date-time as toml 0.10.2 turns it into a Python object.
///
/// * offset date-time → `datetime.datetime(..., tzinfo=TomlTz)`
/// * local date-time → naive `datetime.datetime`
/// * local date → `datetime.date`
/// * local time → `datetime.time`
#[derive(Debug, Clone, PartialEq)]
pub struct PyDateTime {
    /// (year, month, day) when there is a date part.
    pub date: Option<(u16, u8, u8)>,
    /// (hour, minute, second, microsecond) when there is a time part.
    pub time: Option<(u8, u8, u8, u32)>,
    /// UTC offset in minutes when the value has one (`Z` is `Some(0)`).
    pub offset_minutes: Option<i16>,
}

/// An arbitrary-precision Python `int` is rare here (only `int("99999999999999999999")` from a
/// string); it is kept as its decimal text.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    /// `None`.
    None,
    /// A `bool`.
    Bool(bool),
    /// An `int` in the i64 range.
    Int(i64),
    /// A Python int outside the i64 range, as canonical decimal text (optional leading `-`).
    BigInt(String),
    /// A `float`.
    Float(f64),
    /// A `str` (lone surrogates kept as the client has them).
    Str(String),
    /// A `list`.
    List(Vec<PyValue>),
    /// Insertion-ordered, as Python dicts are.
    Dict(Vec<(String, PyValue)>),
    /// An inline table: toml 0.10.2 returns its own dict subclass, `DynamicInlineTableDict`,
    /// whose name shows in error messages.
    InlineDict(Vec<(String, PyValue)>),
    /// A `datetime.datetime`, `date` or `time`.
    DateTime(PyDateTime),
}

impl PyValue {
    /// Python truthiness (`bool(value)`).
    pub fn truthy(&self) -> bool {
        match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != 0,
            PyValue::BigInt(_) => true,
            PyValue::Float(f) => *f != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(l) => !l.is_empty(),
            PyValue::Dict(d) | PyValue::InlineDict(d) => !d.is_empty(),
            // datetime.time(0, 0) is truthy since Python 3.5; dates and datetimes always are.
            PyValue::DateTime(_) => true,
        }
    }

    /// The string, if the value is a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PyValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Looks a key up in a dict value.
    pub fn get(&self, key: &str) -> Option<&PyValue> {
        match self {
            PyValue::Dict(items) | PyValue::InlineDict(items) => {
                items.iter().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }
}
