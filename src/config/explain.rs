//! Words for people: a value as the client would print it, and the layers of one key.

use super::resolve::{Resolved, Source};
use super::snapshot::{Reveal, shown};
use crate::py::PyValue;
use crate::py::repr::repr;

/// A value for people: strings bare, everything else as Python prints it.
pub fn display_value(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) if s.is_empty() => "\"\"".into(),
        PyValue::Str(s) => s.escape_debug().to_string(),
        other => repr(other),
    }
}

/// A word for a POSIX shell: bare when it is only letters, digits and `_-./`, else in single
/// quotes (a `'` inside written as `'\''`).
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `export MODAL_PROFILE=<name>`: the line `modalcfg profile use NAME --print` prints and the
/// app's `s` leaves behind.
pub fn export_profile_line(name: &str) -> String {
    format!("export MODAL_PROFILE={}", shell_quote(name))
}

/// A multi-line message on one line (the client's errors start with a newline).
pub fn first_line(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The explanation of one key, shared by the CLI and the app.
pub fn explain_text(
    r: &Resolved,
    profile: &str,
    why: &str,
    profile_exists: bool,
    rev: Reveal,
) -> String {
    let s = r.setting;
    let mut t = format!("{}  ({})\n  {}\n", s.key, s.env_var(), s.description);
    t.push_str(&format!(
        "  profile: {profile} ({why}){}\n\n",
        if profile_exists {
            ""
        } else {
            " — not in the file"
        }
    ));
    for (i, l) in r.layers.iter().enumerate() {
        let raw = display_value(&l.raw.shown(rev));
        let result = match l.value() {
            Ok(v) => display_value(&shown(r, v, rev)),
            Err(e) => format!("error: {}", e.one_line()),
        };
        let verdict = if i == 0 { "WINS" } else { "shadowed" };
        let name = match l.source() {
            Source::Env => format!("env      {} = {}", l.origin, raw),
            Source::File => format!("file     {} : {} = {}", l.origin, s.key, raw),
            Source::Default => format!("default  {raw}"),
        };
        let arrow = if l.source() == Source::Default {
            String::new()
        } else {
            format!("  →  {result}")
        };
        // `[WINS]` padded to the width of `[shadowed]`, so the layers line up.
        t.push_str(&format!("  {:<10} {name}{arrow}\n", format!("[{verdict}]")));
    }
    let reason = match r.source() {
        Source::Env => format!(
            "{} is set (an empty value counts), so it beats the file and the default.",
            s.env_var()
        ),
        Source::File => format!(
            "{} is not set, and profile `{profile}` sets the key.",
            s.env_var()
        ),
        Source::Default => format!(
            "{} is not set and profile `{profile}` does not set the key.",
            s.env_var()
        ),
    };
    t.push_str(&format!("\n  {reason}\n"));
    if let Err(e) = r.value() {
        t.push_str(&format!("  The client raises: {}\n", e.one_line()));
    }
    t
}

/// The explanation of a key the client in use does not read (`why` is "ignored by modal
/// 1.2.6 (added in 1.5.4)"): every layer that sets it, none of them winning.
pub fn ignored_text(r: &Resolved, profile: &str, why: &str, rev: Reveal) -> String {
    let s = r.setting;
    let mut t = format!("{}  ({})\n  {}\n", s.key, s.env_var(), s.description);
    t.push_str(&format!("  {why}: the client does not read this key.\n\n"));
    let set: Vec<_> = r
        .layers
        .iter()
        .filter(|l| l.source() != Source::Default)
        .collect();
    for l in &set {
        let raw = display_value(&l.raw.shown(rev));
        let name = match l.source() {
            Source::File => format!("file     {} : {} = {}", l.origin, s.key, raw),
            _ => format!("env      {} = {}", l.origin, raw),
        };
        t.push_str(&format!("  [ignored] {name}\n"));
    }
    if set.is_empty() {
        t.push_str(&format!(
            "  Neither {} nor profile `{profile}` sets it.\n",
            s.env_var()
        ));
    } else {
        t.push_str("\n  Setting it changes nothing for this client.\n");
    }
    t
}
