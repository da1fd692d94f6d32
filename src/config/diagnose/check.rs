//! What goes wrong around resolution: the client failing to start (`import modal`, spec §2
//! and §6), the active-profile check (§7), and every diagnostic `modalcfg check` reports.

pub use super::finding::{Code, Finding, Severity};
use crate::client::Client;
use crate::client::error::{ClientError, ErrorClass};
use crate::client::settings::LOG_LEVELS;
use crate::config::read::file::{ConfigFile, Source as FileSource};
use crate::config::resolve::layers::{
    ProfileChoice, ProfileReason, Source, effective_profile, resolve,
};
use crate::env::Env;
use crate::py::PyValue;
use crate::py::repr::{repr, type_name};

/// The exception `import modal` raises in this environment, if any.
pub fn import_error(client: &Client, env: &Env, file: &ConfigFile) -> Option<ClientError> {
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
        return Some(ClientError::new(
            ErrorClass::ValueError,
            format!(
                "Unknown level: {}",
                repr(&PyValue::Str(format!("Level {name}")))
            ),
        ));
    }
    let format = match get("log_format") {
        Ok(v) => v,
        Err(e) => return Some(e),
    };
    // `configure_logger` imports pythonjsonlogger for JSON: it fails only where it is not
    // installed; not knowing (no environment found), no failure is predicted (see
    // `json_logger_unknown`).
    // With it, JSON's formatter validates the pattern like the plain one (checked with the
    // real client and python-json-logger 4.2.0).
    if format.as_str() == Some("JSON") && client.json_logger() == Some(false) {
        return Some(ClientError::new(
            ErrorClass::ModuleNotFoundError,
            "No module named 'pythonjsonlogger'",
        ));
    }
    if let Err(e) = check_log_pattern(&get("log_pattern").unwrap_or(PyValue::None)) {
        return Some(e);
    }
    get("heartbeat_interval").err()
}

/// `log_format` resolves to JSON and no modal environment was found to tell whether
/// python-json-logger is installed: "depends on …" instead of a predicted failure.
pub fn json_logger_unknown(client: &Client, env: &Env, file: &ConfigFile) -> Option<Finding> {
    if client.json_logger().is_some() || file.error().is_some() {
        return None;
    }
    let setting = client.find("log_format")?;
    let r = resolve(setting, Some(env), file, &effective_profile(env, file).name);
    (r.value().ok()?.as_str() == Some("JSON")).then(|| {
        Finding::new(
            Code::ImportDepends,
            Severity::Warning,
            "log_format = JSON: whether `import modal` works depends on whether python-json-logger is installed next to modal (no modal environment was found to tell; without it: ModuleNotFoundError: No module named 'pythonjsonlogger')",
        )
        .key("log_format")
    })
}

/// `import modal` raising here, in words (the `import-fails` finding, `get`'s warning).
pub fn import_fails_message(e: &ClientError) -> String {
    format!("the modal client fails to start here (`import modal` raises): {e}")
}

