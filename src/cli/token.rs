//! `modalcfg token set`: the client's `modal token set` command line, written offline. Which
//! profile, what is stored and when it is activated follow `modal/token_flow.py::_set_token`
//! (rules in `config::write::token_set` and `config::write::edit::token_activates`).

use std::io::{BufRead, IsTerminal, Write};

use secrecy::SecretString;
use zeroize::Zeroize;

use super::args::TokenCommand;
use super::suggest::{self, NamedBy};
use super::write::{run, warn_modal_profile};
use super::{CliResult, Snapshot, UserError};
use crate::config::read::file::ConfigFile;
use crate::config::write::edit::{Edit, check_profile_name, token_activates};
use crate::config::write::token_set;
use crate::env::Env;

/// Said on stderr unless `--no-verify`: the client would have checked the token online.
pub const NOT_VERIFIED: &str =
    "note: the token was not verified: modalcfg works offline (--no-verify silences this note)";

/// The profile `token set` writes, and a note for stderr once it is written.
struct Target {
    name: String,
    note: Option<String>,
}

/// `--profile`, else `MODAL_PROFILE` (both made when missing, as the client does), else the
/// profile in use: the client would name it after the token's workspace, an online lookup.
fn target(env: &Env, file: &ConfigFile, given: Option<&str>) -> Result<Target, UserError> {
    let t = suggest::target(env, file, given);
    let missing = suggest::is_missing(file, &t);
    if missing && let Err(e) = check_profile_name(&t.name) {
        return Err(UserError(format!("{e} (nothing was written)")));
    }
    let note = match t.named_by {
        NamedBy::Flag | NamedBy::EnvVar => missing
            .then(|| suggest::profile_hint(file, &t.name))
            .flatten()
            .filter(|h| h.starts_with("did you mean"))
            .map(|h| format!("note: made the new profile `{}` ({h})", t.name)),
        NamedBy::ActiveFlag | NamedBy::Fallback => {
            if missing && !file.profiles().is_empty() {
                return Err(UserError(format!(
                    "{}; name the profile with --profile NAME (`modal token set` would name it after the token's workspace, which it looks up online) (nothing was written)",
                    suggest::missing_profile(file, &t)
                )));
            }
            Some(format!(
                "note: wrote to the profile in use, `{}`: `modal token set` without --profile names the profile after the token's workspace, which it looks up online",
                t.name
            ))
        }
    };
    Ok(Target { name: t.name, note })
}

/// Reads one line from stdin: the value as typed, without its line ending. At a terminal the
/// prompt is shown first, and a `hidden` value (the secret) is read without echo, as the
/// client's `getpass` does (the hidden prompt survives Ctrl-Z, see `hidden_input`); the token
/// id is not secret and is echoed as typed, as the app shows it.
fn read_stdin(prompt: &str, hidden: bool) -> Result<String, UserError> {
    let err = |e: std::io::Error| UserError(format!("cannot read {prompt} from stdin: {e}"));
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let mut line = if terminal && hidden {
        super::hidden_input::read_line(prompt).map_err(err)?
    } else {
        if terminal {
            eprint!("{prompt}: ");
        }
        let mut line = zeroize::Zeroizing::new(String::new());
        stdin.lock().read_line(&mut line).map_err(err)?;
        line
    };
    let value = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line)
        .to_string();
    line.zeroize();
    if value.is_empty() {
        return Err(UserError(format!("no {prompt} given on stdin")));
    }
    Ok(value)
}

pub fn token(s: &Snapshot, cmd: &TokenCommand, out: &mut dyn Write) -> CliResult {
    let Snapshot { env, file, .. } = *s;
    let TokenCommand::Set {
        token_id,
        token_secret,
        profile,
        create: _,
        activate: _,
        no_activate,
        verify: _,
        no_verify,
        delete_existing,
        write,
    } = cmd;
    if *delete_existing {
        return Err(UserError(
            "--delete-existing deletes the profile's old token on Modal's servers, and modalcfg never contacts Modal: run `modal token set --delete-existing …` for that (nothing was written)".into(),
        ));
    }
    // Checked before the secret is asked for.
    let target = target(env, file, profile.as_deref())?;
    let id = match token_id.as_deref() {
        Some("-") | None => read_stdin("Token ID", false)?,
        Some(v) => v.to_string(),
    };
    let secret = match token_secret.as_deref() {
        Some("-") | None => SecretString::from(read_stdin("Token secret", true)?),
        Some(v) => SecretString::from(v.to_string()),
    };
    let name = target.name;
    let edit = Edit::TokenSet {
        profile: name.clone(),
        token_id: Some(id),
        token_secret: Some(secret),
        server_url: token_set::server_url_to_store(&s.d.client, env),
        // The app's `t` checkbox follows the same rule.
        activate: token_activates(file, !*no_activate),
    };
    run(s, edit, *write, out)?;
    if write.dry_run {
        return Ok(0);
    }
    // Names and the client's texts may hold control characters: one escaping rule.
    let say = |line: &str| eprintln!("{}", crate::text::visible(line));
    if let Some(n) = target.note {
        say(&n);
    }
    if !*no_verify {
        eprintln!("{NOT_VERIFIED}");
    }
    // The client's words when it has them; an empty variable it does not mention still wins.
    if let Some(w) = token_set::env_override_warning(env) {
        say(&w);
    } else if let Some(f) = crate::config::diagnose::check::token_env_override(env) {
        say(&format!("warning: {} (profile `{name}`)", f.message));
    }
    if !*no_activate {
        warn_modal_profile(env, &name);
    }
    Ok(0)
}
