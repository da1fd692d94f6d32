//! Numbers as `decoder.py` reads them: its `_strictly_valid_num` screen, then Python's own
//! `float()` and `int(v, 0)` (which accept more than TOML: any case of `inf`/`nan`, integers of
//! any size, Unicode digits).

use super::error::PyErr;
use super::pystr::{S, at, contains, from, strip, text};
use crate::py::PyValue;
use crate::py::float::{is_ascii_space, py_float_str, transform_decimal_and_space_to_ascii};
use crate::py::int::INT_MAX_STR_DIGITS;
use crate::py::repr::str_repr;

/// `_strictly_valid_num(n)`.
pub(super) fn strictly_valid_num(n: &[char]) -> bool {
    let n = strip(n);
    if n.is_empty() || n[0] == '_' || n[n.len() - 1] == '_' {
        return false;
    }
    if contains(n, &['_', '.']) || contains(n, &['.', '_']) {
        return false;
    }
    if n.len() == 1 {
        return true;
    }
    if n[0] == '0' && !matches!(n[1], '.' | 'o' | 'b' | 'x') {
        return false;
    }
    let mut n = n;
    if n[0] == '+' || n[0] == '-' {
        n = &n[1..];
        if n.len() > 1 && n[0] == '0' && n[1] != '.' {
            return false;
        }
    }
    !contains(n, &['_', '_'])
}

/// Python `float(s)`.
pub(super) fn py_float(s: &[char]) -> Result<f64, PyErr> {
    let t = text(s);
    py_float_str(&t).ok_or_else(|| {
        PyErr::value(format!(
            "could not convert string to float: {}",
            str_repr(&t)
        ))
    })
}

/// Python `int(s)` (base 10) as an `i64`, or `None` where Python raises `ValueError` (or the
/// value does not fit, which the callers treat alike: it is out of every range they check).
pub(super) fn py_int10(s: &[char]) -> Option<i64> {
    match crate::py::int::py_int(&PyValue::Str(text(s))) {
        Ok(PyValue::Int(i)) => Some(i),
        Ok(PyValue::BigInt(b)) => Some(if b.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        }),
        _ => None,
    }
}

/// Python `int(s, 0)`: a base prefix (`0x`, `0o`, `0b`) or a decimal without leading zeros.
pub(super) fn py_int0(s: &[char]) -> Result<PyValue, PyErr> {
    let original = text(s);
    let invalid = || {
        let r: String = str_repr(&original).chars().take(200).collect();
        PyErr::value(format!("invalid literal for int() with base 0: {r}"))
    };
    let ascii = transform_decimal_and_space_to_ascii(&original);
    let t = ascii.trim_matches(|c: char| c.is_ascii() && is_ascii_space(c as u8));
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if lower.starts_with("0x") {
        (16, &body[2..])
    } else if lower.starts_with("0o") {
        (8, &body[2..])
    } else if lower.starts_with("0b") {
        (2, &body[2..])
    } else {
        (10, body)
    };
    // Single underscores between digits; after a prefix one may also follow it directly.
    let mut clean = String::new();
    let mut prev_underscore = radix == 10;
    let mut first = true;
    for c in digits.chars() {
        if c == '_' {
            if prev_underscore || (first && radix == 10) {
                return Err(invalid());
            }
            prev_underscore = true;
        } else {
            if !c.is_digit(radix) {
                return Err(invalid());
            }
            clean.push(c);
            prev_underscore = false;
        }
        first = false;
    }
    if clean.is_empty() || prev_underscore && !digits.is_empty() && digits.ends_with('_') {
        return Err(invalid());
    }
    if radix == 10 {
        if clean.len() > 1 && clean.starts_with('0') && clean.chars().any(|c| c != '0') {
            return Err(invalid());
        }
        if clean.len() > INT_MAX_STR_DIGITS {
            return Err(PyErr::value(format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                clean.len()
            )));
        }
    }
    let decimal = to_decimal(&clean, radix);
    Ok(int_value(negative, &decimal))
}

/// Digits of `radix` to canonical decimal text (no leading zeros).
fn to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian base-10^9 limbs.
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
        for limb in limbs.iter_mut() {
            let x = *limb * u64::from(radix) + carry;
            *limb = x % BASE;
            carry = x / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    }
    let mut out = limbs.last().copied().unwrap_or(0).to_string();
    for limb in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

