//! The session: what the status line says (and for how long), the writes made here (for `u`
//! and `-`), the preview setting, a write waiting for the lock, and whether to quit.

use super::plan::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Info,
            text: text.into(),
        }
    }
    pub fn warn(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Warning,
            text: text.into(),
        }
    }
    pub fn error(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Error,
            text: text.into(),
        }
    }
}

/// A write made in this session.
#[derive(Debug, Clone)]
pub struct UndoEntry {
    /// The file before (`None`: there was no file).
    pub before: Option<Vec<u8>>,
    /// The file right after our write.
    pub after: Vec<u8>,
    pub what: String,
    /// A profile switch: the profile that was active before it.
    pub switched_from: Option<String>,
}

pub struct Session {
    status: Status,
    /// The status was shown for one action already: the next one clears it.
    status_seen: bool,
    /// The profile that was active before our last switch (for `-`).
    previous: Option<String>,
    /// `p`: show each write's diff and ask first.
    preview: bool,
    /// Writes made in this session, the last one last (for `u`).
    undo: Vec<UndoEntry>,
    /// Writes undone so far (`u` then says "nothing left to undo").
    undone: usize,
    /// A write waiting for the lock another process holds (`writes::flow`).
    lock_wait: Option<Box<Write>>,
    quit: bool,
}

impl Session {
    pub fn new(status: Status) -> Session {
        Session {
            status,
            status_seen: false,
            previous: None,
            preview: false,
            undo: Vec::new(),
            undone: 0,
            lock_wait: None,
            quit: false,
        }
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// What the status line says from now on.
    pub fn say(&mut self, status: Status) {
        self.status = status;
    }

    /// Adds to what the status line says.
    pub fn say_more(&mut self, text: &str) {
        self.status.text.push_str(text);
    }

    /// A user's action begins: `true` when the message was shown for one action already (it
    /// then gives way to what there is to say about the file).
    pub fn message_expired(&mut self) -> bool {
        std::mem::take(&mut self.status_seen)
    }

    /// A user's action ended: the message it left has been seen once.
    pub fn message_seen(&mut self) {
        self.status_seen = true;
    }

    /// A message that must stay past the current action.
    pub fn say_fresh(&mut self, status: Status) {
        self.status = status;
        self.status_seen = false;
    }

    pub fn preview(&self) -> bool {
        self.preview
    }

    /// `p`; the new setting.
    pub fn toggle_preview(&mut self) -> bool {
        self.preview = !self.preview;
        self.preview
    }

    /// The profile active before our last switch.
    pub fn previous(&self) -> Option<&str> {
        self.previous.as_deref()
    }

    pub fn set_previous(&mut self, name: Option<String>) {
        self.previous = name;
    }

    /// The last write made here that is not undone yet.
    pub fn last_write(&self) -> Option<&UndoEntry> {
        self.undo.last()
    }

    pub fn record_write(&mut self, entry: UndoEntry) {
        self.undo.push(entry);
    }

    /// The last write was undone.
    pub fn forget_last_write(&mut self) {
        self.undo.pop();
        self.undone += 1;
    }

    /// Writes undone so far.
    pub fn undone(&self) -> usize {
        self.undone
    }

    /// A write that found the lock taken, to try again.
    pub fn wait_for_lock(&mut self, w: Write) {
        self.lock_wait = Some(Box::new(w));
    }

    pub fn waiting_for_lock(&self) -> bool {
        self.lock_wait.is_some()
    }

    /// The write waiting for the lock, taken out (to try again, or to drop it).
    pub fn take_waiting(&mut self) -> Option<Write> {
        self.lock_wait.take().map(|w| *w)
    }

    pub fn quit(&self) -> bool {
        self.quit
    }

    pub fn set_quit(&mut self) {
        self.quit = true;
    }
}
