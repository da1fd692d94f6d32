//! Edits on the `toml_edit` document, each touching only what it is about: comments,
//! spacing, quoting and key order elsewhere stay as they were. Line endings and the final
//! newline are restored by [`crate::config::write::patch`].

use secrecy::{ExposeSecret, SecretString};
use toml_edit::{DocumentMut, Item, Key, Table, TableLike, Value, value};

use crate::client::Client;
use crate::client::settings::{self, ValueKind};
use crate::config::read::client_view::Profile;
use crate::py::PyValue;

/// One change to the config file.
#[derive(Clone)]
pub enum Edit {
    /// Remove `active` from every other profile and set boolean `true` on this one.
    Activate {
        /// The profile.
        profile: String,
    },
    /// Set a key, typed by the settings table (`force` allows unknown keys, as strings).
    Set {
        /// The profile.
        profile: String,
        /// The key, as the client names it.
        key: String,
        /// The value as typed; the settings table gives its type.
        value: String,
        /// Write a key no release reads, as a string.
        force: bool,
    },
    /// Remove a key from a profile.
    Unset {
        /// The profile.
        profile: String,
        /// The key, as the client names it.
        key: String,
    },
    /// Store a token (either part may be left as it is), optionally activating the profile.
    TokenSet {
        /// The profile.
        profile: String,
        /// The new token id, if it changes.
        token_id: Option<String>,
        /// The new token secret, if it changes.
        token_secret: Option<SecretString>,
        /// Stored as the client's `token set` does with `MODAL_SERVER_URL` set.
        server_url: Option<String>,
        /// Make the profile the active one.
        activate: bool,
    },
    /// Add an empty profile.
    CreateProfile {
        /// The profile's name.
        name: String,
    },
    /// Rename a profile, keeping its place and contents.
    RenameProfile {
        /// The profile's name now.
        from: String,
        /// Its new name.
        to: String,
    },
    /// Remove a profile and its keys.
    DeleteProfile {
        /// The profile's name.
        name: String,
    },
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::config::secret::{Reveal, is_secret_key, shown};
        match self {
            Edit::Set {
                profile,
                key,
                value,
                force,
            } => f
                .debug_struct("Set")
                .field("profile", profile)
                .field("key", key)
                .field(
                    "value",
                    &shown(
                        is_secret_key(key),
                        &crate::py::PyValue::Str(value.clone()),
                        Reveal::Masked,
                    ),
                )
                .field("force", force)
                .finish(),
            Edit::TokenSet {
                profile,
                token_id,
                token_secret,
                server_url,
                activate,
            } => f
                .debug_struct("TokenSet")
                .field("profile", profile)
                .field("token_id", token_id)
                .field("token_secret", token_secret)
                .field("server_url", server_url)
                .field("activate", activate)
                .finish(),
            Edit::Activate { profile } => f
                .debug_struct("Activate")
                .field("profile", profile)
                .finish(),
            Edit::Unset { profile, key } => f
                .debug_struct("Unset")
                .field("profile", profile)
                .field("key", key)
                .finish(),
            Edit::CreateProfile { name } => {
                f.debug_struct("CreateProfile").field("name", name).finish()
            }
            Edit::RenameProfile { from, to } => f
                .debug_struct("RenameProfile")
                .field("from", from)
                .field("to", to)
                .finish(),
            Edit::DeleteProfile { name } => {
                f.debug_struct("DeleteProfile").field("name", name).finish()
            }
        }
    }
}

/// Why an edit cannot be made. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for EditError {}

type R<T> = Result<T, EditError>;

fn fail<T>(msg: impl Into<String>) -> R<T> {
    Err(EditError(msg.into()))
}

/// A name the client reads back identically as a table header (spec §11, §13).
/// Whether saving a token also makes its profile the active one: when asked to (the CLI's
/// default, `--no-activate` turns it off; the app's checkbox), and always for the first
/// profile of a file, which would otherwise leave no profile for the client to use.
pub fn token_activates(file: &crate::config::read::file::ConfigFile, requested: bool) -> bool {
    requested || (file.error().is_none() && file.profiles().is_empty())
}

