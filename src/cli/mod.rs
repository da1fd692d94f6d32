//! The command line: parse, dispatch, and turn errors into a message and an exit code.
pub mod args;
mod complete;
mod file_note;
mod get;
mod hidden_input;
pub mod prompt;
mod read;
mod suggest;
mod token;
mod write;

use std::io::Write;

pub use args::{Cli, Command};
use clap::Parser;

use crate::config::read::file::ConfigFile;
use crate::env::Env;

/// A failure meant for the user: printed as `modalcfg: <message>`, exit code 1.
#[derive(Debug)]
pub struct UserError(pub String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UserError {}

pub type CliResult = Result<i32, UserError>;

/// Standard output could not be written (a closed pipe, a full disk).
fn io(e: std::io::Error) -> UserError {
    UserError(format!("cannot write output: {e}"))
}

/// The exit code of `get` and `show` when the Modal client would fail here (`import modal`
/// raises, or reading the key does); 1 means modalcfg itself could not answer.
pub const EXIT_CLIENT_FAILS: i32 = 3;

/// The exit code of `get` when the value is a secret and `--reveal` was not given: nothing
/// is printed on stdout (a masked value is not the value), the reason is on stderr.
pub const EXIT_SECRET_HIDDEN: i32 = 4;

/// What one command works from, taken once at its start: the client it resolves like, the
/// environment and the file as read then. Planning, checking and printing all use it.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    pub d: &'a crate::client::Detected,
    pub env: &'a Env,
    pub file: &'a ConfigFile,
}

/// Runs a subcommand; `None` when the app should open instead.
pub fn run(cli: &Cli, env: &Env, out: &mut dyn Write) -> Option<CliResult> {
    use std::io::IsTerminal;
    let terminal = std::io::stdout().is_terminal();
    run_on(cli, env, out, &mut ConfigFile::load, terminal)
}

/// [`run`], reading the config file through `load`: each command calls it once, before it
/// does anything, and plans, checks and prints from that one snapshot. Only the save itself
/// looks at the disk again, under the write lock (`store::commit` with `OnChange::Rebase`): if another program
/// changed the file meanwhile, the same edit (same target profile) is applied on top of that
/// change or refused. The tests count the reads through this seam.
#[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
pub fn run_with(
    cli: &Cli,
    env: &Env,
    out: &mut dyn Write,
    load: &mut dyn FnMut(&Env) -> ConfigFile,
) -> Option<CliResult> {
    run_on(cli, env, out, load, false)
}

/// [`run_with`], saying whether `out` is a terminal: a single value for scripts (`get`,
/// `profile current`) is written bare to a pipe and escaped on a terminal, as `ls` does.
pub fn run_on(
    cli: &Cli,
    env: &Env,
    out: &mut dyn Write,
    load: &mut dyn FnMut(&Env) -> ConfigFile,
    terminal: bool,
) -> Option<CliResult> {
    let cmd = cli.command.as_ref()?;
    let d = match cmd {
        Command::Completions { shell } => return Some(completions(*shell, out)),
        Command::Man { dir } => return Some(man_page(dir.as_deref(), out)),
        // Only the file's mode changes: its contents are never read.
        Command::FixPermissions { dry_run } => {
            return Some(write::fix_permissions(env, *dry_run, out));
        }
        _ => match detect_client(cli, env) {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        },
    };
    let file = &load(env);
    let s = &Snapshot { d: &d, env, file };
    // Human output shows the file's control and invisible characters escaped (one rule:
    // `text::visible`); JSON and the lines meant for scripts stay exact.
    let mut escaped;
    let out: &mut dyn Write = if is_human_output(cmd) || (terminal && is_script_value(cmd)) {
        escaped = crate::text::Visible::new(out);
        &mut escaped
    } else {
        out
    };
    Some(match cmd {
        Command::Show(a) => read::show(s, a, out),
        Command::Get {
            key,
            profile,
            reveal,
            json,
        } => get::get(
            s,
            key,
            profile.as_deref(),
            read::reveal(*reveal),
            *json,
            out,
        ),
        Command::Explain {
            key,
            profile,
            reveal,
        } => read::explain(s, key, profile.as_deref(), *reveal, out),
        Command::Profile(p) => match write::profile(s, p, out) {
            Some(r) => r,
            None => read::profile(s, p, out),
        },
        Command::Token(t) => token::token(s, t, out),
        Command::Set {
            key,
            value,
            profile,
            create,
            write: w,
        } => write::set(s, key, value, profile.as_deref(), *create, *w, out),
        Command::Unset {
            key,
            profile,
            write: w,
        } => write::unset(s, key, profile.as_deref(), *w, out),
        Command::Check { json } => read::check(s, *json, out),
        Command::Prompt { format } => prompt::prompt(s, format.as_deref(), out),
        Command::Completions { .. } | Command::Man { .. } | Command::FixPermissions { .. } => {
            unreachable!("answered above")
        }
    })
}

