//! What the app asks the runtime to do outside its state: copy a text to the clipboard (OSC 52),
//! run the editor on the file (`E`), print a line once the terminal is restored (`s`). The
//! app records each; the event loop takes it.

use zeroize::Zeroizing;

use super::editor::EditorRequest;

#[derive(Default)]
pub struct Effects {
    /// Text to copy to the clipboard after the next frame, then drop.
    clipboard: Option<Zeroizing<String>>,
    /// `E`: the editor to run on the file; the event loop takes it, suspends the app, runs
    /// it and hands the result to `App::editor_done`.
    editor: Option<EditorRequest>,
    /// Printed on standard output once the terminal is restored (`s`).
    exit_message: Option<String>,
}

impl Effects {
    pub fn copy(&mut self, text: Zeroizing<String>) {
        self.clipboard = Some(text);
    }

    /// The text waiting to be copied, if any.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn clipboard(&self) -> Option<&str> {
        self.clipboard.as_deref().map(String::as_str)
    }

    pub fn take_clipboard(&mut self) -> Option<Zeroizing<String>> {
        self.clipboard.take()
    }

    pub fn run_editor(&mut self, req: EditorRequest) {
        self.editor = Some(req);
    }

    /// The editor waiting to be run, if any.
    #[cfg_attr(not(feature = "internals"), allow(dead_code))] // for the tests
    pub fn editor(&self) -> Option<&EditorRequest> {
        self.editor.as_ref()
    }

    pub fn take_editor(&mut self) -> Option<EditorRequest> {
        self.editor.take()
    }

    pub fn print_on_exit(&mut self, line: String) {
        self.exit_message = Some(line);
    }

    pub fn exit_message(&self) -> Option<&str> {
        self.exit_message.as_deref()
    }
}
