//! `P`: the config file becomes 0600, its contents untouched, through the same core function
//! as `modalcfg fix-permissions` (`config::write::make_private`: under the write lock, through
//! symlinks, owner and name kept). Offered where the loose-permissions warning shows.

use crate::config::read::file::{ConfigFile, Source};
use crate::tui::app::{App, Status};

impl App {
    pub(crate) fn fix_permissions(&mut self) {
        match self.file.source {
            Source::Remote => {
                self.status = Status::error(format!(
                    "{} here",
                    crate::config::read::file::REMOTE_IGNORES_FILE
                ));
                return;
            }
            Source::Missing => {
                self.status = Status::info(format!(
                    "{} does not exist yet: modalcfg creates it 0600 (only you can read or write it)",
                    crate::env::shown_os(self.file.path.as_os_str())
                ));
                return;
            }
            _ => {}
        }
        match crate::config::disk::make_private(&self.file.path) {
            Ok(before) => {
                // Read again: the warning goes with the mode (and anything changed meanwhile
                // shows up as it would after `R`).
                self.set_file(ConfigFile::load(&self.env));
                self.status = Status::info(crate::config::diagnose::perms::made_private(
                    &self.file.path,
                    before,
                ));
            }
            Err(e) => self.status = Status::error(e.to_string()),
        }
    }
}
