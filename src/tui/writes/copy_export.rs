//! `y` copies the highlighted value to the clipboard and `s` leaves with an
//! `export MODAL_PROFILE=…` line: neither writes the file.

use zeroize::Zeroizing;

use crate::config::resolve::explain::display_value;
use crate::py::PyValue;
use crate::tui::app::{App, Status};

/// `export MODAL_PROFILE=…`, quoted like `modalcfg profile use NAME --print`.
pub fn export_line(name: &str) -> String {
    crate::config::resolve::explain::export_profile_line(name)
}

/// What `s` says instead when standard output is a terminal, i.e. not the pipe of
/// `eval "$(modalcfg)"`: a program cannot set its shell's variables, so the bare line would
/// change nothing. It says so, how to start the app so that `s` works, and the line to copy
/// (PowerShell's on Windows).
pub fn not_evaluated_hint(name: &str) -> String {
    #[cfg(windows)]
    let (how, line) = (
        "in PowerShell, run",
        format!("$env:MODAL_PROFILE = '{}'", name.replace('\'', "''")),
    );
    #[cfg(not(windows))]
    let (how, line) = (
        "start the app as `eval \"$(modalcfg)\"` so that `s` switches the shell, or run",
        export_line(name),
    );
    format!(
        "this shell still uses the same profile (a program cannot set its shell's \
         variables); to use `{name}` here, {how}:\n  {line}"
    )
}

impl App {
    pub(crate) fn copy_highlighted(&mut self) {
        let Some(r) = self.highlighted_key() else {
            self.status = Status::info("no key highlighted");
            return;
        };
        let key = r.setting.key;
        let text = match r.value() {
            Err(_) => {
                self.status =
                    Status::error(format!("`{key}` has no value: the client fails on it"));
                return;
            }
            Ok(_) if r.setting.secret && !self.reveal => {
                self.status = Status::error(format!(
                    "`{key}` is a secret: press v to reveal secrets first, then y (nothing was copied)"
                ));
                return;
            }
            Ok(PyValue::Str(s)) => Zeroizing::new(s.clone()),
            Ok(v) => Zeroizing::new(display_value(v)),
        };
        self.clipboard = Some(text);
        self.status = Status::info(format!(
            "copied `{key}` to the clipboard (OSC 52: the terminal must allow it)"
        ));
    }

    pub(crate) fn session_only(&mut self) {
        let Some(r) = self.highlighted_profile() else {
            self.status = Status::info("no profile highlighted");
            return;
        };
        self.exit_message = Some(export_line(&r.name));
        self.quit = true;
    }
}
