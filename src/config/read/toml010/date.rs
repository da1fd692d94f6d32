//! Dates and times as `decoder.py` reads them: `TIME_RE` for a local time, `_load_date` for
//! dates and date-times (fixed character positions, its own fraction and offset handling,
//! `TomlTz`), then Python's `datetime` constructors and their range checks.

use super::error::PyErr;
use super::number::py_int10;
use super::pystr::{S, chars, from, slice, text};
use crate::py::{PyDateTime, PyValue};

/// `TIME_RE.match(v)`: `([0-9]{2}):([0-9]{2}):([0-9]{2})(\.([0-9]{3,6}))?` at the start.
/// Returns hour, minute, second and the fraction digits.
pub(super) fn time_re(v: &[char]) -> Option<(u32, u32, u32, Option<u32>)> {
    let d = |i: usize| {
        v.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| *c as u32 - '0' as u32)
    };
    let two = |i: usize| Some(d(i)? * 10 + d(i + 1)?);
    let h = two(0)?;
    (v.get(2) == Some(&':')).then_some(())?;
    let m = two(3)?;
    (v.get(5) == Some(&':')).then_some(())?;
    let s = two(6)?;
    let mut frac = None;
    if v.get(8) == Some(&'.') {
        let n = (9..15).take_while(|i| d(*i).is_some()).count();
        if n >= 3 {
            frac = Some(
                v[9..9 + n]
                    .iter()
                    .fold(0, |a, c| a * 10 + (*c as u32 - '0' as u32)),
            );
        }
    }
    Some((h, m, s, frac))
}

/// The time branch of `load_value`: `datetime.time(h, m, s, ms)`.
pub(super) fn load_time(h: u32, m: u32, s: u32, micro: Option<u32>) -> Result<PyValue, PyErr> {
    if h > 23 {
        return Err(PyErr::value("hour must be in 0..23"));
    }
    if m > 59 {
        return Err(PyErr::value("minute must be in 0..59"));
    }
    if s > 59 {
        return Err(PyErr::value("second must be in 0..59"));
    }
    Ok(PyValue::DateTime(PyDateTime {
        date: None,
        time: Some((h as u8, m as u8, s as u8, micro.unwrap_or(0))),
        offset_minutes: None,
    }))
}

/// `TomlTz(offset)`: the offset in minutes (`ValueError` → `None`).
fn toml_tz(raw: &[char]) -> Option<i64> {
    let raw: S = if raw == ['Z'] {
        chars("+00:00")
    } else {
        raw.to_vec()
    };
    let sign = if raw.first() == Some(&'-') { -1 } else { 1 };
    let hours = py_int10(slice(&raw, Some(1), Some(3)))?;
    let minutes = py_int10(slice(&raw, Some(4), Some(6)))?;
    Some(sign * (hours.saturating_mul(60).saturating_add(minutes)))
}

