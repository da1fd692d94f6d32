//! The writer on Windows: replace-rename, the lock, the read-only and hidden attributes.

use super::*;

thread_local! {
    /// The step at which to inject an I/O failure (per test thread).
    static FAIL_AT: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

pub(super) fn fault(step: &'static str) -> io::Result<()> {
    match FAIL_AT.with(|f| f.get()) {
        Some(s) if s == step => Err(io::Error::other(format!("injected failure at {step}"))),
        _ => Ok(()),
    }
}
