//! Plan an edit (new bytes, a diff, a summary), check that the client would read it back
//! exactly as intended, and commit it atomically without clobbering changes made elsewhere.

use std::path::Path;

use toml_edit::DocumentMut;

use crate::client::Client;
use crate::config::disk::{Rebase, SaveError, Wait, fingerprint, save};
use crate::config::read::client_view::Profile;
use crate::config::read::file::{ConfigFile, LoadError, Source};
use crate::config::secret::{Redacted, Reveal, is_secret_key, shown};
use crate::config::write::edit::{self, Edit, EditError};
use crate::config::write::patch::patch;

/// Why a plan or a commit did nothing. The file on disk is unchanged.
#[derive(Debug)]
pub enum StoreError {
    /// `MODAL_IS_REMOTE=1`: the client refuses to write, and so do we.
    Remote,
    /// The file cannot be read, so it cannot be edited safely.
    Unreadable(LoadError),
    /// The edit does not apply to this file.
    Edit(EditError),
    /// The result would not be read back by modal 1.6.4 as intended.
    NotReadBack(String),
    /// The save refused or failed.
    Save(SaveError),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Remote => write!(
                f,
                "{} here; refusing to write it",
                crate::config::read::file::REMOTE_IGNORES_FILE
            ),
            StoreError::Unreadable(e) => write!(
                f,
                "{e}; if another program is writing it, try again, otherwise fix it by hand (nothing was written)"
            ),
            StoreError::Edit(e) => write!(f, "{e} (nothing was written)"),
            StoreError::NotReadBack(m) => write!(f, "refusing to write: {m} (nothing was written)"),
            StoreError::Save(SaveError::ChangedOnDisk { path }) => write!(
                f,
                "{} changed on disk since it was loaded; reload and try again (nothing was written)",
                crate::py::surrogate::path_str(path)
            ),
            StoreError::Save(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<EditError> for StoreError {
    fn from(e: EditError) -> Self {
        StoreError::Edit(e)
    }
}

/// An edit ready to be written.
#[derive(Clone)]
pub struct Plan {
    /// The bytes to write.
    pub new_bytes: Vec<u8>,
    /// The file's text before the edit, for the diff.
    old: String,
    path: std::path::PathBuf,
    /// Unified diff of the change, secrets masked; computed on first use (it costs more than
    /// the edit itself on a large file).
    diff: std::sync::OnceLock<String>,
    /// What changed, in words.
    pub summary: Vec<String>,
    /// The client's view of `new_bytes`, already checked (commit returns it).
    after: ConfigFile,
    /// The edit planned and for which client, to plan it again on a file changed meanwhile
    /// (`None`: a restore).
    replan: Option<(Client, Edit)>,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("path", &self.path)
            .field("new_bytes", &Redacted(self.new_bytes.len()))
            .field("old", &Redacted(self.old.len()))
            .field("summary", &self.summary)
            .field("after", &self.after)
            .finish()
    }
}

impl Plan {
    /// The unified diff of the change, secrets masked.
    pub fn diff(&self) -> &str {
        self.diff.get_or_init(|| {
            diff(
                &self.path,
                &self.old,
                &String::from_utf8_lossy(&self.new_bytes),
            )
        })
    }

