//! Python `repr()`, `str()`, type names and `datetime.isoformat()` for [`PyValue`].

pub use super::case::{py_lower, py_upper};
use super::unicode_tables::{NON_PRINTABLE, in_ranges};
use super::value::{PyDateTime, PyValue};

/// The repr of toml 0.10.2's `TomlTz` with its memory address normalised to `0x?`.
pub const TOMLTZ_REPR: &str = "<toml.tz.TomlTz object at 0x?>";

/// Python's class name as `TypeError`/`AttributeError` messages print it (`tp_name`).
pub fn type_name(v: &PyValue) -> &'static str {
    match v {
        PyValue::None => "NoneType",
        PyValue::Bool(_) => "bool",
        PyValue::Int(_) | PyValue::BigInt(_) => "int",
        PyValue::Float(_) => "float",
        PyValue::Str(_) => "str",
        PyValue::List(_) => "list",
        PyValue::Dict(_) => "dict",
        PyValue::InlineDict(_) => "DynamicInlineTableDict",
        PyValue::DateTime(dt) => match (dt.date, dt.time) {
            (Some(_), Some(_)) => "datetime.datetime",
            (Some(_), None) => "datetime.date",
            _ => "datetime.time",
        },
    }
}

/// Python `repr(v)`.
pub fn repr(v: &PyValue) -> String {
    match v {
        PyValue::None => "None".to_string(),
        PyValue::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        PyValue::Int(i) => i.to_string(),
        PyValue::BigInt(t) => t.clone(),
        PyValue::Float(f) => float_repr(*f),
        PyValue::Str(s) => str_repr(s),
        PyValue::List(items) => {
            format!(
                "[{}]",
                items.iter().map(repr).collect::<Vec<_>>().join(", ")
            )
        }
        PyValue::Dict(items) | PyValue::InlineDict(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        PyValue::DateTime(dt) => datetime_repr(dt),
    }
}

/// Python `str(v)`: strings unchanged, dates/times in ISO form, everything else as `repr`.
pub fn py_str(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) => s.clone(),
        PyValue::DateTime(dt) => isoformat_sep(dt, ' '),
        _ => repr(v),
    }
}

/// Python `str(v)` where it can raise: a `datetime` whose UTC offset is a day or more (toml
/// 0.10.2 reads `1985-06-18T17:04:07+25:00`; `str()` then calls `utcoffset()`, which raises
/// this `ValueError`).
pub fn try_py_str(v: &PyValue) -> Result<String, String> {
    if let PyValue::DateTime(dt) = v
        && dt.time.is_some()
        && dt
            .offset_minutes
            .is_some_and(|m| m.unsigned_abs() >= 24 * 60)
    {
        return Err(OFFSET_OUT_OF_RANGE.into());
    }
    Ok(py_str(v))
}

/// CPython 3.11's message for a `tzinfo.utcoffset()` of a day or more.
pub const OFFSET_OUT_OF_RANGE: &str =
    "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).";

/// Python `repr(str)`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ if (' '..'\x7f').contains(&c) => out.push(c),
            _ if let Some(s) = super::surrogate::lone_surrogate(c) => {
                out.push_str(&format!("\\u{s:04x}"))
            }
            _ if (c as u32) >= 0x7f && !in_ranges(NON_PRINTABLE, c) => out.push(c),
            _ if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Python `repr(float)` (= `str(float)`): the shortest digits that round-trip, in positional
