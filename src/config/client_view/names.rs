//! How the client names tables and keys: raw text in quoted headers, short escapes decoded in
//! quoted keys, and the stand-ins that let raw control characters through the TOML parser.

use toml_edit::Key;

use super::{Ctx, R, err};

pub(super) const STAND_IN_BASE: u32 = 0xF0000;

pub(super) fn is_raw_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

pub(super) fn is_stand_in(c: char) -> bool {
    (STAND_IN_BASE..STAND_IN_BASE + 0x100).contains(&(c as u32))
}

pub(super) fn stand_in(c: char) -> char {
    char::from_u32(STAND_IN_BASE + c as u32).unwrap_or(c)
}

/// Restores the raw control characters behind their stand-ins.
pub(super) fn restore(cx: &Ctx, s: &str) -> String {
    if !cx.masked {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if is_stand_in(c) {
                char::from_u32(c as u32 - STAND_IN_BASE).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

pub(super) fn raw<'a>(cx: &Ctx<'a>, key: &Key) -> &'a str {
    key.span().and_then(|s| cx.text.get(s)).unwrap_or("")
}

/// A quoted table-header segment is taken raw, without escape processing.
pub(super) fn header_name(cx: &Ctx, key: &Key) -> R<String> {
    let r = raw(cx, key).trim();
    let off = key.span().map(|s| s.start).unwrap_or(0);
    let name = if r.len() >= 2 && (r.starts_with('"') || r.starts_with('\'')) {
        let inner = &r[1..r.len() - 1];
        if r.starts_with('"') && inner.contains('"') {
            return Err(err(
                off,
                "a table name containing `\"` cannot be read by the client (`Key group not on a line by itself.`)",
            ));
        }
        restore(cx, inner)
    } else if r.is_empty() {
        key.get().to_string()
    } else {
        if !r
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(err(
                off,
                format!("invalid bare table name `{r}` for the client (only A-Z a-z 0-9 _ -)"),
            ));
        }
        r.to_string()
    };
    if name.is_empty() {
        let mut e = err(
            off,
            "an empty table name `[\"\"]` cannot be read by the client",
        );
        e.client_inner = None;
        return Err(e);
    }
    Ok(name)
}

/// A quoted key on a `key = value` line: the client decodes the short escapes (even in
/// literal keys) and keeps `\u`/`\U` raw.
pub(super) fn line_key(cx: &Ctx, key: &Key) -> R<String> {
    let r = raw(cx, key).trim();
    let off = key.span().map(|s| s.start).unwrap_or(0);
    if r.len() < 2 || !(r.starts_with('"') || r.starts_with('\'')) {
        return Ok(if r.is_empty() {
            key.get().to_string()
        } else {
            r.to_string()
        });
    }
    let inner = &restore(cx, &r[1..r.len() - 1]);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('f') => out.push('\u{c}'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some(u @ ('u' | 'U')) => {
                out.push('\\');
                out.push(u);
            }
            _ => {
                return Err(err(
                    off,
                    format!(
                        "the key {r} has an escape the client rejects (`Reserved escape sequence used`)"
                    ),
                ));
            }
        }
    }
    Ok(out)
}
