//! Python semantics the Modal client relies on: `float()`, `int()`, `repr()`, `str()`, type
//! names. Pure functions over [`PyValue`].
pub mod value;

pub use value::{PyDateTime, PyValue};
