//! What Tab completes to (the arguments in `args.rs` name these): profile names from the
//! config file and key names from the client's settings table, read when the shell asks.

use clap_complete::engine::CompletionCandidate;

use crate::config::read::file::ConfigFile;
use crate::env::Env;

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
