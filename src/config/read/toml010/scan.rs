//! The first pass of `loads`: one walk over the characters that tracks quotes, key names,
//! headers and open arrays. It blanks comments, joins the lines of an open array, rewrites
//! the newline after a `""`/`''` inside a multi-line string, and raises the errors found on
//! the way (key name without value, invalid character in a key, unbalanced quotes).

use super::error::PyErr;
use super::pystr::{is_alnum, is_space};

/// `sl[i]` on the list of characters (negative indexes wrap; IndexError past either end).
fn at(sl: &[char], i: isize) -> Result<char, PyErr> {
    let n = sl.len() as isize;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(PyErr::raw("list index out of range"));
    }
    Ok(sl[j as usize])
}

fn set(sl: &mut [char], i: isize, c: char) {
    let n = sl.len() as isize;
    let j = if i < 0 { i + n } else { i };
    if (0..n).contains(&j) {
        sl[j as usize] = c;
    }
}

/// Runs the first pass over the text's code points and returns them rewritten.
pub(super) fn scan(original: &[char]) -> Result<Vec<char>, PyErr> {
    let mut sl = original.to_vec();
    let len = sl.len();
    let mut openarr: i64 = 0;
    let mut openstring = false;
    let mut openstrchar: Option<char> = None;
    let mut multilinestr = false;
    let mut arrayoftables = false;
    let mut beginline = true;
    let mut keygroup = false;
    let mut dottedkey = false;
    let mut keyname = 0u8;

    let mut idx = 0usize;
    'chars: while idx < len {
        let i = idx as isize;
        idx += 1;
        let item = sl[i as usize];
        if item == '\r' && at(&sl, i + 1)? == '\n' {
            sl[i as usize] = ' ';
            continue;
        }
        if keyname != 0 {
            if item == '\n' {
                return Err(PyErr::decode(
                    "Key name found without value. Reached end of line.",
                    i as usize,
                ));
            }
            if openstring {
                if Some(item) == openstrchar {
                    let mut odd = false;
                    let mut k = 1;
                    while i >= k && sl[(i - k) as usize] == '\\' {
                        odd = !odd;
                        k += 1;
                    }
                    if !odd {
                        keyname = 2;
                        openstring = false;
                        openstrchar = None;
                    }
                }
                continue;
            } else if keyname == 1 {
                if is_space(item) {
                    keyname = 2;
                    continue;
                } else if item == '.' {
                    dottedkey = true;
                    continue;
                } else if is_alnum(item) || item == '_' || item == '-' {
                    continue;
                } else if dottedkey && at(&sl, i - 1)? == '.' && (item == '"' || item == '\'') {
                    openstring = true;
                    openstrchar = Some(item);
                    continue;
                }
            } else if keyname == 2 {
                if is_space(item) {
                    if dottedkey {
                        let next = at(&sl, i + 1)?;
                        if !is_space(next) && next != '.' {
                            keyname = 1;
                        }
                    }
                    continue;
                }
                if item == '.' {
                    dottedkey = true;
                    let next = at(&sl, i + 1)?;
                    if !is_space(next) && next != '.' {
                        keyname = 1;
                    }
                    continue;
                }
            }
            if item == '=' {
                keyname = 0;
                dottedkey = false;
            } else {
                return Err(PyErr::decode(
                    format!(
                        "Found invalid character in key name: '{item}'. Try quoting the key name."
                    ),
                    i as usize,
                ));
            }
        }
        if item == '\'' && openstrchar != Some('"') {
            let mut k = 1;
            while let Ok(c) = at(&sl, i - k) {
                if c != '\'' {
                    break;
                }
                k += 1;
                if k == 3 {
                    break;
                }
            }
            if k == 3 {
                multilinestr = !multilinestr;
                openstring = multilinestr;
            } else {
                openstring = !openstring;
            }
            openstrchar = openstring.then_some('\'');
        }
        if item == '"' && openstrchar != Some('\'') {
            let mut odd = false;
            let mut k = 1;
            let mut tripquote = false;
            'count: {
                loop {
                    match at(&sl, i - k) {
                        Ok('"') => {
                            k += 1;
                            if k == 3 {
                                tripquote = true;
                                break;
                            }
                        }
                        Ok(_) => break,
                        Err(_) => break 'count,
                    }
                }
                if k == 1 || (k == 3 && tripquote) {
                    while let Ok('\\') = at(&sl, i - k) {
                        odd = !odd;
                        k += 1;
                    }
                }
            }
            if !odd {
                if tripquote {
                    multilinestr = !multilinestr;
                    openstring = multilinestr;
                } else {
                    openstring = !openstring;
                }
            }
            openstrchar = openstring.then_some('"');
        }
        if item == '#' && !openstring && !keygroup && !arrayoftables {
            let mut j = i as usize;
            while j < len && sl[j] != '\n' {
                sl[j] = ' ';
                j += 1;
            }
            if j >= len {
                break 'chars;
            }
        }
        if item == '[' && !openstring && !keygroup && !arrayoftables {
            if beginline {
                if len > idx && sl[idx] == '[' {
                    arrayoftables = true;
                } else {
                    keygroup = true;
                }
            } else {
                openarr += 1;
            }
        }
        if item == ']' && !openstring {
            if keygroup {
                keygroup = false;
            } else if arrayoftables {
                if at(&sl, i - 1)? == ']' {
                    arrayoftables = false;
                }
            } else {
                openarr -= 1;
            }
        }
        if item == '\n' {
            if openstring || multilinestr {
                if !multilinestr {
                    return Err(PyErr::decode("Unbalanced quotes", i as usize));
                }
                let prev = at(&sl, i - 1)?;
                if (prev == '\'' || prev == '"') && at(&sl, i - 2)? == prev {
                    sl[i as usize] = prev;
                    if at(&sl, i - 3)? == prev {
                        set(&mut sl, i - 3, ' ');
                    }
                }
            } else if openarr != 0 {
                sl[i as usize] = ' ';
            } else {
                beginline = true;
            }
        } else if beginline && sl[i as usize] != ' ' && sl[i as usize] != '\t' {
            beginline = false;
            if !keygroup && !arrayoftables {
                if sl[i as usize] == '=' {
                    return Err(PyErr::decode("Found empty keyname. ", i as usize));
                }
                keyname = 1;
            }
        }
    }
    if keyname != 0 {
        return Err(PyErr::decode(
            "Key name found without value. Reached end of file.",
            len,
        ));
    }
    if openstring {
        return Err(PyErr::decode(
            "Unterminated string found. Reached end of file.",
            len,
        ));
    }
    Ok(sl)
}