    /// Whether writing would leave the file as it is.
    pub fn is_noop(&self, file: &ConfigFile) -> bool {
        file.bytes().unwrap_or_default() == self.new_bytes.as_slice()
    }
}

fn original_text(file: &ConfigFile) -> Result<String, StoreError> {
    match &file.source {
        Source::Remote => Err(StoreError::Remote),
        Source::Unreadable(e) => Err(StoreError::Unreadable(e.clone())),
        Source::Missing => Ok(String::new()),
        Source::Parsed(p) => Ok(String::from_utf8_lossy(&p.bytes).into_owned()),
    }
}

/// [`plan_for`] the newest client release modalcfg knows (tests and library callers that do
/// not care which client reads the file).
pub fn plan(file: &ConfigFile, edit: &Edit) -> Result<Plan, StoreError> {
    plan_for(&Client::newest(), file, edit)
}

/// Computes the new file for `edit` (values typed by `client`'s settings table), and proves
/// the client reads it back as intended.
pub fn plan_for(client: &Client, file: &ConfigFile, edit: &Edit) -> Result<Plan, StoreError> {
    let original = original_text(file)?;
    if let Edit::Activate { profile } = edit
        && let Some(text) =
            crate::config::write::fast_activate::activate_text(&original, file.profiles(), profile)
        && let Ok(plan) = finish(client, file, original.clone(), text, edit)
    {
        return Ok(plan);
    }
    if let Some(text) =
        crate::config::write::local_edit::edit_text(client, &original, file.profiles(), edit)
        && let Ok(plan) = finish(client, file, original.clone(), text, edit)
    {
        return Ok(plan);
    }
    let lf = original.replace("\r\n", "\n");
    if lf.contains('\r') {
        return Err(StoreError::NotReadBack(
            "the file uses lone CR line endings; edit it by hand".into(),
        ));
    }
    let mut doc: DocumentMut = lf
        .parse()
        .map_err(|e: toml_edit::TomlError| client_only(&lf, &e))?;
    let before = file.profiles();
    edit::apply(client, &mut doc, before, edit)?;
    let new_text = patch(&original, &doc.to_string());
    finish(client, file, original, new_text, edit)
}

/// A file the client reads but `toml_edit` cannot edit: name the line, never its text (it may
/// hold a secret).
fn client_only(text: &str, e: &toml_edit::TomlError) -> StoreError {
    let line = e
        .span()
        .map(|s| crate::config::read::lines::LineIndex::new(text).line(s.start))
        .unwrap_or(1);
    StoreError::NotReadBack(format!(
        "line {line} of the file is not TOML that modalcfg's editor can edit ({}); \
         modal 1.6.4 reads the file as it is, so modalcfg shows it but will not rewrite it — \
         change that line by hand (for example to plain `key = \"value\"` TOML)",
        crate::config::secret::mask_message(
            e.message().trim(),
            &crate::config::read::secret_scan::fragments(text)
        )
    ))
}

/// Checks that the client reads `new_text` back as exactly the intended change.
fn finish(
    client: &Client,
    file: &ConfigFile,
    original: String,
    new_text: String,
    edit: &Edit,
) -> Result<Plan, StoreError> {
    let before = file.profiles();
    let after = ConfigFile::from_bytes(&file.path, new_text.clone().into_bytes());
    if let Some(e) = after.error() {
        return Err(StoreError::NotReadBack(format!(
            "modal 1.6.4 could not read the result: {}",
            e.detail
        )));
    }
    let summary = verify(before, after.profiles(), edit).map_err(StoreError::NotReadBack)?;
    Ok(Plan {
        diff: std::sync::OnceLock::new(),
        old: original,
        path: file.path.clone(),
        new_bytes: new_text.into_bytes(),
        summary,
        after,
        replan: Some((*client, edit.clone())),
    })
}

/// What the client would do with a planned file that it does not do with the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakageKind {
    /// `import modal` would fail (every modal command fails).
    Import,
    /// The active-profile check would fail (every networked command fails).
    ActiveCheck,
    /// The credentials would stop working (the client raises before it connects).
    Credentials,
}

/// A write that would break the client here, with the client's own exception text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakage {
    /// What would break.
    pub kind: BreakageKind,
    /// The client's exception.
    pub error: crate::client::error::ClientError,
}

impl std::fmt::Display for Breakage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            BreakageKind::Import => "the modal client would fail to start (`import modal`)",
            BreakageKind::ActiveCheck => "modal commands would fail the active-profile check",
            BreakageKind::Credentials => "the modal client could no longer authenticate",
        };
        write!(f, "{what}: {}", self.error.one_line())
    }
}

