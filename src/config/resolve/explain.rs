//! Words for people: a value as the client would print it, and the layers of one key.

use crate::config::read::file::ConfigFile;
use crate::config::resolve::layers::shown;
use crate::config::resolve::layers::{Layer, Resolved, Source};
use crate::config::secret::Reveal;
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

/// The warning beside [`export_profile_line`] when the file has no profile `name` (the client
/// then reads only the environment and the defaults), for `profile use` and the app's `s`.
pub fn export_profile_warning(file: &ConfigFile, name: &str) -> Option<String> {
    (file.error().is_none() && file.profile(name).is_none()).then(|| {
        format!(
            "profile `{name}` is not in {}",
            crate::py::surrogate::path_str(&file.path)
        )
    })
}

/// What a line of an explanation is, so the app styles it without reading its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The key and its variable (the app shows it as the area's title).
    Title,
    /// Any other line.
    Plain,
    /// The layer that wins, from this source.
    Wins(Source),
    /// A layer the winner hides.
    Shadowed,
    /// A layer the client cannot use, or the exception the client raises.
    Error,
}

/// One line of an explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainLine {
    /// What the line is (for styling).
    pub role: Role,
    /// The line's words.
    pub text: String,
}

/// The explanation of one key, shared by the CLI and the app: every layer (which wins and
/// why), the client's exception, and whether `import modal` reads the key.
pub fn explain_lines(
    r: &Resolved,
    profile: &str,
    why: &str,
    profile_exists: bool,
    rev: Reveal,
) -> Vec<ExplainLine> {
    let s = r.setting;
    let mut lines = Vec::new();
    let mut add = |role, text: String| lines.push(ExplainLine { role, text });
    add(Role::Title, format!("{}  ({})", s.key, s.env_var()));
    add(Role::Plain, format!("  {}", s.description));
    add(
        Role::Plain,
        format!(
            "  profile: {profile} ({why}){}",
            if profile_exists {
                ""
            } else {
                " — not in the file"
            }
        ),
    );
    add(Role::Plain, String::new());
    for (i, l) in r.layers.iter().enumerate() {
        let result = match l.value() {
            Ok(v) => display_value(&shown(r, v, rev)),
            Err(e) => format!("error: {}", e.one_line()),
        };
        let (verdict, role) = match (i, l.value()) {
            (0, _) => ("WINS", Role::Wins(l.source())),
            (_, Err(_)) => ("shadowed", Role::Error),
            _ => ("shadowed", Role::Shadowed),
        };
        let name = layer_name(l, s.key, rev);
        let arrow = if l.source() == Source::Default {
            String::new()
        } else {
            format!("  →  {result}")
        };
        // `[WINS]` padded to the width of `[shadowed]`, so the layers line up.
        add(
            role,
            format!("  {:<10} {name}{arrow}", format!("[{verdict}]")),
        );
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
    add(Role::Plain, String::new());
    add(Role::Plain, format!("  {reason}"));
    if let Err(e) = r.value() {
        add(
            Role::Error,
            format!("  The client raises: {}", e.one_line()),
        );
    }
    if s.read_at_import {
        add(
            Role::Plain,
            "  Read while `import modal` runs: a bad value makes every modal command fail.".into(),
        );
    }
    lines
}

/// [`explain_lines`] as text, a line each.
pub fn explain_text(
    r: &Resolved,
    profile: &str,
    why: &str,
    profile_exists: bool,
    rev: Reveal,
) -> String {
    explain_lines(r, profile, why, profile_exists, rev)
        .into_iter()
        .map(|l| l.text + "\n")
        .collect()
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
        t.push_str(&format!("  [ignored] {}\n", layer_name(l, s.key, rev)));
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

/// A layer as the explanation names it: `env      MODAL_X = v`, `file     path:3 : key = v`,
/// `default  v`.
fn layer_name(l: &Layer, key: &str, rev: Reveal) -> String {
    let raw = display_value(&l.raw.shown(rev));
    match l.source() {
        Source::Env => format!("env      {} = {raw}", l.origin),
        Source::File => format!("file     {} : {key} = {raw}", l.origin),
        Source::Default => format!("default  {raw}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;
    use crate::config::read::file::ConfigFile;
    use crate::config::resolve::layers::resolve;
    use crate::env::Env;

    fn roles(env: &[(&str, &str)], file: &str) -> Vec<(Role, String)> {
        let file = ConfigFile::from_bytes("/c.toml".as_ref(), file.as_bytes().to_vec());
        let env = Env::from_pairs(env.iter().copied());
        let s = Client::newest().find("logs_timeout").unwrap();
        let r = resolve(s, Some(&env), &file, "w");
        let lines = explain_lines(&r, "w", "why", true, Reveal::Masked);
        assert_eq!(
            explain_text(&r, "w", "why", true, Reveal::Masked),
            lines
                .iter()
                .map(|l| format!("{}\n", l.text))
                .collect::<String>()
        );
        lines.into_iter().map(|l| (l.role, l.text)).collect()
    }

    #[test]
    fn exporting_a_profile_the_file_lacks_is_a_warning() {
        let file = ConfigFile::from_bytes("/c.toml".as_ref(), b"[a]\nx = 1\n".to_vec());
        assert_eq!(export_profile_warning(&file, "a"), None);
        assert_eq!(
            export_profile_warning(&file, "b").as_deref(),
            Some("profile `b` is not in /c.toml")
        );
        // An unreadable file has its own error: no second word about it.
        let bad = ConfigFile::from_bytes("/c.toml".as_ref(), b"[a\n".to_vec());
        assert_eq!(export_profile_warning(&bad, "b"), None);
    }

    #[test]
    fn each_line_has_its_role() {
        let lines = roles(
            &[("MODAL_LOGS_TIMEOUT", "5")],
            "[w]\nlogs_timeout = 'abc'\n",
        );
        let of = |start: &str| {
            lines
                .iter()
                .find(|(_, t)| t.trim_start().starts_with(start))
                .map(|(r, _)| *r)
        };
        assert_eq!(lines[0].0, Role::Title);
        assert_eq!(of("[WINS]"), Some(Role::Wins(Source::Env)));
        // A shadowed layer the client could not use is an error line; the default is not.
        assert_eq!(of("[shadowed] file"), Some(Role::Error));
        assert_eq!(of("[shadowed] default"), Some(Role::Shadowed));
        assert_eq!(of("The client raises"), None);
        assert_eq!(of("Read while"), None, "logs_timeout is not read at import");
        let failing = roles(&[("MODAL_LOGS_TIMEOUT", "x")], "");
        let raises: Vec<_> = failing.iter().filter(|(r, _)| *r == Role::Error).collect();
        assert_eq!(raises.len(), 1, "{failing:?}");
        assert!(
            raises[0]
                .1
                .starts_with("  The client raises: InvalidError: Invalid value")
        );
        assert_eq!(
            failing[4].0,
            Role::Wins(Source::Env),
            "the failing winner still wins"
        );
    }
}
