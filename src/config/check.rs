//! What goes wrong around resolution: the client failing to start (`import modal`, spec §2
//! and §6), the active-profile check (§7), and every diagnostic `modalcfg check` reports.

use super::file::{ConfigFile, Source as FileSource};
use super::resolve::{ProfileChoice, ProfileReason, Source, effective_profile, resolve};
use super::settings::LOG_LEVELS;
use crate::client::Client;
use crate::env::Env;
use crate::py::PyValue;
use crate::py::repr::{repr, type_name};

/// The exception `import modal` raises in this environment, if any (`"<Class>: <msg>"`).
pub fn import_error(client: &Client, env: &Env, file: &ConfigFile) -> Option<String> {
    if let Some(e) = file.error() {
        return Some(e.client_error());
    }
    let profile = effective_profile(env, file).name;
    let get = |key: &str| {
        resolve(
            client.find(key).expect("read at import by every release"),
            Some(env),
            file,
            &profile,
        )
        .value_owned()
    };
    let level = match get("loglevel") {
        Ok(v) => v,
        Err(e) => return Some(e),
    };
    if let PyValue::Str(name) = &level
        && !LOG_LEVELS.contains(&name.as_str())
    {
        return Some(format!(
            "ValueError: Unknown level: {}",
            repr(&PyValue::Str(format!("Level {name}")))
        ));
    }
    let format = match get("log_format") {
        Ok(v) => v,
        Err(e) => return Some(e),
    };
    if format.as_str() == Some("JSON") {
        return Some("ModuleNotFoundError: No module named 'pythonjsonlogger'".into());
    }
    if let Err(e) = check_log_pattern(&get("log_pattern").unwrap_or(PyValue::None)) {
        return Some(e);
    }
    get("heartbeat_interval").err()
}

/// `logging.Formatter(pattern)` with `%` style: a truthy pattern needs a `%(name)x` field.
fn check_log_pattern(p: &PyValue) -> Result<(), String> {
    if !p.truthy() {
        return Ok(());
    }
    match p {
        PyValue::Str(s) if has_percent_field(s) => Ok(()),
        PyValue::Str(s) => Err(format!("ValueError: Invalid format '{s}' for '%' style")),
        other => Err(format!(
            "TypeError: expected string or bytes-like object, got '{}'",
            type_name(other)
        )),
    }
}

/// Python's `%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]` (case-insensitive).
fn has_percent_field(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len()).any(|start| percent_field_at(&chars, start))
}

fn percent_field_at(c: &[char], start: usize) -> bool {
    let word = |x: char| x.is_alphanumeric() || x == '_';
    let digit = |x: char| x.is_numeric();
    if c.get(start) != Some(&'%') || c.get(start + 1) != Some(&'(') {
        return false;
    }
    let mut i = start + 2;
    let name_start = i;
    while c.get(i).is_some_and(|x| word(*x)) {
        i += 1;
    }
    if i == name_start || c.get(i) != Some(&')') {
        return false;
    }
    i += 1;
    while c.get(i).is_some_and(|x| "#0+ -".contains(*x)) {
        i += 1;
    }
    // The optional width and precision may each be given or not; backtracking over them is
    // equivalent to trying the conversion character after each possible prefix.
    let mut candidates = vec![i];
    if c.get(i) == Some(&'*') {
        candidates.push(i + 1);
    } else {
        let mut j = i;
        while c.get(j).is_some_and(|x| digit(*x)) {
            j += 1;
            candidates.push(j);
        }
    }
    let mut all = candidates.clone();
    for &k in &candidates {
        if c.get(k) == Some(&'.') {
            if c.get(k + 1) == Some(&'*') {
                all.push(k + 2);
            } else {
                let mut j = k + 1;
                while c.get(j).is_some_and(|x| digit(*x)) {
                    j += 1;
                    all.push(j);
                }
            }
        }
    }
    all.iter().any(|&k| {
        c.get(k)
            .is_some_and(|x| "diouxefgcrsa%".contains(x.to_ascii_lowercase()))
    })
}

/// What the client's `_check_config()` raises, if anything (`"<Class>: <msg>"`).
pub fn check_error(client: &Client, env: &Env, file: &ConfigFile) -> Option<String> {
    let _ = client;
    if file.error().is_some() {
        return None;
    }
    let profiles = file.profiles();
    // Python's sum() starting from int 0: bools count 0/1, numbers add up, anything else
    // raises TypeError naming the running total's type and the value's type.
    let mut total = Num::Int(0);
    for p in profiles {
        let v = p.active().cloned().unwrap_or(PyValue::Bool(false));
        total = match (total, &v) {
            (Num::Int(a), PyValue::Bool(b)) => Num::Int(a + *b as i128),
            (Num::Int(a), PyValue::Int(b)) => Num::Int(a + *b as i128),
            (Num::Int(a), PyValue::Float(b)) => Num::Float(a as f64 + b),
            (Num::Float(a), PyValue::Bool(b)) => Num::Float(a + *b as u8 as f64),
            (Num::Float(a), PyValue::Int(b)) => Num::Float(a + *b as f64),
            (Num::Float(a), PyValue::Float(b)) => Num::Float(a + b),
            (acc, other) => {
                let left = if matches!(acc, Num::Int(_)) {
                    "int"
                } else {
                    "float"
                };
                return Some(format!(
                    "TypeError: unsupported operand type(s) for +: '{left}' and '{}'",
                    type_name(other)
                ));
            }
        };
    }
    let path = file.path.display();
    let (gt1, eq0) = match total {
        Num::Int(n) => (n > 1, n == 0),
        Num::Float(f) => (f > 1.0, f == 0.0),
    };
    if gt1 {
        return Some(format!(
            "InvalidError: More than one Modal profile is active. Please fix with `modal profile activate` or by editing your Modal config file ({path})."
        ));
    }
    if profiles.len() > 1 && eq0 && effective_profile(env, file).name == "default" {
        return Some(format!(
            "InvalidError: No Modal profile is active.\n\nPlease fix by running `modal profile activate` or by editing your Modal config file ({path})."
        ));
    }
    None
}

