//! Windows console-script launchers: which interpreter a `modal.exe` runs, read from the file
//! (never run). Two formats are known:
//!
//! - pip's (distlib's `t64.exe` and friends, also pipx's): the launcher program, then a
//!   `#!<python path>` line (quoted when the path has spaces), then a zip holding
//!   `__main__.py`. The launcher finds the line by locating the zip's end record and looking
//!   back from the zip's start for the last `#!`; so does this module.
//! - uv's trampoline (`uv venv` + `uv pip`, `uv tool install` on Windows): the interpreter's
//!   path is the `UV_PYTHON_PATH` resource (type `RT_RCDATA`, UTF-8, absolute or relative to
//!   the launcher's folder) in the PE file's resource section. Older uv releases appended the
//!   path at the end of the file instead; that format is not read (the launcher's own
//!   environment, `Scripts\..`, still finds a venv's modal).
//!
//! Platform-free: the bytes are the same whichever OS reads them, so the tests run everywhere.

/// Launchers are small (pip's about 100 KB, uv's about 40 KB plus the script); a bigger
/// `modal.exe` is read only this far.
pub const MAX_LAUNCHER_BYTES: u64 = 8 << 20;

/// The interpreter path a launcher names, as written there. `Err` says why none was found.
pub fn interpreter(data: &[u8]) -> Result<String, String> {
    // The resource first: uv's script data is itself a zip (inside the resource section), so
    // looking for an appended zip could land there.
    if let Some(python) = pe_resource(data, RT_RCDATA, "UV_PYTHON_PATH") {
        return String::from_utf8(python.to_vec())
            .map_err(|_| "its UV_PYTHON_PATH is not UTF-8".to_string());
    }
    if let Some(python) = shebang_before_zip(data)? {
        return Ok(python);
    }
    Err("a Windows program, not a pip or uv launcher (no #! line, no UV_PYTHON_PATH)".into())
}

/// distlib's `#!` line between the launcher and the appended zip; `Ok(None)` without a zip.
fn shebang_before_zip(data: &[u8]) -> Result<Option<String>, String> {
    let Some(zip_start) = appended_zip_start(data) else {
        return Ok(None);
    };
    let before = &data[..zip_start];
    // The line is short (a path); look back no further than Windows' longest path.
    let window = &before[before.len().saturating_sub(64 * 1024)..];
    let Some(at) = window.windows(2).rposition(|w| w == b"#!") else {
        return Ok(None);
    };
    let line = &window[at + 2..];
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = std::str::from_utf8(line).map_err(|_| "its #! line is not UTF-8".to_string())?;
    let line = line.trim();
    let python = match line.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next().unwrap_or(""),
        None => line.split_whitespace().next().unwrap_or(""),
    };
    if python.is_empty() {
        return Err("its #! line names no interpreter".into());
    }
    Ok(Some(python.to_string()))
}

/// Where a zip appended to the file starts: from the end-of-central-directory record (the last
/// 22 bytes plus at most a 64 KiB comment), the central directory's size and offset.
fn appended_zip_start(data: &[u8]) -> Option<usize> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let from = data.len().saturating_sub(22 + 0xFFFF);
    let at = from + data[from..].windows(4).rposition(|w| w == EOCD)?;
    let cd_size = u32_at(data, at + 12)? as usize;
    let cd_offset = u32_at(data, at + 16)? as usize;
    at.checked_sub(cd_size)?.checked_sub(cd_offset)
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

const RT_RCDATA: u32 = 10;