/// The pre-write check: resolves `after` with the current environment and reports the first
/// way the client would fail with it that it does not fail with `before` (a file that
/// already fails the same way is not made worse by a write).
pub fn breakage(
    client: &Client,
    env: &crate::env::Env,
    before: &ConfigFile,
    after: &ConfigFile,
) -> Option<Breakage> {
    use crate::config::diagnose::check::{check_error, import_error};
    let newly = |f: &dyn Fn(&ConfigFile) -> Option<crate::client::error::ClientError>| match (
        f(before),
        f(after),
    ) {
        (None, Some(e)) => Some(e),
        _ => None,
    };
    if let Some(error) = newly(&|f| import_error(client, env, f)) {
        return Some(Breakage {
            kind: BreakageKind::Import,
            error,
        });
    }
    if let Some(error) = newly(&|f| check_error(client, env, f)) {
        return Some(Breakage {
            kind: BreakageKind::ActiveCheck,
            error,
        });
    }
    if let Some(error) = newly(&|f| crate::config::resolve::auth::verdict(client, env, f).error) {
        return Some(Breakage {
            kind: BreakageKind::Credentials,
            error,
        });
    }
    None
}

impl Plan {
    /// What writing this plan would break in the client here (see [`breakage`]); `before` is
    /// the file the plan was made from. The CLI refuses unless `--force`; the app asks.
    pub fn client_breakage(
        &self,
        client: &Client,
        env: &crate::env::Env,
        before: &ConfigFile,
    ) -> Option<Breakage> {
        breakage(client, env, before, &self.after)
    }
}

/// Plans writing `previous` (the file's bytes before an earlier write) back over the file, as
/// an undo. The same checks as [`plan`]: the client must be able to read the restored bytes.
/// [`commit`] then refuses if the file changed on disk since `file` was loaded.
pub fn plan_restore(file: &ConfigFile, previous: &[u8]) -> Result<Plan, StoreError> {
    let original = original_text(file)?;
    std::str::from_utf8(previous)
        .map_err(|_| StoreError::NotReadBack("the previous contents are not UTF-8".into()))?;
    let back = ConfigFile::from_bytes(&file.path, previous.to_vec());
    if let Some(e) = back.error() {
        return Err(StoreError::NotReadBack(format!(
            "modal 1.6.4 could not read the previous contents: {}",
            e.detail
        )));
    }
    Ok(Plan {
        diff: std::sync::OnceLock::new(),
        old: original,
        path: file.path.clone(),
        new_bytes: previous.to_vec(),
        summary: vec![format!(
            "restored {} as it was before the last write",
            crate::py::surrogate::path_str(&file.path)
        )],
        after: back,
        replan: None,
    })
}

/// What [`commit`] did.
#[derive(Debug)]
pub struct Committed {
    /// The client's view of what was written.
    pub file: ConfigFile,
    /// Another writer had changed the file since it was loaded; the edit was planned again on
    /// what it wrote (its change kept) and applied on top.
    pub rebased: bool,
    /// Written in place: the file could not be replaced (a single-file bind mount), so the
    /// write was not atomic ([`IN_PLACE_NOTE`]).
    pub in_place: bool,
}

/// What a write in place means, in one wording for the CLI and the app.
pub const IN_PLACE_NOTE: &str = "it cannot be replaced (a single file mounted on its own, as \
     `docker run -v ~/.modal.toml:…` does), so it was written in place, as the Modal client \
     writes it: this write was not atomic";

/// What a commit does when the file on disk changed since the plan's file was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnChange {
    /// Write nothing ([`SaveError::ChangedOnDisk`]): the app, where the person confirmed this
    /// very diff and its undo restores these bytes.
    Refuse,
    /// Plan the edit again on what is on disk now, under the write lock, and apply it on top
    /// (as `git rebase` does) unless that change touched what the edit is about (the same key,
    /// the targeted profile, the `active` flags of an activation:
    /// [`crate::config::write::rebase::overlap`]); then nothing is written. The CLI. A restore
    /// (undo) is never rebased.
    Rebase,
}

