//! JSON text for [`PyValue`]s, as Python's `json.dumps` would print them after mapping the
//! values JSON cannot hold: non-finite floats become `{"$float": "inf"|"-inf"|"nan"}` and
//! dates/times `{"$datetime": "<isoformat>"}`.

use super::repr::{float_repr, isoformat};
use super::value::PyValue;

/// JSON text of `v`: `json.dumps` layout (`", "`, `": "`, `ensure_ascii=True`), ints as ints,
/// floats as Python's `repr` (always a `.` or an exponent: `10.0`, `1e+300`).
pub fn to_json(v: &PyValue) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &PyValue, out: &mut String) {
    match v {
        PyValue::None => out.push_str("null"),
        PyValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        PyValue::Int(i) => out.push_str(&i.to_string()),
        PyValue::BigInt(t) => out.push_str(t),
        PyValue::Float(f) if f.is_finite() => out.push_str(&float_repr(*f)),
        PyValue::Float(f) => {
            out.push_str("{\"$float\": \"");
            out.push_str(&float_repr(*f));
            out.push_str("\"}");
        }
        PyValue::Str(s) => write_json_str(s, out),
        PyValue::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(item, out);
            }
            out.push(']');
        }
        PyValue::Dict(items) => {
            out.push('{');
            for (i, (k, item)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json_str(k, out);
                out.push_str(": ");
                write_json(item, out);
            }
            out.push('}');
        }
        PyValue::DateTime(dt) => {
            out.push_str("{\"$datetime\": ");
            write_json_str(&isoformat(dt), out);
            out.push('}');
        }
    }
}

/// A JSON string literal as `json.dumps` (`ensure_ascii=True`) writes it.
pub fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::value::PyDateTime;
    use super::*;

    fn s(x: &str) -> PyValue {
        PyValue::Str(x.to_string())
    }

    // Expectations printed by CPython 3.11.7 `json.dumps` of the mapped value.
    #[test]
    fn scalars() {
        let cases: &[(PyValue, &str)] = &[
            (PyValue::None, "null"),
            (PyValue::Bool(true), "true"),
            (PyValue::Int(-5), "-5"),
            (
                PyValue::BigInt("99999999999999999999".into()),
                "99999999999999999999",
            ),
            (PyValue::Float(10.0), "10.0"),
            (PyValue::Float(1e300), "1e+300"),
            (PyValue::Float(1e-5), "1e-05"),
            (PyValue::Float(-0.0), "-0.0"),
            (PyValue::Float(0.1), "0.1"),
            (PyValue::Float(f64::INFINITY), "{\"$float\": \"inf\"}"),
            (PyValue::Float(f64::NEG_INFINITY), "{\"$float\": \"-inf\"}"),
            (PyValue::Float(f64::NAN), "{\"$float\": \"nan\"}"),
            (
                s("a\"b\\c\n\t\r\x08\x0c\x01\x7f/"),
                "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u007f/\"",
            ),
            (
                s("\u{e9}\u{2028}\u{1f600}"),
                "\"\\u00e9\\u2028\\ud83d\\ude00\"",
            ),
        ];
        for (v, want) in cases {
            assert_eq!(to_json(v), *want, "{v:?}");
        }
    }

    #[test]
    fn nested() {
        let dt = |date, time, off| {
            PyValue::DateTime(PyDateTime {
                date,
                time,
                offset_minutes: off,
            })
        };
        let v = PyValue::Dict(vec![
            (
                "z".into(),
                PyValue::List(vec![PyValue::Int(1), s("a"), PyValue::Float(2.5)]),
            ),
            (
                "a".into(),
                dt(Some((1979, 5, 27)), Some((7, 32, 0, 0)), Some(0)),
            ),
            ("d".into(), dt(Some((1979, 5, 27)), None, None)),
            ("t".into(), dt(None, Some((0, 32, 0, 999999)), None)),
            ("e".into(), PyValue::Dict(vec![])),
            ("l".into(), PyValue::List(vec![])),
        ]);
        assert_eq!(
            to_json(&v),
            "{\"z\": [1, \"a\", 2.5], \"a\": {\"$datetime\": \"1979-05-27T07:32:00+00:00\"}, \
             \"d\": {\"$datetime\": \"1979-05-27\"}, \"t\": {\"$datetime\": \"00:32:00.999999\"}, \
             \"e\": {}, \"l\": []}"
        );
    }
}
