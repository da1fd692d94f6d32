//! Secrets, in one place: which keys are secret, the one masking rule, a wrapper whose
//! `Debug` and `Display` are masked (revealing is an explicit call), and masking a TOML text
//! by the byte span of each secret value as the parser sees it, whatever its quoting or line
//! count (so a diff never shows a secret written as `"""…"""`, with `\"`, or inside an inline
//! table or an array).

use std::fmt;
use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};
use zeroize::Zeroize;

use crate::py::PyValue;

/// How secrets are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal {
    /// Secrets masked (the default everywhere).
    Masked,
    /// Secrets shown: the user asked (`--reveal`).
    Revealed,
}

/// Whether values of `key` are secret: every key some client release marks secret (a value
/// that is a secret for one client is a secret for all).
pub fn is_secret_key(key: &str) -> bool {
    crate::client::release::secret_in_any_release(key)
}

/// Masked: the values of secret variables (`MODAL_TOKEN_SECRET`, ...) are not printed.
impl fmt::Debug for crate::env::Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_with(f, |name, value| {
            let secret = name
                .strip_prefix("MODAL_")
                .is_some_and(|key| is_secret_key(&key.to_lowercase()));
            shown(secret, &PyValue::Str(value.to_string()), Reveal::Masked)
        })
    }
}

/// A secret's masked form: `…` and its last 4 characters (all of it hidden when short).
/// The one masking function of the crate.
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    if n <= 8 {
        return "…".into();
    }
    let tail: String = secret.chars().skip(n - 4).collect();
    format!("…{tail}")
}

/// The secrets a text may carry, as every 4-character piece of them (compared without case:
/// the client lowercases some of what it quotes). What [`mask_message`] hides.
#[derive(Default, Clone)]
pub struct Fragments(std::collections::HashSet<[char; 4]>);

/// Pieces shorter than this are not hidden (they would hide ordinary words).
pub const FRAGMENT: usize = 4;

impl Fragments {
    /// Adds every piece of `secret`.
    pub fn add(&mut self, secret: &str) {
        let c = lower(secret);
        for w in c.windows(FRAGMENT) {
            self.0.insert([w[0], w[1], w[2], w[3]]);
        }
    }

    /// No secret to hide.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Fragments {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fragments(<{} not shown>)", self.0.len())
    }
}

impl Drop for Fragments {
    fn drop(&mut self) {
        // The pieces are secrets too: zeroed, not just freed.
        for mut g in std::mem::take(&mut self.0) {
            g.zeroize();
        }
    }
}

