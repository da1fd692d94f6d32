//! Table headers, `[a.b]` and `[[a.b]]`: where the header ends, how its names are split and
//! unquoted (raw: no escape processing), and how toml 0.10.2 creates, reopens and appends
//! tables, including its list of implicitly created names (kept by name only, at any depth).

use super::Decoder;
use super::error::PyErr;
use super::object::Obj;
use super::pystr::{S, eq, join, slice, split, split_n, strip, text};

fn group_name_ok(g: &[char]) -> bool {
    !g.is_empty()
        && g.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
}

impl Decoder {
    /// Reads the header `line` (stripped, starting with `[`) at code point `pos`; returns the
    /// table that following keys go into.
    pub(super) fn load_header(
        &self,
        line: &[char],
        root: &Obj,
        implicit: &mut Vec<String>,
        pos: usize,
    ) -> Result<Obj, PyErr> {
        if line.len() == 1 {
            return Err(PyErr::decode(
                "Opening key group bracket on line by itself.",
                pos,
            ));
        }
        let (aot, rest, splitstr): (bool, &[char], &[char]) = if line[1] == '[' {
            (true, &line[2..], &[']', ']'])
        } else {
            (false, &line[1..], &[']'])
        };
        let i = super::line::split_count(rest, splitstr);
        let parts = split_n(rest, splitstr, Some(i));
        if parts.len() < i + 1 || !strip(parts.last().expect("a part")).is_empty() {
            return Err(PyErr::decode("Key group not on a line by itself.", pos));
        }
        let joined = join(&parts[..parts.len() - 1], splitstr);
        let mut groups: Vec<S> = split(&joined, &['.']);
        let mut i = 0;
        while i < groups.len() {
            groups[i] = strip(&groups[i]).to_vec();
            if matches!(groups[i].first(), Some('"' | '\'')) {
                let mut groupstr = groups[i].clone();
                let mut j = i + 1;
                while groupstr[0] != groupstr[groupstr.len() - 1] || groupstr.len() == 1 {
                    j += 1;
                    if j > groups.len() + 2 {
                        return Err(PyErr::decode(
                            format!(
                                "Invalid group name '{}' Something went wrong.",
                                text(&groupstr)
                            ),
                            pos,
                        ));
                    }
                    groupstr = strip(&join(&groups[i..j.min(groups.len())], &['.'])).to_vec();
                }
                groups[i] = slice(&groupstr, Some(1), Some(-1)).to_vec();
                let end = j.min(groups.len()).max(i + 1);
                groups.drain(i + 1..end);
            } else if !group_name_ok(&groups[i]) {
                return Err(PyErr::decode(
                    format!("Invalid group name '{}'. Try quoting it.", text(&groups[i])),
                    pos,
                ));
            }
            i += 1;
        }
        if groups.len() > super::MAX_DEPTH {
            return Err(PyErr::TooDeep);
        }
        let line_no = self.line.get();
        let mut level = root.clone();
        let n = groups.len();
        for (i, group) in groups.iter().enumerate() {
            if group.is_empty() || eq(group, "") {
                return Err(PyErr::decode(
                    "Can't have a keygroup with an empty name",
                    pos,
                ));
            }
            let group = text(group);
            let last = i == n - 1;
            match level.get(&group) {
                Ok(Some(existing)) => {
                    if last {
                        if let Some(p) = implicit.iter().position(|g| *g == group) {
                            implicit.remove(p);
                            if aot {
                                return Err(PyErr::decode(
                                    "An implicitly defined table can't be an array",
                                    pos,
                                ));
                            }
                        } else if aot {
                            existing.append(Obj::new_dict(false))?;
                        } else {
                            let shown = crate::py::repr::repr(&level.to_py());
                            return Err(PyErr::decode(
                                format!("What? {group} already exists?{shown}"),
                                pos,
                            ));
                        }
                    }
                }
                Err(_) => {
                    // `except TypeError`: the level is a list (or another value).
                    level = level.last()?.ok_or_else(|| PyErr::raw("-1"))?;
                    if !level.contains(&group)? {
                        level.set(&group, Obj::new_dict(false), line_no)?;
                        if last && aot {
                            level.set(
                                &group,
                                Obj::new_list(vec![Obj::new_dict(false)]),
                                line_no,
                            )?;
                        }
                    }
                }
                Ok(None) => {
                    if !last {
                        implicit.push(group.clone());
                    }
                    level.set(&group, Obj::new_dict(false), line_no)?;
                    if last && aot {
                        level.set(&group, Obj::new_list(vec![Obj::new_dict(false)]), line_no)?;
                    }
                }
            }
            level = level.index(&group)?;
            if aot && let Some(inner) = level.last()? {
                level = inner;
            }
        }
        Ok(level)
    }
}
