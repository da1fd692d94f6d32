//! The commands that change the file: profile activate/create/rename/delete, token set,
//! set and unset. Each plans the edit, prints what changes (or the diff with --dry-run),
//! and commits it atomically.

use std::io::Write;

/// A line for people on stderr, through the one escaping function (`text::visible`): names,
/// paths and the client's texts may hold control characters.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", crate::text::visible(&format!($($arg)*)))
    };
}

use super::args::{ProfileCommand, WriteArgs};
use super::suggest;
use super::{CliResult, Snapshot, UserError, io};
use crate::client::Detected;
use crate::config::disk::Wait;
use crate::config::read::file::{ConfigFile, Source as FileSource};
use crate::config::resolve::layers::effective_profile;
use crate::config::write::edit::Edit;
use crate::config::write::store::{self, OnChange, StoreError};
use crate::env::Env;

fn err(e: StoreError) -> UserError {
    match e {
        StoreError::Unreadable(e) => UserError(format!(
            "{} (nothing was written)",
            super::file_note::unreadable_message(&e)
        )),
        e => UserError(e.to_string()),
    }
}

/// Plans and (unless --dry-run) commits one edit, printing the summary or the diff. The plan,
/// the pre-write check and what is printed all come from `file`, the command's one snapshot.
pub(super) fn run(
    s: &Snapshot,
    edit: Edit,
    w: WriteArgs,
    out: &mut dyn Write,
) -> Result<(), UserError> {
    let Snapshot { d, env, file } = *s;
    let plan = store::plan_for(&d.client, file, &edit).map_err(err)?;
    let broken = plan.client_breakage(&d.client, env, file);
    if w.dry_run {
        if plan.is_noop(file) {
            writeln!(out, "no change").map_err(io)?;
        } else {
            write!(out, "{}", plan.diff()).map_err(io)?;
        }
        if let Some(b) = &broken
            && !w.force
        {
            say!("warning: this write would be refused without --force: {b}");
        }
        return Ok(());
    }
    if let Some(b) = &broken
        && !w.force
        && !plan.is_noop(file)
    {
        return Err(UserError(format!(
            "refusing to write: after this change {b} (nothing was written; --force writes it anyway)"
        )));
    }
    if plan.is_noop(file) {
        for line in &plan.summary {
            writeln!(out, "{line} (file unchanged)").map_err(io)?;
        }
        return Ok(());
    }
    let done = store::commit(file, &plan, OnChange::Rebase, Wait::ForLock).map_err(err)?;
    if done.rebased {
        say!(
            "note: {} was changed by another program since it was loaded; applied this change on top of it",
            crate::env::shown_os(file.path.as_os_str())
        );
    }
    for line in &plan.summary {
        writeln!(out, "{line}").map_err(io)?;
    }
    writeln!(out, "wrote {}", crate::env::shown_os(file.path.as_os_str())).map_err(io)?;
    if done.in_place {
        say!("note: {}", store::IN_PLACE_NOTE);
    }
    if let Some(b) = &broken {
        say!("warning: written anyway (--force): {b}");
    }
    Ok(())
}

/// The profile a writer acts on; it must exist unless `create` (or the file has none yet).
fn target_profile(
    env: &Env,
    file: &ConfigFile,
    given: Option<&str>,
    create: bool,
) -> Result<String, UserError> {
    let t = suggest::target(env, file, given);
    suggest::require_profile_or_create(file, &t, create)?;
    Ok(t.name)
}

/// A profile named by a command's argument must exist.
fn existing_profile(env: &Env, file: &ConfigFile, name: &str) -> Result<(), UserError> {
    suggest::require_profile(file, &suggest::target(env, file, Some(name)))
}

pub(super) fn warn_modal_profile(env: &Env, name: &str) {
    if let Some(w) = crate::config::resolve::env_wins::profile_env_keeps(env, name) {
        say!(
            "warning: {w}; unset it (or run `eval \"$(modalcfg profile use {name} --print)\"`) for the switch to apply"
        );
    }
}

/// `None` for the read-only profile commands.
pub fn profile(s: &Snapshot, cmd: &ProfileCommand, out: &mut dyn Write) -> Option<CliResult> {
    let Snapshot { env, file, .. } = *s;
    let r = match cmd {
        ProfileCommand::Activate { name, write } => {
            if let Err(e) = existing_profile(env, file, name) {
                return Some(Err(e));
            }
            let r = run(
                s,
                Edit::Activate {
                    profile: name.clone(),
                },
                *write,
                out,
            );
            if r.is_ok() && !write.dry_run {
                warn_modal_profile(env, name);
            }
            r
        }
        ProfileCommand::Create { name, write } => {
            run(s, Edit::CreateProfile { name: name.clone() }, *write, out)
        }
        ProfileCommand::Rename { from, to, write } => {
            existing_profile(env, file, from).and_then(|_| {
                run(
                    s,
                    Edit::RenameProfile {
                        from: from.clone(),
                        to: to.clone(),
                    },
                    *write,
                    out,
                )
            })
        }
        ProfileCommand::Delete { name, write } => existing_profile(env, file, name)
            .and_then(|_| run(s, Edit::DeleteProfile { name: name.clone() }, *write, out)),
        ProfileCommand::Use { name, .. } => {
            // A missing profile is refused like in every other command (the file's profiles
            // are checked; a missing or unreadable file has none to check against).
            let t = suggest::target(env, file, Some(name));
            if let Err(e) = suggest::require_named_profile(file, &t) {
                return Some(Err(e));
            }
            if let Some(w) = crate::config::resolve::explain::export_profile_warning(file, name) {
                say!("warning: {w}");
            }
            return Some(
                writeln!(
                    out,
                    "{}",
                    crate::config::resolve::explain::export_profile_line(name)
                )
                .map(|_| 0)
                .map_err(io),
            );
        }
        ProfileCommand::List { .. } | ProfileCommand::Current { .. } => return None,
    };
    Some(r.map(|_| 0))
}