fn lower(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// A message (an error, a finding, a status) with every piece of a secret of
/// [`FRAGMENT`] characters or more replaced by `…`: the secret's text, its Python repr, any
/// part of them. The one rule for texts, as [`mask`] is for values.
pub fn mask_message(text: &str, secrets: &Fragments) -> String {
    if secrets.is_empty() {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let low = lower(text);
    let mut hidden = vec![false; chars.len()];
    for (i, w) in low.windows(FRAGMENT).enumerate() {
        if secrets.0.contains(&[w[0], w[1], w[2], w[3]]) {
            hidden[i..i + FRAGMENT].iter_mut().for_each(|h| *h = true);
        }
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        if !hidden[i] {
            out.push(*c);
        } else if i == 0 || !hidden[i - 1] {
            out.push('…');
        }
    }
    out
}

/// A secret value as it may be shown: a non-empty string masked by [`mask`], any other truthy
/// value as `…`, an empty or falsy value as it is (there is nothing to hide).
pub fn masked(v: &PyValue) -> PyValue {
    match v {
        PyValue::Str(s) if !s.is_empty() => PyValue::Str(mask(s)),
        other if other.truthy() && other.as_str().is_none() => PyValue::Str("…".into()),
        other => other.clone(),
    }
}

/// `v`, masked when it is secret and not revealed.
pub fn shown(secret: bool, v: &PyValue, reveal: Reveal) -> PyValue {
    if secret && reveal == Reveal::Masked {
        masked(v)
    } else {
        v.clone()
    }
}

/// A value of a secret key. `Debug` and `Display` print the masked form; [`Secret::expose`]
/// is the explicit way to read it. Its strings are zeroed when it is dropped.
#[derive(Clone, PartialEq)]
pub struct Secret(PyValue);

impl Secret {
    /// Wraps a secret value.
    pub fn new(v: PyValue) -> Secret {
        Secret(v)
    }

    /// The value itself. Call it only to compute with it or when the user asked to reveal.
    pub fn expose(&self) -> &PyValue {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({:?})", masked(&self.0))
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match masked(&self.0) {
            PyValue::Str(s) => f.write_str(&s),
            other => write!(f, "{other:?}"),
        }
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Zeroes every string inside a value.
fn wipe(v: &mut PyValue) {
    match v {
        PyValue::Str(s) | PyValue::BigInt(s) => s.zeroize(),
        PyValue::List(l) => l.iter_mut().for_each(wipe),
        PyValue::Dict(d) | PyValue::InlineDict(d) => d.iter_mut().for_each(|(_, v)| wipe(v)),
        _ => {}
    }
}

/// A value read from the file or the environment: plain, or a [`Secret`].
#[derive(Clone, PartialEq)]
pub enum Held {
    /// A value that is not secret.
    Plain(PyValue),
    /// A secret value.
    Secret(Secret),
}

impl Held {
    /// `v`, held as a secret when `secret`.
    pub fn new(v: PyValue, secret: bool) -> Held {
        if secret {
            Held::Secret(Secret::new(v))
        } else {
            Held::Plain(v)
        }
    }

    /// The value itself (see [`Secret::expose`]).
    pub fn expose(&self) -> &PyValue {
        match self {
            Held::Plain(v) => v,
            Held::Secret(s) => s.expose(),
        }
    }

    /// Whether the value is secret.
    pub fn is_secret(&self) -> bool {
        matches!(self, Held::Secret(_))
    }

    /// The value as it may be shown.
    pub fn shown(&self, reveal: Reveal) -> PyValue {
        shown(self.is_secret(), self.expose(), reveal)
    }
}

impl fmt::Debug for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Held::Plain(v) => write!(f, "{v:?}"),
            Held::Secret(s) => write!(f, "{s:?}"),
        }
    }
}

/// `Debug` for a text or bytes that may hold secrets: its length only.
pub struct Redacted(pub usize);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes, not shown>", self.0)
    }
}

/// One secret value in a TOML text: its byte range and what to print instead.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretSpan {
    /// The value's bytes in the text.
    pub range: Range<usize>,
    /// The masked form (`"…abcd"`, or `…` for a value that is not a string).
    pub masked: String,
}

impl fmt::Debug for SecretSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretSpan({:?} → {})", self.range, self.masked)
    }
}

/// The byte range of every value of a secret key in `text`, at any depth (a profile table, an
/// inline-table profile, a nested table, an inline table inside an array), as `toml_edit`
/// parses it. `None` when the text cannot be parsed even with raw control characters
/// neutralised: then nothing in it can be shown safely.
pub fn secret_spans(text: &str) -> Option<Vec<SecretSpan>> {
    let neutral: String;
    let doc = match Document::parse(text) {
        Ok(d) => d,
        Err(_) => {
            // toml 0.10.2 accepts raw control characters in strings; TOML does not. One byte
            // for one byte keeps every offset.
            neutral = text
                .chars()
                .map(|c| {
                    if c.is_control() && c != '\n' && c != '\t' && c != '\r' {
                        '?'
                    } else {
                        c
                    }
                })
                .collect();
            if neutral.len() != text.len() {
                return None;
            }
            Document::parse(neutral.as_str()).ok()?
        }
    };
    let mut out = Vec::new();
    table_spans(doc.as_table(), &mut out);
    out.sort_by_key(|s| s.range.start);
    Some(out)
}

fn table_spans(t: &Table, out: &mut Vec<SecretSpan>) {
    for (k, item) in t.iter() {
        if is_secret_key(k) && !matches!(item, Item::Value(_)) {
            // `[a.token_secret]`: the whole table is the secret's value.
            all_spans(item, out);
            continue;
        }
        match item {
            Item::Table(sub) => table_spans(sub, out),
            Item::ArrayOfTables(a) => a.iter().for_each(|sub| table_spans(sub, out)),
            Item::Value(v) => value_spans(k, v, out),
            Item::None => {}
        }
    }
}

/// Every value inside a table (or array of tables) that is itself a secret.
fn all_spans(item: &Item, out: &mut Vec<SecretSpan>) {
    match item {
        Item::Table(t) => t.iter().for_each(|(_, i)| all_spans(i, out)),
        Item::ArrayOfTables(a) => a
            .iter()
            .for_each(|t| t.iter().for_each(|(_, i)| all_spans(i, out))),
        Item::Value(v) => {
            if let Some(range) = v.span() {
                out.push(SecretSpan {
                    range,
                    masked: "…".into(),
                });
            }
        }
        Item::None => {}
    }
}

