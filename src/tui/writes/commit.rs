//! The write flow every edit ends in: a planned write is committed at once or shown with its
//! diff for y/n, and is written only if the file is still what the plan was made from.

use crate::config::store::{self, Plan};
use crate::tui::app::{App, Status};
use crate::tui::keymap::Mode;

use super::UndoEntry;

/// What to do once a write went through.
#[derive(Debug, Clone, Default)]
pub struct After {
    /// An activation: the profile active before it (for `-`).
    pub activated: Option<(String, Option<String>)>,
    /// Highlight this profile afterwards.
    pub select: Option<String>,
    /// Said after the summary (environment overrides, ...).
    pub warning: Option<String>,
    /// This write is an undo: take it off the undo list.
    pub is_undo: bool,
    /// Said instead of the plan's summary.
    pub message: Option<String>,
}

/// A planned write waiting for y/n.
#[derive(Debug, Clone)]
pub struct Pending {
    pub title: String,
    pub plan: Plan,
    /// The bytes the plan was made from: if the file changed meanwhile, nothing is written.
    pub base: Option<Vec<u8>>,
    pub after: After,
}

impl App {
    /// A planned write: written at once, or shown with its diff for y/n when the preview is
    /// on (always for `ask`).
    pub(in crate::tui) fn submit(&mut self, plan: Plan, title: String, after: After, ask: bool) {
        if plan.is_noop(&self.file) {
            self.status = Status::info(format!(
                "{}: no change, the file already says so",
                plan.summary.join("; ")
            ));
            return;
        }
        let pending = Pending {
            title,
            plan,
            base: self.file.bytes().map(<[u8]>::to_vec),
            after,
        };
        if self.preview || ask {
            self.pending = Some(pending);
            self.mode = Mode::Confirm;
        } else {
            self.commit_pending(pending);
        }
    }

    pub(in crate::tui) fn confirm_yes(&mut self) {
        self.mode = Mode::Normal;
        if let Some(p) = self.pending.take() {
            self.commit_pending(p);
        }
    }

    fn commit_pending(&mut self, p: Pending) {
        self.notice_outside_change();
        if self.file.bytes().map(<[u8]>::to_vec) != p.base {
            self.status = Status::warn(
                "the file changed on disk, so nothing was written; reloaded it: check and try again",
            );
            return;
        }
        let before = p.base.clone();
        match store::commit(&self.file, &p.plan) {
            Ok(file) => {
                if p.after.is_undo {
                    self.undo.pop();
                } else {
                    self.undo.push(UndoEntry {
                        before,
                        after: p.plan.new_bytes.clone(),
                        what: p.title.trim_end_matches('?').to_string(),
                    });
                }
                if let Some((name, was)) = &p.after.activated
                    && was.as_deref() != Some(name)
                {
                    self.previous = was.clone();
                }
                self.set_file(file);
                if let Some(name) = &p.after.select
                    && let Some(i) = self.rows.iter().position(|r| &r.name == name)
                {
                    self.profile_filter.clear();
                    self.refilter_profiles(Some(i));
                }
                let mut text = p
                    .after
                    .message
                    .clone()
                    .unwrap_or_else(|| p.plan.summary.join("; "));
                let created = self.undo.last().is_some_and(|u| u.before.is_none());
                if !created && !p.after.is_undo {
                    text.push_str(" · u undoes");
                }
                // The warning first: on a narrow screen it is what must not be cut off.
                self.status = match &p.after.warning {
                    Some(w) => Status::warn(format!("{w} · {text}")),
                    None => Status::info(text),
                };
            }
            Err(e) => {
                let msg = e.to_string();
                self.notice_outside_change();
                self.status = Status::error(msg);
            }
        }
    }
}
