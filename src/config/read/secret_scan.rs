//! The secrets a TOML text holds, found from its characters as far as they can be read —
//! also when neither the client nor `toml_edit` can read the file. The client's own error
//! texts quote what it read (an invalid number's text, 4–8 characters of a bad escape, the
//! repr of everything parsed before a duplicate table), so a text built from a file is masked
//! by what this finds ([`fragments`]).
//!
//! A value is secret when a secret key names it (`token_secret = …`, `"token_secret" = …`,
//! `a.token_secret = …`, `{ token_secret = … }`, `token_secret.v = …`) or when it sits in a
//! table whose header names one (`[a.token_secret]`). The scan over-reaches rather than miss:
//! a key that merely contains a secret key's name counts too.

use crate::config::read::toml010;
use crate::config::secret::Fragments;
use crate::py::PyValue;
use crate::py::repr::str_repr;

/// Every secret of a TOML text, found as far as its characters can be read
/// ([`secret_texts`]): also when the file cannot be parsed. What a message built from the
/// text is masked by ([`crate::config::secret::mask_message`]).
pub fn fragments(text: &str) -> Fragments {
    let mut f = Fragments::default();
    for s in secret_texts(text) {
        f.add(&s);
    }
    f
}

/// Every text of a secret in `text`: each value's raw characters as written, and for a value
/// the client's reader decodes, every string in it and that string's Python repr.
pub fn secret_texts(text: &str) -> Vec<String> {
    let keys = crate::client::release::secret_keys();
    let mut raw: Vec<&str> = Vec::new();
    for k in &keys {
        for (i, _) in text.match_indices(k) {
            let rest = &text[i + k.len()..];
            if let Some(v) = after_key(rest) {
                raw.push(value_at(&rest[v..]));
            }
        }
    }
    let mut in_secret_table = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let t = line.trim_start();
        if t.starts_with('[') {
            in_secret_table = keys.iter().any(|k| t.contains(k));
        } else if in_secret_table && let Some(eq) = line.find('=') {
            raw.push(value_at(&text[start + eq + 1..]));
        }
    }
    let mut out = Vec::new();
    for r in raw {
        let r = r.trim();
        if r.is_empty() {
            continue;
        }
        out.push(r.to_string());
        if let Ok(obj) = toml010::loads(&format!("v = {r}\n"))
            && let Ok(Some(v)) = obj.get("v")
        {
            strings(&v.to_py(), &mut out);
        }
    }
    out
}

fn strings(v: &PyValue, out: &mut Vec<String>) {
    match v {
        PyValue::Str(s) if !s.is_empty() => {
            out.push(s.clone());
            out.push(str_repr(s));
        }
        PyValue::List(l) => l.iter().for_each(|v| strings(v, out)),
        PyValue::Dict(d) | PyValue::InlineDict(d) => d.iter().for_each(|(_, v)| strings(v, out)),
        _ => {}
    }
}

/// After a secret key's name: where its value starts (just after `=`), when the name is a key
/// (a closing quote, spaces, maybe a dotted rest on the same line, then `=`).
fn after_key(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    if let Some((_, '"' | '\'')) = chars.peek() {
        chars.next();
    }
    for (i, c) in chars {
        match c {
            '=' => return Some(i + 1),
            ' ' | '\t' | '.' | '"' | '\'' => {}
            '\n' | '\r' | ']' | '[' | '#' | ',' | '{' | '}' => return None,
            _ if c.is_alphanumeric() || c == '_' || c == '-' => {}
            _ => return None,
        }
    }
    None
}

/// The raw text of the value that starts at `s` (after `=`): a string to its closing quote
/// (or the end of its line), a multi-line string to its closing quotes, an array or inline
/// table to its closing bracket, anything else to the end of its line, a comment or a
/// separator.
fn value_at(s: &str) -> &str {
    let s = s.trim_start_matches([' ', '\t']);
    for q in ["\"\"\"", "'''"] {
        if let Some(body) = s.strip_prefix(q) {
            let end = body.find(q).map_or(s.len(), |e| 3 + e + 3);
            return &s[..end];
        }
    }
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, '"')) => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return &s[..i + 1],
                    '\n' => return &s[..i],
                    _ => escaped = false,
                }
            }
            s
        }
        Some((_, '\'')) => match s[1..].find(['\'', '\n']) {
            Some(e) => &s[..1 + e + 1],
            None => s,
        },
        Some((_, '[' | '{')) => {
            let mut depth = 0usize;
            let mut quote: Option<char> = None;
            let mut escaped = false;
            for (i, c) in s.char_indices() {
                if let Some(q) = quote {
                    match c {
                        '\\' if q == '"' && !escaped => escaped = true,
                        _ if c == q && !escaped => quote = None,
                        _ => escaped = false,
                    }
                    continue;
                }
                match c {
                    '"' | '\'' => quote = Some(c),
                    '[' | '{' => depth += 1,
                    ']' | '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return &s[..i + 1];
                        }
                    }
                    _ => {}
                }
            }
            s
        }
        _ => {
            let end = s.find(['\n', '#', ',', '}', ']']).unwrap_or(s.len());
            &s[..end]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(text: &str, want: &str) {
        let found = secret_texts(text);
        assert!(found.iter().any(|s| s == want), "{want:?} not in {found:?}");
    }

    #[test]
    fn every_way_of_naming_a_secret_is_found() {
        has("[a]\ntoken_secret = \"as-1\\u0041\"\n", "as-1A");
        has("[a]\ntoken_secret = \"as-1\\u0041\"\n", "\"as-1\\u0041\"");
        has("[a]\n\"token_secret\" = 'as-2'\n", "as-2");
        has("a.token_secret = \"as-3\"\n", "as-3");
        has(
            "a = { token_id = \"x\", token_secret = \"as-4\" }\n",
            "as-4",
        );
        has("[a]\ntoken_secret = 0x12345678LEAK\n", "0x12345678LEAK");
        has("[a]\ntoken_secret = 1.5e3LEAK # c\n", "1.5e3LEAK");
        has(
            "[a]\ntoken_secret = \"as-LEAK\\uSECRxyz\"\n",
            "\"as-LEAK\\uSECRxyz\"",
        );
        has("[a]\ntoken_secret = [\"as-5\", 'as-6']\n", "as-6");
        has(
            "[a]\ntoken_secret = \"\"\"\nas-7\nmore\"\"\"\n",
            "as-7\nmore",
        );
        has(
            "[a]\ntoken_secret = \"\"\"\nas-7\nmore\"\"\"\n",
            "'as-7\\nmore'",
        );
        has("[a.token_secret]\nv = \"as-8\"\n", "as-8");
        has("[a]\ntoken_secret.v = \"as-9\"\n", "as-9");
        has("[a]\noauth_jwt_key = '''\nkey-10'''\n", "key-10");
        assert!(secret_texts("[a]\ntoken_id = \"ak-1\"\nx = 1\n").is_empty());
    }
}
