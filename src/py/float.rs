//! Python `float()` (CPython 3.11 `PyFloat_FromString`, `float_new`).

use super::repr::{repr, type_name};
use super::unicode_tables::{DECIMAL_ZEROS, NON_ASCII_SPACES};
use super::value::PyValue;

/// The decimal value of a Unicode decimal digit (category Nd), like `unicodedata.decimal`.
pub fn decimal_value(c: char) -> Option<u32> {
    let c = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= c);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (c - zero < 10).then_some(c - zero)
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: code points below 127 are kept, other
/// whitespace becomes `' '`, other decimal digits become their ASCII digit, and the first other
/// character becomes `'?'`, which ends the result (so that parsing fails).
pub fn transform_decimal_and_space_to_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c);
        } else if NON_ASCII_SPACES.contains(&(c as u32)) {
            out.push(' ');
        } else if let Some(d) = decimal_value(c) {
            out.push(char::from(b'0' + d as u8));
        } else {
            out.push('?');
            break;
        }
    }
    out
}

/// `Py_ISSPACE`: the ASCII whitespace that `float()`/`int()` strip. Note: `\x1c`..`\x1f` are
/// `str.isspace()` but are NOT stripped here (`float('\x1c1')` fails).
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `_Py_string_to_number_with_underscores`: an underscore must sit between two digits.
/// Returns the text without underscores, or `None` when an underscore is misplaced.
pub(crate) fn remove_underscores(s: &str) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        if c == '_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            if prev == '_' && !c.is_ascii_digit() {
                return None;
            }
            out.push(c);
        }
        prev = c;
    }
    (prev != '_').then_some(out)
}

