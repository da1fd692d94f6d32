//! The order keys are listed in, shared by `modalcfg show` and the app: what you set comes
//! first. Keys set by the environment or the file come before keys left at their default;
//! within each group, the client's table order is kept.

use crate::client::Client;
use crate::config::read::file::ConfigFile;
use crate::config::resolve::layers::{Resolved, Source, resolve_all};
use crate::env::Env;

/// Whether a key is set by the environment or the file (not left at its default).
pub fn is_set(r: &Resolved) -> bool {
    r.source() != Source::Default
}

/// Sorts resolved keys set-first (a stable sort: the input order is kept within each group,
/// so pass keys in the client's table order).
pub fn sort_set_first(resolved: &mut [Resolved]) {
    resolved.sort_by_key(|r| !is_set(r));
}

/// Every key of the table resolved for `profile`, set-first: the list `modalcfg show` and
/// the app's keys pane both show (each drops the internal keys unless asked).
pub fn resolve_set_first(
    client: &Client,
    env: Option<&Env>,
    file: &ConfigFile,
    profile: &str,
) -> Vec<Resolved> {
    let mut all = resolve_all(client, env, file, profile);
    sort_set_first(&mut all);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn env_and_file_keys_come_first_in_table_order() {
        let file = ConfigFile::from_bytes(
            Path::new("/c.toml"),
            b"[p]\nlogs_timeout = 5\nserver_url = \"https://x\"\n".to_vec(),
        );
        let env = Env::from_pairs([("MODAL_LOGLEVEL", "debug")]);
        let c = Client::newest();
        let table: Vec<&str> = resolve_all(&c, Some(&env), &file, "p")
            .iter()
            .map(|r| r.setting.key)
            .collect();
        let all = resolve_set_first(&c, Some(&env), &file, "p");
        let keys: Vec<&str> = all.iter().map(|r| r.setting.key).collect();
        let mut set: Vec<&str> = vec!["loglevel", "logs_timeout", "server_url"];
        set.sort_by_key(|k| table.iter().position(|t| t == k));
        assert_eq!(keys[..3], set[..]);
        assert!(all[3..].iter().all(|r| !is_set(r)));
        let rest: Vec<&str> = table.into_iter().filter(|k| !set.contains(k)).collect();
        assert_eq!(keys[3..], rest[..], "defaults keep the table order");
    }
}
