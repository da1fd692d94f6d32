//! Python `int()` with the default base 10 (CPython 3.11 `PyLong_FromUnicodeObject`,
//! `PyLong_FromString`, `PyLong_FromDouble`).

use super::float::{is_ascii_space, transform_decimal_and_space_to_ascii};
use super::repr::{repr, type_name};
use super::value::PyValue;

/// `sys.get_int_max_str_digits()` default in CPython 3.11.7.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// Python `int(v)`; `Err` holds the exception message (ValueError, OverflowError or TypeError).
pub fn py_int(v: &PyValue) -> Result<PyValue, String> {
    match v {
        PyValue::Int(_) | PyValue::BigInt(_) => Ok(v.clone()),
        PyValue::Bool(b) => Ok(PyValue::Int(i64::from(*b))),
        PyValue::Float(f) => float_to_int(*f),
        PyValue::Str(s) => str_to_int(s),
        _ => Err(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            type_name(v)
        )),
    }
}

/// The int from canonical decimal digits (no leading zeros, not empty) and a sign.
pub(crate) fn int_from_digits(negative: bool, digits: &str) -> PyValue {
    let text = if negative && digits != "0" {
        format!("-{digits}")
    } else {
        digits.to_string()
    };
    match text.parse::<i64>() {
        Ok(i) => PyValue::Int(i),
        Err(_) => PyValue::BigInt(text),
    }
}