/// The data of the resource `type_id`/`name` (first language) in a PE file, found through the
/// headers: the optional header's resource directory (data directory 2), the section that
/// holds it, then the three-level resource tree (type, name, language). `None` when the file
/// is not a PE file or has no such resource; every offset is bounds-checked.
fn pe_resource<'a>(data: &'a [u8], type_id: u32, name: &str) -> Option<&'a [u8]> {
    if !data.starts_with(b"MZ") {
        return None;
    }
    let pe = u32_at(data, 0x3C)? as usize;
    if data.get(pe..pe.checked_add(4)?)? != b"PE\0\0" {
        return None;
    }
    let coff = pe + 4;
    let sections = u16_at(data, coff + 2)? as usize;
    let optional_size = u16_at(data, coff + 16)? as usize;
    let optional = coff + 20;
    let (count_at, dirs_at) = match u16_at(data, optional)? {
        0x10b => (optional + 92, optional + 96),
        0x20b => (optional + 108, optional + 112),
        _ => return None,
    };
    if u32_at(data, count_at)? < 3 {
        return None;
    }
    let rsrc_rva = u32_at(data, dirs_at + 2 * 8)?;
    if rsrc_rva == 0 {
        return None;
    }
    let table = optional.checked_add(optional_size)?;
    let to_offset = |rva: u32| -> Option<usize> {
        (0..sections).find_map(|i| {
            let s = table + i * 40;
            let virtual_size = u32_at(data, s + 8)?;
            let va = u32_at(data, s + 12)?;
            let raw_size = u32_at(data, s + 16)?;
            let raw = u32_at(data, s + 20)?;
            let end = va.checked_add(virtual_size.max(raw_size))?;
            if va <= rva && rva < end {
                ((rva - va) as usize).checked_add(raw as usize)
            } else {
                None
            }
        })
    };
    let base = to_offset(rsrc_rva)?;
    let types = base;
    let names = subdirectory(data, base, types, |id| id == Entry::Id(type_id))?;
    let wanted: Vec<u16> = name.encode_utf16().collect();
    let languages = subdirectory(data, base, names, |id| match id {
        Entry::Name(at) => resource_name(data, base + at).is_some_and(|n| n == wanted),
        Entry::Id(_) => false,
    })?;
    let (_, target) = entries(data, languages).next()?;
    if target & 0x8000_0000 != 0 {
        return None;
    }
    let entry = base.checked_add(target as usize)?;
    let rva = u32_at(data, entry)?;
    let size = u32_at(data, entry + 4)? as usize;
    let start = to_offset(rva)?;
    data.get(start..start.checked_add(size)?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// A named entry: the offset of its name (from the resource section's start).
    Name(usize),
    Id(u32),
}

/// A resource directory's entries: (name or id, offset to data or subdirectory).
fn entries(data: &[u8], dir: usize) -> impl Iterator<Item = (Entry, u32)> + '_ {
    let named = u16_at(data, dir + 12).unwrap_or(0) as usize;
    let ids = u16_at(data, dir + 14).unwrap_or(0) as usize;
    (0..named + ids).map_while(move |i| {
        let at = dir + 16 + i * 8;
        let name = u32_at(data, at)?;
        let target = u32_at(data, at + 4)?;
        let id = if name & 0x8000_0000 != 0 {
            Entry::Name((name & 0x7FFF_FFFF) as usize)
        } else {
            Entry::Id(name)
        };
        Some((id, target))
    })
}

/// The subdirectory of the first entry of `dir` that `wanted` accepts.
fn subdirectory(
    data: &[u8],
    base: usize,
    dir: usize,
    wanted: impl Fn(Entry) -> bool,
) -> Option<usize> {
    let (_, target) = entries(data, dir).find(|(id, _)| wanted(*id))?;
    if target & 0x8000_0000 == 0 {
        return None;
    }
    base.checked_add((target & 0x7FFF_FFFF) as usize)
}

