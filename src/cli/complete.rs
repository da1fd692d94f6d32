//! Dynamic shell completion (clap_complete's `CompleteEnv`): the shell calls modalcfg back
//! with `COMPLETE=<shell>` while you press Tab, so profile names come from the config file
//! and key names from the client's settings table at that moment.

use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};

use super::args::{Cli, CompletionShell};
use crate::config::read::file::ConfigFile;
use crate::env::Env;

/// Answers a completion request and exits when `COMPLETE` is set; returns otherwise.
pub fn answer_completion_request() {
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
}

/// Profile names of the file the client reads, in file order.
pub fn profile_names() -> Vec<CompletionCandidate> {
    let env = Env::from_process();
    let file = ConfigFile::load(&env);
    file.profiles()
        .iter()
        .map(|p| CompletionCandidate::new(p.name.clone()).help(Some(profile_help(p).into())))
        .collect()
}

fn profile_help(p: &crate::config::read::client_view::Profile) -> String {
    if p.is_active() {
        format!("active = true, line {}", p.line)
    } else {
        format!("line {}", p.line)
    }
}

/// Every key of the detected client's settings table (internal ones last, hidden unless typed).
pub fn key_names() -> Vec<CompletionCandidate> {
    let env = Env::from_process();
    let detected = crate::client::detect(None, env.client_lookup()).unwrap_or_default();
    detected
        .client
        .settings()
        .iter()
        .map(|s| {
            CompletionCandidate::new(s.key)
                .help(Some(s.description.into()))
                .hide(s.internal)
        })
        .collect()
}

/// `modalcfg completions SHELL`: the script that registers dynamic completion (the same text
/// `COMPLETE=SHELL modalcfg` prints), calling `modalcfg` on PATH.
pub fn registration(shell: CompletionShell, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let sh: &dyn EnvCompleter = match shell {
        CompletionShell::Bash => &Bash,
        CompletionShell::Zsh => &Zsh,
        CompletionShell::Fish => &Fish,
    };
    sh.write_registration("COMPLETE", "modalcfg", "modalcfg", "modalcfg", out)
}