/// `int(float)`: truncation toward zero, exact for any magnitude.
fn float_to_int(f: f64) -> Result<PyValue, String> {
    if f.is_nan() {
        return Err("cannot convert float NaN to integer".to_string());
    }
    if f.is_infinite() {
        return Err("cannot convert float infinity to integer".to_string());
    }
    let t = f.trunc();
    if (-9223372036854775808.0..9223372036854775808.0).contains(&t) {
        return Ok(PyValue::Int(t as i64));
    }
    // |t| >= 2**63 is mantissa * 2**exp exactly, with exp > 0.
    let bits = t.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    // Little-endian base-10^9 limbs.
    const BASE: u64 = 1_000_000_000;
    let mut limbs = vec![(mantissa % BASE) as u32, ((mantissa / BASE) % BASE) as u32];
    for _ in 0..exp {
        let mut carry = 0u64;
        for limb in limbs.iter_mut() {
            let x = u64::from(*limb) * 2 + carry;
            *limb = (x % BASE) as u32;
            carry = x / BASE;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut digits = limbs.last().unwrap().to_string();
    for limb in limbs.iter().rev().skip(1) {
        digits.push_str(&format!("{limb:09}"));
    }
    Ok(int_from_digits(t < 0.0, &digits))
}

/// `int(str)`: base 10, surrounding whitespace, one sign, single underscores between digits,
/// any Unicode decimal digits, at most 4300 digits.
fn str_to_int(s: &str) -> Result<PyValue, String> {
    let invalid = || {
        // CPython formats the message with `%.200R`: the repr is cut to 200 characters.
        let r: String = repr(&PyValue::Str(s.to_string()))
            .chars()
            .take(200)
            .collect();
        format!("invalid literal for int() with base 10: {r}")
    };
    let ascii = transform_decimal_and_space_to_ascii(s);
    let b = ascii.as_bytes();
    let mut i = 0;
    while i < b.len() && is_ascii_space(b[i]) {
        i += 1;
    }
    let negative = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    if b.get(i) == Some(&b'_') {
        return Err(invalid());
    }
    let mut digits = String::new();
    let mut prev = 0u8;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        if b[i] == b'_' {
            if prev == b'_' {
                return Err(invalid());
            }
        } else {
            digits.push(char::from(b[i]));
        }
        prev = b[i];
        i += 1;
    }
    if prev == b'_' || digits.is_empty() {
        return Err(invalid());
    }
    // The digit limit is checked before anything after the digits is looked at.
    if digits.len() > INT_MAX_STR_DIGITS {
        return Err(format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
             value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            digits.len()
        ));
    }
    while i < b.len() && is_ascii_space(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return Err(invalid());
    }
    let trimmed = digits.trim_start_matches('0');
    Ok(int_from_digits(
        negative,
        if trimmed.is_empty() { "0" } else { trimmed },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_of(x: &str) -> Result<PyValue, String> {
        py_int(&PyValue::Str(x.to_string()))
    }

    // Every expectation below was printed by CPython 3.11.7 (`int(x)`).
    #[test]
    fn strings() {
        let ok: &[(&str, i64)] = &[
            (" 3 ", 3),
            ("1_0", 10),
            ("+5", 5),
            ("-0", 0),
            ("007", 7),
            ("1_000_000", 1000000),
            ("\u{661}\u{660}", 10),
            ("\u{ff11}\u{ff12}", 12),
            ("\u{1d7cf}\u{1d7d0}", 12),
            ("\u{85}1", 1),
            ("\u{a0}1\u{3000}", 1),
            ("\u{2028}1", 1),
            ("\t\n\x0b\x0c\r 5 \r\n", 5),
            ("-9223372036854775808", i64::MIN),
            ("9223372036854775807", i64::MAX),
        ];
        for (input, want) in ok {
            assert_eq!(int_of(input), Ok(PyValue::Int(*want)), "{input:?}");
        }
        assert_eq!(
            int_of("9223372036854775808"),
            Ok(PyValue::BigInt("9223372036854775808".into()))
        );
        assert_eq!(
            int_of("-0099999999999999999999"),
            Ok(PyValue::BigInt("-99999999999999999999".into()))
        );
        for bad in [
            "", " ", "1.9", "1__0", "_1", "1_", "+_1", "+ 1", "1 2", "--1", "0x10", "1e5", "inf",
            "1\0", "\x1c1", "1\x1c", "\x7f1", "\u{b2}", "\u{2460}", "1.0", "-", "+",
        ] {
            let r = repr(&PyValue::Str(bad.to_string()));
            assert_eq!(
                int_of(bad),
                Err(format!("invalid literal for int() with base 10: {r}"))
            );
        }
        assert_eq!(
            int_of("1.9"),
            Err("invalid literal for int() with base 10: '1.9'".into())
        );
    }

    #[test]
    fn long_strings() {
        assert!(matches!(int_of(&"1".repeat(4300)), Ok(PyValue::BigInt(t)) if t.len() == 4300));
        let limit = |n: usize| {
            Err(format!(
                "Exceeds the limit (4300 digits) for integer string conversion: value has {n} digits; use sys.set_int_max_str_digits() to increase the limit"
            ))
        };
        assert_eq!(int_of(&"1".repeat(4301)), limit(4301));
        assert_eq!(int_of(&format!("{}1", "1_".repeat(4300))), limit(4301));
        assert_eq!(int_of(&format!(" {}", "0".repeat(5000))), limit(5000));
        assert_eq!(int_of(&format!("-{}", "9".repeat(4301))), limit(4301));
        assert_eq!(int_of(&format!("{}x", "1".repeat(5000))), limit(5000));
        assert_eq!(int_of(&format!("{}.0", "1".repeat(4301))), limit(4301));
        // Malformed underscores are found first; the message's repr is cut to 200 characters.
        let msg = int_of(&format!("{}__1", "1".repeat(5000))).unwrap_err();
        assert_eq!(
            msg,
            format!(
                "invalid literal for int() with base 10: '{}",
                "1".repeat(199)
            )
        );
        let msg = int_of(&"\u{e9}".repeat(300)).unwrap_err();
        assert_eq!(
            msg,
            format!(
                "invalid literal for int() with base 10: '{}",
                "\u{e9}".repeat(199)
            )
        );
        let msg = int_of(&"\0".repeat(300)).unwrap_err();
        assert_eq!(msg.len(), 240);
        assert!(msg.ends_with("0\\x00\\x00\\x0"));
    }

    #[test]
    fn numbers() {
        assert_eq!(py_int(&PyValue::Float(1.9)), Ok(PyValue::Int(1)));
        assert_eq!(py_int(&PyValue::Float(-1.9)), Ok(PyValue::Int(-1)));
        assert_eq!(py_int(&PyValue::Float(-0.0)), Ok(PyValue::Int(0)));
        assert_eq!(py_int(&PyValue::Bool(true)), Ok(PyValue::Int(1)));
        assert_eq!(py_int(&PyValue::Int(-5)), Ok(PyValue::Int(-5)));
        assert_eq!(
            py_int(&PyValue::Float(-9.223372036854776e18)),
            Ok(PyValue::Int(i64::MIN))
        );
        assert_eq!(
            py_int(&PyValue::Float(9.223372036854776e18)),
            Ok(PyValue::BigInt("9223372036854775808".into()))
        );
        assert_eq!(
            py_int(&PyValue::Float(1e20)),
            Ok(PyValue::BigInt("100000000000000000000".into()))
        );
        assert_eq!(
            py_int(&PyValue::Float(-1e300)),
            Ok(PyValue::BigInt(format!("-{E300}")))
        );
        assert_eq!(
            py_int(&PyValue::Float(f64::MAX)),
            Ok(PyValue::BigInt(MAX.into()))
        );
        assert_eq!(
            py_int(&PyValue::Float(f64::INFINITY)),
            Err("cannot convert float infinity to integer".into())
        );
        assert_eq!(
            py_int(&PyValue::Float(f64::NEG_INFINITY)),
            Err("cannot convert float infinity to integer".into())
        );
        assert_eq!(
            py_int(&PyValue::Float(f64::NAN)),
            Err("cannot convert float NaN to integer".into())
        );
        let type_err = |t: &str| {
            Err(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{t}'"
            ))
        };
        assert_eq!(py_int(&PyValue::None), type_err("NoneType"));
        assert_eq!(py_int(&PyValue::List(vec![])), type_err("list"));
        assert_eq!(py_int(&PyValue::Dict(vec![])), type_err("dict"));
    }

    const E300: &str = "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160";
    const MAX: &str = "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368";
}
