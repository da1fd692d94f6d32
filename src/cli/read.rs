//! The read-only commands: show, get, explain, profile list/current, check.

use std::io::Write;

use serde_json::json;

use super::args::{ProfileCommand, ShowArgs};
use super::file_note::{file_note, unreadable_message};
use super::suggest::{self, require_setting};
use super::{CliResult, EXIT_CLIENT_FAILS, Snapshot, UserError, io};
use crate::config::diagnose::check::{Code, Severity, findings};
use crate::config::read::file::ConfigFile;
use crate::config::resolve::explain::{display_value, explain_text, ignored_text};
use crate::config::resolve::layers::shown;
use crate::config::resolve::layers::{ProfileChoice, Resolved, effective_profile, resolve};
use crate::config::secret::Reveal;
use crate::config::show::order::{is_set, resolve_set_first};
use crate::config::show::profiles::{ProfileRow, file_value, profile_rows};
use crate::config::show::snapshot::{ShowOptions, snapshot};
use crate::text::first_line;

use crate::env::shown_os;

pub(super) fn reveal(flag: bool) -> Reveal {
    if flag {
        Reveal::Revealed
    } else {
        Reveal::Masked
    }
}

/// A file the client cannot read: its error, secrets masked unless revealed.
fn unreadable(file: &ConfigFile, rev: Reveal) -> Result<(), UserError> {
    match file.error() {
        Some(e) if rev == Reveal::Revealed => Err(UserError(unreadable_message(&e.revealed()))),
        Some(e) => Err(UserError(unreadable_message(e))),
        None => Ok(()),
    }
}

pub fn show(s: &Snapshot, a: &ShowArgs, out: &mut dyn Write) -> CliResult {
    let Snapshot { d, env, file } = *s;
    let target = suggest::target(env, file, a.profile.as_deref());
    suggest::require_named_profile(file, &target)?;
    let opts = ShowOptions {
        profile: a.profile.as_deref(),
        use_env: !a.no_env,
        include_internal: a.include_internal,
        reveal: reveal(a.reveal),
    };
    let code = show_exit_code(s);
    if a.json {
        let mut v = snapshot(&d.client, env, file, opts);
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "client_version".into(),
                json!(d.client.version().to_string()),
            );
            obj.insert("client_version_source".into(), json!(d.found.describe()));
            obj.insert("client_notes".into(), json!(d.notes));
        }
        if a.set
            && let Some(settings) = v.get_mut("settings").and_then(|s| s.as_object_mut())
        {
            settings.retain(|_, e| e["source"] != "default");
        }
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        )
        .map_err(io)?;
        return Ok(code);
    }
    unreadable(file, opts.reveal)?;
    let profile = target.name.clone();
    match file_note(file) {
        Some(note) => writeln!(
            out,
            "Config file: {} ({note})",
            shown_os(file.path.as_os_str())
        ),
        None => writeln!(out, "Config file: {}", shown_os(file.path.as_os_str())),
    }
    .map_err(io)?;
    writeln!(out, "Client:      {}", d.summary()).map_err(io)?;
    for n in &d.notes {
        writeln!(out, "Note:        {n}").map_err(io)?;
    }
    let why = match a.profile {
        Some(_) => "chosen with --profile".to_string(),
        None => effective_profile(env, file).why(),
    };
    let missing = if suggest::is_missing(file, &target) {
        " — not in the file: values come from the environment and the defaults"
    } else {
        ""
    };
    writeln!(out, "Profile:     {profile} ({why}){missing}").map_err(io)?;
    // With --profile, the verdict of `MODAL_PROFILE=<profile> modal …`.
    let mut as_chosen = env.clone();
    if a.profile.is_some() {
        as_chosen.set("MODAL_PROFILE".into(), profile.clone());
    }
    let verdict = crate::config::resolve::auth::verdict(&d.client, &as_chosen, file);
    writeln!(out, "Credentials: {}", verdict.summary()).map_err(io)?;
    // The credential verdict is on its own line above, not said twice.
    for f in findings(&d.client, env, file)
        .iter()
        .filter(|f| f.severity >= Severity::Warning && f.code != Code::AuthFails)
        .filter(|f| f.code != Code::UnknownName)
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
    let rows: Vec<[String; 4]> = resolve_set_first(&d.client, env_opt, file, &profile)
        .into_iter()
        .filter(|r| a.include_internal || !r.setting.internal)
        .filter(|r| !a.set || is_set(r))
        .map(|r| {
            let value = match r.value() {
                Ok(v) => display_value(&shown(&r, v, opts.reveal)),
                Err(e) => format!("<error: {}>", e.one_line()),
            };
            let mark = if r.shadows() { "*" } else { "" };
            [
                r.setting.key.to_string(),
                value,
                format!("{}{mark}", r.source().as_str()),
                r.winner().origin.short(),
            ]
        })
        .collect();
    if rows.is_empty() {
        writeln!(out, "(no key is set by the environment or the file)").map_err(io)?;
    } else {
        print_table(out, ["KEY", "VALUE", "SOURCE", "WHERE"], &rows).map_err(io)?;
    }
    if rows.iter().any(|r| r[2].ends_with('*')) {
        writeln!(
            out,
            "\n* a lower layer is shadowed; `modalcfg explain KEY` shows every layer"
        )
        .map_err(io)?;
    }
    unknown_names(s, &profile, !a.no_env, out)?;
    if code == EXIT_CLIENT_FAILS {
        writeln!(
            out,
            "\nExit status {EXIT_CLIENT_FAILS}: the modal client would fail here (see above; `modalcfg check` lists why)."
        )
        .map_err(io)?;
    }
    Ok(code)
}