/// `logging.Formatter(pattern)` with `%` style: a truthy pattern needs a `%(name)x` field.
fn check_log_pattern(p: &PyValue) -> Result<(), ClientError> {
    if !p.truthy() {
        return Ok(());
    }
    match p {
        PyValue::Str(s) if has_percent_field(s) => Ok(()),
        PyValue::Str(s) => Err(ClientError::new(
            ErrorClass::ValueError,
            format!("Invalid format '{s}' for '%' style"),
        )),
        other => Err(ClientError::new(
            ErrorClass::TypeError,
            format!(
                "expected string or bytes-like object, got '{}'",
                type_name(other)
            ),
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

/// What the client's `_check_config()` raises, if anything.
pub fn check_error(client: &Client, env: &Env, file: &ConfigFile) -> Option<ClientError> {
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
        // An int beyond 64 bits (toml 0.10.2 reads any size); beyond 128 bits it saturates,
        // which keeps the two comparisons below (> 1, == 0) right.
        let v = match &v {
            PyValue::BigInt(t) => {
                let n = t.parse::<i128>().unwrap_or(if t.starts_with('-') {
                    i128::MIN / 2
                } else {
                    i128::MAX / 2
                });
                if let Num::Float(_) = total
                    && !(t.parse::<f64>().is_ok_and(f64::is_finite))
                {
                    return Some(ClientError::new(
                        ErrorClass::OverflowError,
                        "int too large to convert to float",
                    ));
                }
                match i64::try_from(n) {
                    Ok(i) => PyValue::Int(i),
                    Err(_) => {
                        total = match total {
                            Num::Int(a) => Num::Int(a.saturating_add(n)),
                            Num::Float(a) => Num::Float(a + n as f64),
                        };
                        continue;
                    }
                }
            }
            _ => v,
        };
        total = match (total, &v) {
            (Num::Int(a), PyValue::Bool(b)) => Num::Int(a.saturating_add(*b as i128)),
            (Num::Int(a), PyValue::Int(b)) => Num::Int(a.saturating_add(*b as i128)),
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
                return Some(ClientError::new(
                    ErrorClass::TypeError,
                    format!(
                        "unsupported operand type(s) for +: '{left}' and '{}'",
                        type_name(other)
                    ),
                ));
            }
        };
    }
    let path = crate::py::surrogate::path_str(&file.path);
    let (gt1, eq0) = match total {
        Num::Int(n) => (n > 1, n == 0),
        Num::Float(f) => (f > 1.0, f == 0.0),
    };
    if gt1 {
        return Some(ClientError::new(
            ErrorClass::InvalidError,
            format!(
                "More than one Modal profile is active. Please fix with `modal profile activate` or by editing your Modal config file ({path})."
            ),
        ));
    }
    if profiles.len() > 1 && eq0 && effective_profile(env, file).name == "default" {
        return Some(ClientError::new(
            ErrorClass::InvalidError,
            format!(
                "No Modal profile is active.\n\nPlease fix by running `modal profile activate` or by editing your Modal config file ({path})."
            ),
        ));
    }
    None
}

#[derive(Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

/// Every diagnostic for this environment and file, in a stable order. Never contains a
/// secret value. `check`, `check --json`, the `show` header and the app all render this list.
pub fn findings(client: &Client, env: &Env, file: &ConfigFile) -> Vec<Finding> {
    let mut out = Vec::new();
    match &file.source {
        FileSource::Unreadable(e) => {
            let mut f = Finding::new(Code::FileUnreadable, Severity::Error, e.to_string());
            f.line = e.line;
            out.push(f);
        }
        FileSource::Remote => out.push(Finding::new(
            Code::FileIgnoredRemote,
            Severity::Info,
            crate::config::read::file::REMOTE_IGNORES_FILE,
        )),
        FileSource::Missing => out.push(Finding::new(
            Code::FileMissing,
            Severity::Info,
            file.missing_note(),
        )),
        FileSource::Parsed(p) => {
            for n in &p.notes {
                out.push(Finding::new(Code::FileNote, Severity::Info, n.clone()));
            }
            out.extend(crate::config::diagnose::perms::loose_permissions(file));
            out.extend(crate::config::diagnose::code_page::non_ascii_on_windows(
                file,
            ));
        }
    }
    if let Some(e) = import_error(client, env, file)
        && file.error().is_none()
    {
        out.push(Finding::new(
            Code::ImportFails,
            Severity::Error,
            import_fails_message(&e),
        ));
    }
    out.extend(json_logger_unknown(client, env, file));
    if let Some(e) = check_error(client, env, file) {
        out.push(Finding::new(
            Code::ActiveCheckFails,
            Severity::Error,
            format!("modal commands fail the active-profile check: {e}"),
        ));
    }
    if import_error(client, env, file).is_none() {
        credential_findings(client, env, file, &mut out);
    }
    let choice = effective_profile(env, file);
    profile_findings(file, &choice, &mut out);
    ignored_findings(client, env, file, &mut out);
    crate::config::diagnose::unknown::findings(client, env, file, &mut out);
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
            out.push(
                Finding::new(
                    Code::EmptyEnvVar,
                    Severity::Warning,
                    format!(
                        "{} is set but empty: an empty variable still overrides{tail}",
                        s.env_var()
                    ),
                )
                .env_var(&s.env_var())
                .key(s.key),
            );
        }
        if s.deprecated.is_some() {
            let r = resolve(s, Some(env), file, &choice.name);
            if r.source() != Source::Default {
                out.push(
                    Finding::new(
                        Code::Deprecated,
                        Severity::Info,
                        format!(
                            "`{}` is deprecated ({}); the client warns each time it reads it",
                            s.key,
                            s.deprecated.unwrap_or("")
                        ),
                    )
                    .key(s.key),
                );
            }
        }
    }
    out
}