/// Whether `s` (ASCII, no underscores) is a float literal `_Py_dg_strtod` consumes entirely:
/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, or `[+-]? (inf|infinity|nan)`.
fn is_float_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let word = s[i..].to_ascii_lowercase();
    if matches!(word.as_str(), "inf" | "infinity" | "nan") {
        return true;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Python `float(s)` for a `str`: `None` where Python raises `ValueError`.
pub fn py_float_str(s: &str) -> Option<f64> {
    let ascii = transform_decimal_and_space_to_ascii(s);
    let t = ascii.trim_matches(|c: char| c.is_ascii() && is_ascii_space(c as u8));
    if t.is_empty() || t.contains('\0') {
        return None;
    }
    let clean = remove_underscores(t)?;
    if !is_float_literal(&clean) {
        return None;
    }
    // Rust's parser is correctly rounded, like CPython's dtoa; it also saturates huge
    // exponents to inf / 0.0 as Python does.
    clean.parse::<f64>().ok()
}

/// Python `float(v)`; `Err` holds the exception message (ValueError, TypeError or
/// OverflowError).
pub fn py_float(v: &PyValue) -> Result<f64, String> {
    match v {
        PyValue::Float(f) => Ok(*f),
        PyValue::Int(i) => Ok(*i as f64),
        PyValue::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        PyValue::BigInt(text) => match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(f),
            _ => Err("int too large to convert to float".to_string()),
        },
        PyValue::Str(s) => {
            py_float_str(s).ok_or_else(|| format!("could not convert string to float: {}", repr(v)))
        }
        _ => Err(format!(
            "float() argument must be a string or a real number, not '{}'",
            type_name(v)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> PyValue {
        PyValue::Str(x.to_string())
    }

    // Every expectation below was printed by CPython 3.11.7 (`float(x)`).
    #[test]
    fn accepted_strings() {
        let cases: &[(&str, f64)] = &[
            (" 7 ", 7.0),
            ("1_000", 1000.0),
            ("1_000_000", 1000000.0),
            ("1_0.0_1e1_0", 100100000000.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1.e5", 100000.0),
            ("0001.5", 1.5),
            ("1.5E-3", 0.0015),
            ("+Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("iNfInItY", f64::INFINITY),
            ("-inf", f64::NEG_INFINITY),
            ("1e99999999999999999999", f64::INFINITY),
            ("\u{661}\u{660}", 10.0),
            ("\u{ff11}\u{ff12}", 12.0),
            ("\u{1d7cf}\u{1d7d0}", 12.0),
            ("\u{85}1", 1.0),
            ("\u{a0}1\u{3000}", 1.0),
            ("5\u{2028}", 5.0),
            ("\t\n\x0b\x0c\r 5 \r\n", 5.0),
            ("0.1", 0.1),
            ("2.2250738585072011e-308", 2.225073858507201e-308),
            ("9007199254740993", 9007199254740992.0),
            ("1.7976931348623158e308", f64::MAX),
            ("1.7976931348623159e308", f64::INFINITY),
        ];
        for (input, want) in cases {
            let got = py_float_str(input).unwrap_or_else(|| panic!("{input:?} rejected"));
            assert_eq!(got.to_bits(), want.to_bits(), "{input:?}");
        }
        let neg_zero = py_float_str("-1e-99999999999999").unwrap();
        assert!(neg_zero == 0.0 && neg_zero.is_sign_negative());
        for nan in ["nan", "-nan", "NaN", "+NAN"] {
            assert!(py_float_str(nan).unwrap().is_nan(), "{nan}");
        }
    }

    #[test]
    fn rejected_strings() {
        for bad in [
            "",
            "  ",
            "0x10",
            "1__0",
            "_1",
            "1_",
            "1_e5",
            "1._5",
            "._5",
            "in_f",
            "+_1",
            "infinit",
            ".",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "+ 1",
            "1 2",
            "+-1",
            "--1",
            "1\0",
            "\x7f1",
            "\x1c1",
            "1\x1c",
            "\u{b2}",
            "\u{2460}",
            "abc",
            "1.5f",
            "infinityy",
            "0b1",
        ] {
            assert_eq!(py_float_str(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn messages() {
        assert_eq!(
            py_float(&s("abc")),
            Err("could not convert string to float: 'abc'".into())
        );
        assert_eq!(
            py_float(&s("\x1c1")),
            Err("could not convert string to float: '\\x1c1'".into())
        );
        assert_eq!(
            py_float(&s("it's")),
            Err("could not convert string to float: \"it's\"".into())
        );
        // float() never truncates the repr (int() does, at 200 characters).
        let long = "\u{e9}".repeat(300);
        assert_eq!(py_float(&s(&long)).unwrap_err().len(), 35 + 2 * 300 + 2);
        let type_err = |t: &str| {
            Err(format!(
                "float() argument must be a string or a real number, not '{t}'"
            ))
        };
        assert_eq!(py_float(&PyValue::None), type_err("NoneType"));
        assert_eq!(py_float(&PyValue::List(vec![])), type_err("list"));
        assert_eq!(py_float(&PyValue::Dict(vec![])), type_err("dict"));
        let dt = super::super::value::PyDateTime {
            date: Some((2020, 1, 1)),
            time: None,
            offset_minutes: None,
        };
        assert_eq!(py_float(&PyValue::DateTime(dt)), type_err("datetime.date"));
    }

    #[test]
    fn numbers() {
        assert_eq!(py_float(&PyValue::Bool(true)), Ok(1.0));
        assert_eq!(py_float(&PyValue::Bool(false)), Ok(0.0));
        assert_eq!(py_float(&PyValue::Int(10)), Ok(10.0));
        assert_eq!(
            py_float(&PyValue::Int(9007199254740993)),
            Ok(9007199254740992.0)
        );
        assert_eq!(py_float(&PyValue::Int(i64::MAX)), Ok(9.223372036854776e18));
        assert_eq!(
            py_float(&PyValue::BigInt("99999999999999999999".into())),
            Ok(1e20)
        );
        assert_eq!(
            py_float(&PyValue::BigInt("-99999999999999999999".into())),
            Ok(-1e20)
        );
        let big = format!("1{}", "0".repeat(400));
        assert_eq!(
            py_float(&PyValue::BigInt(big)),
            Err("int too large to convert to float".into())
        );
        // 2**1024 - 2**970 rounds up to 2**1024: OverflowError in Python too.
        let near_max = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
        assert_eq!(
            py_float(&PyValue::BigInt(near_max.into())),
            Err("int too large to convert to float".into())
        );
        let below = near_max.replace("97792", "97791");
        assert_eq!(py_float(&PyValue::BigInt(below)), Ok(f64::MAX));
    }
}