/// Why `unset` has nothing to do in a profile that does not set the key (the CLI and the app).
pub fn not_set_message(profile: &str, key: &str) -> String {
    format!("profile `{profile}` does not set `{key}`")
}

/// Refuses a profile name the client could not use or a person could not see.
pub fn check_profile_name(name: &str) -> R<()> {
    if name.is_empty() {
        return fail("a profile name cannot be empty: modal 1.6.4 cannot read `[\"\"]`");
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '"' | '\\' | '\'') || c.is_control())
    {
        return fail(format!(
            "profile name {name:?} contains {c:?}, which modal 1.6.4 cannot read back from a table header"
        ));
    }
    if let Some(c) = name.chars().find(|c| crate::text::is_invisible(*c)) {
        return fail(format!(
            "profile name {} contains the invisible character U+{:04X}, which would make it look like another name; pick a plain name",
            crate::text::visible(&format!("{name:?}")),
            c as u32
        ));
    }
    if name.trim() != name
        || name.contains('.')
            && !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        return fail(format!(
            "profile name {name:?} has surrounding spaces or odd dots; pick a plain name"
        ));
    }
    Ok(())
}

/// A string value the client reads back identically.
pub fn check_string(key: &str, s: &str) -> R<()> {
    if s.chars().any(|c| c.is_control() && c != '\t') {
        return fail(format!(
            "the value for `{key}` contains a control character, which modal 1.6.4 cannot round-trip"
        ));
    }
    Ok(())
}

/// Parses a user's text into the TOML value the settings table wants for `key`.
pub fn typed_value(client: &Client, key: &str, text: &str, force: bool) -> R<Value> {
    let text = text.trim();
    let known = client.find(key);
    let other = client.not_read(key);
    let Some(s) = known.or(other.filter(|_| force).map(|(_, s)| s)) else {
        if let (Some(_), Some(why)) = (other, client.ignores(key)) {
            return fail(format!("`{key}` is {why}; use --force to write it anyway"));
        }
        if force {
            check_string(key, text)?;
            return Ok(Value::from(text));
        }
        return fail(format!(
            "unknown setting `{key}` (use --force to write it anyway)"
        ));
    };
    let bad = || {
        EditError(format!(
            "invalid value for `{key}`: expected {}, got {text:?}",
            s.expected()
        ))
    };
    let v = match s.value_kind() {
        ValueKind::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Value::from(true),
            "false" | "no" | "off" | "0" => Value::from(false),
            _ => return Err(bad()),
        },
        ValueKind::Float => {
            if let Ok(i) = text.parse::<i64>() {
                Value::from(i)
            } else {
                match text.parse::<f64>() {
                    Ok(f) if f.is_finite() && !text.contains(['x', 'X']) => Value::from(f),
                    _ => return Err(bad()),
                }
            }
        }
        ValueKind::Integer => Value::from(text.parse::<i64>().map_err(|_| bad())?),
        ValueKind::String => {
            check_string(key, text)?;
            // Only write what the client's transform accepts.
            if let Err(e) =
                crate::client::transform::apply(s, &crate::py::PyValue::Str(text.to_string()))
            {
                let _ = e;
                return Err(bad());
            }
            if key == "loglevel" && !settings::LOG_LEVELS.contains(&text.to_uppercase().as_str()) {
                return Err(bad());
            }
            if key == "log_format"
                && text.eq_ignore_ascii_case("json")
                && client.json_logger() != Some(true)
            {
                let why = match client.json_logger() {
                    Some(_) => "it is not installed next to the detected modal",
                    None => "no modal environment was found to tell",
                };
                return fail(format!(
                    "log_format = JSON makes `import modal` fail unless python-json-logger (pythonjsonlogger) is installed, and {why}; refusing"
                ));
            }
            Value::from(text)
        }
    };
    Ok(v)
}

