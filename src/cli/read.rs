//! The read-only commands: show, get, explain, profile list/current, check.

use std::io::Write;

use serde_json::json;

use super::args::{ProfileCommand, ShowArgs};
use super::{CliResult, UserError};
use crate::client::Detected;
use crate::config::check::{Severity, findings};
use crate::config::explain::{display_value, explain_text, first_line};
use crate::config::file::ConfigFile;
use crate::config::resolve::{Resolved, Source, effective_profile, resolve};
use crate::config::settings;
use crate::config::snapshot::{Reveal, ShowOptions, shown, snapshot, to_json};
use crate::env::Env;
use crate::py::PyValue;
use crate::py::repr::repr;

fn io(e: std::io::Error) -> UserError {
    UserError(format!("cannot write output: {e}"))
}

fn reveal(flag: bool) -> Reveal {
    if flag {
        Reveal::Revealed
    } else {
        Reveal::Masked
    }
}

fn unreadable(file: &ConfigFile) -> Result<(), UserError> {
    match file.error() {
        Some(e) => Err(UserError(e.to_string())),
        None => Ok(()),
    }
}

fn require_setting(d: &Detected, key: &str) -> Result<&'static settings::Setting, UserError> {
    d.client.find(key).ok_or_else(|| {
        let hint = match d.client.find_any(key) {
            Some(s) if s.retired => format!("`{key}` is retired: modal 1.6.4 ignores it"),
            _ => "run `modalcfg show --include-internal` for the list".into(),
        };
        UserError(format!("unknown setting `{key}`: {hint}"))
    })
}

pub fn show(d: &Detected, env: &Env, a: &ShowArgs, out: &mut dyn Write) -> CliResult {
    let file = ConfigFile::load(env);
    let opts = ShowOptions {
        profile: a.profile.as_deref(),
        use_env: !a.no_env,
        include_internal: a.include_internal,
        reveal: reveal(a.reveal),
    };
    if a.json {
        let mut v = snapshot(&d.client, env, &file, opts);
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "client_version".into(),
                json!(d.client.version().to_string()),
            );
            obj.insert("client_version_source".into(), json!(d.found.describe()));
            obj.insert("client_notes".into(), json!(d.notes));
        }
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        )
        .map_err(io)?;
        return Ok(if file.error().is_some() { 1 } else { 0 });
    }
    unreadable(&file)?;
    let choice = effective_profile(env, &file);
    let profile = a.profile.clone().unwrap_or(choice.name.clone());
    writeln!(out, "Config file: {}", file.path.display()).map_err(io)?;
    writeln!(out, "Client:      {}", d.summary()).map_err(io)?;
    for n in &d.notes {
        writeln!(out, "Note:        {n}").map_err(io)?;
    }
    if a.profile.is_some() {
        writeln!(out, "Profile:     {profile} (chosen with --profile)").map_err(io)?;
    } else {
        writeln!(out, "Profile:     {profile} ({})", choice.why()).map_err(io)?;
    }
    for f in findings(&d.client, env, &file)
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
    {
        let tag = if f.severity == Severity::Error {
            "Error:      "
        } else {
            "Warning:    "
        };
        writeln!(out, "{tag} {}", first_line(&f.text())).map_err(io)?;
    }
    writeln!(out).map_err(io)?;
    let env_opt = (!a.no_env).then_some(env);
    let rows: Vec<[String; 4]> = d
        .client
        .sorted(a.include_internal)
        .into_iter()
        .map(|s| {
            let r = resolve(s, env_opt, &file, &profile);
            let value = match r.value() {
                Ok(v) => display_value(&shown(&r, v, opts.reveal)),
                Err(e) => format!("<error: {}>", first_line(e)),
            };
            let mark = if r.shadows() { "*" } else { "" };
            [
                s.key.to_string(),
                value,
                format!("{}{mark}", r.source().as_str()),
                where_of(&r),
            ]
        })
        .collect();
    print_table(out, ["KEY", "VALUE", "SOURCE", "WHERE"], &rows).map_err(io)?;
    if rows.iter().any(|r| r[2].ends_with('*')) {
        writeln!(
            out,
            "\n* a lower layer is shadowed; `modalcfg explain KEY` shows every layer"
        )
        .map_err(io)?;
    }
    Ok(0)
}

fn where_of(r: &Resolved) -> String {
    let w = r.winner();
    match w.source {
        Source::File => w
            .origin
            .rsplit_once(':')
            .map(|(_, l)| format!("file:{l}"))
            .unwrap_or(w.origin.clone()),
        _ => w.origin.clone(),
    }
}

fn print_table<const N: usize>(
    out: &mut dyn Write,
    head: [&str; N],
    rows: &[[String; N]],
) -> std::io::Result<()> {
    let mut width = head.map(|h| h.chars().count());
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            width[i] = width[i].max(c.chars().count().min(60));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == N {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = width[i]));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(head.to_vec()))?;
    for r in rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// The profile a key was resolved for, and why that one.