pub fn set(
    s: &Snapshot,
    key: &str,
    value: &str,
    profile: Option<&str>,
    create: bool,
    w: WriteArgs,
    out: &mut dyn Write,
) -> CliResult {
    let Snapshot { d, env, file } = *s;
    if !w.force && d.client.find(key).is_none() {
        return Err(UserError(format!(
            "{}; --force writes it anyway (nothing was written)",
            suggest::unknown_key(&d.client, key)
        )));
    }
    let profile = target_profile(env, file, profile, create)?;
    let edit = Edit::Set {
        profile,
        key: key.into(),
        value: value.into(),
        force: w.force,
    };
    run(s, edit, w, out)?;
    if let Some(s) = d.client.find(key)
        && let Some(warning) = crate::config::resolve::env_wins::env_wins_over_file(env, s)
        && !w.dry_run
    {
        say!("warning: {warning}");
    }
    Ok(0)
}

pub fn unset(
    s: &Snapshot,
    key: &str,
    profile: Option<&str>,
    w: WriteArgs,
    out: &mut dyn Write,
) -> CliResult {
    let Snapshot { d, env, file } = *s;
    let target = match file.source {
        FileSource::Parsed(_) | FileSource::Missing => {
            let t = suggest::target(env, file, profile);
            if let Some(why) = unset_needed(d, file, &t, key)? {
                writeln!(out, "{why}; nothing to unset (file unchanged)").map_err(io)?;
                return Ok(0);
            }
            t.name
        }
        // An unreadable file or MODAL_IS_REMOTE=1: the planner says why it writes nothing.
        _ => effective_profile(env, file).name,
    };
    run(
        s,
        Edit::Unset {
            profile: target,
            key: key.into(),
        },
        w,
        out,
    )
    .map(|_| 0)
}

/// `Some(reason)` when the key is already unset (an idempotent no-op); an error for a typo
/// (a named profile or a key that does not exist).
fn unset_needed(
    d: &Detected,
    file: &ConfigFile,
    t: &suggest::Target,
    key: &str,
) -> Result<Option<String>, UserError> {
    let Some(p) = file.profile(&t.name) else {
        if t.named_by == suggest::NamedBy::Fallback || file.profiles().is_empty() {
            suggest::require_setting(&d.client, key)?;
            return Ok(Some(match file.source {
                FileSource::Missing => format!(
                    "{} does not exist",
                    crate::env::shown_os(file.path.as_os_str())
                ),
                _ => format!(
                    "profile `{}` is not in {}",
                    t.name,
                    crate::env::shown_os(file.path.as_os_str())
                ),
            }));
        }
        return Err(UserError(suggest::missing_profile(file, t)));
    };
    if p.get(key).is_some() {
        return Ok(None);
    }
    suggest::require_setting(&d.client, key)?;
    Ok(Some(crate::config::write::edit::not_set_message(
        &t.name, key,
    )))
}

/// `modalcfg fix-permissions`: the config file becomes 0600, contents untouched.
pub fn fix_permissions(env: &Env, dry_run: bool, out: &mut dyn Write) -> CliResult {
    if env.is_remote() {
        return Err(err(StoreError::Remote));
    }
    let path = env.config_path();
    if dry_run {
        writeln!(out, "{}", would_make_private(&path)?).map_err(io)?;
        return Ok(0);
    }
    let before = crate::config::disk::make_private(&path).map_err(|e| UserError(e.to_string()))?;
    writeln!(
        out,
        "{}",
        crate::config::diagnose::perms::made_private(&path, before)
    )
    .map_err(io)?;
    Ok(0)
}

/// `fix-permissions --dry-run`: what `fix-permissions` would do to the file `path` names
/// (through its symbolic links), changing nothing.
fn would_make_private(path: &std::path::Path) -> Result<String, UserError> {
    let shown = crate::env::shown_os(path.as_os_str());
    let m = std::fs::metadata(path).map_err(|e| UserError(format!("cannot read {shown}: {e}")))?;
    if !m.is_file() {
        return Err(UserError(format!("{shown} is not a regular file")));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = m.permissions().mode() & 0o7777;
        Ok(if mode == 0o600 {
            crate::config::diagnose::perms::made_private(path, mode)
        } else {
            format!("{shown}: mode {mode:04o} -> 0600 (dry run: nothing changed)")
        })
    }
    #[cfg(not(unix))]
    Ok(format!(
        "{shown}: this system has no POSIX file modes; nothing would change"
    ))
}
