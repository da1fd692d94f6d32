//! What was loaded: the environment, the client, the file, and what is worked out from them
//! once per load (the profile rows, the profile in use, the client's failure, the loose-
//! permissions warning, the credentials' verdict, names nobody reads) or once per highlighted
//! profile (its keys, resolved). It changes only when a file is taken ([`Loaded::set_file`]).

use super::Status;
use crate::config::diagnose::check::{Code, Finding, client_failure, findings};
use crate::config::read::file::{ConfigFile, Source};
use crate::config::resolve::auth::Verdict;
use crate::config::resolve::layers::{ProfileChoice, ProfileReason, Resolved};
use crate::config::show::profiles::{ProfileRow, rows_from};
use crate::env::Env;
use crate::text::first_line;

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub no_color: bool,
    /// Working on the demo copy of the sample configuration.
    pub demo: bool,
    /// The Modal client the app resolves like, and how it was found.
    pub client: crate::client::Detected,
}

/// What `stat` says about the file: cheap to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl Stamp {
    /// `None` when there is no file (or it cannot be inspected).
    pub fn of(path: &std::path::Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

pub struct Loaded {
    env: Env,
    opts: Options,
    file: ConfigFile,
    /// The file's size and time when it was taken (the timer compares them).
    stamp: Option<Stamp>,
    /// Worked out from the file once per load.
    derived: Derived,
    /// Every setting, in the client's table order (set ones first), for `resolved_for`;
    /// worked out again only when the highlighted profile or the file changes.
    resolved: Vec<Resolved>,
    resolved_for: String,
}

/// What follows from one load of the file.
struct Derived {
    choice: ProfileChoice,
    rows: Vec<ProfileRow>,
    /// Why the real client fails here (at import or at its active-profile check).
    problem: Option<String>,
    /// The loose-permissions warning (the core's finding: a secret in a file others may
    /// read); `P` fixes it.
    loose: Option<String>,
    /// What `_Client.from_env` does with the resolved credentials (the header's second line).
    credentials: Verdict,
    /// Names nobody reads (`config::unknown`): the keys pane lists the highlighted profile's
    /// (and the environment's) under its keys.
    unknown: Vec<Finding>,
}

impl Derived {
    fn of(client: &crate::client::Client, env: &Env, file: &ConfigFile) -> Derived {
        // The core's findings, worked out once for the rows' marks and the client's failure.
        let found = findings(client, env, file);
        let (rows, choice) = rows_from(env, file, &found);
        Derived {
            choice,
            rows,
            problem: client_problem(&found),
            loose: loose_permissions(&found),
            credentials: crate::config::resolve::auth::verdict(client, env, file),
            unknown: unknown_names(&found),
        }
    }
}

impl Loaded {
    pub fn new(env: Env, file: ConfigFile, opts: Options) -> Loaded {
        Loaded {
            derived: Derived::of(&opts.client.client, &env, &file),
            stamp: Stamp::of(&file.path),
            env,
            opts,
            file,
            resolved: Vec::new(),
            resolved_for: String::new(),
        }
    }

    /// Takes a freshly loaded file and works out again what follows from it; the keys are
    /// resolved again on the next [`Loaded::resolve`].
    pub fn set_file(&mut self, file: ConfigFile) {
        self.derived = Derived::of(self.client(), &self.env, &file);
        self.stamp = Stamp::of(&file.path);
        self.file = file;
        self.resolved_for.clear();
    }

    /// The file's size or time changed since it was taken (or last looked at).
    pub fn stamp_changed(&mut self) -> bool {
        let now = Stamp::of(&self.file.path);
        let changed = now != self.stamp;
        self.stamp = now;
        changed
    }

    /// Resolves every key for profile `name`, unless that is done already; `true` when it
    /// was done now.
    pub fn resolve(&mut self, name: String) -> bool {
        if name == self.resolved_for && !self.resolved.is_empty() {
            return false;
        }
        // Set keys first, as `modalcfg show` lists them (one rule, in the core).
        self.resolved = crate::config::show::order::resolve_set_first(
            &self.opts.client.client,
            Some(&self.env),
            &self.file,
            &name,
        );
        self.resolved_for = name;
        true
    }

    pub fn env(&self) -> &Env {
        &self.env
    }

    pub fn opts(&self) -> &Options {
        &self.opts
    }

    /// The client release the app resolves like.
    pub fn client(&self) -> &crate::client::Client {
        &self.opts.client.client
    }

    pub fn file(&self) -> &ConfigFile {
        &self.file
    }

    /// The profile the client uses, and why.
    pub fn choice(&self) -> &ProfileChoice {
        &self.derived.choice
    }

    /// The profiles pane's rows (every profile, unfiltered).
    pub fn rows(&self) -> &[ProfileRow] {
        &self.derived.rows
    }

    pub fn problem(&self) -> Option<&str> {
        self.derived.problem.as_deref()
    }

    pub fn loose(&self) -> Option<&str> {
        self.derived.loose.as_deref()
    }

    pub fn credentials(&self) -> &Verdict {
        &self.derived.credentials
    }

    pub fn unknown(&self) -> &[Finding] {
        &self.derived.unknown
    }

    /// The keys pane's rows (every setting, unfiltered), resolved for [`Loaded::resolved_for`].
    pub fn resolved(&self) -> &[Resolved] {
        &self.resolved
    }

    pub fn resolved_for(&self) -> &str {
        &self.resolved_for
    }

    /// The first thing the status line says about a freshly loaded file.
    pub fn load_status(&self) -> Status {
        let path = self.file.path.display();
        if let Some(e) = self.file.error() {
            return Status::error(e.to_string());
        }
        let warned = self
            .derived
            .rows
            .iter()
            .filter(|r| !r.warnings.is_empty())
            .count();
        if let Some(p) = &self.derived.problem {
            let hint = if warned > 0 {
                " (the profiles marked ⚠ say why)"
            } else {
                ""
            };
            return Status::error(format!("{p}{hint}"));
        }
        if let Some(l) = &self.derived.loose {
            let key = super::keymap::keys_of(&super::keymap::Action::FixPermissions);
            return Status::warn(format!("{l} (or press {key} here)"));
        }
        if warned > 0 {
            let s = if warned == 1 { "" } else { "s" };
            return Status::warn(format!(
                "{warned} profile{s} marked ⚠ need attention: highlight one to see why"
            ));
        }
        if self.derived.choice.reason == ProfileReason::EnvVar {
            return Status::info(format!(
                "MODAL_PROFILE={} chooses the profile in this shell",
                self.derived.choice.name
            ));
        }
        match &self.file.source {
            Source::Missing => Status::info(self.file.missing_note()),
            Source::Remote => Status::info(crate::config::read::file::REMOTE_IGNORES_FILE),
            _ => {
                let n = self.file.profiles().len();
                Status::info(format!(
                    "{n} profile{} in {path}",
                    if n == 1 { "" } else { "s" }
                ))
            }
        }
    }
}

/// Why the real client fails in this environment, in one line (the file being unreadable
/// aside: that is the load error itself), from the core's findings.
fn client_problem(found: &[Finding]) -> Option<String> {
    client_failure(found).map(|f| first_line(&f.text()))
}

/// The loose-permissions warning among the core's findings, if any.
fn loose_permissions(found: &[Finding]) -> Option<String> {
    (found.iter())
        .find(|f| f.code == Code::LoosePermissions)
        .map(|f| f.message.clone())
}

/// The core's findings about names nobody reads.
fn unknown_names(
    found: &[crate::config::diagnose::check::Finding],
) -> Vec<crate::config::diagnose::check::Finding> {
    found
        .iter()
        .filter(|f| f.code == crate::config::diagnose::check::Code::UnknownName)
        .cloned()
        .collect()
}