/// The credential verdict as findings: the error `_Client.from_env` raises before it
/// connects, a mixed token pair, credentials a container ignores.
fn credential_findings(client: &Client, env: &Env, file: &ConfigFile, out: &mut Vec<Finding>) {
    let v = crate::config::resolve::auth::verdict(client, env, file);
    if let Some(e) = &v.error {
        out.push(Finding::new(
            Code::AuthFails,
            Severity::Error,
            format!("every networked modal command fails to authenticate: {e}"),
        ));
    }
    if let Some(m) = &v.mixed {
        out.push(Finding::new(Code::MixedTokenPair, Severity::Warning, m.clone()).key("token_id"));
    }
    if let Some(w) = &v.client_warning {
        out.push(Finding::new(
            Code::CredentialsIgnored,
            Severity::Info,
            w.clone(),
        ));
    }
}

/// `MODAL_*` variables and file keys that the detected client does not read although another
/// release does: they look like they matter and do not.
fn ignored_findings(client: &Client, env: &Env, file: &ConfigFile, out: &mut Vec<Finding>) {
    for (name, _) in env.modal_vars() {
        let Some(key) = name.strip_prefix("MODAL_").map(str::to_lowercase) else {
            continue;
        };
        if format!("MODAL_{}", key.to_uppercase()) != name {
            continue;
        }
        if let Some(why) = client.ignores(&key) {
            out.push(
                Finding::new(
                    Code::IgnoredByClient,
                    Severity::Warning,
                    format!("{name} is set but {why}"),
                )
                .env_var(name)
                .key(&key),
            );
        }
    }
    for p in file.profiles() {
        for e in &p.entries {
            // Keys only clients before 1.0 read are already a note of the file.
            if let Some((why, _)) = client.not_read(&e.key)
                && why != crate::client::NotRead::BeforeOne
                && let Some(text) = client.ignores(&e.key)
            {
                out.push(
                    Finding::new(
                        Code::IgnoredByClient,
                        Severity::Warning,
                        format!("`{}` is {text}", e.key),
                    )
                    .profile(&p.name)
                    .line(e.line)
                    .key(&e.key),
                );
            }
        }
    }
}

/// The findings about each profile (the app's ⚠ marks), including a profile the client uses
/// that is not in the file, in the list's order: one pass over the findings, so a file with
/// many profiles and many findings costs their sum, not their product.
pub fn by_profile(found: &[Finding]) -> std::collections::HashMap<&str, Vec<&Finding>> {
    let mut out: std::collections::HashMap<&str, Vec<&Finding>> = std::collections::HashMap::new();
    for f in found {
        if let Some(p) = f.profile.as_deref() {
            out.entry(p).or_default().push(f);
        }
    }
    out
}

/// Why the real client fails to start or fails every command here, if it does: `import modal`
/// or the active-profile check (the file being unreadable is the load error itself, and the
/// credential verdict has its own one-line summary, `auth::Verdict::summary`).
pub fn client_failure(found: &[Finding]) -> Option<&Finding> {
    found
        .iter()
        .find(|f| matches!(f.code, Code::ImportFails | Code::ActiveCheckFails))
}

/// `MODAL_TOKEN_ID` / `MODAL_TOKEN_SECRET` set in this environment (even empty: an empty
/// variable still wins) override a token written to the file.
pub fn token_env_override(env: &Env) -> Option<Finding> {
    let set: Vec<&str> = ["MODAL_TOKEN_ID", "MODAL_TOKEN_SECRET"]
        .into_iter()
        .filter(|v| env.get(v).is_some())
        .collect();
    let first = *set.first()?;
    Some(
        Finding::new(
            Code::TokenEnvOverride,
            Severity::Warning,
            format!(
                "{} {} set in this environment and will win over the token saved in the file",
                set.join(" and "),
                if set.len() == 1 { "is" } else { "are" }
            ),
        )
        .env_var(first),
    )
}