/// notation when the decimal exponent is in -4..16, else scientific (`1e+16`, `1e-05`).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0.0");
    }
    // Rust's `{:e}` prints the shortest round-trip digits ("1.2345e-7"), but when two such
    // strings are equally near it may pick the upper one where Python's dtoa picks the nearest
    // with ties to even (1193740234664972.25 → `…972.2`). The correctly rounded (ties-to-even)
    // rendering with the same number of digits is Python's choice whenever it round-trips.
    let shortest = format!("{:e}", f.abs());
    let ndigits = shortest
        .split('e')
        .next()
        .unwrap_or("")
        .replace('.', "")
        .len();
    let nearest = format!("{:.*e}", ndigits.saturating_sub(1), f.abs());
    let sci = if nearest.parse::<f64>() == Ok(f.abs()) {
        nearest
    } else {
        shortest
    };
    let (mantissa, exp) = sci.split_once('e').expect("LowerExp has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let n = digits.len() as i32;
    if !(-4..16).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    let point = exp + 1; // digits before the decimal point
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= n {
        format!("{digits}{}.0", "0".repeat((point - n) as usize))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{body}")
}

fn datetime_repr(dt: &PyDateTime) -> String {
    let mut fields: Vec<String> = Vec::new();
    if let Some((y, m, d)) = dt.date {
        fields.extend([y.to_string(), m.to_string(), d.to_string()]);
    }
    if let Some((h, mi, s, us)) = dt.time {
        fields.extend([h.to_string(), mi.to_string()]);
        // Python omits trailing zero seconds/microseconds.
        if us != 0 {
            fields.extend([s.to_string(), us.to_string()]);
        } else if s != 0 {
            fields.push(s.to_string());
        }
    }
    if dt.offset_minutes.is_some() && dt.time.is_some() {
        fields.push(format!("tzinfo={TOMLTZ_REPR}"));
    }
    format!(
        "{}({})",
        type_name(&PyValue::DateTime(dt.clone())),
        fields.join(", ")
    )
}

/// Python `.isoformat()` of the `datetime`, `date` or `time`.
pub fn isoformat(dt: &PyDateTime) -> String {
    isoformat_sep(dt, 'T')
}

fn isoformat_sep(dt: &PyDateTime, sep: char) -> String {
    let date = dt.date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
    let time = dt.time.map(|(h, mi, s, us)| {
        let mut t = format!("{h:02}:{mi:02}:{s:02}");
        if us != 0 {
            t.push_str(&format!(".{us:06}"));
        }
        if let Some(off) = dt.offset_minutes {
            let sign = if off < 0 { '-' } else { '+' };
            let a = off.unsigned_abs();
            t.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
        }
        t
    });
    match (date, time) {
        (Some(d), Some(t)) => format!("{d}{sep}{t}"),
        (Some(d), None) => d,
        (None, Some(t)) => t,
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> PyValue {
        PyValue::Str(x.to_string())
    }
    fn dt(
        date: Option<(u16, u8, u8)>,
        time: Option<(u8, u8, u8, u32)>,
        off: Option<i16>,
    ) -> PyDateTime {
        PyDateTime {
            date,
            time,
            offset_minutes: off,
        }
    }

    #[test]
    fn an_offset_of_a_day_cannot_be_printed() {
        let far = PyValue::DateTime(dt(Some((1985, 6, 18)), Some((17, 4, 7, 0)), Some(25 * 60)));
        assert_eq!(try_py_str(&far).unwrap_err(), OFFSET_OUT_OF_RANGE);
        let minus = PyValue::DateTime(dt(Some((1985, 6, 18)), Some((17, 4, 7, 0)), Some(-24 * 60)));
        assert!(try_py_str(&minus).is_err());
        let near = PyValue::DateTime(dt(
            Some((1985, 6, 18)),
            Some((17, 4, 7, 0)),
            Some(23 * 60 + 59),
        ));
        assert_eq!(try_py_str(&near).unwrap(), "1985-06-18 17:04:07+23:59");
        // Inside a list, `str()` uses the elements' repr, which does not ask for the offset.
        assert!(try_py_str(&PyValue::List(vec![far])).is_ok());
    }

    // Every expectation below was printed by CPython 3.11.7.
    #[test]
    fn strings() {
        let cases: &[(&str, &str)] = &[
            ("abc", "'abc'"),
            ("", "''"),
            ("it's", "\"it's\""),
            ("it's \"x\"", "'it\\'s \"x\"'"),
            ("say \"hi\"", "'say \"hi\"'"),
            ("a\\b", "'a\\\\b'"),
            (
                "\t\n\r\x0b\x0c\x01\x1b\x7f",
                "'\\t\\n\\r\\x0b\\x0c\\x01\\x1b\\x7f'",
            ),
            (
                "\u{80}\u{85}\u{a0}\u{ad}\u{e9}",
                "'\\x80\\x85\\xa0\\xad\u{e9}'",
            ),
            (
                "\u{2028}\u{200b}\u{3000}\u{feff}\u{e000}",
                "'\\u2028\\u200b\\u3000\\ufeff\\ue000'",
            ),
            (
                "\u{10ffff}\u{e0001}\u{1f600}",
                "'\\U0010ffff\\U000e0001\u{1f600}'",
            ),
            (
                "\u{378}\u{1c89}\u{661}\u{ff11}",
                "'\\u0378\\u1c89\u{661}\u{ff11}'",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(repr(&s(input)), *want, "{input:?}");
        }
    }

    #[test]
    #[allow(clippy::excessive_precision)] // exact ties between two shortest renderings
    fn floats() {
        let cases: &[(f64, &str)] = &[
            (1e300, "1e+300"),
            (1e-5, "1e-05"),
            (10.0, "10.0"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1.5e16, "1.5e+16"),
            (1e16, "1e+16"),
            (1234567890123456.0, "1234567890123456.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.1, "0.1"),
            (1.0 / 3.0, "0.3333333333333333"),
            (-1.5, "-1.5"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (2.225073858507201e-308, "2.225073858507201e-308"),
            (123456.789, "123456.789"),
            (0.00012345, "0.00012345"),
            (1.2345e-5, "1.2345e-05"),
            (1e22, "1e+22"),
            (1e23, "1e+23"),
            (100.0, "100.0"),
            (9007199254740993.0, "9007199254740992.0"),
            (1193740234664972.25, "1193740234664972.2"),
            (-11815244629156.3125, "-11815244629156.312"),
            (158948300959081.625, "158948300959081.62"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(*f), *want);
            assert_eq!(py_str(&PyValue::Float(*f)), *want);
        }
    }

    #[test]
    fn containers_and_scalars() {
        let v = PyValue::List(vec![
            s("a"),
            PyValue::Int(1),
            PyValue::Float(1.0),
            PyValue::None,
            PyValue::Bool(true),
            PyValue::Dict(vec![("x".into(), PyValue::List(vec![PyValue::Int(1)]))]),
        ]);
        assert_eq!(repr(&v), "['a', 1, 1.0, None, True, {'x': [1]}]");
        assert_eq!(py_str(&v), "['a', 1, 1.0, None, True, {'x': [1]}]");
        assert_eq!(repr(&PyValue::Dict(vec![])), "{}");
        assert_eq!(repr(&PyValue::List(vec![])), "[]");
        assert_eq!(repr(&PyValue::Bool(false)), "False");
        assert_eq!(py_str(&PyValue::Bool(true)), "True");
        assert_eq!(py_str(&PyValue::None), "None");
        assert_eq!(py_str(&s("it's")), "it's");
        assert_eq!(
            repr(&PyValue::BigInt("-99999999999999999999".into())),
            "-99999999999999999999"
        );
        assert_eq!(type_name(&PyValue::BigInt("1".into())), "int");
        assert_eq!(type_name(&PyValue::None), "NoneType");
    }

    #[test]
    fn datetimes() {
        let tz = "tzinfo=<toml.tz.TomlTz object at 0x?>";
        // (value, repr, str, isoformat, type name)
        let cases = [
            (
                dt(Some((1979, 5, 27)), Some((7, 32, 0, 0)), Some(0)),
                format!("datetime.datetime(1979, 5, 27, 7, 32, {tz})"),
                "1979-05-27 07:32:00+00:00",
                "1979-05-27T07:32:00+00:00",
                "datetime.datetime",
            ),
            (
                dt(Some((1979, 5, 27)), Some((0, 32, 0, 999999)), None),
                "datetime.datetime(1979, 5, 27, 0, 32, 0, 999999)".to_string(),
                "1979-05-27 00:32:00.999999",
                "1979-05-27T00:32:00.999999",
                "datetime.datetime",
            ),
            (
                dt(Some((1979, 5, 27)), None, None),
                "datetime.date(1979, 5, 27)".to_string(),
                "1979-05-27",
                "1979-05-27",
                "datetime.date",
            ),
            (
                dt(None, Some((7, 32, 0, 0)), None),
                "datetime.time(7, 32)".to_string(),
                "07:32:00",
                "07:32:00",
                "datetime.time",
            ),
            (
                dt(Some((1979, 5, 27)), Some((7, 32, 0, 0)), Some(-420)),
                format!("datetime.datetime(1979, 5, 27, 7, 32, {tz})"),
                "1979-05-27 07:32:00-07:00",
                "1979-05-27T07:32:00-07:00",
                "datetime.datetime",
            ),
            (
                dt(Some((1979, 5, 27)), Some((7, 32, 5, 0)), Some(330)),
                format!("datetime.datetime(1979, 5, 27, 7, 32, 5, {tz})"),
                "1979-05-27 07:32:05+05:30",
                "1979-05-27T07:32:05+05:30",
                "datetime.datetime",
            ),
            (
                dt(Some((1979, 5, 27)), Some((0, 0, 0, 0)), None),
                "datetime.datetime(1979, 5, 27, 0, 0)".to_string(),
                "1979-05-27 00:00:00",
                "1979-05-27T00:00:00",
                "datetime.datetime",
            ),
            (
                dt(Some((1, 1, 1)), Some((0, 0, 0, 5)), Some(-30)),
                format!("datetime.datetime(1, 1, 1, 0, 0, 0, 5, {tz})"),
                "0001-01-01 00:00:00.000005-00:30",
                "0001-01-01T00:00:00.000005-00:30",
                "datetime.datetime",
            ),
            (
                dt(None, Some((23, 59, 59, 120000)), None),
                "datetime.time(23, 59, 59, 120000)".to_string(),
                "23:59:59.120000",
                "23:59:59.120000",
                "datetime.time",
            ),
        ];
        for (v, r, st, iso, ty) in cases {
            let pv = PyValue::DateTime(v.clone());
            assert_eq!(repr(&pv), r);
            assert_eq!(py_str(&pv), st);
            assert_eq!(isoformat(&v), iso);
            assert_eq!(type_name(&pv), ty);
        }
        let d = PyValue::Dict(vec![(
            "d".into(),
            PyValue::DateTime(dt(None, Some((7, 32, 0, 0)), None)),
        )]);
        assert_eq!(py_str(&d), "{'d': datetime.time(7, 32)}");
    }
}