fn value_spans(key: &str, v: &Value, out: &mut Vec<SecretSpan>) {
    if is_secret_key(key) {
        if let Some(range) = v.span() {
            let masked = match v.as_str() {
                Some("") => "\"\"".into(),
                Some(s) => format!("\"{}\"", mask(s).escape_debug()),
                None => "…".into(),
            };
            out.push(SecretSpan { range, masked });
        }
        return;
    }
    match v {
        Value::InlineTable(t) => {
            for (k, v) in t.iter() {
                value_spans(k, v, out);
            }
        }
        Value::Array(a) => {
            for v in a.iter() {
                value_spans(key, v, out);
            }
        }
        _ => {}
    }
}

/// `text` with every secret value replaced by its masked form. The number of lines is kept
/// (each further line of a value spanning lines reads `…`), so line `i` of the result is line `i` of
/// `text`. A text that cannot be parsed keeps only its table headers and the key of each
/// `key = value` line.
pub fn mask_text(text: &str) -> String {
    let Some(spans) = secret_spans(text) else {
        return text
            .split('\n')
            .map(|l| {
                let t = l.trim_start();
                if t.is_empty() || t.starts_with('#') || (t.starts_with('[') && !t.contains('=')) {
                    l.to_string()
                } else if let Some((k, _)) = l.split_once('=') {
                    format!("{k}= …")
                } else {
                    "…".into()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        if s.range.start < at || s.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..s.range.start]);
        out.push_str(&s.masked);
        // Each further line of a multi-line value shows as `…`.
        let lines = text[s.range.clone()].matches('\n').count();
        for _ in 0..lines {
            out.push_str("\n…");
        }
        at = s.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff (2 lines of context, `--- name` / `+++ name` headers) of `old` → `new`,
/// every secret value masked by its span: the diff is computed on the real texts, and each
/// line is printed from the masked text.
pub fn masked_diff(name: &str, old: &str, new: &str) -> String {
    let d = similar::TextDiff::from_lines(old, new);
    let (mo, mn) = (mask_text(old), mask_text(new));
    let lines = |t: &str| -> Vec<String> {
        t.split_inclusive('\n')
            .map(|l| l.trim_end_matches(['\n', '\r']).to_string())
            .collect()
    };
    let (lo, ln) = (lines(&mo), lines(&mn));
    let mut out = String::new();
    let mut udiff = d.unified_diff();
    udiff.context_radius(2);
    for (i, hunk) in udiff.iter_hunks().enumerate() {
        if i == 0 {
            out.push_str(&format!("--- {name}\n+++ {name}\n"));
        }
        out.push_str(&format!("{}\n", hunk.header()));
        for c in hunk.iter_changes() {
            let (sign, line) = match c.tag() {
                similar::ChangeTag::Equal => (' ', c.old_index().and_then(|i| lo.get(i))),
                similar::ChangeTag::Delete => ('-', c.old_index().and_then(|i| lo.get(i))),
                similar::ChangeTag::Insert => ('+', c.new_index().and_then(|i| ln.get(i))),
            };
            out.push(sign);
            out.push_str(line.map_or("…", String::as_str));
            out.push('\n');
            if c.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "as-LEAKCANARY0123";

    fn clean(text: &str) {
        let m = mask_text(text);
        assert!(!m.contains("LEAKCANARY"), "{m}");
        assert_eq!(m.matches('\n').count(), text.matches('\n').count(), "{m}");
    }

    #[test]
    fn masking_keeps_only_the_tail() {
        assert_eq!(mask("as-abcdefghijkl"), "…ijkl");
        assert_eq!(mask("short"), "…");
        assert_eq!(
            masked(&PyValue::List(vec![PyValue::Int(1)])),
            PyValue::Str("…".into())
        );
        assert_eq!(
            masked(&PyValue::Str(String::new())),
            PyValue::Str(String::new())
        );
    }

    #[test]
    fn secret_debug_and_display_are_masked() {
        let s = Secret::new(PyValue::Str(S.into()));
        assert!(!format!("{s:?}{s}").contains("LEAKCANARY"));
        assert_eq!(s.expose().as_str(), Some(S));
        let h = Held::new(PyValue::Str(S.into()), true);
        assert!(!format!("{h:?}").contains("LEAKCANARY"));
        assert_eq!(h.shown(Reveal::Revealed).as_str(), Some(S));
    }

    #[test]
    fn every_quoting_and_nesting_is_masked() {
        clean(&format!(
            "[a]\ntoken_secret = \"\"\"\n{S}\nmore-LEAKCANARY\n\"\"\"\nx = 1\n"
        ));
        clean(&format!("[a]\ntoken_secret = '''\n{S}\n'''\n"));
        clean("[a]\ntoken_secret = \"as-x\\\"LEAKCANARY\\\"tail\"\n");
        clean(&format!(
            "a = {{ token_id = \"ak-1\", token_secret = \"{S}\" }}\n"
        ));
        clean(&format!("[a]\ntoken_secret = [\"{S}\", '{S}']\n"));
        clean(&format!("[a]\nx = [{{ oauth_client_secret = \"{S}\" }}]\n"));
        clean(&format!("[a.b]\n\"oauth_refresh_token\" = \"{S}\"\n"));
        clean(&format!("a.token_secret = \"{S}\"\n"));
        clean(&format!(
            "[a]\noauth_jwt_key = \"\"\"\n-----BEGIN PRIVATE KEY-----\nMIIE{S}\n-----END PRIVATE KEY-----\n\"\"\"\n"
        ));
        clean(&format!("[a]\ntoken_secret = \"{S}\u{7}\"\n"));
        clean(&format!("[a\ntoken_secret = \"{S}\"\n"));
        assert_eq!(
            mask_text(&format!("[a]\ntoken_secret = '{S}'  # c\n")),
            "[a]\ntoken_secret = \"…0123\"  # c\n"
        );
    }

    #[test]
    fn messages_lose_every_piece_of_a_secret() {
        let text =
            "[a]\ntoken_id = \"ak-1234567890\"\ntoken_secret = \"as-LEAKCANARY0123\"\n[a]\nx=1\n";
        let f = crate::config::read::secret_scan::fragments(text);
        let m = mask_message(
            "What? a already exists?{'a': {'token_id': 'ak-1234567890', 'token_secret': 'as-LEAKCANARY0123'}}",
            &f,
        );
        assert_eq!(
            m,
            "What? a already exists?{'a': {'token_id': 'ak-1234567890', 'token_secret': …}}"
        );
        let f = crate::config::read::secret_scan::fragments(
            "[a]\ntoken_secret = \"as-LEAK\\uSECRxyz\"\n",
        );
        assert_eq!(
            mask_message("Invalid escape sequence: secr", &f),
            "Invalid escape sequence: …"
        );
        let f = crate::config::read::secret_scan::fragments("[a]\ntoken_secret = 0x12345678LEAK\n");
        assert_eq!(
            mask_message(
                "invalid literal for int() with base 0: '0x12345678LEAK'",
                &f
            ),
            "invalid literal for int() with base 0: '…'"
        );
        assert_eq!(mask_message("a x", &Fragments::default()), "a x");
        assert!(!format!("{f:?}").contains("LEAK"));
    }

    #[test]
    fn a_table_named_after_a_secret_key_is_masked() {
        clean(&format!(
            "[a]\ntoken_id = 1\n[a.token_secret]\nv = \"{S}\"\nw = [\"{S}\"]\n"
        ));
        clean(&format!("[[a.token_secret]]\nv = \"{S}\"\n"));
    }

    #[test]
    fn a_diff_shows_changes_inside_secrets_without_the_secret() {
        let old = format!("[a]\ntoken_secret = \"\"\"\n{S}\n\"\"\"\nx = 1\n");
        let new = format!("[a]\ntoken_secret = \"\"\"\n{S}\n\"\"\"\nx = 2\n");
        let d = masked_diff("/c.toml", &old, &new);
        assert!(!d.contains("LEAKCANARY"), "{d}");
        assert!(d.starts_with("--- /c.toml\n+++ /c.toml\n@@ "), "{d}");
        assert!(d.contains("-x = 1\n+x = 2\n"), "{d}");
        let changed = old.replace("0123", "9876");
        let d = masked_diff("/c.toml", &old, &changed);
        assert!(d.contains(" token_secret = \"…123\\n\"\n-…\n+…\n"), "{d}");
        assert!(!d.contains("LEAKCANARY"), "{d}");
        assert_eq!(masked_diff("/c.toml", "a", "a"), "");
        let d = masked_diff("/c.toml", "[a]\nx = 1", "[a]\nx = 2");
        assert!(d.contains("\\ No newline at end of file"), "{d}");
    }
}
