//! The left pane's rows, computed once per load: profiles in file order with their marks and
//! warnings, plus a virtual row for a profile the client uses that is not in the file.

use crate::config::diagnose::check::{Finding, Severity, by_profile, findings};
use crate::config::read::file::ConfigFile;
use crate::config::resolve::layers::{ProfileChoice, effective_profile};
use crate::env::Env;
use crate::py::PyValue;
use crate::py::repr::repr;

/// One row of the profile list (`show`'s profiles, the app's left pane).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRow {
    /// The profile's name, as the client names it.
    pub name: String,
    /// 1-based line of the table; `None` for a virtual row.
    pub line: Option<usize>,
    /// `active = true` in the file.
    pub active_flag: bool,
    /// The client uses this profile now.
    pub effective: bool,
    /// Not in the file: shown because the client uses it anyway.
    pub missing: bool,
    /// Things to say about this profile (never a value of a secret).
    pub warnings: Vec<String>,
}

/// A file value as TOML writes booleans (`true`), other values as the client prints them.
pub fn file_value(v: &PyValue) -> String {
    match v {
        PyValue::Bool(b) => b.to_string(),
        other => repr(other),
    }
}

/// The rows and the client's choice for this environment and file. The warnings are the
/// core's findings about each profile (`config::diagnose::check`), the same list `modalcfg check` prints.
pub fn profile_rows(
    client: &crate::client::Client,
    env: &Env,
    file: &ConfigFile,
) -> (Vec<ProfileRow>, ProfileChoice) {
    rows_from(env, file, &findings(client, env, file))
}

/// [`profile_rows`] with the findings already worked out (`found` is `findings(…)` for
/// this environment and file).
pub fn rows_from(
    env: &Env,
    file: &ConfigFile,
    found: &[Finding],
) -> (Vec<ProfileRow>, ProfileChoice) {
    let choice = effective_profile(env, file);
    let grouped = by_profile(found);
    let warnings = |name: &str| -> Vec<String> {
        (grouped.get(name).into_iter().flatten())
            .filter(|f| f.severity >= Severity::Warning)
            .map(|f| f.text_in_profile())
            .collect()
    };
    let mut rows: Vec<ProfileRow> = file
        .profiles()
        .iter()
        .map(|p| ProfileRow {
            name: p.name.clone(),
            line: Some(p.line),
            active_flag: p.is_active(),
            effective: p.name == choice.name,
            missing: false,
            warnings: warnings(&p.name),
        })
        .collect();
    if file.profile(&choice.name).is_none() && file.error().is_none() {
        rows.push(ProfileRow {
            name: choice.name.clone(),
            line: None,
            active_flag: false,
            effective: true,
            missing: true,
            warnings: warnings(&choice.name),
        });
    }
    (rows, choice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn rows(text: &str, env: &[(&str, &str)]) -> Vec<ProfileRow> {
        let file = ConfigFile::from_bytes(Path::new("/c.toml"), text.as_bytes().to_vec());
        profile_rows(
            &crate::client::Client::default(),
            &Env::from_pairs(env.iter().copied()),
            &file,
        )
        .0
    }

    #[test]
    fn marks_and_warnings() {
        let r = rows(
            "[a]\nactive = true\n[b]\nactive = true\n[c]\nactive = \"yes\"\n",
            &[],
        );
        assert!(r[0].effective && r[0].active_flag && !r[1].effective);
        assert_eq!(r[0].warnings.len(), 1);
        assert!(r[1].warnings[0].contains("ignores"));
        assert!(r[2].warnings[0].contains("'yes'"));
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn virtual_rows_for_what_the_client_uses() {
        let r = rows("[solo]\nx = 1\n", &[]);
        assert_eq!(r.len(), 2);
        assert!(r[0].warnings[0].contains("ignores it"));
        assert!(r[1].missing && r[1].effective && r[1].name == "default");
        let r = rows("[a]\nx = 1\n[b]\n", &[]);
        assert!(r[2].missing && r[2].warnings[0].contains("no profile is active"));
        let r = rows("[a]\nactive = true\n", &[("MODAL_PROFILE", "ghost")]);
        assert!(
            r[1].missing
                && r[1].name == "ghost"
                && r[1].warnings[0].contains("MODAL_PROFILE=ghost")
        );
        assert!(!r[0].effective && r[0].active_flag);
    }
}
