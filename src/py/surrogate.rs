//! Python's `surrogateescape`: how the client sees an environment value that is not UTF-8
//! (`os.environ` decodes it so; a byte 0x80–0xFF becomes the lone surrogate U+DC80–U+DCFF).
//! A Rust `String` cannot hold a lone surrogate, so each one is held as a stand-in from the
//! private-use plane, U+10DC80–U+10DCFF (U+10DCxx stands for U+DCxx): `repr` writes it as
//! `\udcxx` as Python does, case mapping leaves it alone as Python does, it compares only
//! with itself, and [`encode`] gives the byte back.

use std::ffi::OsStr;

const BASE: u32 = 0x10_0000;

/// The stand-in for the lone surrogate that escapes byte `b` (0x80–0xFF).
fn stand_in(b: u8) -> char {
    char::from_u32(BASE + 0xDC00 + u32::from(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The lone surrogate `c` stands for (U+DC80–U+DCFF), if it is a stand-in.
pub fn lone_surrogate(c: char) -> Option<u32> {
    let s = (c as u32).checked_sub(BASE)?;
    (0xDC80..=0xDCFF).contains(&s).then_some(s)
}

/// The byte a stand-in escapes.
pub fn escaped_byte(c: char) -> Option<u8> {
    lone_surrogate(c).map(|s| (s - 0xDC00) as u8)
}

/// `bytes.decode("utf-8", "surrogateescape")`.
pub fn decode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|b| stand_in(*b)));
    }
    out
}

/// The string Python's `os.environ` holds for a value: on Unix the bytes decoded with
/// `surrogateescape`; on Windows the OS gives UTF-16, and a lone surrogate there is shown as
/// U+FFFD. The one conversion of an environment value to text.
pub fn env_str(v: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        decode(v.as_bytes())
    }
    #[cfg(not(unix))]
    {
        v.to_string_lossy().into_owned()
    }
}

/// A path as the client's Python holds it (a `str`, bytes that are not UTF-8 as lone
/// surrogates): for the client's own texts that name the file. Human output shows those
/// bytes as `\xNN` (`text::visible`), never as U+FFFD.
pub fn path_str(p: &std::path::Path) -> String {
    env_str(p.as_os_str())
}

/// `s.encode("utf-8", "surrogateescape")`: the bytes back, stand-ins as the bytes they escape.
pub fn encode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match escaped_byte(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_repr_like_python() {
        let s = decode(b"de\xffbug");
        assert_eq!(s.chars().count(), 6);
        assert_eq!(lone_surrogate(s.chars().nth(2).unwrap()), Some(0xDCFF));
        assert_eq!(encode(&s), b"de\xffbug");
        assert_eq!(decode("café".as_bytes()), "café");
        assert_eq!(
            crate::py::repr::str_repr(&crate::py::py_upper(&format!("Level {s}"))),
            "'LEVEL DE\\udcffBUG'"
        );
        assert_eq!(escaped_byte('a'), None);
    }
}