/// An int from a sign and canonical decimal digits.
pub(super) fn int_value(negative: bool, digits: &str) -> PyValue {
    crate::py::int::int_from_digits(negative, digits)
}

/// `0 - v` for the int or float `load_value` parsed.
pub(super) fn negate(v: PyValue) -> PyValue {
    match v {
        PyValue::Int(i) => match 0i64.checked_sub(i) {
            Some(n) => PyValue::Int(n),
            None => PyValue::BigInt("9223372036854775808".into()),
        },
        PyValue::BigInt(t) => match t.strip_prefix('-') {
            Some(pos) => int_value(false, pos),
            None => int_value(true, &t),
        },
        // `0 - 0.0` is `0.0`, not `-0.0`.
        PyValue::Float(f) => PyValue::Float(0.0 - f),
        other => other,
    }
}

/// `v[0]` for a value known not to be empty, as a char.
pub(super) fn first(v: &[char]) -> Result<char, PyErr> {
    at(v, 0)
}

/// The number branch of `load_value` (after dates and times were ruled out).
pub(super) fn load_number(v: &[char], strictly_valid: bool) -> Result<(PyValue, bool), PyErr> {
    if !strictly_valid {
        return Err(PyErr::value(
            "Weirdness with leading zeroes or underscores in your number.",
        ));
    }
    let mut neg = false;
    let mut v: &[char] = v;
    if first(v)? == '-' {
        neg = true;
        v = from(v, 1);
    } else if first(v)? == '+' {
        v = from(v, 1);
    }
    let v: S = v.iter().copied().filter(|c| *c != '_').collect();
    let lower = crate::py::py_lower(&text(&v));
    let has = |c: char| v.contains(&c);
    let (value, is_float) = if has('.') || (!has('x') && (has('e') || has('E'))) {
        if has('.') {
            let after = v.iter().position(|c| *c == '.').map(|p| &v[p + 1..]);
            if after.is_some_and(|a| a.is_empty()) {
                return Err(PyErr::value("This float is missing digits after the point"));
            }
        }
        if !first(&v)?.is_ascii_digit() {
            return Err(PyErr::value("This float doesn't have a leading digit"));
        }
        (PyValue::Float(py_float(&v)?), true)
    } else if lower.chars().count() == 3 && (lower == "inf" || lower == "nan") {
        (PyValue::Float(py_float(&v)?), true)
    } else {
        (py_int0(&v)?, false)
    };
    Ok((if neg { negate(value) } else { value }, is_float))
}

#[cfg(test)]
mod tests {
    use super::super::pystr::{chars, eq};
    use super::*;

    fn int0(s: &str) -> Result<PyValue, PyErr> {
        py_int0(&chars(s))
    }

    // Expectations printed by CPython 3.11.7.
    #[test]
    fn int_base_zero() {
        assert_eq!(int0("0x_f"), Ok(PyValue::Int(15)));
        assert_eq!(int0("0XfF"), Ok(PyValue::Int(255)));
        assert_eq!(int0("00"), Ok(PyValue::Int(0)));
        assert_eq!(int0("0b101"), Ok(PyValue::Int(5)));
        assert_eq!(
            int0("0x10000000000000000"),
            Ok(PyValue::BigInt("18446744073709551616".into()))
        );
        for bad in [
            "007", "0x", "0x__1", "1__0", "_1", "1_", "0x1_", "", "1.5", "0_7",
        ] {
            assert!(int0(bad).is_err(), "{bad}");
        }
        assert_eq!(int0("0_0"), Ok(PyValue::Int(0)));
        assert_eq!(
            int0("abc"),
            Err(PyErr::value("invalid literal for int() with base 0: 'abc'"))
        );
    }

    #[test]
    fn strictly_valid() {
        for ok in ["1", "0x_f", "1_000", "+0.5", "0.1"] {
            assert!(strictly_valid_num(&chars(ok)), "{ok}");
        }
        for bad in ["", "_1", "1_", "1_.5", "01", "+01", "1__0"] {
            assert!(!strictly_valid_num(&chars(bad)), "{bad}");
        }
        let _ = eq(&chars("x"), "x");
    }
}
