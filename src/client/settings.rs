//! What a settings-table entry of the Modal client holds: the key, its default (typed exactly
//! as the client returns it), the transform applied to env and file values, and flags. Each
//! release's table is in `crate::client` (`keys.rs`, `tables.rs`).

use crate::py::PyValue;

/// How the client turns a raw env string or file value into the setting's value (spec §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// Returned as given (env: the string; file: whatever TOML type it parsed to).
    Identity,
    /// `value.upper()`.
    Upper,
    /// `str(value).lower() not in {"", "0", "false"}`.
    Boolean,
    /// `float(value)`.
    Float,
    /// `int(value) if value else None`.
    IntOrNone,
    /// `value if value else None`.
    FalsyNone,
    /// `value.lower()`, then it must be one of the choices.
    Choice(&'static [&'static str]),
    /// Must be one of the choices exactly, no lower-casing (`build_validation` before 1.6.0).
    ChoiceExact(&'static [&'static str]),
    /// Truthy values must match `^[a-zA-Z0-9]{1,8}$`.
    Suffix,
    /// `"a:b, c:d"` → `{"a": "b", "c": "d"}`.
    Headers,
}

/// The built-in default, returned untransformed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    /// Python's `None`.
    None,
    /// A string.
    Str(&'static str),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
}

impl DefaultValue {
    /// The default as the client returns it.
    pub fn to_py(self) -> PyValue {
        match self {
            DefaultValue::None => PyValue::None,
            DefaultValue::Str(s) => PyValue::Str(s.to_string()),
            DefaultValue::Bool(b) => PyValue::Bool(b),
            DefaultValue::Int(i) => PyValue::Int(i),
        }
    }
}

/// The type a value written by modalcfg gets for this key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A string (`key = "…"`).
    String,
    /// A float (`key = 1.5`).
    Float,
    /// An integer (`key = 3`).
    Integer,
    /// A boolean (`key = true`).
    Boolean,
}

/// One entry of a client release's settings table (`modal.config._SETTINGS`).
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// The key, as the file names it (`MODAL_` + its upper-case form names the variable).
    pub key: &'static str,
    /// The built-in default, returned untransformed.
    pub default: DefaultValue,
    /// The transform applied to env and file values.
    pub transform: Transform,
    /// Its values are secret: masked unless revealed.
    pub secret: bool,
    /// Internal to the client: `show` lists it only when asked.
    pub internal: bool,
    /// Deprecation date when reading the key warns.
    pub deprecated: Option<&'static str>,
    /// Read while `import modal` runs: a bad value breaks every command.
    pub read_at_import: bool,
    /// Dropped from the client: a file may still set it, but nothing reads it.
    pub retired: bool,
    /// What the key is for, in one line.
    pub description: &'static str,
}

impl Setting {
    /// `MODAL_` + the key upper-cased.
    pub fn env_var(&self) -> String {
        format!("MODAL_{}", self.key.to_ascii_uppercase())
    }

    /// The type `modalcfg set` writes for this key.
    pub fn value_kind(&self) -> ValueKind {
        match self.transform {
            Transform::Boolean => ValueKind::Boolean,
            Transform::Float => ValueKind::Float,
            Transform::IntOrNone => ValueKind::Integer,
            _ => ValueKind::String,
        }
    }

    /// Words for error messages: "a number", "true or false", ...
    pub fn expected(&self) -> String {
        match self.transform {
            Transform::Boolean => "a boolean (true or false)".into(),
            Transform::Float => "a number (for example 10 or 2.5)".into(),
            Transform::IntOrNone => "a whole number of seconds".into(),
            Transform::Choice(c) | Transform::ChoiceExact(c) => format!("one of {}", c.join(", ")),
            Transform::Suffix => "up to 8 letters or digits".into(),
            Transform::Headers => "a comma-separated list of header:value pairs".into(),
            Transform::Upper if self.key == "loglevel" => {
                format!("a log level: {}", LOG_LEVELS.join(", "))
            }
            _ => "a string".into(),
        }
    }
}

/// The level names Python's `logging` accepts (after upper-casing).
pub const LOG_LEVELS: &[&str] = &[
    "CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET",
];

/// The values `payload_format` accepts.
pub const PAYLOAD_FORMATS: &[&str] = &["pickle", "cbor"];
/// The values `build_validation` accepts.
pub const BUILD_VALIDATIONS: &[&str] = &["error", "warn", "ignore"];

pub(crate) const fn s(
    key: &'static str,
    default: DefaultValue,
    transform: Transform,
    description: &'static str,
) -> Setting {
    Setting {
        key,
        default,
        transform,
        secret: false,
        internal: false,
        deprecated: None,
        read_at_import: false,
        retired: false,
        description,
    }
}

pub(crate) const fn secret(mut x: Setting) -> Setting {
    x.secret = true;
    x
}
pub(crate) const fn internal(mut x: Setting) -> Setting {
    x.internal = true;
    x
}
pub(crate) const fn at_import(mut x: Setting) -> Setting {
    x.read_at_import = true;
    x
}
pub(crate) const fn deprecated(mut x: Setting, date: &'static str) -> Setting {
    x.deprecated = Some(date);
    x
}

#[cfg(test)]
mod tests {
    use crate::client::Client;
    use crate::py::PyValue;

    #[test]
    fn defaults_keep_their_python_type() {
        let c = Client::newest();
        assert_eq!(
            c.find("logs_timeout").unwrap().default.to_py(),
            PyValue::Int(10)
        );
        assert_eq!(
            c.find("sandbox_v2").unwrap().default.to_py(),
            PyValue::Bool(true)
        );
        assert_eq!(c.find("token_id").unwrap().default.to_py(), PyValue::None);
        assert!(c.find("automount").is_none());
    }

    #[test]
    fn env_var_names() {
        assert_eq!(
            Client::newest()
                .find("max_throttle_wait")
                .unwrap()
                .env_var(),
            "MODAL_MAX_THROTTLE_WAIT"
        );
    }
}
