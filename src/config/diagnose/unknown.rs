//! Names nobody reads: a file key or a `MODAL_*` variable that the detected client does not
//! read and no other release reads either (those are `check::ignored_findings`), said with the
//! name it most likely meant (`loglvel` → `loglevel`, `MODAL_LOGLEVL` → `MODAL_LOGLEVEL`).
//! A warning, not an error: the client starts and runs, it just never sees the value.

use super::finding::{Code, Finding, Severity};
use crate::client::Client;
use crate::config::read::file::ConfigFile;
use crate::config::resolve::names::{either, suggestions};
use crate::env::Env;

/// `MODAL_*` variables the client (or a Modal container, or Modal's tooling) reads outside its
/// settings table: never a typo of a setting. From modal 1.6.4's sources.
pub const OTHER_CLIENT_VARS: &[&str] = &[
    "MODAL_CONFIG_PATH",
    "MODAL_PROFILE",
    "MODAL_IS_REMOTE",
    "MODAL_TASK_ID",
    "MODAL_WORKER_ID",
    "MODAL_CLOUD_PROVIDER",
    "MODAL_REGION",
    "MODAL_IMAGE_ID",
    "MODAL_ENABLE_SNAP_RESTORE",
    "MODAL_IDENTITY_TOKEN",
    "MODAL_IDENTITY_TOKEN_FILE",
    "MODAL_CONTAINER_ARGUMENTS_PATH",
    "MODAL_BUILDER_WHEEL_DIR",
    "MODAL_TELEMETRY_SOCKET",
    "MODAL_UV_PATH",
    "MODAL_DEV_SUFFIX",
    "MODAL_DISABLE_API_PROXY",
    "MODAL_FORCE_BUILD",
    "MODAL_IGNORE_CACHE",
    "MODAL_IMAGE_ALLOW_GLOBAL_DEPLOYMENT",
    "MODAL_RICH_CLI",
    "MODAL_SANDBOX_V2",
    "MODAL_STREAMS_URL",
    "MODAL_USE_CONTROL_PLANE_SIDECAR_CREATE",
    "MODAL_USE_LEGACY_FILESYSTEM_SNAPSHOT",
    "MODAL_PACKAGES",
    "MODAL_ADMINISTERED",
    "MODAL_ADMINISTERED_OBSERVER",
    "MODAL_GO",
    "MODAL_JS",
];

fn keys(client: &Client) -> impl Iterator<Item = &'static str> {
    client.settings().iter().map(|s| s.key)
}

/// "`loglvel` is not a setting modal 1.6.4 reads; did you mean `loglevel`?" for a file key
/// nobody reads (`None` for `active`, a key this client reads, and a key another release
/// reads). Without a likely name, only the first half.
pub fn file_key_message(client: &Client, key: &str) -> Option<String> {
    if key == "active" || client.find(key).is_some() || client.not_read(key).is_some() {
        return None;
    }
    let head = format!("`{key}` is not a setting modal {} reads", client.version());
    let best = suggestions(key, keys(client));
    Some(if best.is_empty() {
        head
    } else {
        format!("{head}; did you mean {}?", either(&best))
    })
}

/// "MODAL_LOGLEVL is not a variable modal 1.6.4 reads; did you mean MODAL_LOGLEVEL?" for a
/// variable that looks like a setting's and is not one (`None` without a likely name: a
/// `MODAL_*` variable of some other tool is none of the client's business).
pub fn env_var_message(client: &Client, name: &str) -> Option<String> {
    let rest = name.strip_prefix("MODAL_")?;
    if OTHER_CLIENT_VARS.contains(&name) {
        return None;
    }
    let lower = rest.to_lowercase();
    let canonical = format!("MODAL_{}", lower.to_uppercase());
    let known = client.find(&lower).is_some() || client.not_read(&lower).is_some();
    let best: Vec<String> = if known {
        if canonical == name {
            return None;
        }
        // The client reads `MODAL_` + the key upper-cased, exactly.
        vec![canonical]
    } else {
        suggestions(&lower, keys(client))
            .into_iter()
            .map(|k| format!("MODAL_{}", k.to_uppercase()))
            .collect()
    };
    if best.is_empty() {
        return None;
    }
    let names: Vec<&str> = best.iter().map(String::as_str).collect();
    Some(format!(
        "{name} is not a variable modal {} reads; did you mean {}?",
        client.version(),
        either(&names).replace('`', "")
    ))
}

/// Every unknown name of this environment and file, as `check` findings: file keys with their
/// profile and line, variables with their name.
pub fn findings(client: &Client, env: &Env, file: &ConfigFile, out: &mut Vec<Finding>) {
    for (name, _) in env.modal_vars() {
        if let Some(m) = env_var_message(client, name) {
            out.push(Finding::new(Code::UnknownName, Severity::Warning, m).env_var(name));
        }
    }
    for p in file.profiles() {
        for e in &p.entries {
            if let Some(m) = file_key_message(client, &e.key) {
                // A key near no setting is worth a mention, not a warning.
                let severity = if m.contains("did you mean") {
                    Severity::Warning
                } else {
                    Severity::Info
                };
                out.push(
                    Finding::new(Code::UnknownName, severity, m)
                        .profile(&p.name)
                        .line(e.line)
                        .key(&e.key),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_mistyped_key_names_the_setting() {
        let c = Client::newest();
        let v = c.version();
        assert_eq!(
            file_key_message(&c, "loglvel").unwrap(),
            format!("`loglvel` is not a setting modal {v} reads; did you mean `loglevel`?")
        );
        assert_eq!(
            file_key_message(&c, "zzqq").unwrap(),
            format!("`zzqq` is not a setting modal {v} reads")
        );
        assert_eq!(file_key_message(&c, "loglevel"), None);
        assert_eq!(file_key_message(&c, "active"), None);
    }

    #[test]
    fn a_mistyped_variable_names_the_variable() {
        let c = Client::newest();
        let v = c.version();
        assert_eq!(
            env_var_message(&c, "MODAL_LOGLEVL").unwrap(),
            format!(
                "MODAL_LOGLEVL is not a variable modal {v} reads; did you mean MODAL_LOGLEVEL?"
            )
        );
        assert_eq!(
            env_var_message(&c, "MODAL_LogLevel").unwrap(),
            format!(
                "MODAL_LogLevel is not a variable modal {v} reads; did you mean MODAL_LOGLEVEL?"
            )
        );
        for quiet in [
            "MODAL_LOGLEVEL",
            "MODAL_PROFILE",
            "MODAL_TASK_ID",
            "MODAL_ZZZZQQQQ",
        ] {
            assert_eq!(env_var_message(&c, quiet), None, "{quiet}");
        }
    }

    #[test]
    fn findings_carry_the_profile_and_line() {
        let c = Client::newest();
        let f = ConfigFile::from_bytes(
            Path::new("/c.toml"),
            b"[dev]\nactive = true\nloglvel = \"debug\"\n".to_vec(),
        );
        let env = Env::from_pairs([("MODAL_LOGLEVL", "debug")]);
        let mut out = Vec::new();
        findings(&c, &env, &f, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].env_var.as_deref(), Some("MODAL_LOGLEVL"));
        assert_eq!(
            (out[1].profile.as_deref(), out[1].line, out[1].severity),
            (Some("dev"), Some(3), Severity::Warning)
        );
    }
}