/// The one entry of every write: writes the plan atomically through [`save`], under the
/// writers' lock (waiting for it or not: `wait`), doing `on_change` when another writer
/// changed the file since `file` was loaded. The save reads the file back under its lock and
/// checks that it holds exactly what was planned.
pub fn commit(
    file: &ConfigFile,
    plan: &Plan,
    on_change: OnChange,
    wait: Wait,
) -> Result<Committed, StoreError> {
    original_text(file)?;
    let expected = fingerprint(file.bytes());
    let mut replanned: Option<Plan> = None;
    let mut rebase = |now: Option<&[u8]>| -> Result<Vec<u8>, String> {
        let Some((client, edit)) = &plan.replan else {
            return Err("restoring earlier contents would undo that change".into());
        };
        let theirs = match now {
            Some(bytes) => ConfigFile::from_bytes(&file.path, bytes.to_vec()),
            None => ConfigFile {
                path: file.path.clone(),
                source: Source::Missing,
            },
        };
        crate::config::write::rebase::overlap(file, &theirs, edit)?;
        let again = plan_for(client, &theirs, edit).map_err(|e| e.to_string())?;
        let bytes = again.new_bytes.clone();
        replanned = Some(again);
        Ok(bytes)
    };
    let rebase: Option<Rebase> = match on_change {
        OnChange::Refuse => None,
        OnChange::Rebase => Some(&mut rebase),
    };
    let out =
        save(&file.path, &plan.new_bytes, &expected, rebase, wait).map_err(StoreError::Save)?;
    let file = replanned.map_or_else(|| plan.after.clone(), |p| p.after);
    Ok(Committed {
        file: with_mode(file, out.mode),
        rebased: out.rebased,
        in_place: out.in_place,
    })
}

/// The written file's permission bits, for the loose-permissions finding (`None` on Windows).
fn with_mode(mut file: ConfigFile, mode: Option<u32>) -> ConfigFile {
    if let Source::Parsed(p) = &mut file.source {
        p.mode = mode;
    }
    file
}

fn profile<'a>(ps: &'a [Profile], name: &str) -> Option<&'a Profile> {
    ps.iter().find(|p| p.name == name)
}

