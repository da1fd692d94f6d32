//! The client's transforms (spec §5), with its exact results and error texts.

use super::error::{ClientError, ErrorClass};
use super::settings::{Setting, Transform};
use crate::py::float::py_float;
use crate::py::int::py_int;
use crate::py::repr::{repr, try_py_str, type_name};
use crate::py::{PyValue, py_lower, py_upper};

/// Applies the setting's transform to a raw value (an env string or a file value).
/// The error is the client's: `InvalidError: Invalid value for <key> config (<repr>): <msg>`.
pub fn apply(setting: &Setting, raw: &PyValue) -> Result<PyValue, ClientError> {
    inner(setting.transform, raw).map_err(|msg| {
        ClientError::new(
            ErrorClass::InvalidError,
            format!(
                "Invalid value for {} config ({}): {msg}",
                setting.key,
                repr(raw)
            ),
        )
    })
}

fn no_attr(v: &PyValue, attr: &str) -> String {
    format!("'{}' object has no attribute '{attr}'", type_name(v))
}

fn inner(t: Transform, v: &PyValue) -> Result<PyValue, String> {
    match t {
        Transform::Identity => Ok(v.clone()),
        Transform::Upper => match v {
            PyValue::Str(s) => Ok(PyValue::Str(py_upper(s))),
            _ => Err(no_attr(v, "upper")),
        },
        Transform::Boolean => {
            let s = py_lower(&try_py_str(v)?);
            Ok(PyValue::Bool(!matches!(s.as_str(), "" | "0" | "false")))
        }
        Transform::Float => py_float(v).map(PyValue::Float),
        Transform::IntOrNone => {
            if v.truthy() {
                py_int(v)
            } else {
                Ok(PyValue::None)
            }
        }
        Transform::FalsyNone => Ok(if v.truthy() { v.clone() } else { PyValue::None }),
        Transform::Choice(options) => match v {
            PyValue::Str(s) => {
                let low = py_lower(s);
                if options.contains(&low.as_str()) {
                    Ok(PyValue::Str(low))
                } else {
                    Err(one_of(options))
                }
            }
            _ => Err(no_attr(v, "lower")),
        },
        // `x not in options`: anything but one of the strings is refused, with the same text.
        Transform::ChoiceExact(options) => match v {
            PyValue::Str(s) if options.contains(&s.as_str()) => Ok(v.clone()),
            _ => Err(one_of(options)),
        },
        Transform::Suffix => {
            if !v.truthy() {
                return Ok(v.clone());
            }
            match v {
                PyValue::Str(s) if suffix_ok(s) => Ok(v.clone()),
                PyValue::Str(_) => Err(
                    "Suffix must be an alphanumeric string of no more than 8 characters.".into(),
                ),
                _ => Err(format!(
                    "expected string or bytes-like object, got '{}'",
                    type_name(v)
                )),
            }
        }
        Transform::Headers => match v {
            PyValue::Str(s) => headers(s).map(PyValue::Dict),
            _ => Err(no_attr(v, "split")),
        },
    }
}

/// `ValueError(f"Must be one of {options}.")`.
fn one_of(options: &[&str]) -> String {
    let list: Vec<String> = options.iter().map(|o| format!("'{o}'")).collect();
    format!("Must be one of [{}].", list.join(", "))
}

/// `re.match(r"^[a-zA-Z0-9]{1,8}$", s)`: `$` also matches before one final newline.
fn suffix_ok(s: &str) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    (1..=8).contains(&body.len()) && body.bytes().all(|b| b.is_ascii_alphanumeric())
}

const HEADER_ERROR: &str = "Must be a comma-separated list of `<header>:<value>` pairs (whitespace is ignored). <header> and <value> must contain at least one non-whitespace character, and may not contain commas.";

