//! `cargo bench`: the core paths on a 3-profile file and on a 10,000-profile (~1 MB) file.
//!
//! * `resolve_every_key/*`: read the file from disk and parse it (`ConfigFile::load`), pick the
//!   effective profile, and resolve all 41 settings (`resolve_all`), as `show` does.
//! * `parse_only/*`: `ConfigFile::from_bytes` on bytes already in memory.
//! * `activate_plan/*`: `store::plan(Edit::Activate)`: edit, serialise, re-parse and verify
//!   (everything `profile activate` does except the atomic write).
//!
//! * `findings_and_rows/*`: every diagnostic (`check::findings`) and the app's rows with
//!   their ⚠ marks (`tui::rows::rows_from`), on the 10,000-profile file and on one where every
//!   profile has a finding (`active = "yes"`, 10,000 findings): the cost must grow with
//!   profiles + findings, not their product.
//! * `render_frame/*`: one full frame of the terminal app (`modalcfg::ui::render`) on a ratatui
//!   `TestBackend` of 120x40 (the app is built once; only drawing is timed).
//!
//! * `edit_vs_read/{read,rename,delete,set,activate}/{1k,10k,100k}`: reading the file from disk
//!   (`ConfigFile::load`) next to each edit as `modalcfg` makes it before writing: the plan
//!   (`store::plan_for`: edit, serialise, re-read as the client, verify) and the pre-write check
//!   (`Plan::client_breakage`). Every edit must stay within 2x the read at 100,000 profiles:
//!   linear, as the read is (`profile rename` used to remove every entry one by one: 887 s).
//!
//! The big file is generated here with the same shape as `tools/gen_big_config.py`.
//! Files live in a temporary folder; the real `~/.modal.toml` is never read (HOME points there too).

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use modalcfg::client::Client;
use modalcfg::config::read::file::ConfigFile;
use modalcfg::config::resolve::layers::{effective_profile, resolve_all};
use modalcfg::config::write::edit::Edit;
use modalcfg::config::write::store;
use modalcfg::env::Env;

#[path = "../tests/common/big.rs"]
mod big;
use big::big_config;

const SMALL: &str = r#"# three profiles, `dev` active
[default]
token_id = "ak-default"
environment = "main"

[dev]
token_id = "ak-dev"
server_url = "https://api.modal.com"
active = true

[ci]
environment = "ci"
loglevel = "DEBUG"
"#;

fn env_for(dir: &Path, path: &Path) -> Env {
    Env::from_pairs([
        ("HOME", dir.to_str().unwrap()),
        ("MODAL_CONFIG_PATH", path.to_str().unwrap()),
    ])
}

fn bench_file(c: &mut Criterion, label: &str, text: &str, activate: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("modal.toml");
    std::fs::write(&path, text).unwrap();
    let env = env_for(dir.path(), &path);

    // Sanity: the file parses and the expected profile is active.
    let f = ConfigFile::load(&env);
    assert!(f.error().is_none(), "{label}: {:?}", f.error());
    assert_ne!(effective_profile(&env, &f).name, activate);

    c.bench_function(&format!("resolve_every_key/{label}"), |b| {
        b.iter(|| {
            let file = ConfigFile::load(black_box(&env));
            let choice = effective_profile(&env, &file);
            black_box(resolve_all(
                &Client::newest(),
                Some(&env),
                &file,
                &choice.name,
            ))
        })
    });

    let bytes = text.as_bytes().to_vec();
    c.bench_function(&format!("parse_only/{label}"), |b| {
        b.iter_batched(
            || bytes.clone(),
            |bs| black_box(ConfigFile::from_bytes(&path, bs)),
            BatchSize::LargeInput,
        )
    });

    let edit = Edit::Activate {
        profile: activate.to_string(),
    };
    c.bench_function(&format!("activate_plan/{label}"), |b| {
        b.iter(|| {
            let plan = store::plan(black_box(&f), &edit).unwrap();
            black_box(plan.new_bytes.len())
        })
    });
}

fn bench_render(c: &mut Criterion, label: &str, text: &str) {
    use modalcfg::tui::app::{App, Options};
    use modalcfg::tui::keymap::Action;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("modal.toml");
    let env = env_for(dir.path(), &path);
    let file = ConfigFile::from_bytes(&path, text.as_bytes().to_vec());
    let mut app = App::new(env, file, Options::default());
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function(&format!("render_frame/{label}"), |b| {
        b.iter(|| {
            term.draw(|f| modalcfg::ui::render(black_box(&app), f))
                .unwrap();
        })
    });
}