struct ResolvedFor {
    profile: String,
    why: String,
    exists: bool,
}

/// One key, resolved for `--profile` or the effective profile (shared by get and explain).
fn resolve_key(
    d: &Detected,
    env: &Env,
    key: &str,
    profile: Option<&str>,
) -> Result<(Resolved, ResolvedFor), UserError> {
    let s = require_setting(d, key)?;
    let file = ConfigFile::load(env);
    unreadable(&file)?;
    let (profile, why) = match profile {
        Some(p) => (p.to_string(), "chosen with --profile".to_string()),
        None => {
            let choice = effective_profile(env, &file);
            let why = choice.why();
            (choice.name, why)
        }
    };
    let r = resolve(s, Some(env), &file, &profile);
    let exists = file.profile(&profile).is_some();
    Ok((
        r,
        ResolvedFor {
            profile,
            why,
            exists,
        },
    ))
}

pub fn get(
    d: &Detected,
    env: &Env,
    key: &str,
    profile: Option<&str>,
    rev: bool,
    out: &mut dyn Write,
) -> CliResult {
    let (r, _) = resolve_key(d, env, key, profile)?;
    match r.value() {
        Ok(v) => {
            let text = match shown(&r, v, reveal(rev)) {
                PyValue::Str(s) => s,
                PyValue::None => String::new(),
                other => to_json(&other).to_string(),
            };
            writeln!(out, "{text}").map_err(io)?;
            Ok(0)
        }
        Err(e) => Err(UserError(format!("{} ({})", e, r.winner().origin))),
    }
}

pub fn explain(
    d: &Detected,
    env: &Env,
    key: &str,
    profile: Option<&str>,
    rev: bool,
    out: &mut dyn Write,
) -> CliResult {
    let (r, at) = resolve_key(d, env, key, profile)?;
    let mut text = explain_text(&r, &at.profile, &at.why, at.exists, reveal(rev));
    if r.setting.read_at_import {
        text.push_str("\nThis key is read while `import modal` runs: a bad value makes every modal command fail.\n");
    }
    write!(out, "{text}").map_err(io)?;
    Ok(0)
}

pub fn profile(env: &Env, cmd: &ProfileCommand, out: &mut dyn Write) -> CliResult {
    let file = ConfigFile::load(env);
    unreadable(&file)?;
    let choice = effective_profile(env, &file);
    match cmd {
        ProfileCommand::Current => {
            writeln!(out, "{}", choice.name).map_err(io)?;
        }
        ProfileCommand::List { json } => {
            if *json {
                let list: Vec<_> = file
                    .profiles()
                    .iter()
                    .map(|p| {
                        json!({"name": p.name, "active": p.name == choice.name, "active_flag": p.is_active(), "line": p.line})
                    })
                    .collect();
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                )
                .map_err(io)?;
            } else {
                let rows: Vec<[String; 3]> = file
                    .profiles()
                    .iter()
                    .map(|p| {
                        let mark = if p.name == choice.name { "•" } else { " " };
                        let flag = match p.active() {
                            None => String::new(),
                            Some(v) => format!("active = {}", repr(v)),
                        };
                        [
                            format!("{mark} {}", p.name),
                            flag,
                            format!("line {}", p.line),
                        ]
                    })
                    .collect();
                print_table(out, ["  PROFILE", "FLAG", "WHERE"], &rows).map_err(io)?;
                writeln!(out, "\nIn use: {} ({})", choice.name, choice.why()).map_err(io)?;
            }
        }
        _ => unreachable!("write commands are handled in cli::write"),
    }
    Ok(0)
}

pub fn check(d: &Detected, env: &Env, json: bool, out: &mut dyn Write) -> CliResult {
    let file = ConfigFile::load(env);
    let found = findings(&d.client, env, &file);
    let fails = found.iter().any(|f| f.severity == Severity::Error);
    if json {
        let list: Vec<_> = found.iter().map(|f| f.to_json()).collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({
                "ok": !fails,
                "client_version": d.client.version().to_string(),
                "client_version_source": d.found.describe(),
                "client_notes": d.notes,
                "findings": list,
            }))
            .unwrap_or_default()
        )
        .map_err(io)?;
    } else {
        writeln!(out, "client {}", d.summary()).map_err(io)?;
        for n in &d.notes {
            writeln!(out, "note  {n}").map_err(io)?;
        }
        for f in &found {
            let tag = match f.severity {
                Severity::Info => "info ",
                Severity::Warning => "warn ",
                Severity::Error => "ERROR",
            };
            writeln!(out, "{tag} {}", f.text()).map_err(io)?;
        }
        if found.is_empty() {
            writeln!(out, "ok: nothing to report for {}", file.path.display()).map_err(io)?;
        }
    }
    Ok(if fails { 1 } else { 0 })
}
