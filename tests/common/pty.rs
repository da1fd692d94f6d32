//! The real binary in a pseudo-terminal (portable-pty + vt100): a reader thread feeds what
//! the app writes to a vt100 screen and keeps every raw byte, and the `wait_*` helpers poll
//! until what they wait for shows up, with a deadline, never a fixed sleep.
//!
//! Not every test crate that includes `mod common;` drives a terminal.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long the `wait_*` helpers poll before they fail, unless set with
/// [`PtyBuilder::deadline`].
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

/// What to run: `modalcfg` with `args`, in a `cols`x`rows` terminal, with an environment
/// cleared down to `TERM=xterm-256color` and the variables given (later ones win).
pub struct PtyBuilder {
    /// What to run instead of `modalcfg` (a shell, for job-control tests).
    program: Option<OsString>,
    args: Vec<OsString>,
    vars: Vec<(OsString, OsString)>,
    cols: u16,
    rows: u16,
    cwd: Option<PathBuf>,
    deadline: Duration,
}

impl PtyBuilder {
    /// Runs `program` instead of the app (e.g. an interactive `bash` that starts it).
    pub fn program(mut self, program: impl AsRef<OsStr>) -> Self {
        self.program = Some(program.as_ref().to_os_string());
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: &[S]) -> Self {
        self.args
            .extend(args.iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.vars
            .push((key.as_ref().to_os_string(), value.as_ref().to_os_string()));
        self
    }

    pub fn envs<K: AsRef<OsStr>, V: AsRef<OsStr>>(mut self, vars: &[(K, V)]) -> Self {
        for (k, v) in vars {
            self = self.env(k, v);
        }
        self
    }

    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    pub fn cwd(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_path_buf());
        self
    }

    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    pub fn spawn(self) -> Pty {
        let (cols, rows) = (self.cols, self.rows);
        let pair = native_pty_system().openpty(pty_size(cols, rows)).unwrap();
        let program = self
            .program
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_modalcfg").into());
        let mut cmd = CommandBuilder::new(program);
        cmd.args(&self.args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        if let Some(dir) = &self.cwd {
            cmd.cwd(dir);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (s, r) = (screen.clone(), raw.clone());
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty {
            master: pair.master,
            writer,
            child,
            screen,
            raw,
            reader: Some(reader),
            deadline: self.deadline,
        }
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

pub fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// The running app.
pub struct Pty {
    pub master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the app wrote, to check that no secret ever went out.
    raw: Arc<Mutex<Vec<u8>>>,
    /// The thread copying the app's output; it ends when the app has exited.
    reader: Option<std::thread::JoinHandle<()>>,
    pub deadline: Duration,
}

impl Pty {
    /// An 80x24 terminal, no arguments, no variables but `TERM`, the default deadline.
    pub fn builder() -> PtyBuilder {
        PtyBuilder {
            program: None,
            args: Vec::new(),
            vars: Vec::new(),
            cols: 80,
            rows: 24,
            cwd: None,
            deadline: DEFAULT_DEADLINE,
        }
    }

    /// The visible text of the screen.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// How many bytes the app has written so far.
    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// The bytes the app wrote from offset `from` on.
    pub fn raw_from(&self, from: usize) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()[from..]).into_owned()
    }

    /// Polls the screen until `pred` holds; panics with the screen after the deadline.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.contents();
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < self.deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// The first whole frame: the footer is the last line drawn.
    pub fn first_frame(&self) -> String {
        self.wait_text("q quit")
    }

    /// One write: Esc must go alone, or it reads as Alt+key.
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types text one character per write, as a person would.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
        }
    }

    /// Resizes the terminal and the screen that mirrors it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(pty_size(cols, rows)).unwrap();
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
    }

    /// Waits for the app to exit (killing it and panicking after the deadline) and returns
    /// its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if start.elapsed() > self.deadline {
                let _ = self.child.kill();
                panic!("the app did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Everything the app wrote, once it has exited and its output is drained.
    pub fn output(&mut self) -> String {
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        self.raw_from(0)
    }

    /// [`wait_exit`](Self::wait_exit), then [`output`](Self::output).
    pub fn finish(&mut self) -> (u32, String) {
        let code = self.wait_exit();
        (code, self.output())
    }
}