/// Python's `str.isspace()` characters, which `str.strip()` removes.
pub fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn headers(s: &str) -> Result<Vec<(String, PyValue)>, String> {
    let mut out: Vec<(String, PyValue)> = Vec::new();
    if s.is_empty() {
        return Ok(out);
    }
    for pair in s.split(',') {
        let Some((h, v)) = pair.split_once(':') else {
            return Err(HEADER_ERROR.into());
        };
        let (h, v) = (h.trim_matches(py_space), v.trim_matches(py_space));
        if h.is_empty() || v.is_empty() {
            return Err(HEADER_ERROR.into());
        }
        match out.iter_mut().find(|(k, _)| k == h) {
            Some(slot) => slot.1 = PyValue::Str(v.to_string()),
            None => out.push((h.to_string(), PyValue::Str(v.to_string()))),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(key: &str) -> Option<&'static crate::client::settings::Setting> {
        crate::client::Client::newest().find(key)
    }

    fn t(key: &str, v: PyValue) -> Result<PyValue, String> {
        apply(find(key).unwrap(), &v).map_err(|e| e.to_string())
    }
    fn s(x: &str) -> PyValue {
        PyValue::Str(x.into())
    }

    #[test]
    fn a_boolean_of_a_datetime_a_day_off_utc_is_the_clients_value_error() {
        // toml-test: `1985-06-18T17:04:07+25:00` reads, and `str()` of it raises (modal 1.6.4).
        let file = crate::config::read::file::ConfigFile::from_bytes(
            std::path::Path::new("/c.toml"),
            b"[default]\ntraceback = 1985-06-18T17:04:07+25:00\nenvironment = 1985-06-18T17:04:07+25:00\n".to_vec(),
        );
        let env = crate::env::Env::default();
        let c = crate::config::resolve::layers::Config::new(&env, &file);
        assert_eq!(
            c.get("traceback", None, true).unwrap_err().to_string(),
            "InvalidError: Invalid value for traceback config (datetime.datetime(1985, 6, 18, 17, 4, 7, tzinfo=<toml.tz.TomlTz object at 0x?>)): offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)."
        );
        // Returned as read: the client's `config.get` gives it back without using it.
        assert!(c.get("environment", None, true).is_ok());
    }

    #[test]
    fn boolean_rule() {
        assert_eq!(
            t("force_build", PyValue::Float(0.0)),
            Ok(PyValue::Bool(true))
        );
        assert_eq!(t("force_build", PyValue::Int(0)), Ok(PyValue::Bool(false)));
        assert_eq!(t("force_build", s("FALSE")), Ok(PyValue::Bool(false)));
        assert_eq!(t("force_build", s("no")), Ok(PyValue::Bool(true)));
        assert_eq!(t("force_build", s(" 0")), Ok(PyValue::Bool(true)));
        assert_eq!(
            t("force_build", PyValue::List(vec![])),
            Ok(PyValue::Bool(true))
        );
    }

    #[test]
    fn throttle_and_choices() {
        assert_eq!(
            t("max_throttle_wait", PyValue::Float(1.9)),
            Ok(PyValue::Int(1))
        );
        assert_eq!(t("max_throttle_wait", PyValue::Int(0)), Ok(PyValue::None));
        assert_eq!(t("max_throttle_wait", s("0")), Ok(PyValue::Int(0)));
        assert_eq!(
            t("max_throttle_wait", s("1.9")).unwrap_err(),
            "InvalidError: Invalid value for max_throttle_wait config ('1.9'): invalid literal for int() with base 10: '1.9'"
        );
        assert_eq!(t("payload_format", s("CBOR")), Ok(s("cbor")));
        assert_eq!(
            t("payload_format", s("")).unwrap_err(),
            "InvalidError: Invalid value for payload_format config (''): Must be one of ['pickle', 'cbor']."
        );
    }

    #[test]
    fn build_validation_before_1_6_does_not_lower_case() {
        let old = crate::client::Client::for_version(crate::client::Version::new(1, 5, 5)).unwrap();
        let bv = old.find("build_validation").unwrap();
        assert_eq!(apply(bv, &s("warn")), Ok(s("warn")));
        let msg = "InvalidError: Invalid value for build_validation config ('WARN'): Must be one of ['error', 'warn', 'ignore'].";
        assert_eq!(apply(bv, &s("WARN")).unwrap_err().to_string(), msg);
        assert_eq!(
            apply(bv, &PyValue::Int(1)).unwrap_err().to_string(),
            "InvalidError: Invalid value for build_validation config (1): Must be one of ['error', 'warn', 'ignore']."
        );
        assert_eq!(t("build_validation", s("WARN")), Ok(s("warn")));
        assert_eq!(
            t("build_validation", PyValue::Int(1)).unwrap_err(),
            "InvalidError: Invalid value for build_validation config (1): 'int' object has no attribute 'lower'"
        );
    }

    #[test]
    fn suffix_and_headers() {
        assert_eq!(t("dev_suffix", s("ab\n")), Ok(s("ab\n")));
        assert_eq!(t("dev_suffix", PyValue::Int(0)), Ok(PyValue::Int(0)));
        assert!(t("dev_suffix", s("abcdefghi")).is_err());
        assert_eq!(
            t("override_headers", s("a:b, c : d,a:e")),
            Ok(PyValue::Dict(vec![
                ("a".into(), s("e")),
                ("c".into(), s("d"))
            ]))
        );
        assert_eq!(
            t("override_headers", s("x:y:z")),
            Ok(PyValue::Dict(vec![("x".into(), s("y:z"))]))
        );
        assert!(t("override_headers", s("a:b,")).is_err());
    }

    #[test]
    fn float_keeps_errors_exact() {
        assert_eq!(t("logs_timeout", s(" 7 ")), Ok(PyValue::Float(7.0)));
        assert_eq!(
            t("logs_timeout", s("abc")).unwrap_err(),
            "InvalidError: Invalid value for logs_timeout config ('abc'): could not convert string to float: 'abc'"
        );
        assert_eq!(
            t("loglevel", PyValue::Int(10)).unwrap_err(),
            "InvalidError: Invalid value for loglevel config (10): 'int' object has no attribute 'upper'"
        );
    }
}