#[derive(Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    /// The real client fails (at import, or on every networked command).
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
}

/// Every diagnostic for this environment and file. Never contains a secret value.
pub fn findings(client: &Client, env: &Env, file: &ConfigFile) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |severity, message: String| out.push(Finding { severity, message });
    match &file.source {
        FileSource::Unreadable(e) => add(Severity::Error, e.to_string()),
        FileSource::Remote => add(
            Severity::Info,
            "MODAL_IS_REMOTE=1: the client ignores the config file".into(),
        ),
        FileSource::Missing => add(
            Severity::Info,
            format!(
                "{} does not exist: no profiles, settings come from env and defaults",
                file.path.display()
            ),
        ),
        FileSource::Parsed(p) => {
            for n in &p.notes {
                add(Severity::Info, n.clone());
            }
        }
    }
    if let Some(e) = import_error(client, env, file)
        && file.error().is_none()
    {
        add(
            Severity::Error,
            format!("`import modal` fails, so every modal command fails: {e}"),
        );
    }
    if let Some(e) = check_error(client, env, file) {
        add(
            Severity::Error,
            format!("every networked modal command fails the active-profile check: {e}"),
        );
    }
    let choice = effective_profile(env, file);
    profile_findings(env, file, &choice, &mut add);
    for s in client.settings() {
        if let Some(v) = env.get(&s.env_var())
            && v.is_empty()
        {
            let shadowed = file
                .profile(&choice.name)
                .and_then(|p| p.get(s.key))
                .is_some();
            let tail = if shadowed {
                " and hides the profile's file value"
            } else {
                ""
            };
            add(
                Severity::Warning,
                format!(
                    "{} is set but empty: an empty variable still overrides{tail}",
                    s.env_var()
                ),
            );
        }
        if s.deprecated.is_some() {
            let r = resolve(s, Some(env), file, &choice.name);
            if r.source() != Source::Default {
                add(
                    Severity::Info,
                    format!(
                        "`{}` is deprecated ({}); the client warns each time it reads it",
                        s.key,
                        s.deprecated.unwrap_or("")
                    ),
                );
            }
        }
    }
    out
}

fn profile_findings(
    env: &Env,
    file: &ConfigFile,
    choice: &ProfileChoice,
    add: &mut impl FnMut(Severity, String),
) {
    let profiles = file.profiles();
    let active: Vec<_> = profiles.iter().filter(|p| p.is_active()).collect();
    if active.len() > 1 {
        let names: Vec<_> = active
            .iter()
            .map(|p| format!("`{}` (line {})", p.name, p.line))
            .collect();
        add(
            Severity::Warning,
            format!(
                "several profiles have active = true: {}; the client uses the first",
                names.join(", ")
            ),
        );
    }
    for p in profiles {
        if let Some(v) = p.active()
            && !matches!(v, PyValue::Bool(_))
        {
            let line = p.get("active").map_or(p.line, |e| e.line);
            add(
                Severity::Warning,
                format!(
                    "profile `{}` line {line}: active = {} is not the boolean true, so it never selects the profile",
                    p.name,
                    repr(v)
                ),
            );
        }
    }
    if profiles.len() == 1
        && profiles[0].name != "default"
        && choice.reason == ProfileReason::Fallback
    {
        add(
            Severity::Warning,
            format!(
                "the only profile, `{}`, is not active and not named `default`: the client ignores it and uses a `default` profile that does not exist",
                profiles[0].name
            ),
        );
    }
    if profiles.len() > 1 && active.is_empty() && choice.reason == ProfileReason::Fallback {
        let has_default = file.profile("default").is_some();
        add(
            Severity::Warning,
            format!(
                "no profile is active; the client uses `default`{}",
                if has_default {
                    ""
                } else {
                    ", which does not exist"
                }
            ),
        );
    }
    if choice.reason == ProfileReason::EnvVar {
        if file.profile(&choice.name).is_none() {
            add(
                Severity::Warning,
                format!(
                    "MODAL_PROFILE={} names a profile that is not in the file",
                    choice.name
                ),
            );
        } else if let Some(a) = active.first()
            && a.name != choice.name
        {
            add(
                Severity::Info,
                format!(
                    "MODAL_PROFILE={} overrides the active profile `{}`",
                    choice.name, a.name
                ),
            );
        }
    }
    let _ = env;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_pattern() {
        assert!(has_percent_field("[x] %(message)s"));
        assert!(has_percent_field("%(a)-10.3f"));
        assert!(has_percent_field("%(a)5s"));
        assert!(!has_percent_field("%(message)"));
        assert!(!has_percent_field("no fields"));
        assert!(!has_percent_field("%()s"));
    }
}