fn profile_findings(file: &ConfigFile, choice: &ProfileChoice, out: &mut Vec<Finding>) {
    let profiles = file.profiles();
    let active: Vec<_> = profiles.iter().filter(|p| p.is_active()).collect();
    let active_line =
        |p: &crate::config::read::client_view::Profile| p.get("active").map_or(p.line, |e| e.line);
    if active.len() > 1 {
        let n = active.len();
        for (i, p) in active.iter().enumerate() {
            let message = if i == 0 {
                format!("{n} profiles have active = true; the client uses this one, the first")
            } else {
                format!("{n} profiles have active = true; the client ignores this one's flag")
            };
            out.push(
                Finding::new(Code::SeveralActive, Severity::Warning, message)
                    .profile(&p.name)
                    .line(active_line(p))
                    .key("active"),
            );
        }
    }
    for p in profiles {
        if let Some(v) = p.active()
            && !matches!(v, PyValue::Bool(_))
        {
            out.push(
                Finding::new(
                    Code::ActiveNotBoolean,
                    Severity::Warning,
                    format!(
                        "active = {} is not the boolean true, so it never selects this profile",
                        repr(v)
                    ),
                )
                .profile(&p.name)
                .line(active_line(p))
                .key("active"),
            );
        }
    }
    if profiles.len() == 1
        && profiles[0].name != "default"
        && choice.reason == ProfileReason::Fallback
    {
        out.push(
            Finding::new(
                Code::LoneProfileIgnored,
                Severity::Warning,
                "the only profile is neither active nor named `default`: the client ignores it and uses `default`, which is not in the file",
            )
            .profile(&profiles[0].name)
            .line(profiles[0].line),
        );
    }
    let default_missing = file.profile("default").is_none();
    if (profiles.len() > 1 || (profiles.len() == 1 && default_missing))
        && active.is_empty()
        && choice.reason == ProfileReason::Fallback
    {
        let f = if !default_missing {
            Finding::new(
                Code::NoActiveProfile,
                Severity::Warning,
                "no profile is active, so the client uses `default`",
            )
        } else {
            Finding::new(
                Code::NoActiveProfile,
                Severity::Warning,
                choice.not_in_file("the file"),
            )
            .profile("default")
        };
        out.push(f);
    }
    if choice.reason == ProfileReason::EnvVar {
        if file.profile(&choice.name).is_none() {
            out.push(
                Finding::new(
                    Code::ProfileNotInFile,
                    Severity::Warning,
                    choice.not_in_file("the file"),
                )
                .profile(&choice.name)
                .env_var("MODAL_PROFILE"),
            );
        } else if let Some(a) = active.first()
            && a.name != choice.name
        {
            out.push(
                Finding::new(
                    Code::ProfileOverridden,
                    Severity::Info,
                    format!(
                        "MODAL_PROFILE={} overrides the active profile `{}`",
                        choice.name, a.name
                    ),
                )
                .env_var("MODAL_PROFILE"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> ConfigFile {
        ConfigFile::from_bytes(std::path::Path::new("/c.toml"), text.as_bytes().to_vec())
    }

    #[test]
    fn findings_are_structured_and_located() {
        let f = file("[a]\nactive = true\n[b]\nactive = true\n[c]\nactive = \"yes\"\n");
        let found = findings(&Client::default(), &Env::default(), &f);
        let several: Vec<_> = found
            .iter()
            .filter(|x| x.code == Code::SeveralActive)
            .collect();
        assert_eq!(several.len(), 2);
        assert_eq!(
            (several[1].profile.as_deref(), several[1].line),
            (Some("b"), Some(4))
        );
        assert_eq!(
            several[1].text(),
            "profile `b` line 4: 2 profiles have active = true; the client ignores this one's flag"
        );
        let j = found
            .iter()
            .find(|x| x.code == Code::ActiveNotBoolean)
            .unwrap()
            .to_json();
        assert_eq!(j["code"], "active-not-boolean");
        assert_eq!(j["severity"], "warning");
        assert_eq!(
            (j["profile"].as_str(), j["line"].as_u64()),
            (Some("c"), Some(6))
        );
        assert!(j["env_var"].is_null());
        // Grouped by profile: the same findings, in the same order, as filtering the list.
        let grouped = by_profile(&found);
        let mut names: Vec<_> = grouped.keys().copied().collect();
        names.sort();
        assert_eq!(names, ["a", "b", "c"]);
        for name in names {
            let filtered: Vec<_> = (found.iter())
                .filter(|f| f.profile.as_deref() == Some(name))
                .collect();
            assert_eq!(grouped[name], filtered, "{name}");
        }
        assert_eq!(grouped["c"][0].code, Code::ActiveNotBoolean);
    }

    #[test]
    fn an_empty_token_variable_still_overrides() {
        assert!(token_env_override(&Env::default()).is_none());
        let f = token_env_override(&Env::from_pairs([("MODAL_TOKEN_ID", "")])).unwrap();
        assert_eq!(f.env_var.as_deref(), Some("MODAL_TOKEN_ID"));
        assert!(
            f.message.starts_with("MODAL_TOKEN_ID is set"),
            "{}",
            f.message
        );
    }

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
