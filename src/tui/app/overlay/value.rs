//! A key's new value, chosen in the picker or typed in the prompt: checked against the key's
//! type and planned.

use crate::config::write::edit::{self, Edit};
use crate::config::write::store;
use crate::tui::app::loaded::Loaded;
use crate::tui::app::plan::{After, Write};

/// Plans `key = value` in `profile` (validated by type); a refusal says why.
pub fn plan_set(loaded: &Loaded, profile: &str, key: &str, value: &str) -> Result<Write, String> {
    let client = loaded.client();
    edit::typed_value(client, key, value, false)
        .map_err(|e| format!("{e} (nothing was written)"))?;
    let edit = Edit::Set {
        profile: profile.into(),
        key: key.into(),
        value: value.into(),
        force: false,
    };
    let plan = store::plan_for(client, loaded.file(), &edit).map_err(|e| e.to_string())?;
    let warning = (client.find(key))
        .and_then(|s| crate::config::resolve::env_wins::env_wins_over_file(loaded.env(), s));
    let title = format!("Set `{key}` in profile `{profile}`?");
    Ok(Write::new(plan, title, After::Saved).warning(warning))
}