/// The values a key can take when they are a short fixed list (booleans, log levels, the
/// client's choices), lower-case as written to the file; `None` for free-form keys.
pub fn choices(client: &Client, key: &str) -> Option<Vec<&'static str>> {
    let s = client.find(key)?;
    match s.transform {
        settings::Transform::Boolean => Some(vec!["true", "false"]),
        settings::Transform::Choice(c) => Some(c.to_vec()),
        _ if key == "loglevel" => Some(settings::LOG_LEVELS.to_vec()),
        _ => None,
    }
}

fn find_key<'a>(profiles: &'a [Profile], name: &str) -> Option<&'a str> {
    profiles
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.doc_key.as_str())
}

fn table_like<'a>(doc: &'a mut DocumentMut, key: &str) -> Option<&'a mut dyn TableLike> {
    doc.as_table_mut().get_mut(key)?.as_table_like_mut()
}

/// Sets `key = v` keeping the old value's decor (its comment and spacing), or appends it.
fn put(t: &mut dyn TableLike, key: &str, mut v: Value) {
    if let Some(Item::Value(old)) = t.get_mut(key) {
        let decor = old.decor().clone();
        *v.decor_mut() = decor;
        *old = v;
    } else {
        t.insert(key, Item::Value(v));
    }
}

/// Creates `[name]` at the end of the document.
fn create(doc: &mut DocumentMut, name: &str) {
    let mut t = Table::new();
    t.set_implicit(false);
    let root = doc.as_table_mut();
    let next = root
        .iter()
        .filter_map(|(_, i)| i.as_table().and_then(Table::position))
        .max()
        .map_or(0, |p| p + 1);
    t.set_position(Some(next));
    if !root.is_empty() {
        t.decor_mut().set_prefix("\n");
    }
    root.insert(name, Item::Table(t));
}