/// Under `show`'s table: the names in this profile (and, with the environment, in it) that
/// nobody reads, each with the name it most likely meant (`check` lists the same findings).
fn unknown_names(
    s: &Snapshot,
    profile: &str,
    with_env: bool,
    out: &mut dyn Write,
) -> Result<(), UserError> {
    let Snapshot { d, env, file } = *s;
    let mut found = Vec::new();
    crate::config::diagnose::unknown::findings(&d.client, env, file, &mut found);
    let lines: Vec<String> = found
        .iter()
        .filter(|f| match (&f.profile, &f.env_var) {
            (Some(p), _) => p == profile,
            (None, Some(_)) => with_env,
            _ => false,
        })
        .map(|f| match f.line {
            Some(l) => format!("{}:{l}: {}", file.path.display(), f.message),
            None => f.message.clone(),
        })
        .collect();
    for (i, l) in lines.iter().enumerate() {
        let head = if i == 0 {
            "\nUnknown:     "
        } else {
            "Unknown:     "
        };
        writeln!(out, "{head}{l}").map_err(io)?;
    }
    Ok(())
}

/// `show`'s exit code, `check`'s verdict: 1 when the file cannot be read (modalcfg cannot
/// answer), [`EXIT_CLIENT_FAILS`] when `check` finds an error (the client would fail: `import
/// modal` raises, or every networked command fails to authenticate), else 0. The output is
/// printed either way.
fn show_exit_code(s: &Snapshot) -> i32 {
    let Snapshot { d, env, file } = *s;
    if file.error().is_some() {
        1
    } else if findings(&d.client, env, file)
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        EXIT_CLIENT_FAILS
    } else {
        0
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
pub(super) struct ResolvedFor {
    pub profile: String,
    pub why: String,
    pub exists: bool,
    /// Said on stderr when the profile read is not in the file.
    pub warning: Option<String>,
    /// "ignored by modal X (added in Y)": the detected client does not read the key (another
    /// release does; the setting resolved is that release's).
    pub ignored: Option<String>,
}

/// One key, resolved for `--profile` or the effective profile (shared by get and explain).
/// A `--profile` the file does not have is an error, with the nearest name.
pub(super) fn resolve_key(
    s: &Snapshot,
    key: &str,
    profile: Option<&str>,
    rev: Reveal,
) -> Result<(Resolved, ResolvedFor), UserError> {
    let Snapshot { d, env, file } = *s;
    let (s, ignored) = match (d.client.not_read(key), d.client.ignores(key)) {
        (Some((_, s)), Some(why)) => (s, Some(why)),
        _ => (require_setting(&d.client, key)?, None),
    };
    unreadable(file, rev)?;
    let target = suggest::target(env, file, profile);
    suggest::require_named_profile(file, &target)?;
    let why = match profile {
        Some(_) => "chosen with --profile".to_string(),
        None => effective_profile(env, file).why(),
    };
    let r = resolve(s, Some(env), file, &target.name);
    let exists = file.profile(&target.name).is_some();
    let warning = suggest::missing_profile_warning(file, &target);
    Ok((
        r,
        ResolvedFor {
            profile: target.name,
            why,
            exists,
            warning,
            ignored,
        },
    ))
}

pub fn explain(
    s: &Snapshot,
    key: &str,
    profile: Option<&str>,
    rev: bool,
    out: &mut dyn Write,
) -> CliResult {
    let (r, at) = resolve_key(s, key, profile, reveal(rev))?;
    if let Some(why) = &at.ignored {
        write!(out, "{}", ignored_text(&r, &at.profile, why, reveal(rev))).map_err(io)?;
        return Ok(0);
    }
    let text = explain_text(&r, &at.profile, &at.why, at.exists, reveal(rev));
    write!(out, "{text}").map_err(io)?;
    Ok(0)
}

pub fn profile(s: &Snapshot, cmd: &ProfileCommand, out: &mut dyn Write) -> CliResult {
    let Snapshot { d, env, file } = *s;
    unreadable(file, Reveal::Masked)?;
    let choice = effective_profile(env, file);
    match cmd {
        ProfileCommand::Current { profile } => {
            let t = suggest::target(env, file, profile.as_deref());
            suggest::require_named_profile(file, &t)?;
            // The bytes of MODAL_PROFILE as given (see `text::script_line`).
            out.write_all(&crate::text::script_line(&t.name))
                .map_err(io)?;
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
                list_profiles(file, &profile_rows(&d.client, env, file), out)?;
            }
        }
        _ => unreachable!("write commands are handled in cli::write"),
    }
    Ok(0)
}