/// `int(int(sub) * (10 ** (6 - len(sub))))`: `Ok(None)` for a `ValueError`.
fn micro(sub: &[char]) -> Result<Option<i64>, PyErr> {
    let Some(n) = py_int10(sub) else {
        return Ok(None);
    };
    let len = sub.len() as i32;
    if len <= 6 {
        return Ok(Some(n.saturating_mul(10i64.pow((6 - len) as u32))));
    }
    // int * float: the int becomes a float first (OverflowError when too large).
    let digits: String = text(sub)
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let f: f64 = match crate::py::int::py_int(&PyValue::Str(text(sub))) {
        Ok(PyValue::Int(i)) => i as f64,
        Ok(PyValue::BigInt(t)) => t.parse().unwrap_or(f64::INFINITY),
        _ => digits.parse().unwrap_or(0.0),
    };
    if f.is_infinite() {
        return Err(PyErr::raw("int too large to convert to float"));
    }
    let scaled = f * 10f64.powf(f64::from(6 - len));
    Ok(Some(
        scaled.trunc().clamp(i64::MIN as f64, i64::MAX as f64) as i64
    ))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn date_ok(y: i64, m: i64, d: i64) -> bool {
    (1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// `_load_date(val)`: a date or date-time, or `None`.
pub(super) fn load_date(val: &[char]) -> Result<Option<PyValue>, PyErr> {
    let len = val.len();
    let mut microsecond: i64 = 0;
    let mut tz: Option<i64> = None;
    if len > 19 {
        if val[19] == '.' {
            let (sub, tzval): (&[char], Option<S>) =
                if crate::py::py_upper(&val[len - 1].to_string()) == "Z" {
                    (slice(val, Some(20), Some(-1)), Some(vec!['Z']))
                } else {
                    let rest = from(val, 20);
                    if let Some(p) = rest.iter().position(|c| *c == '+') {
                        (&rest[..p], Some(rest[p..].to_vec()))
                    } else if let Some(p) = rest.iter().position(|c| *c == '-') {
                        (&rest[..p], Some(rest[p..].to_vec()))
                    } else {
                        (rest, None)
                    }
                };
            let mut failed = false;
            if let Some(t) = tzval {
                match toml_tz(&t) {
                    Some(off) => tz = Some(off),
                    None => failed = true,
                }
            }
            if !failed {
                match micro(sub)? {
                    Some(us) => microsecond = us,
                    None => failed = true,
                }
            }
            if failed {
                tz = None;
            }
        } else {
            tz = toml_tz(from(val, 19));
        }
    }
    if !from(val, 1).contains(&'-') {
        return Ok(None);
    }
    let int = |a: isize, b: isize| py_int10(slice(val, Some(a), Some(b)));
    let (Some(y), Some(m), Some(d)) = (int(0, 4), int(5, 7), int(8, 10)) else {
        return Ok(None);
    };
    if len == 10 {
        if !date_ok(y, m, d) {
            return Ok(None);
        }
        return Ok(Some(PyValue::DateTime(PyDateTime {
            date: Some((y as u16, m as u8, d as u8)),
            time: None,
            offset_minutes: None,
        })));
    }
    let (Some(h), Some(mi), Some(s)) = (int(11, 13), int(14, 16), int(17, 19)) else {
        return Ok(None);
    };
    if !date_ok(y, m, d)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&mi)
        || !(0..=59).contains(&s)
        || !(0..=999_999).contains(&microsecond)
    {
        return Ok(None);
    }
    Ok(Some(PyValue::DateTime(PyDateTime {
        date: Some((y as u16, m as u8, d as u8)),
        time: Some((h as u8, mi as u8, s as u8, microsecond as u32)),
        offset_minutes: tz.map(|t| t.clamp(i16::MIN as i64, i16::MAX as i64) as i16),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<String> {
        load_date(&chars(s))
            .unwrap()
            .map(|v| crate::py::repr::repr(&v))
    }

    // Expectations printed by CPython 3.11.7 with toml 0.10.2 (`toml.decoder._load_date`).
    #[test]
    fn loose_dates() {
        assert_eq!(
            date("1979-05-27").as_deref(),
            Some("datetime.date(1979, 5, 27)")
        );
        assert_eq!(
            date("1979-05-27X07:32:00").as_deref(),
            Some("datetime.datetime(1979, 5, 27, 7, 32)")
        );
        assert_eq!(
            date("1979-05-27T07:32:00.5Z").as_deref(),
            Some(
                "datetime.datetime(1979, 5, 27, 7, 32, 0, 500000, tzinfo=<toml.tz.TomlTz object at 0x?>)"
            )
        );
        assert_eq!(
            date("1979-05-27T07:32:00.").as_deref(),
            Some("datetime.datetime(1979, 5, 27, 7, 32)")
        );
        assert_eq!(
            date("1979-05-27T07:32:00xyz").as_deref(),
            Some("datetime.datetime(1979, 5, 27, 7, 32)")
        );
        assert_eq!(date("1979-02-30"), None);
        assert_eq!(date("12:00:00"), None);
    }

    #[test]
    fn times() {
        assert_eq!(time_re(&chars("07:32:00junk")), Some((7, 32, 0, None)));
        assert_eq!(
            time_re(&chars("07:32:00.1234567")),
            Some((7, 32, 0, Some(123456)))
        );
        assert_eq!(time_re(&chars("07:32:00.12")), Some((7, 32, 0, None)));
        assert_eq!(time_re(&chars("7:32:00")), None);
    }
}