/// A resource name: a u16 length, then that many UTF-16 units.
fn resource_name(data: &[u8], at: usize) -> Option<Vec<u16>> {
    let len = u16_at(data, at)? as usize;
    (0..len).map(|i| u16_at(data, at + 2 + i * 2)).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A stored zip holding `__main__.py`, as distlib appends it.
    fn zip_with_main() -> Vec<u8> {
        let body = b"import sys\nfrom modal.__main__ import main\nsys.exit(main())\n";
        let name = b"__main__.py";
        let mut z = Vec::new();
        z.extend_from_slice(b"PK\x03\x04");
        z.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&(body.len() as u32).to_le_bytes());
        z.extend_from_slice(&(body.len() as u32).to_le_bytes());
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z.extend_from_slice(name);
        z.extend_from_slice(body);
        let cd_offset = z.len();
        z.extend_from_slice(b"PK\x01\x02");
        z.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&(body.len() as u32).to_le_bytes());
        z.extend_from_slice(&(body.len() as u32).to_le_bytes());
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&[0; 12]);
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(name);
        let cd_size = z.len() - cd_offset;
        z.extend_from_slice(b"PK\x05\x06");
        z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        z.extend_from_slice(&(cd_size as u32).to_le_bytes());
        z.extend_from_slice(&(cd_offset as u32).to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z
    }

    /// pip's launcher: a program (here only its `MZ` start and filler that contains a stray
    /// `#!` the search must not stop at), the `#!` line, the zip.
    pub(crate) fn pip_launcher(python: &str) -> Vec<u8> {
        let mut exe = b"MZ\x90\x00".to_vec();
        exe.extend_from_slice(b"launcher code #!not-this\x00");
        exe.resize(4096, 0);
        let quoted = if python.contains(' ') {
            format!("\"{python}\"")
        } else {
            python.to_string()
        };
        // distlib ends the line with `\n`, then adds `os.linesep` (`\r\n` on Windows).
        exe.extend_from_slice(format!("#!{quoted}\n\r\n").as_bytes());
        exe.extend_from_slice(&zip_with_main());
        exe
    }

    /// A minimal PE32+ file with one `.rsrc` section holding `RT_RCDATA` resources, laid out
    /// as the Windows resource compiler and uv's builder write them (names as UTF-16).
    pub(crate) fn pe_with_resources(resources: &[(&str, &[u8])]) -> Vec<u8> {
        const RVA: u32 = 0x1000;
        const RAW: u32 = 0x400;
        let mut rsrc: Vec<u8> = Vec::new();
        let dir = |rsrc: &mut Vec<u8>, named: u16, ids: u16| {
            rsrc.extend_from_slice(&[0; 12]);
            rsrc.extend_from_slice(&named.to_le_bytes());
            rsrc.extend_from_slice(&ids.to_le_bytes());
        };
        let put = |rsrc: &mut Vec<u8>, at: usize, v: u32| {
            rsrc[at..at + 4].copy_from_slice(&v.to_le_bytes());
        };
        // Root: one id entry (RT_RCDATA) -> names directory.
        dir(&mut rsrc, 0, 1);
        rsrc.extend_from_slice(&RT_RCDATA.to_le_bytes());
        let root_target = rsrc.len();
        rsrc.extend_from_slice(&[0; 4]);
        let names_dir = rsrc.len();
        put(&mut rsrc, root_target, 0x8000_0000 | names_dir as u32);
        dir(&mut rsrc, resources.len() as u16, 0);
        let first_entry = rsrc.len();
        rsrc.resize(first_entry + 8 * resources.len(), 0);
        for (i, (name, data)) in resources.iter().enumerate() {
            let entry = first_entry + 8 * i;
            let name_at = rsrc.len();
            let units: Vec<u16> = name.encode_utf16().collect();
            rsrc.extend_from_slice(&(units.len() as u16).to_le_bytes());
            for u in units {
                rsrc.extend_from_slice(&u.to_le_bytes());
            }
            while !rsrc.len().is_multiple_of(4) {
                rsrc.push(0);
            }
            put(&mut rsrc, entry, 0x8000_0000 | name_at as u32);
            let lang_dir = rsrc.len();
            put(&mut rsrc, entry + 4, 0x8000_0000 | lang_dir as u32);
            dir(&mut rsrc, 0, 1);
            rsrc.extend_from_slice(&0u32.to_le_bytes());
            let data_entry = rsrc.len() + 4;
            rsrc.extend_from_slice(&(data_entry as u32).to_le_bytes());
            let data_at = data_entry + 16;
            rsrc.extend_from_slice(&(RVA + data_at as u32).to_le_bytes());
            rsrc.extend_from_slice(&(data.len() as u32).to_le_bytes());
            rsrc.extend_from_slice(&[0; 8]);
            rsrc.extend_from_slice(data);
            while !rsrc.len().is_multiple_of(4) {
                rsrc.push(0);
            }
        }
        let mut pe = vec![0u8; RAW as usize];
        pe[..2].copy_from_slice(b"MZ");
        pe[0x3C..0x40].copy_from_slice(&0x80u32.to_le_bytes());
        pe[0x80..0x84].copy_from_slice(b"PE\0\0");
        let coff = 0x84;
        pe[coff..coff + 2].copy_from_slice(&0x8664u16.to_le_bytes());
        pe[coff + 2..coff + 4].copy_from_slice(&1u16.to_le_bytes());
        pe[coff + 16..coff + 18].copy_from_slice(&240u16.to_le_bytes());
        let opt = coff + 20;
        pe[opt..opt + 2].copy_from_slice(&0x20bu16.to_le_bytes());
        pe[opt + 108..opt + 112].copy_from_slice(&16u32.to_le_bytes());
        pe[opt + 112 + 16..opt + 112 + 20].copy_from_slice(&RVA.to_le_bytes());
        pe[opt + 112 + 20..opt + 112 + 24].copy_from_slice(&(rsrc.len() as u32).to_le_bytes());
        let s = opt + 240;
        pe[s..s + 5].copy_from_slice(b".rsrc");
        pe[s + 8..s + 12].copy_from_slice(&(rsrc.len() as u32).to_le_bytes());
        pe[s + 12..s + 16].copy_from_slice(&RVA.to_le_bytes());
        pe[s + 16..s + 20].copy_from_slice(&(rsrc.len() as u32).to_le_bytes());
        pe[s + 20..s + 24].copy_from_slice(&RAW.to_le_bytes());
        pe.extend_from_slice(&rsrc);
        pe
    }

    #[test]
    fn pips_launcher_names_its_interpreter_in_the_line_before_the_zip() {
        let exe = pip_launcher(r"C:\Users\me\proj\.venv\Scripts\python.exe");
        assert_eq!(
            interpreter(&exe).unwrap(),
            r"C:\Users\me\proj\.venv\Scripts\python.exe"
        );
        // Spaces: distlib quotes the path.
        let exe = pip_launcher(r"C:\Program Files\Python312\python.exe");
        assert_eq!(
            interpreter(&exe).unwrap(),
            r"C:\Program Files\Python312\python.exe"
        );
    }

    #[test]
    fn uvs_trampoline_names_its_interpreter_in_a_resource() {
        let exe = pe_with_resources(&[
            ("UV_TRAMPOLINE_KIND", &[1]),
            (
                "UV_PYTHON_PATH",
                br"C:\Users\me\AppData\Roaming\uv\tools\modal\Scripts\python.exe",
            ),
            ("UV_SCRIPT_DATA", &zip_with_main()),
        ]);
        assert_eq!(
            interpreter(&exe).unwrap(),
            r"C:\Users\me\AppData\Roaming\uv\tools\modal\Scripts\python.exe"
        );
        assert_eq!(
            pe_resource(&exe, RT_RCDATA, "UV_TRAMPOLINE_KIND"),
            Some(&[1u8][..])
        );
        assert_eq!(pe_resource(&exe, RT_RCDATA, "UV_PYTHON"), None);
        assert_eq!(pe_resource(&exe, 3, "UV_PYTHON_PATH"), None);
    }

    #[test]
    fn other_programs_and_damaged_files_are_said_plainly_and_never_panic() {
        let plain = pe_with_resources(&[("SOMETHING", b"else")]);
        assert!(
            interpreter(&plain)
                .unwrap_err()
                .contains("not a pip or uv launcher")
        );
        assert!(interpreter(b"MZ").is_err());
        // Every truncation of both formats: an answer or an error, no panic.
        for exe in [
            pip_launcher(r"C:\py\python.exe"),
            pe_with_resources(&[("UV_PYTHON_PATH", b"python.exe")]),
        ] {
            for n in 0..exe.len() {
                let _ = interpreter(&exe[..n]);
            }
            let mut flipped = exe.clone();
            for i in (0..flipped.len()).step_by(7) {
                flipped[i] ^= 0xFF;
                let _ = interpreter(&flipped);
            }
        }
    }
}