/// Enter on a profile in the app: plan, atomic write with change detection, reload, and the
/// next frame — what a person waits for after pressing Enter.
fn bench_activate_to_redraw(c: &mut Criterion, label: &str, text: &str) {
    use modalcfg::tui::app::{App, Options};
    use modalcfg::tui::keymap::Action;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("modal.toml");
    let env = env_for(dir.path(), &path);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function(&format!("activate_to_redraw/{label}"), |b| {
        b.iter_batched(
            || {
                std::fs::write(&path, text).unwrap();
                let mut app = App::new(env.clone(), ConfigFile::load(&env), Options::default());
                app.update(Action::Resize {
                    width: 120,
                    height: 40,
                });
                app.update(Action::Top);
                app
            },
            |mut app| {
                app.update(Action::Activate);
                term.draw(|f| modalcfg::ui::render(&app, f)).unwrap();
                black_box(app)
            },
            BatchSize::LargeInput,
        )
    });
}

fn bench_findings(c: &mut Criterion, label: &str, text: &str, marked: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("modal.toml");
    let env = env_for(dir.path(), &path);
    let file = ConfigFile::from_bytes(&path, text.as_bytes().to_vec());
    let client = Client::newest();
    let found = modalcfg::config::diagnose::check::findings(&client, &env, &file);
    let (rows, _) = modalcfg::config::show::profiles::rows_from(&env, &file, &found);
    // Sanity: every flagged profile is marked (and nothing else in the file).
    let file_rows = rows.iter().filter(|r| !r.missing);
    assert_eq!(
        file_rows.filter(|r| !r.warnings.is_empty()).count(),
        marked,
        "{label}"
    );
    c.bench_function(&format!("findings_and_rows/{label}"), |b| {
        b.iter(|| {
            let found =
                modalcfg::config::diagnose::check::findings(&client, black_box(&env), &file);
            black_box(modalcfg::config::show::profiles::rows_from(
                &env, &file, &found,
            ))
        })
    });
}

fn benches(c: &mut Criterion) {
    bench_file(c, "3_profiles", SMALL, "ci");
    bench_render(c, "3_profiles", SMALL);
    let big = big_config(10_000);
    bench_file(c, "10k_profiles", &big, "p00001");
    bench_render(c, "10k_profiles", &big);
    bench_findings(c, "10k_profiles", &big, 0);
    let flagged = (big.replace("active = true\n", ""))
        .replace("environment = ", "active = \"yes\"\nenvironment = ");
    bench_findings(c, "10k_findings", &flagged, 10_000);
    bench_activate_to_redraw(c, "3_profiles", SMALL);
    bench_activate_to_redraw(c, "10k_profiles", &big);
}

/// Each edit next to reading the file, at `n` profiles (edits on the first profile, the
/// active one being `p05000`, so activation changes two profiles).
fn bench_edits(c: &mut Criterion) {
    for (label, n) in [("1k", 1_000), ("10k", 10_000), ("100k", 100_000)] {
        let text = big_config(n);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("modal.toml");
        std::fs::write(&path, &text).unwrap();
        let env = env_for(dir.path(), &path);
        let file = ConfigFile::load(&env);
        assert_eq!(file.profiles().len(), n, "{label}");
        let client = Client::newest();
        let mut g = c.benchmark_group("edit_vs_read");
        if n >= 100_000 {
            g.sample_size(10);
        }
        g.bench_function(format!("read/{label}"), |b| {
            b.iter(|| black_box(ConfigFile::load(black_box(&env))))
        });
        let edits = [
            (
                "rename",
                Edit::RenameProfile {
                    from: "p00001".into(),
                    to: "renamed".into(),
                },
            ),
            (
                "delete",
                Edit::DeleteProfile {
                    name: "p00001".into(),
                },
            ),
            (
                "set",
                Edit::Set {
                    profile: "p00001".into(),
                    key: "environment".into(),
                    value: "changed".into(),
                    force: false,
                },
            ),
            (
                "activate",
                Edit::Activate {
                    profile: "p00001".into(),
                },
            ),
        ];
        for (op, edit) in &edits {
            g.bench_function(format!("{op}/{label}"), |b| {
                b.iter(|| {
                    let plan = store::plan_for(&client, black_box(&file), edit).unwrap();
                    black_box(plan.client_breakage(&client, &env, &file));
                    black_box(plan.new_bytes.len())
                })
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = edits;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(2));
    targets = bench_edits
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(group, edits);
