//! Any file × an edit chosen by the first bytes: `plan` either refuses, or its bytes parse
//! again and hold the intended change (and no other profile changes).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use modalcfg::config::read::client_view::Profile;
use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::write::edit::Edit;
use modalcfg::config::write::store::plan;
use secrecy::SecretString;

const NAMES: &[&str] = &["default", "work", "prod", "q n", "a", "new", "x.y", "é"];
const KEYS: &[&str] = &[
    "token_id",
    "token_secret",
    "environment",
    "loglevel",
    "logs_timeout",
    "traceback",
    "max_throttle_wait",
    "active",
    "custom_key",
];
const VALUES: &[&str] = &[
    "x", "", "1", "2.5", "true", "debug", "nan", "a\"b", "a\\b", "é",
];

fn entries(p: &Profile, skip_active: bool) -> Vec<(String, String)> {
    p.entries
        .iter()
        .filter(|e| !(skip_active && e.key == "active"))
        .map(|e| (e.key.clone(), format!("{:?}", e.value)))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let pick = |i: usize, xs: &[&str]| xs[data[i] as usize % xs.len()].to_string();
    let (p, k, v) = (pick(1, NAMES), pick(2, KEYS), pick(3, VALUES));
    let edit = match data[0] % 7 {
        0 => Edit::Activate { profile: p.clone() },
        1 => Edit::Set {
            profile: p.clone(),
            key: k,
            value: v,
            force: data[0] & 0x80 != 0,
        },
        2 => Edit::Unset {
            profile: p.clone(),
            key: k,
        },
        3 => Edit::TokenSet {
            profile: p.clone(),
            token_id: Some(v.clone()),
            token_secret: Some(SecretString::from(v)),
            server_url: None,
            activate: data[0] & 0x80 != 0,
        },
        4 => Edit::CreateProfile { name: p.clone() },
        5 => Edit::DeleteProfile { name: p.clone() },
        _ => Edit::RenameProfile {
            from: p.clone(),
            to: pick(3, NAMES),
        },
    };
    let file = ConfigFile::from_bytes(Path::new("/fuzz/.modal.toml"), data[4..].to_vec());
    let Ok(planned) = plan(&file, &edit) else {
        return;
    };
    let after = ConfigFile::from_bytes(&file.path, planned.new_bytes.clone());
    assert!(after.error().is_none(), "planned bytes do not parse");
    let touched: Vec<&str> = match &edit {
        Edit::RenameProfile { from, to } => vec![from, to],
        _ => vec![p.as_str()],
    };
    let skip_active = matches!(
        edit,
        Edit::Activate { .. } | Edit::TokenSet { activate: true, .. }
    );
    for b in file
        .profiles()
        .iter()
        .filter(|x| !touched.contains(&x.name.as_str()))
    {
        let a = after
            .profile(&b.name)
            .expect("an untouched profile vanished");
        assert_eq!(entries(b, skip_active), entries(a, skip_active));
    }
    match &edit {
        Edit::Set { key, .. } => assert!(after.profile(&p).and_then(|x| x.get(key)).is_some()),
        Edit::Unset { key, .. } => assert!(after.profile(&p).and_then(|x| x.get(key)).is_none()),
        Edit::DeleteProfile { .. } => assert!(after.profile(&p).is_none()),
        Edit::CreateProfile { .. } => assert!(after.profile(&p).is_some()),
        _ => {}
    }
    if skip_active {
        let first = after.profiles().iter().find(|x| x.is_active());
        assert_eq!(first.map(|x| x.name.as_str()), Some(p.as_str()));
    }
});