/// Checks the client's view after the edit: the intended change, and nothing else.
fn verify(before: &[Profile], after: &[Profile], edit: &Edit) -> Result<Vec<String>, String> {
    let index = |ps: &'_ [Profile]| -> std::collections::HashMap<String, usize> {
        ps.iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect()
    };
    let (bi, ai) = (index(before), index(after));
    let pb = |n: &str| bi.get(n).map(|i| &before[*i]);
    let pa = |n: &str| ai.get(n).map(|i| &after[*i]);
    let untouched = |name: &str, ignore_active: bool| -> Result<(), String> {
        let strip = |p: &Profile| -> Vec<_> {
            p.entries
                .iter()
                .filter(|e| !(ignore_active && e.key == "active"))
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect()
        };
        match (pb(name), pa(name)) {
            (Some(b), Some(a)) if strip(b) == strip(a) => Ok(()),
            _ => Err(format!("the edit would also change profile `{name}`")),
        }
    };
    let mut summary = Vec::new();
    match edit {
        Edit::Activate { profile: p }
        | Edit::TokenSet {
            profile: p,
            activate: true,
            ..
        } => {
            let first = after
                .iter()
                .find(|x| x.is_active())
                .map(|x| x.name.as_str());
            if first != Some(p.as_str())
                || after.iter().any(|x| {
                    // `active = false` may stay (see `edit::deactivation`), nothing else.
                    let inactive = |v: &crate::py::PyValue| *v == crate::py::PyValue::Bool(false);
                    x.name != *p && x.active().is_some_and(|v| !inactive(v))
                })
            {
                return Err(format!(
                    "profile `{p}` would not end up as the only active profile"
                ));
            }
            let was: Vec<_> = before
                .iter()
                .filter(|x| x.is_active())
                .map(|x| x.name.as_str())
                .collect();
            summary.push(match was.as_slice() {
                [] => format!("profile `{p}` is now active (no profile was active before)"),
                [w] if w == p => format!("profile `{p}` was already active"),
                w => format!("profile `{p}` is now active (was {})", w.join(", ")),
            });
        }
        _ => {}
    }
    let activates = matches!(
        edit,
        Edit::Activate { .. } | Edit::TokenSet { activate: true, .. }
    );
    let touched: Vec<&str> = match edit {
        Edit::Activate { .. } => vec![],
        Edit::Set { profile, key, .. } => {
            let e = profile_of(after, profile)?
                .get(key)
                .ok_or(format!("`{key}` would not be set"))?;
            summary.push(format!(
                "[{profile}] {key} = {}",
                shown_value(key, &e.value)
            ));
            vec![profile]
        }
        Edit::Unset { profile, key } => {
            if profile_of(after, profile)?.get(key).is_some() {
                return Err(format!("`{key}` would still be set"));
            }
            summary.push(format!("[{profile}] {key} removed"));
            vec![profile]
        }
        Edit::TokenSet {
            profile,
            token_id,
            token_secret,
            server_url,
            ..
        } => {
            let p = profile_of(after, profile)?;
            if let Some(id) = token_id
                && p.get("token_id").and_then(|e| e.value.as_str()) != Some(id.as_str())
            {
                return Err("token_id would not read back as given".into());
            }
            if let Some(s) = token_secret
                && p.get("token_secret").and_then(|e| e.value.as_str())
                    != Some(secrecy::ExposeSecret::expose_secret(s))
            {
                return Err("token_secret would not read back as given".into());
            }
            if let Some(u) = server_url
                && p.get("server_url").and_then(|e| e.value.as_str()) != Some(u.as_str())
            {
                return Err("server_url would not read back as given".into());
            }
            // The id is not secret (the app shows it): say which token went where.
            summary.push(match token_id {
                Some(id) => format!("token {id} written to profile `{profile}`"),
                None => format!("token written to profile `{profile}`"),
            });
            vec![profile]
        }
        Edit::CreateProfile { name } => {
            profile_of(after, name)?;
            summary.push(format!("profile `{name}` created"));
            vec![name]
        }
        Edit::RenameProfile { from, to } => {
            let (b, a) = (profile_of(before, from)?, profile_of(after, to)?);
            if pa(from).is_some()
                || b.entries
                    .iter()
                    .map(|e| &e.value)
                    .ne(a.entries.iter().map(|e| &e.value))
            {
                return Err(format!(
                    "renaming `{from}` to `{to}` would not read back identically"
                ));
            }
            summary.push(format!("profile `{from}` renamed to `{to}`"));
            vec![from, to]
        }
        Edit::DeleteProfile { name } => {
            if pa(name).is_some() {
                return Err(format!("profile `{name}` would still be there"));
            }
            summary.push(format!("profile `{name}` deleted"));
            vec![name]
        }
    };
    for p in before {
        let target = activates && p.name == edit_profile(edit);
        if !touched.contains(&p.name.as_str()) && !target {
            untouched(&p.name, activates)?;
        }
    }
    let expected_count = before.len() + after.iter().filter(|a| pb(&a.name).is_none()).count();
    if after.len() + before.iter().filter(|b| pa(&b.name).is_none()).count() != expected_count {
        return Err("the edit would change the set of profiles unexpectedly".into());
    }
    Ok(summary)
}

fn edit_profile(edit: &Edit) -> &str {
    match edit {
        Edit::Activate { profile }
        | Edit::Set { profile, .. }
        | Edit::Unset { profile, .. }
        | Edit::TokenSet { profile, .. } => profile,
        Edit::CreateProfile { name } | Edit::DeleteProfile { name } => name,
        Edit::RenameProfile { to, .. } => to,
    }
}

