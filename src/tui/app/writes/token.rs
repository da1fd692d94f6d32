//! Opening the token popup (`t`) and the welcome form shown when there is no config file
//! yet; their keys and what Enter writes are in `overlay/token.rs` and `overlay/welcome.rs`.

use crate::tui::app::overlay::form::token_env_warning;
use crate::tui::app::overlay::{Overlay, TokenForm, Welcome};
use crate::tui::app::{App, Status};

impl App {
    pub(crate) fn open_welcome(&mut self) {
        self.overlay = Some(Overlay::Welcome(Welcome::new(&self.loaded)));
    }

    pub(crate) fn open_token(&mut self) {
        if self.refuse_unwritable() {
            return;
        }
        let Some(profile) = self.target_profile() else {
            self.session
                .say(Status::info("no profile highlighted: `n` creates one"));
            return;
        };
        let in_file = self.loaded.file().profile(&profile).is_some();
        let warning = token_env_warning(self.loaded.env());
        self.overlay = Some(Overlay::Token(TokenForm::new(profile, in_file, warning)));
    }
}
