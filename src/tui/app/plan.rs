//! A planned write ([`Write`]): what the y/n question shows, what `store::commit` writes, and
//! what happens once it went through ([`After`]). Every write of the app is one, made by the
//! action or the overlay that asks for it and handed to the write flow (`writes/flow.rs`).

use crate::config::write::store::Plan;

/// A planned write, from the Enter that asked for it to the rename that makes it.
#[derive(Debug, Clone)]
pub struct Write {
    pub title: String,
    pub plan: Plan,
    /// The bytes the plan was made from: if the app has loaded something else since,
    /// nothing is written.
    pub base: Option<Vec<u8>>,
    pub after: After,
    /// Said before the summary (environment overrides, ...).
    pub warning: Option<String>,
    /// Said instead of the plan's summary.
    pub message: Option<String>,
}

/// What a write is, for what happens once it went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// A value set or unset.
    Saved,
    /// A profile switch: the profile active before it, for `-`.
    Activated { name: String, was: Option<String> },
    /// A profile renamed or given a token: highlight it.
    Selected(String),
    /// A profile created with `n`: highlight it and open its token popup (Esc leaves it
    /// without one).
    Created(String),
    /// A profile deleted (always asked first).
    Deleted,
    /// The last write undone: it leaves the undo list.
    Undone,
}

impl After {
    /// Asked with its diff even when the preview is off.
    pub fn always_asks(&self) -> bool {
        matches!(self, After::Deleted)
    }
}

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