fn profile_of<'a>(ps: &'a [Profile], name: &str) -> Result<&'a Profile, String> {
    profile(ps, name).ok_or(format!("profile `{name}` would not be in the file"))
}

fn shown_value(key: &str, v: &crate::py::PyValue) -> String {
    crate::config::resolve::explain::display_value(&shown(is_secret_key(key), v, Reveal::Masked))
}

/// A unified diff of the change with every secret value masked by its span.
pub fn diff(path: &Path, old: &str, new: &str) -> String {
    crate::config::secret::masked_diff(&crate::py::surrogate::path_str(path), old, new)
}

/// The client's `config_set_active_profile(profile)`: marks `profile` active (and no other)
/// in the file the environment points at, changing nothing else. Unlike the client's, the
/// write is atomic, keeps comments and mode, and refuses to clobber changes made elsewhere.
///
/// ```
/// use modalcfg::{Env, config_set_active_profile};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("modal.toml");
/// std::fs::write(&path, "# mine\n[a]\nactive = true\n\n[b]\nx = 1 # kept\n").unwrap();
/// let env = Env::from_pairs([("MODAL_CONFIG_PATH", path.to_str().unwrap())]);
/// let file = config_set_active_profile(&env, "b").unwrap();
/// assert!(file.profile("b").unwrap().is_active());
/// assert_eq!(
///     std::fs::read_to_string(&path).unwrap(),
///     "# mine\n[a]\n\n[b]\nx = 1 # kept\nactive = true\n"
/// );
/// // A profile that is not in the file: the client's own message, nothing written.
/// let err = config_set_active_profile(&env, "ghost").unwrap_err();
/// assert!(err.to_string().contains("No profile named 'ghost' found in"), "{err}");
/// ```
pub fn config_set_active_profile(
    env: &crate::env::Env,
    profile: &str,
) -> Result<ConfigFile, StoreError> {
    let file = ConfigFile::load(env);
    if file.error().is_none() && file.profile(profile).is_none() {
        return Err(StoreError::Edit(EditError(format!(
            "No profile named '{profile}' found in {}",
            crate::py::surrogate::path_str(&file.path)
        ))));
    }
    let plan = plan(
        &file,
        &Edit::Activate {
            profile: profile.to_string(),
        },
    )?;
    if plan.is_noop(&file) {
        return Ok(file);
    }
    commit(&file, &plan, OnChange::Refuse, Wait::ForLock).map(|c| c.file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_plans_the_previous_bytes_and_refuses_unreadable_ones() {
        let path = Path::new("/c.toml");
        let file = ConfigFile::from_bytes(path, b"[a]\nx = 1\n".to_vec());
        let p = plan_restore(&file, b"[a]\nx = 2\n").unwrap();
        assert_eq!(p.new_bytes, b"[a]\nx = 2\n");
        assert!(p.diff().contains("-x = 1") && p.diff().contains("+x = 2"));
        assert!(matches!(
            plan_restore(&file, b"[a\n"),
            Err(StoreError::NotReadBack(_))
        ));
    }

    #[test]
    fn secrets_are_masked_in_diffs_and_debug() {
        let path = Path::new("/c.toml");
        let text = "[a]\ntoken_secret = \"\"\"\nas-LEAKCANARY01\n\"\"\"\nx = 1\n";
        let file = ConfigFile::from_bytes(path, text.as_bytes().to_vec());
        let p = plan_restore(&file, b"[a]\nx = 2\n").unwrap();
        assert!(
            p.diff().contains("-token_secret = \"…Y01\\n\""),
            "{}",
            p.diff()
        );
        assert!(!p.diff().contains("LEAKCANARY"), "{}", p.diff());
        assert!(!format!("{p:?}{file:?}").contains("LEAKCANARY"));
    }
}