/// The table of a profile, created when missing.
fn profile_mut<'a>(
    doc: &'a mut DocumentMut,
    profiles: &[Profile],
    name: &str,
) -> R<&'a mut dyn TableLike> {
    check_profile_name(name).or_else(|e| {
        if find_key(profiles, name).is_some() {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    let key = match find_key(profiles, name) {
        Some(k) => k.to_string(),
        None => {
            create(doc, name);
            name.to_string()
        }
    };
    table_like(doc, &key).ok_or_else(|| EditError(format!("profile `{name}` is not a table")))
}

/// Applies an edit to the document. `profiles` is the client's view of the same document;
/// values are typed by `client`'s settings table.
pub fn apply(client: &Client, doc: &mut DocumentMut, profiles: &[Profile], edit: &Edit) -> R<()> {
    match edit {
        Edit::Activate { profile } => {
            let Some(target) = find_key(profiles, profile).map(str::to_string) else {
                return fail(format!("no profile named `{profile}` in the file"));
            };
            activate(doc, profiles, &target);
        }
        Edit::Set {
            profile,
            key,
            value,
            force,
        } => {
            let v = typed_value(client, key, value, *force)?;
            put(profile_mut(doc, profiles, profile)?, key, v);
        }
        Edit::Unset { profile, key } => {
            let Some(k) = find_key(profiles, profile) else {
                return fail(format!("no profile named `{profile}`"));
            };
            let k = k.to_string();
            let t = table_like(doc, &k)
                .ok_or_else(|| EditError(format!("profile `{profile}` is not a table")))?;
            let Some(orphan) = remove_keeping_comments(t, key) else {
                return fail(format!("profile `{profile}` does not set `{key}`"));
            };
            keep_orphan_comments(doc, &k, orphan);
        }
        Edit::TokenSet {
            profile,
            token_id,
            token_secret,
            server_url,
            activate: act,
        } => {
            // Stored as given, as the client does (`' ak-a '` stays `' ak-a '`).
            let t = profile_mut(doc, profiles, profile)?;
            if let Some(id) = token_id {
                check_string("token_id", id)?;
                put(t, "token_id", Value::from(id.as_str()));
            }
            if let Some(secret) = token_secret {
                let s = secret.expose_secret();
                check_string("token_secret", s)?;
                put(t, "token_secret", Value::from(s));
            }
            if let Some(url) = server_url {
                check_string("server_url", url)?;
                put(t, "server_url", Value::from(url.as_str()));
            }
            if *act {
                let key = find_key(profiles, profile).unwrap_or(profile).to_string();
                activate(doc, profiles, &key);
            }
        }
        Edit::CreateProfile { name } => {
            if find_key(profiles, name).is_some() {
                return fail(format!("a profile named `{name}` already exists"));
            }
            check_profile_name(name)?;
            create(doc, name);
        }
        Edit::RenameProfile { from, to } => {
            let Some(k) = find_key(profiles, from).map(str::to_string) else {
                return fail(format!("no profile named `{from}`"));
            };
            if find_key(profiles, to).is_some() {
                return fail(format!("a profile named `{to}` already exists"));
            }
            check_profile_name(to)?;
            rename(doc, &k, to);
        }
        Edit::DeleteProfile { name } => {
            let Some(k) = find_key(profiles, name).map(str::to_string) else {
                return fail(format!("no profile named `{name}`"));
            };
            delete_keeping_file_comments(doc, &k);
        }
    }
    Ok(())
}

/// What activating another profile does to `p`'s `active` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deactivate {
    /// No `active` key, or already `active = false`: untouched.
    Keep,
    /// `active = true` anywhere else (mid-table, after a comment line, with a comment):
    /// becomes `false` where it is, so activating `p` again flips it back and the file is
    /// byte-identical.
    SetFalse,
    /// A bare `active = true` right after the last key (where activating appends it), or a
    /// value that is not a boolean: removed, as the client's `config_set_active_profile` does.
    Remove,
}

/// The one rule for deactivating a profile (the text fast path and the `toml_edit` path both
/// follow it; `commented`: the `active` line ends with a comment). Activating B then A again
/// gives back the same bytes: a bare `active = true` right after the table's last key (where
/// activating appends it) is removed and appended again; any other is flipped in place.
pub fn deactivation(p: &Profile, commented: bool) -> Deactivate {
    let Some(e) = p.get("active") else {
        return Deactivate::Keep;
    };
    // Where activating would append it: the line right after the table's last other key.
    let others = p.entries.iter().filter(|x| x.key != "active");
    let append_at = others.map(|x| x.line).max().unwrap_or(p.line) + 1;
    let where_appended = e.line == append_at && !commented;
    match e.value {
        PyValue::Bool(false) => Deactivate::Keep,
        PyValue::Bool(true) if !where_appended && !p.inline => Deactivate::SetFalse,
        _ => Deactivate::Remove,
    }
}

fn activate(doc: &mut DocumentMut, profiles: &[Profile], target: &str) {
    // The first profile of each key, as a search from the start finds it.
    let by_key: std::collections::HashMap<&str, &Profile> = profiles
        .iter()
        .rev()
        .map(|p| (p.doc_key.as_str(), p))
        .collect();
    let root = doc.as_table_mut();
    let keys: Vec<String> = root.iter().map(|(k, _)| k.to_string()).collect();
    let mut orphans = Vec::new();
    for k in keys {
        let Some(t) = root.get_mut(&k).and_then(Item::as_table_like_mut) else {
            continue;
        };
        if k == target {
            put(t, "active", value(true).into_value().expect("a value"));
            continue;
        }
        let Some(p) = by_key.get(k.as_str()).copied() else {
            continue;
        };
        let commented = t
            .get("active")
            .and_then(Item::as_value)
            .and_then(|v| v.decor().suffix())
            .and_then(|r| r.as_str())
            .is_some_and(|c| c.contains('#'));
        match deactivation(p, commented) {
            Deactivate::Keep => {}
            Deactivate::SetFalse => put(t, "active", value(false).into_value().expect("a value")),
            Deactivate::Remove => {
                if let Some(orphan) = remove_keeping_comments(t, "active") {
                    orphans.push((k, orphan));
                }
            }
        }
    }
    for (k, orphan) in orphans {
        keep_orphan_comments(doc, &k, orphan);
    }
}

/// Comment lines that sat above a table's removed last key go where they were: before the
/// next table's header (or at the end of the file).
fn keep_orphan_comments(doc: &mut DocumentMut, table: &str, orphan: String) {
    if orphan.is_empty() {
        return;
    }
    let root = doc.as_table_mut();
    let Some(pos) = root
        .get(table)
        .and_then(Item::as_table)
        .and_then(Table::position)
    else {
        return;
    };
    put_before_next_table(doc, Some(pos), &orphan);
}

/// Renames a top-level entry in place (its position, decor and contents kept): every entry
/// is taken out and put back in the same order, the renamed one under its new key. Linear in
/// the number of entries (removing them one by one shifted the rest each time).
fn rename(doc: &mut DocumentMut, from: &str, to: &str) {
    let root = doc.as_table_mut();
    let names: Vec<String> = root.iter().map(|(k, _)| k.to_string()).collect();
    let mut entries = Vec::with_capacity(names.len());
    for name in &names {
        let (Some(key), Some(item)) = (root.key(name).cloned(), root.get_mut(name)) else {
            continue;
        };
        entries.push((key, std::mem::take(item)));
    }
    root.clear();
    for (key, item) in entries {
        if key.get() == from {
            let new_key = Key::new(to).with_leaf_decor(key.leaf_decor().clone());
            root.insert_formatted(&new_key, item);
        } else {
            root.insert_formatted(&key, item);
        }
    }
}

/// Removes a key; the comment and blank lines above it move to the key that follows, so only
/// the key's own line goes. `None` when the key was not there; else the comment lines that had no key
/// to follow (the removed key was the table's last), for [`keep_orphan_comments`].
fn remove_keeping_comments(t: &mut dyn TableLike, key: &str) -> Option<String> {
    let prefix = t
        .key_mut(key)
        .and_then(|k| {
            k.leaf_decor()
                .prefix()
                .and_then(|p| p.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default();
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    let next = keys
        .iter()
        .position(|k| k == key)
        .and_then(|i| keys.get(i + 1))
        .cloned();
    t.remove(key)?;
    // Whole lines only: the partial last line of the prefix is the removed key's indent.
    let kept = prefix.rfind('\n').map_or("", |i| &prefix[..=i]).to_string();
    if kept.is_empty() {
        return Some(String::new());
    }
    match next.and_then(|n| t.key_mut(&n)) {
        Some(mut k) => {
            let old = k
                .leaf_decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            k.leaf_decor_mut().set_prefix(format!("{kept}{old}"));
            Some(String::new())
        }
        None => Some(kept),
    }
}

/// Deletes a top-level table. Comment paragraphs above its header that are separated from it
/// by a blank line belong to the file, not the table, and stay.
fn delete_keeping_file_comments(doc: &mut DocumentMut, key: &str) {
    let root = doc.as_table_mut();
    let prefix = root
        .get(key)
        .and_then(Item::as_table)
        .and_then(|t| t.decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    let pos = root
        .get(key)
        .and_then(Item::as_table)
        .and_then(Table::position);
    root.remove(key);
    let keep = match prefix.rfind("\n\n") {
        Some(i) if prefix[..i].contains('#') => &prefix[..i + 1],
        _ => return,
    };
    put_before_next_table(doc, pos, keep);
}

/// Puts `text` where the next table after position `pos` begins (before its header and its
/// own leading comments), or at the end of the file when no table follows.
fn put_before_next_table(doc: &mut DocumentMut, pos: Option<isize>, text: &str) {
    let root = doc.as_table_mut();
    let next = root
        .iter()
        .filter_map(|(k, i)| {
            i.as_table()
                .and_then(Table::position)
                .map(|p| (p, k.to_string()))
        })
        .filter(|(p, _)| pos.is_none_or(|pos| *p > pos))
        .min();
    match next
        .and_then(|(_, k)| root.get_mut(&k))
        .and_then(Item::as_table_mut)
    {
        Some(t) => {
            let old = t
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            t.decor_mut().set_prefix(format!("{text}{old}"));
        }
        None => {
            let trailing = doc.trailing().as_str().unwrap_or("").to_string();
            doc.set_trailing(format!("{text}{trailing}"));
        }
    }
}
