//! Any bytes as the config file: loading, resolving every key of every profile, the
//! diagnostics and the `show --json` snapshot must never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use modalcfg::config::diagnose::check;
use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::resolve::layers::{effective_profile, resolve_all};
use modalcfg::config::secret::Reveal;
use modalcfg::config::show::snapshot::{ShowOptions, snapshot};
use modalcfg::env::Env;

fuzz_target!(|data: &[u8]| {
    let file = ConfigFile::from_bytes(Path::new("/fuzz/.modal.toml"), data.to_vec());
    let env = Env::from_pairs([
        ("HOME", "/fuzz"),
        ("MODAL_CONFIG_PATH", "/fuzz/.modal.toml"),
        ("MODAL_LOGLEVEL", ""),
    ]);
    let _ = effective_profile(&env, &file);
    let mut names: Vec<String> = file.profiles().iter().map(|p| p.name.clone()).collect();
    names.push("default".into());
    for n in &names {
        let _ = resolve_all(Some(&env), &file, n);
        let _ = resolve_all(None, &file, n);
    }
    let _ = check::findings(&env, &file);
    let _ = check::import_error(&env, &file);
    let _ = check::check_error(&env, &file);
    for reveal in [Reveal::Masked, Reveal::Revealed] {
        let opts = ShowOptions {
            profile: None,
            use_env: true,
            include_internal: true,
            reveal,
        };
        let _ = snapshot(&env, &file, opts).to_string();
    }
});