/// The commands whose output is for people: `show`, `check`, `profile list` (without
/// `--json`) and `explain`.
fn is_human_output(cmd: &Command) -> bool {
    use args::ProfileCommand as P;
    match cmd {
        Command::Show(a) => !a.json,
        Command::Check { json } => !json,
        Command::Profile(P::List { json }) => !json,
        Command::Explain { .. } => true,
        // Messages, diffs and `wrote <path>`.
        Command::Profile(
            P::Activate { .. } | P::Create { .. } | P::Rename { .. } | P::Delete { .. },
        )
        | Command::Token(_)
        | Command::Set { .. }
        | Command::Unset { .. } => true,
        _ => false,
    }
}

/// The commands that print one value for a script: bare bytes on a pipe.
fn is_script_value(cmd: &Command) -> bool {
    match cmd {
        Command::Get { json, .. } => !json,
        Command::Profile(args::ProfileCommand::Current { .. }) => true,
        _ => false,
    }
}

/// The Modal client to resolve like: `--client-version`, `MODALCFG_CLIENT_VERSION`, the
/// active virtual environment, the `modal` on `PATH`, else the newest known release.
pub fn detect_client(cli: &Cli, env: &Env) -> Result<crate::client::Detected, UserError> {
    crate::client::detect(cli.client_version.as_deref(), env.client_lookup()).map_err(UserError)
}

/// `modalcfg completions bash|zsh|fish`: the script that registers dynamic completion.
fn completions(shell: args::CompletionShell, out: &mut dyn Write) -> CliResult {
    complete::registration(shell, out)
        .map_err(|e| UserError(format!("cannot write the completion script: {e}")))?;
    Ok(0)
}

/// `modalcfg man`: the roff man page on stdout; with `--dir`, that page and one page per
/// subcommand (the `modalcfg-show(1)`, … it refers to) written into the folder. `help` is not
/// a subcommand in either, so no page refers to a `modalcfg-help(1)` that does not exist.
fn man_page(dir: Option<&std::path::Path>, out: &mut dyn Write) -> CliResult {
    use clap::CommandFactory;
    let cmd = Cli::command().disable_help_subcommand(true);
    let Some(dir) = dir else {
        clap_mangen::Man::new(cmd)
            .render(out)
            .map_err(|e| UserError(format!("cannot write the man page: {e}")))?;
        return Ok(0);
    };
    let shown = crate::env::shown_os(dir.as_os_str());
    std::fs::create_dir_all(dir)
        .and_then(|()| clap_mangen::generate_to(cmd, dir))
        .map_err(|e| UserError(format!("cannot write the man pages into {shown}: {e}")))?;
    writeln!(
        out,
        "wrote modalcfg.1 and a modalcfg-<subcommand>.1 page per subcommand into {shown}"
    )
    .map_err(io)?;
    Ok(0)
}

/// Entry point used by `main`: parses the real command line.
/// Answers a shell's completion request (`COMPLETE=bash modalcfg …`, then exits) first.
pub fn parse() -> Cli {
    complete::answer_completion_request();
    // `modalcfg` alone (the app): what clap would return, without building the whole
    // command tree first (a fifth of the app's start-up work before its first frame).
    if std::env::args_os().len() == 1 {
        return no_arguments();
    }
    Cli::parse()
}

/// The command line without arguments: no flag, no subcommand.
fn no_arguments() -> Cli {
    Cli {
        demo: false,
        client_version: None,
        #[cfg(debug_assertions)]
        test_panic: false,
        command: None,
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn no_arguments_is_what_clap_parses_from_the_bare_command() {
        let clap = Cli::try_parse_from(["modalcfg"]).expect("parses");
        assert_eq!(format!("{:?}", no_arguments()), format!("{clap:?}"));
        // And it differs from any command line with something in it.
        let demo = Cli::try_parse_from(["modalcfg", "--demo"]).expect("parses");
        assert_ne!(format!("{:?}", no_arguments()), format!("{demo:?}"));
    }
}
