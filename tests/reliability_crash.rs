//! Crash during a write (issue 7, part 1): the real CLI writers (`profile activate` alternating
//! between two profiles, and `set`) are killed (SIGKILL; TerminateProcess on Windows) at spread-out moments, on files
//! from a few hundred bytes to 1 MB. After every kill the file holds the old bytes or the new
//! bytes exactly (never empty, never partial), and once the next write succeeds no temp file
//! of a killed run is left beside it.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::write::edit::Edit;
use modalcfg::config::write::store::plan;

#[path = "common/big.rs"]
mod big;
use big::big_config;

/// A small deterministic PRNG (xorshift64*), so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn temps(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".modalcfg-"))
        .collect()
}

fn edit_for(i: usize, names: (&str, &str)) -> (Vec<String>, Edit) {
    if i.is_multiple_of(2) {
        let p = if i.is_multiple_of(4) {
            names.0
        } else {
            names.1
        };
        (
            vec!["profile".into(), "activate".into(), p.into()],
            Edit::Activate { profile: p.into() },
        )
    } else {
        let v = format!("v{i}");
        (
            vec![
                "set".into(),
                "environment".into(),
                v.clone(),
                "--profile".into(),
                names.0.into(),
            ],
            Edit::Set {
                profile: names.0.into(),
                key: "environment".into(),
                value: v,
                force: false,
            },
        )
    }
}

#[derive(Default, Debug)]
struct Tally {
    tried: usize,
    old: usize,
    new: usize,
    finished_first: usize,
    temps_seen: usize,
    armed_hits: usize,
}

/// Runs `timed + armed` writes on `text` and kills each one. A timed kill comes after a random
/// delay spread over the whole run (0..1.1 × one write); an armed kill waits until the run's
/// own temp file appears (the write phase: write, fsync, rename, re-read) and comes 0..20 ms
/// later, so the slow parse of a big file in the debug binary is not where every kill lands.
fn crash_loop(
    label: &str,
    text: &str,
    names: (&str, &str),
    (timed, armed): (usize, usize),
    seed: u64,
) -> Tally {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".modal.toml");
    fs::write(&path, text).unwrap();
    let run = |args: &[String]| {
        Command::new(env!("CARGO_BIN_EXE_modalcfg"))
            .env_clear()
            .env("HOME", home.path())
            .env("USERPROFILE", home.path()) // Windows' home
            .env("MODAL_CONFIG_PATH", &path)
            .current_dir(home.path())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Calibrate: how long one uninterrupted write takes here (debug binary, this machine).
    let mut runs: Vec<Duration> = (0..5)
        .map(|k| {
            let (args, _) = edit_for(k, names);
            let t = Instant::now();
            assert!(run(&args).wait().unwrap().success());
            t.elapsed()
        })
        .collect();
    runs.sort();
    let full = runs[2];
    let max_delay = full;
    // After the temp file appears: write, fsync, rename, re-read; a fraction of the run.
    let armed_max = (full / 8).min(Duration::from_millis(20));
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    for i in 0..timed + armed {
        let old = fs::read(&path).unwrap();
        let (args, edit) = edit_for(i + 5, names);
        let mut child = run(&args);
        let delay = if i < timed {
            let d = Duration::from_micros(rng.below(max_delay.as_micros() as u64));
            std::thread::sleep(d);
            d
        } else {
            // Wait for this run's temp file (its name carries the pid), or for the run to end.
            let tag = format!(".modalcfg-{}-", child.id());
            let start = Instant::now();
            while child.try_wait().unwrap().is_none()
                && !temps(home.path()).iter().any(|n| n.contains(&tag))
            {
                assert!(
                    start.elapsed() < Duration::from_secs(60),
                    "{label}: run hangs"
                );
                std::thread::yield_now();
            }
            tally.armed_hits += usize::from(child.try_wait().unwrap().is_none());
            let d = Duration::from_micros(rng.below(armed_max.as_micros() as u64));
            std::thread::sleep(d);
            start.elapsed()
        };
        // SIGKILL on Unix, TerminateProcess on Windows (an error only if it already exited).
        let _ = child.kill();
        let status = child.wait().unwrap();
        tally.tried += 1;
        if status.success() {
            tally.finished_first += 1;
        }
        let now = fs::read(&path).unwrap();
        assert!(
            !now.is_empty(),
            "{label}: empty file after kill {i} at {delay:?}"
        );
        if now == old {
            tally.old += 1;
        } else if now
            == plan(&ConfigFile::from_bytes(&path, old.clone()), &edit)
                .unwrap()
                .new_bytes
        {
            tally.new += 1;
        } else {
            panic!(
                "{label}: kill {i} at {delay:?} left {} bytes that are neither the old ({}) nor the new content",
                now.len(),
                old.len(),
            );
        }
        if !temps(home.path()).is_empty() {
            tally.temps_seen += 1;
        }
    }
    // The next successful write removes every temp file the killed runs left.
    let (args, _) = edit_for(999_999, names);
    assert!(run(&args).wait().unwrap().success());
    let left = temps(home.path());
    assert!(
        left.is_empty(),
        "{label}: temp files left after a clean write: {left:?}"
    );
    eprintln!(
        "{label} ({} bytes, one write {full:.1?}): {} kills ({timed} spread over 0..{max_delay:.1?}, {armed} armed on the temp file and 0..{armed_max:.1?} later, {} of them caught it), {} survived (old {} / new {}; {} runs finished first); {} kills left a temp file, all removed by the next write",
        text.len(),
        tally.tried,
        tally.armed_hits,
        tally.old + tally.new,
        tally.old,
        tally.new,
        tally.finished_first,
        tally.temps_seen
    );
    tally
}

#[test]
fn sigkill_during_writes_leaves_old_or_new_bytes() {
    const SMALL: &str = "# two profiles, by hand\n[dev]\ntoken_id = \"ak-dev\"   # keep\nenvironment = \"e\"\n\n[prod]\nactive = true\nloglevel = \"info\"\n";
    let runs = [
        (
            "small",
            SMALL.to_string(),
            ("dev", "prod"),
            (120, 42),
            0x9E37_79B9_7F4A_7C15,
        ),
        (
            "100 KB",
            big_config(1_000),
            ("p00001", "p00002"),
            (10, 30),
            0xD1B5_4A32_D192_ED03,
        ),
        (
            "1 MB",
            big_config(10_000),
            ("p00001", "p00002"),
            (0, 8),
            0x8CB9_2BA7_2F3D_8DD7,
        ),
    ];
    let (mut tried, mut survived) = (0, 0);
    for (label, text, names, kills, seed) in runs {
        let t = crash_loop(label, &text, names, kills, seed);
        tried += t.tried;
        survived += t.old + t.new;
    }
    eprintln!("SIGKILL: {survived} of {tried} kills survived (file old or new, byte for byte)");
    assert_eq!(survived, tried);
    assert!(tried >= 200);
}