/// `profile list`: the app's marks and words (`▶` in use, `●` active = true, `⚠` a warning),
/// a row for a profile the client uses that is not in the file, then every warning.
fn list_profiles(
    file: &ConfigFile,
    (rows, choice): &(Vec<ProfileRow>, ProfileChoice),
    out: &mut dyn Write,
) -> Result<(), UserError> {
    if let Some(note) = file_note(file) {
        writeln!(
            out,
            "Config file: {} ({note})",
            shown_os(file.path.as_os_str())
        )
        .map_err(io)?;
    }
    let table: Vec<[String; 3]> = rows
        .iter()
        .map(|r| {
            let marks = format!(
                "{}{}{}",
                if r.effective { "▶" } else { " " },
                if r.active_flag { "●" } else { " " },
                if r.warnings.is_empty() { " " } else { "⚠" },
            );
            let flag = match file.profile(&r.name).and_then(|p| p.active()) {
                None => String::new(),
                Some(v) => format!("active = {}", file_value(v)),
            };
            let place = match r.line {
                Some(l) => format!("line {l}"),
                None => "not in the file".into(),
            };
            [format!("{marks} {}", r.name), flag, place]
        })
        .collect();
    if !table.is_empty() {
        print_table(out, ["    PROFILE", "FLAG", "WHERE"], &table).map_err(io)?;
        writeln!(out).map_err(io)?;
    }
    let missing = if file.profile(&choice.name).is_none() && file.error().is_none() {
        " — not in the file"
    } else {
        ""
    };
    writeln!(out, "In use: ▶ {} ({}){missing}", choice.name, choice.why()).map_err(io)?;
    for r in rows {
        for w in &r.warnings {
            writeln!(out, "⚠ {}: {w}", r.name).map_err(io)?;
        }
    }
    writeln!(out, "Marks:  ▶ in use  ● active = true  ⚠ warning").map_err(io)?;
    Ok(())
}

pub fn check(s: &Snapshot, json: bool, out: &mut dyn Write) -> CliResult {
    let Snapshot { d, env, file } = *s;
    let found = findings(&d.client, env, file);
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
            // An unknown name is located like a compiler's message: FILE:LINE.
            let text = match (f.code, f.line, &f.profile) {
                (Code::UnknownName, Some(l), Some(p)) => {
                    format!("{}:{l}: {} (profile `{p}`)", file.path.display(), f.message)
                }
                _ => f.text(),
            };
            writeln!(out, "{tag} {text}").map_err(io)?;
        }
        if found.is_empty() {
            writeln!(
                out,
                "ok: nothing to report for {}",
                shown_os(file.path.as_os_str())
            )
            .map_err(io)?;
        }
    }
    Ok(if fails { 1 } else { 0 })
}
