//! Applying an edit on top of a file that another writer changed since it was loaded, as
//! `git rebase` does: when nothing the edit reads or writes changed, the edit is planned again
//! on what is on disk now; when it did (the same key, the profile it targets, the `active`
//! flags an activation moves), the write is refused and says which.
//!
//! The store calls [`overlap`] under the write lock (see `store::commit`), so what it compares
//! cannot change before the re-planned bytes are written.

use crate::config::read::client_view::Profile;
use crate::config::read::file::ConfigFile;
use crate::config::write::edit::Edit;

/// `Err(what)` when the change made on disk between `base` (as loaded) and `theirs` (on disk
/// now) touches what `edit` is about; `what` completes "… changed on disk since it was loaded
/// and …".
pub fn overlap(base: &ConfigFile, theirs: &ConfigFile, edit: &Edit) -> Result<(), String> {
    if let Some(e) = theirs.error() {
        return Err(format!(
            "the Modal client cannot read it now ({})",
            e.detail
        ));
    }
    let value = |f: &ConfigFile, p: &str, k: &str| f.profile(p).and_then(|p| p.get(k)).cloned();
    let key = |p: &str, k: &str| {
        if value(base, p, k).map(|e| e.value) == value(theirs, p, k).map(|e| e.value) {
            Ok(())
        } else {
            Err(format!("`{k}` of profile `{p}` was changed there too"))
        }
    };
    // A profile the edit targets must not have been deleted or renamed meanwhile (the edit
    // would bring it back); one created meanwhile is fine.
    let kept = |p: &str| match (base.profile(p), theirs.profile(p)) {
        (Some(_), None) => Err(format!("profile `{p}` was deleted or renamed there")),
        _ => Ok(()),
    };
    let whole = |p: &str| {
        if base.profile(p).map(values) == theirs.profile(p).map(values) {
            Ok(())
        } else {
            Err(format!("profile `{p}` was changed there too"))
        }
    };
    let actives = || {
        let mut names = base.profiles().iter().chain(theirs.profiles());
        names.try_for_each(|p| key(&p.name, "active"))
    };
    match edit {
        Edit::Set {
            profile, key: k, ..
        }
        | Edit::Unset { profile, key: k } => {
            kept(profile)?;
            key(profile, k)
        }
        Edit::TokenSet {
            profile,
            activate,
            server_url,
            ..
        } => {
            kept(profile)?;
            key(profile, "token_id")?;
            key(profile, "token_secret")?;
            if server_url.is_some() {
                key(profile, "server_url")?;
            }
            if *activate { actives() } else { Ok(()) }
        }
        Edit::Activate { profile } => {
            kept(profile)?;
            actives()
        }
        Edit::CreateProfile { name } => whole(name),
        Edit::RenameProfile { from, to } => whole(from).and_then(|()| whole(to)),
        Edit::DeleteProfile { name } => whole(name),
    }
}

fn values(p: &Profile) -> Vec<(&str, &crate::py::PyValue)> {
    p.entries
        .iter()
        .map(|e| (e.key.as_str(), &e.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn f(text: &str) -> ConfigFile {
        ConfigFile::from_bytes(Path::new("/c.toml"), text.as_bytes().to_vec())
    }
    fn set(p: &str, k: &str) -> Edit {
        Edit::Set {
            profile: p.into(),
            key: k.into(),
            value: "v".into(),
            force: true,
        }
    }

    #[test]
    fn only_changes_to_what_the_edit_touches_overlap() {
        let base = f("[a]\nactive = true\nx = 1\n[b]\ny = 1\n");
        let other_key = f("[a]\nactive = true\nx = 1\nk1 = \"1\"\n[b]\ny = 1\n");
        assert_eq!(overlap(&base, &other_key, &set("a", "k2")), Ok(()));
        let same_key = f("[a]\nactive = true\nx = 2\n[b]\ny = 1\n");
        let e = overlap(&base, &same_key, &set("a", "x")).unwrap_err();
        assert!(e.contains("`x` of profile `a`"), "{e}");
        let gone = f("[b]\ny = 1\n");
        assert!(overlap(&base, &gone, &set("a", "k")).is_err());
        // Another profile created meanwhile does not stop a set in it.
        assert_eq!(
            overlap(&base, &f("[a]\n[b]\n[c]\n"), &set("c", "k")),
            Ok(())
        );
        let moved = f("[a]\nx = 1\n[b]\ny = 1\nactive = true\n");
        let activate = Edit::Activate {
            profile: "a".into(),
        };
        assert!(overlap(&base, &moved, &activate).is_err());
        assert_eq!(overlap(&base, &other_key, &activate), Ok(()));
        let del = Edit::DeleteProfile { name: "b".into() };
        assert_eq!(overlap(&base, &other_key, &del), Ok(()));
        assert!(overlap(&base, &f("[a]\n[b]\ny = 2\n"), &del).is_err());
        assert!(overlap(&base, &f("[a\n"), &set("a", "k")).is_err());
    }
}
