//! Dynamic shell completion (clap_complete's `CompleteEnv`): the shell calls modalcfg back
//! with `COMPLETE=<shell>` while you press Tab; the arguments' candidates come from
//! `candidates.rs` (read at that moment).

use clap::CommandFactory;
use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};

use super::args::{Cli, CompletionShell};

/// Answers a completion request and exits when `COMPLETE` is set; returns otherwise.
pub fn answer_completion_request() {
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
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
