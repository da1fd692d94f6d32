//! Enter and `-`: switching the active profile.

use crate::config::write::edit::Edit;
use crate::config::write::store;
use crate::tui::app::{App, Focus, Status};
use crate::tui::overlay::{After, Write};

impl App {
    /// Enter: make the highlighted profile the active one; in the keys pane, edit the
    /// highlighted key (what Enter on a row does in k9s or lazygit).
    pub(crate) fn activate_highlighted(&mut self) {
        if self.focus != Focus::Profiles {
            return self.open_edit();
        }
        match self.highlighted_profile() {
            Some(r) if r.missing => {
                self.status = Status::error(format!(
                    "profile `{}` is not in the file, so it cannot be activated",
                    r.name
                ));
            }
            Some(r) => {
                let name = r.name.clone();
                self.activate(&name);
            }
            None => self.status = Status::info("no profile to activate"),
        }
    }

    /// `-`: switch back to the profile that was active before our last switch.
    pub(crate) fn activate_previous(&mut self) {
        match self.previous.clone() {
            Some(name) => {
                if let Some(i) = self.rows.iter().position(|r| r.name == name) {
                    self.profile_filter.clear();
                    self.refilter_profiles(Some(i));
                }
                self.activate(&name);
            }
            None => {
                self.status =
                    Status::info("no previous profile yet: `-` works after a switch made here")
            }
        }
    }

    fn activate(&mut self, name: &str) {
        let was = self
            .file
            .profiles()
            .iter()
            .find(|p| p.is_active())
            .map(|p| p.name.clone());
        // The same warning whichever way the file is written.
        let warning = crate::config::resolve::env_wins::profile_env_keeps(&self.env, name);
        // Right after our own switch away from `name` (the file untouched since), going back
        // puts back the exact bytes, as undo would: Enter then `-` leaves the file as it was.
        if let Some(last) = self.undo.last()
            && last.switched_from.as_deref() == Some(name)
            && self.file.bytes() == Some(last.after.as_slice())
            && let Some(before) = last.before.clone()
            && let Ok(plan) = store::plan_restore(&self.file, &before)
        {
            let after = After::Activated {
                name: name.to_string(),
                was,
            };
            let message = format!(
                "profile `{name}` is active again; the file is as it was before the switch"
            );
            return self.submit(
                Write::new(plan, format!("Activate profile `{name}`?"), after)
                    .message(Some(message))
                    .warning(warning),
            );
        }
        let edit = Edit::Activate {
            profile: name.to_string(),
        };
        let plan = match store::plan_for(self.client(), &self.file, &edit) {
            Ok(p) => p,
            Err(e) => return self.status = Status::error(e.to_string()),
        };
        if plan.is_noop(&self.file) {
            self.status = Status::info(format!("`{name}` is already the active profile"));
            return;
        }
        let after = After::Activated {
            name: name.to_string(),
            was,
        };
        self.submit(
            Write::new(plan, format!("Activate profile `{name}`?"), after).warning(warning),
        );
    }
}
