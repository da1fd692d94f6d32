//! The Python objects `decoder.py` builds, shared by reference as in Python (a table reached
//! through a header is the same object as the one inside its parent), with the dynamic
//! behaviour its code relies on: `x[key]`, `key in x`, `x[key] = v`, `x[-1]`, `x.append(v)`,
//! and the exact `TypeError`/`AttributeError` texts when `x` is not what the code expects.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use super::error::PyErr;
use crate::py::PyValue;
use crate::py::repr::type_name;

/// What `toml.load(f)` raises when `loads` raises an `AttributeError`.
pub const LOAD_ATTRIBUTE_ERROR: &str = "You can only load a file descriptor, filename or list";

/// A Python object from the decoder.
#[derive(Debug, Clone)]
pub enum Obj {
    Dict(Rc<RefCell<Dict>>),
    List(Rc<RefCell<Vec<Obj>>>),
    /// A str, int, float, bool or date/time.
    Val(PyValue),
}

/// A `dict` (or toml's `DynamicInlineTableDict` when `inline`), insertion-ordered, with the
/// 1-based line where each key was set.
#[derive(Debug, Default)]
pub struct Dict {
    pub inline: bool,
    pub items: IndexMap<String, (Obj, usize)>,
}

impl Obj {
    pub fn new_dict(inline: bool) -> Obj {
        Obj::Dict(Rc::new(RefCell::new(Dict {
            inline,
            items: IndexMap::new(),
        })))
    }

    pub fn new_list(items: Vec<Obj>) -> Obj {
        Obj::List(Rc::new(RefCell::new(items)))
    }

    pub fn str(s: String) -> Obj {
        Obj::Val(PyValue::Str(s))
    }

    /// `type(x).__name__` as error messages print it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Obj::Dict(d) if d.borrow().inline => "DynamicInlineTableDict",
            Obj::Dict(_) => "dict",
            Obj::List(_) => "list",
            Obj::Val(v) => type_name(v),
        }
    }

    /// `x[key]` with a `str` key: `Ok(None)` is a `KeyError`.
    pub fn get(&self, key: &str) -> Result<Option<Obj>, PyErr> {
        match self {
            Obj::Dict(d) => Ok(d.borrow().items.get(key).map(|(o, _)| o.clone())),
            Obj::List(_) => Err(PyErr::raw(
                "list indices must be integers or slices, not str",
            )),
            Obj::Val(PyValue::Str(_)) => {
                Err(PyErr::raw("string indices must be integers, not 'str'"))
            }
            other => Err(not_subscriptable(other)),
        }
    }

    /// `x[key]` where a missing key is a `KeyError` that nothing catches.
    pub fn index(&self, key: &str) -> Result<Obj, PyErr> {
        self.get(key)?
            .ok_or_else(|| PyErr::raw(crate::py::repr::str_repr(key)))
    }

    /// `key in x`.
    pub fn contains(&self, key: &str) -> Result<bool, PyErr> {
        match self {
            Obj::Dict(d) => Ok(d.borrow().items.contains_key(key)),
            Obj::List(l) => Ok(l
                .borrow()
                .iter()
                .any(|o| matches!(o, Obj::Val(PyValue::Str(s)) if s == key))),
            Obj::Val(PyValue::Str(s)) => Ok(s.contains(key)),
            other => Err(PyErr::raw(format!(
                "argument of type '{}' is not iterable",
                other.type_name()
            ))),
        }
    }

    /// `x[key] = value`, remembering the line.
    pub fn set(&self, key: &str, value: Obj, line: usize) -> Result<(), PyErr> {
        match self {
            Obj::Dict(d) => {
                let mut d = d.borrow_mut();
                match d.items.get_mut(key) {
                    // Python keeps the first insertion's place; the value is replaced.
                    Some(slot) => slot.0 = value,
                    None => {
                        d.items.insert(key.to_string(), (value, line));
                    }
                }
                Ok(())
            }
            Obj::List(_) => Err(PyErr::raw(
                "list indices must be integers or slices, not str",
            )),
            other => Err(PyErr::raw(format!(
                "'{}' object does not support item assignment",
                other.type_name()
            ))),
        }
    }

    /// `x[-1]`; `Ok(None)` is the `KeyError` of a dict.
    pub fn last(&self) -> Result<Option<Obj>, PyErr> {
        match self {
            Obj::Dict(_) => Ok(None),
            Obj::List(l) => l
                .borrow()
                .last()
                .cloned()
                .map(Some)
                .ok_or_else(|| PyErr::raw("list index out of range")),
            Obj::Val(PyValue::Str(s)) => s
                .chars()
                .last()
                .map(|c| Some(Obj::str(c.to_string())))
                .ok_or_else(|| PyErr::raw("string index out of range")),
            other => Err(not_subscriptable(other)),
        }
    }

    /// `x.append(value)`. On anything but a list Python raises `AttributeError`, which
    /// `toml.load` (reading from a file object) turns into its own `TypeError`.
    pub fn append(&self, value: Obj) -> Result<(), PyErr> {
        match self {
            Obj::List(l) => {
                l.borrow_mut().push(value);
                Ok(())
            }
            _ => Err(PyErr::raw(LOAD_ATTRIBUTE_ERROR)),
        }
    }

    /// The plain value (dicts and lists copied out).
    pub fn to_py(&self) -> PyValue {
        match self {
            Obj::Dict(d) => {
                let d = d.borrow();
                let items = d
                    .items
                    .iter()
                    .map(|(k, (o, _))| (k.clone(), o.to_py()))
                    .collect();
                if d.inline {
                    PyValue::InlineDict(items)
                } else {
                    PyValue::Dict(items)
                }
            }
            Obj::List(l) => PyValue::List(l.borrow().iter().map(Obj::to_py).collect()),
            Obj::Val(v) => v.clone(),
        }
    }
}

impl Obj {
    /// The plain value, moved out where nothing else holds the object (copied otherwise).
    pub fn into_py(self) -> PyValue {
        match self {
            Obj::Val(v) => v,
            Obj::Dict(d) => {
                let d = Dict::take(d);
                let items = d
                    .items
                    .into_iter()
                    .map(|(k, (o, _))| (k, o.into_py()))
                    .collect();
                if d.inline {
                    PyValue::InlineDict(items)
                } else {
                    PyValue::Dict(items)
                }
            }
            Obj::List(l) => match Rc::try_unwrap(l) {
                Ok(l) => PyValue::List(l.into_inner().into_iter().map(Obj::into_py).collect()),
                Err(l) => PyValue::List(l.borrow().iter().map(Obj::to_py).collect()),
            },
        }
    }
}

impl Dict {
    /// The dict itself when nothing else holds it, else a copy of its items (whose objects
    /// are shared, as Python shares them).
    pub fn take(d: Rc<RefCell<Dict>>) -> Dict {
        match Rc::try_unwrap(d) {
            Ok(d) => d.into_inner(),
            Err(d) => {
                let d = d.borrow();
                Dict {
                    inline: d.inline,
                    items: d.items.clone(),
                }
            }
        }
    }
}

fn not_subscriptable(o: &Obj) -> PyErr {
    PyErr::raw(format!("'{}' object is not subscriptable", o.type_name()))
}
