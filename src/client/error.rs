//! An exception the Modal client raises, typed: its class and its message. It is displayed as
//! Python prints it (`InvalidError: Invalid value for …`), which is what the JSON fields
//! (`error`, `check_error`, `auth_error`, a setting's `error`) hold; nothing parses that text
//! back.

use std::fmt;

/// The exception classes the client raises while it reads its configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// `modal.exception.InvalidError`: a bad value, an unreadable file, the active check.
    InvalidError,
    /// `modal.exception.AuthError`: credentials missing or a profile not found.
    AuthError,
    /// `ValueError`: a transform refused a value (`int("x")`).
    ValueError,
    /// `TypeError`: a value of the wrong type for a transform.
    TypeError,
    /// `KeyError`: a key the settings table does not have (`config[key]`).
    KeyError,
    /// `OverflowError`: a number too large for the client.
    OverflowError,
    /// `ModuleNotFoundError`: a module `import modal` needs is missing.
    ModuleNotFoundError,
}

impl ErrorClass {
    /// The class's name, as Python prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::InvalidError => "InvalidError",
            ErrorClass::AuthError => "AuthError",
            ErrorClass::ValueError => "ValueError",
            ErrorClass::TypeError => "TypeError",
            ErrorClass::KeyError => "KeyError",
            ErrorClass::OverflowError => "OverflowError",
            ErrorClass::ModuleNotFoundError => "ModuleNotFoundError",
        }
    }
}

/// `{class, message}`; `Display` renders `Class: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    /// The exception's class.
    pub class: ErrorClass,
    /// `str(exception)`: may start with a newline and span lines, as the client's does.
    pub message: String,
}

impl ClientError {
    /// An exception of `class` with `message`.
    pub fn new(class: ErrorClass, message: impl Into<String>) -> ClientError {
        ClientError {
            class,
            message: message.into(),
        }
    }

    /// The whole text on one line (the client's messages may start with a newline).
    pub fn one_line(&self) -> String {
        crate::text::first_line(&self.to_string())
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class.as_str(), self.message)
    }
}

impl std::error::Error for ClientError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displayed_as_python_prints_it() {
        let e = ClientError::new(ErrorClass::ValueError, "Invalid format 'abc' for '%' style");
        assert_eq!(
            e.to_string(),
            "ValueError: Invalid format 'abc' for '%' style"
        );
        let wrapped = ClientError::new(ErrorClass::InvalidError, "\nError when reading.\n\nbad");
        assert_eq!(
            wrapped.to_string(),
            "InvalidError: \nError when reading.\n\nbad"
        );
        let two = ClientError::new(
            ErrorClass::InvalidError,
            "No Modal profile is active.\n\nPlease fix",
        );
        assert_eq!(
            two.one_line(),
            "InvalidError: No Modal profile is active. Please fix"
        );
        assert_eq!(wrapped.class, ErrorClass::InvalidError);
    }
}
