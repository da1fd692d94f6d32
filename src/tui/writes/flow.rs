//! The one write flow every write of the app goes through (activation, set, unset, token,
//! create, rename, delete, undo):
//!
//! plan (the caller, with `config::write::store::plan`) → [`App::submit`] → optional preview (the
//! `Confirm` overlay, y/n) → [`App::commit`]: the one change check (`store::commit` compares
//! the disk with the bytes the plan was made from, under the lock, right before the rename)
//! → reload (the plan's own verified view) and say what happened.
//!
//! While another process holds the write lock, the app does not block: it says "waiting for
//! the lock held by …", keeps drawing, and tries again every [`LOCK_RETRY`] (the only timer
//! the app ever runs, and only while a write waits); Esc or Ctrl-C cancels the write
//! (nothing written), other keys wait.

use crate::config::disk::{SaveError, Wait};
use crate::config::write::store::{self, OnChange, Plan, StoreError};
use crate::tui::app::{App, Status, UndoEntry};
use crate::tui::keymap::Action;
use crate::tui::overlay::{After, Overlay, Write};

/// How often a write waiting for the lock tries again.
pub const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(200);

impl Write {
    /// A write of `plan`, titled for the y/n question.
    pub fn new(plan: Plan, title: impl Into<String>, after: After) -> Write {
        Write {
            title: title.into(),
            plan,
            base: None,
            after,
            warning: None,
            message: None,
        }
    }

    pub fn warning(mut self, w: Option<String>) -> Write {
        self.warning = w;
        self
    }

    pub fn message(mut self, m: Option<String>) -> Write {
        self.message = m;
        self
    }
}

impl App {
    /// A planned write: written at once, or shown with its diff for y/n when the preview is
    /// on (and always for a delete).
    pub(crate) fn submit(&mut self, mut w: Write) {
        if w.plan.is_noop(&self.file) {
            self.status = Status::info(format!(
                "{}: no change, the file already says so",
                w.plan.summary.join("; ")
            ));
            return;
        }
        w.base = self.file.bytes().map(<[u8]>::to_vec);
        // The pre-write check: a write that would break the real client here is never made
        // silently; the question says what would break, in the client's words.
        let broken = w.plan.client_breakage(self.client(), &self.env, &self.file);
        if let Some(b) = &broken {
            w.title = format!("{} — ⚠ {b}; write anyway?", w.title.trim_end_matches('?'));
        }
        if self.preview || w.after.always_asks() || broken.is_some() {
            self.overlay = Some(Overlay::Confirm(Box::new(w)));
        } else {
            self.commit(w);
        }
    }

    /// `y` on the question.
    pub(crate) fn confirm_yes(&mut self) {
        if let Some(Overlay::Confirm(w)) = self.overlay.take() {
            self.commit(*w);
        }
    }

    fn commit(&mut self, w: Write) {
        // The app has loaded something else since the plan was made (a reload while the
        // question was open): the plan is stale.
        if self.file.bytes().map(<[u8]>::to_vec) != w.base {
            self.status = Status::warn(
                "the file changed on disk, so nothing was written; reloaded it: check and try again",
            );
            return;
        }
        match store::commit(&self.file, &w.plan, OnChange::Refuse, Wait::Never) {
            Ok(done) => {
                self.committed(w, done.file);
                if done.in_place {
                    self.status =
                        Status::warn(format!("{} · {}", store::IN_PLACE_NOTE, self.status.text));
                }
            }
            Err(StoreError::Save(SaveError::Busy { holder, .. })) => {
                self.status = Status::warn(format!(
                    "waiting for the lock held by {holder} · Esc cancels (nothing written)"
                ));
                self.lock_wait = Some(Box::new(w));
            }
            Err(StoreError::Save(SaveError::ChangedOnDisk { .. })) => {
                self.reload_quietly();
                self.status = if w.after == After::Undone {
                    Status::error(super::undo::UNDO_REFUSED)
                } else {
                    Status::warn(
                        "the file changed on disk, so nothing was written; reloaded it: check and press Enter again",
                    )
                };
            }
            Err(e) => {
                let msg = e.to_string();
                self.reload_quietly();
                self.status = Status::error(msg);
            }
        }
    }

    /// How long the event loop may sleep before [`App::retry_write`]: only while a write
    /// waits for the lock.
    pub fn lock_retry(&self) -> Option<std::time::Duration> {
        self.lock_wait.as_ref().map(|_| LOCK_RETRY)
    }

    /// The write waiting for the lock tries again (it waits on, or is written, or refused).
    pub fn retry_write(&mut self) {
        if let Some(w) = self.lock_wait.take() {
            self.commit(*w);
        }
    }

    /// While a write waits for the lock: Esc or Ctrl-C cancels it, other keys wait; `true`
    /// when `action` was taken here.
    pub(crate) fn while_waiting(&mut self, action: &Action) -> bool {
        if self.lock_wait.is_none() {
            return false;
        }
        match action {
            Action::Resize { .. } | Action::Tick | Action::FileChanged => false,
            Action::Quit | Action::Back | Action::Cancel => {
                self.lock_wait = None;
                self.status = Status::info("write cancelled: nothing written");
                self.status_seen = false;
                true
            }
            _ => true,
        }
    }

    /// After the rename: the undo list, `-`, the new file and the message.
    fn committed(&mut self, w: Write, file: crate::config::read::file::ConfigFile) {
        match &w.after {
            After::Undone => {
                self.undo.pop();
                self.undone += 1;
            }
            _ => self.undo.push(UndoEntry {
                before: w.base.clone(),
                after: w.plan.new_bytes.clone(),
                what: w.title.trim_end_matches('?').to_string(),
                switched_from: match &w.after {
                    After::Activated { was, .. } => was.clone(),
                    _ => None,
                },
            }),
        }
        if let After::Activated { name, was } = &w.after
            && was.as_deref() != Some(name)
        {
            self.previous = was.clone();
        }
        self.set_file(file);
        if let After::Selected(name) | After::Created(name) = &w.after
            && let Some(i) = self.rows.iter().position(|r| &r.name == name)
        {
            self.profile_filter.clear();
            self.refilter_profiles(Some(i));
        }
        let mut text = w
            .message
            .clone()
            .unwrap_or_else(|| w.plan.summary.join("; "));
        let created = self.undo.last().is_some_and(|u| u.before.is_none());
        if !created && w.after != After::Undone {
            text.push_str(" · u undoes");
        }
        // The warning first: on a narrow screen it is what must not be cut off.
        self.status = match &w.warning {
            Some(warn) => Status::warn(format!("{warn} · {text}")),
            None => Status::info(text),
        };
        // A new profile is of no use without a token: offer it next, as `modal profile`
        // set-up does. Esc in the popup leaves the profile as created.
        if let After::Created(name) = &w.after
            && self.highlighted_profile().is_some_and(|r| &r.name == name)
        {
            self.open_token();
            if self.overlay.is_some() {
                let more = format!(" · now its token (Esc leaves `{name}` without one)");
                self.status.text.push_str(&more);
            }
        }
    }

    /// Reads the file again after a refused write, without a message of its own.
    fn reload_quietly(&mut self) {
        let fresh = crate::config::read::file::ConfigFile::load(&self.env);
        self.set_file(fresh);
    }
}
