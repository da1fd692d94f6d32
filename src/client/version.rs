//! A Modal client version number as PyPI spells it: `1.2.6`, `1.3.0.post1`.

use std::fmt;

/// `major.minor.patch` with an optional `.postN`; ordered like PEP 440 for these forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major version.
    pub major: u32,
    /// The minor version.
    pub minor: u32,
    /// The patch version.
    pub patch: u32,
    /// `.postN`: a re-release of the same code (0 when absent).
    pub post: u32,
}

impl Version {
    /// `major.minor.patch`, without `.postN`.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Version {
        Version {
            major,
            minor,
            patch,
            post: 0,
        }
    }

    /// Parses `1.2`, `1.2.6` or `1.3.0.post1` (surrounding whitespace and a leading `v` are
    /// allowed). Pre-releases and local versions are not Modal releases: `None`.
    pub fn parse(text: &str) -> Option<Version> {
        let t = text.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let (main, post) = match t.split_once(".post") {
            Some((m, p)) => (m, Some(p)),
            None => (t, None),
        };
        let num = |s: &str| -> Option<u32> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let parts: Vec<&str> = main.split('.').collect();
        if !(2..=3).contains(&parts.len()) {
            return None;
        }
        Some(Version {
            major: num(parts[0])?,
            minor: num(parts[1])?,
            patch: match parts.get(2) {
                Some(p) => num(p)?,
                None => 0,
            },
            post: match post {
                Some(p) => num(p)?,
                None => 0,
            },
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if self.post > 0 {
            write!(f, ".post{}", self.post)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_release_numbers() {
        let v = |s| Version::parse(s).unwrap();
        assert_eq!(v("1.2.6"), Version::new(1, 2, 6));
        assert_eq!(v(" v1.2 "), Version::new(1, 2, 0));
        assert_eq!(v("1.3.0.post1").to_string(), "1.3.0.post1");
        assert!(v("1.3.0") < v("1.3.0.post1"));
        assert!(v("1.3.0.post1") < v("1.3.1"));
        assert!(v("1.10.0") > v("1.9.9"));
        for bad in [
            "",
            "1",
            "1.x.0",
            "1.2.3.4",
            "1.2.3rc1",
            "1..2",
            "-1.2.3",
            "1.2.3.post",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad:?}");
        }
    }
}
