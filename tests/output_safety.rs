//! Nothing lost, nothing half-written (issue 6): a failed or killed run leaves
//! the previous output folder exactly as it was; an output location that
//! cannot be written is an error naming the path, found before simulating; a
//! run too large for memory is refused up front; outputs are reproducible.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn selloff() -> Command {
    Command::new(env!("CARGO_BIN_EXE_selloff"))
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(snapshot(&p));
        } else {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

/// Names in `dir` other than `keep`.
fn others(dir: &Path, keep: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n != keep)
        .collect()
}

/// A first, successful run into `out`.
fn first_run(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    selloff()
        .args(["run", "japan-fire-sale", "-q", "--out"])
        .arg(out)
        .assert()
        .success();
    let snap = snapshot(out);
    assert!(snap.keys().any(|p| p.ends_with("series.csv")));
    assert!(snap.keys().any(|p| p.ends_with("summary.json")));
    snap
}

#[test]
fn a_fault_midway_leaves_the_previous_folder_byte_identical() {
    for point in ["series.csv", "summary.json"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let before = first_run(&out);
        // A different run (another scenario) that fails after writing `point`.
        let o = selloff()
            .args(["run", "japan-gradual", "-q", "--out"])
            .arg(&out)
            .env("SELLOFF_INJECT_FAULT", point)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{point}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with("error: injected fault after writing"),
            "{err}"
        );
        assert_eq!(
            snapshot(&out),
            before,
            "fault after {point} changed the folder"
        );
        assert!(
            others(tmp.path(), "out").is_empty(),
            "staging left behind after a fault at {point}: {:?}",
            others(tmp.path(), "out")
        );
    }
}

#[test]
fn a_fault_on_the_first_run_leaves_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    selloff()
        .args(["run", "japan-fire-sale", "-q", "--out"])
        .arg(&out)
        .env("SELLOFF_INJECT_FAULT", "summary.json")
        .assert()
        .code(1);
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

#[test]
fn a_process_killed_before_commit_leaves_the_previous_folder_and_the_next_run_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let before = first_run(&out);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_selloff"))
        .args(["run", "japan-gradual", "-q", "--out"])
        .arg(&out)
        .env("SELLOFF_TEST_PAUSE_BEFORE_COMMIT_MS", "60000")
        .spawn()
        .unwrap();
    // Wait until every file is staged (the run is in its pause before the commit).
    let start = Instant::now();
    let staged = loop {
        let found = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(".out.selloff-staging-"))
                    && p.join("summary.json").exists()
            });
        if let Some(p) = found {
            break p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the run never staged its files"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL: no destructor, no cleanup
    child.wait().unwrap();
    assert_eq!(snapshot(&out), before, "a killed run changed the folder");
    assert!(
        staged.exists(),
        "a killed process leaves its staging folder"
    );
    // The next run removes the stale staging folder and replaces the output.
    selloff()
        .args(["run", "japan-gradual", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        others(tmp.path(), "out").is_empty(),
        "stale staging not cleaned up"
    );
    assert_ne!(snapshot(&out), before);
}

/// A scenario that takes long to simulate (2,000 holders, ten years of
/// business days: about 30 s in a debug build) but is within the memory limit.
fn slow_scenario(dir: &Path) -> PathBuf {
    let mut s = String::from(
        "extends = \"baseline\"\n[time]\nstep = \"day\"\nhorizon_years = 10\n[holders.japan.sale]\ntotal_bn = 1000\nsteps = 60\n",
    );
    for i in 0..2000 {
        s.push_str(&format!(
            "[holders.h{i}]\nholdings_bn = 10\nduration_years = 5\nelasticity_pct_per_100bp = 1\nadjustment_months = 6\n"
        ));
    }
    let p = dir.join("slow.toml");
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn a_path_through_a_file_is_an_error_naming_it_before_any_simulation() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, b"not a folder").unwrap();
    let slow = slow_scenario(tmp.path());
    // A file on the way cannot be written (exit 1); a file as the target is
    // refused as a target (exit 2: the user's to fix).
    for (out, code, start) in [
        (file.join("out"), 1, "error: cannot write the output folder"),
        (
            file.clone(),
            2,
            "error: refusing to write the output folder",
        ),
    ] {
        let t = Instant::now();
        let o = selloff()
            .arg("run")
            .arg(&slow)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{err}");
        assert!(err.starts_with(start), "{err}");
        assert!(err.contains(&file.display().to_string()), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        // The scenario takes tens of seconds to simulate; the error comes first.
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "took {:?}: the output location was checked after simulating",
            t.elapsed()
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"not a folder");
}

#[test]
fn a_read_only_folder_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let ro = tmp.path().join("read-only");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), b"x").is_ok() {
        // Running as root: permissions do not apply, nothing to test.
        eprintln!("skipped: the read-only folder is writable (running as root)");
        return;
    }
    let o = selloff()
        .args(["run", "japan-fire-sale", "-q", "--out"])
        .arg(ro.join("out"))
        .output()
        .unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&ro.display().to_string()), "{err}");
    assert!(err.contains("ermission denied"), "{err}");
}

#[test]
fn a_folder_that_does_not_exist_yet_is_created() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("a").join("b").join("c");
    selloff()
        .args(["run", "japan-fire-sale", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("summary.json").is_file());
}

#[test]
fn a_run_too_large_for_memory_is_refused_up_front_with_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = String::from(
        "extends = \"baseline\"\n[time]\nstep = \"day\"\nsteps = 30000\n[holders.japan.sale]\ntotal_bn = 1000\nsteps = 60\n",
    );
    for i in 0..1500 {
        s.push_str(&format!(
            "[holders.h{i}]\nholdings_bn = 10\nduration_years = 5\nelasticity_pct_per_100bp = 1\nadjustment_months = 6\n"
        ));
    }
    let p = tmp.path().join("huge.toml");
    std::fs::write(&p, s).unwrap();
    let out = tmp.path().join("out");
    let t = Instant::now();
    let o = selloff()
        .arg("run")
        .arg(&p)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("30001 steps × 1529 series × 125 bytes"),
        "{err}"
    );
    assert!(err.contains("more than the limit of 2048 MB"), "{err}");
    assert!(err.contains("--max-memory-mb 8192"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(!out.exists());
    // A lower limit refuses an ordinary run too, naming the flag.
    let o = selloff()
        .args(["run", "japan-fire-sale", "--max-memory-mb", "0", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--max-memory-mb"));
    assert!(!out.exists());
}

#[test]
fn same_scenario_and_seed_give_byte_identical_outputs_across_runs_and_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut snaps = Vec::new();
    for (i, threads) in ["1", "4", "1"].iter().enumerate() {
        let out = tmp.path().join(format!("out{i}"));
        selloff()
            .args(["run", "japan-china", "-q", "--seed", "7", "--out"])
            .arg(&out)
            .env("RAYON_NUM_THREADS", threads)
            .assert()
            .success();
        let snap: BTreeMap<PathBuf, Vec<u8>> = snapshot(&out)
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(&out).unwrap().to_path_buf(), b))
            .collect();
        snaps.push(snap);
    }
    assert_eq!(snaps[0], snaps[1]);
    assert_eq!(snaps[0], snaps[2]);
    let summary: serde_json::Value =
        serde_json::from_slice(&snaps[0][Path::new("summary.json")]).unwrap();
    assert_eq!(summary["seed"], 7);
    assert_eq!(summary["selloff_version"], env!("CARGO_PKG_VERSION"));
}

// ---- Issue 13: never lose a user's file ----

/// Runs `args` in `cwd` and returns (exit code, stderr).
fn run_in(cwd: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = selloff().current_dir(cwd).args(args).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

#[test]
fn an_out_folder_holding_a_users_files_is_refused_before_simulating_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("mystudy");
    std::fs::create_dir(&study).unwrap();
    let slow = slow_scenario(&study);
    std::fs::write(study.join("mine.toml"), "extends = \"baseline\"\n").unwrap();
    let before = snapshot(&study);
    for force in [false, true] {
        let t = Instant::now();
        let mut args = vec!["run", slow.to_str().unwrap(), "-q", "--out", "mystudy"];
        if force {
            args.push("--force");
        }
        let (code, err) = run_in(tmp.path(), &args);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("refusing to write the output folder `mystudy`"),
            "{err}"
        );
        assert!(
            err.contains("mine.toml"),
            "names a file it would lose: {err}"
        );
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "refused only after simulating"
        );
    }
    assert!(snapshot(&study) == before, "the user's folder changed");
    assert_eq!(
        others(tmp.path(), "mystudy"),
        Vec::<String>::new(),
        "left something beside it"
    );
}

#[test]
fn the_scenarios_folder_the_current_folder_and_its_parents_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    let scenarios = project.join("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    for f in ["baseline.toml", "japan-fire-sale.toml"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios")
                .join(f),
            scenarios.join(f),
        )
        .unwrap();
    }
    let before = snapshot(tmp.path());
    let cwd = project.to_str().unwrap();
    for out in ["scenarios", ".", "..", "/", cwd] {
        for force in [false, true] {
            let mut args = vec!["run", "japan-fire-sale", "-q", "--out", out];
            if force {
                args.push("--force");
            }
            let (code, err) = run_in(&project, &args);
            assert_eq!(code, Some(2), "--out {out}: {err}");
            assert!(
                err.starts_with("error: refusing to write the output folder"),
                "--out {out}: {err}"
            );
        }
    }
    assert_eq!(
        snapshot(tmp.path()),
        before,
        "a refused run wrote or removed something"
    );
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_while_the_first_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut first = std::process::Command::new(env!("CARGO_BIN_EXE_selloff"))
        .args(["run", "japan-gradual", "-q", "--out"])
        .arg(&out)
        // Long enough for the second run to start and be refused even when
        // the suite's other tests load both cores (3 s was once too short).
        .env("SELLOFF_TEST_PAUSE_BEFORE_COMMIT_MS", "6000")
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !tmp.path().join(".out.selloff-lock").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the first run never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = selloff()
        .args(["run", "japan-fire-sale", "-q", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("another selloff is writing the output folder"),
        "{err}"
    );
    assert!(
        first.wait().unwrap().success(),
        "the first run was disturbed"
    );
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        summary.contains("\"japan-gradual\""),
        "the first run's result is in place"
    );
    assert!(
        others(tmp.path(), "out").is_empty(),
        "leftovers: {:?}",
        others(tmp.path(), "out")
    );
}

#[test]
fn a_run_leaves_another_targets_staging_and_set_aside_folders_alone() {
    let tmp = tempfile::tempdir().unwrap();
    // What a killed `sweep uncertain-japan` (default folder uncertain-japan-sweep-…) leaves.
    let sweep_old = tmp
        .path()
        .join(".uncertain-japan-sweep-market.elasticity_scale.selloff-old-4242");
    std::fs::create_dir(&sweep_old).unwrap();
    std::fs::write(sweep_old.join("sweep.csv"), b"kept").unwrap();
    selloff()
        .current_dir(tmp.path())
        .args(["run", "japan-fire-sale", "-q", "--out", "uncertain-japan"])
        .assert()
        .success();
    assert_eq!(std::fs::read(sweep_old.join("sweep.csv")).unwrap(), b"kept");
    assert!(!tmp.path().join("uncertain-japan/sweep.csv").exists());
}

#[test]
fn default_folders_of_run_sweep_tornado_and_compare_never_collide() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        selloff()
            .current_dir(tmp.path())
            .args(args)
            .arg("-q")
            .assert()
            .success();
    };
    run(&["run", "uncertain-japan"]);
    run(&[
        "sweep",
        "uncertain-japan",
        "--vary",
        "holders.japan.sale.steps=1,3",
    ]);
    run(&[
        "sweep",
        "uncertain-japan",
        "--vary",
        "market.elasticity_scale=0.5,1",
    ]);
    run(&["sweep", "--tornado", "uncertain-japan"]);
    let long: Vec<String> = (0..12).map(|_| "japan-fire-sale".to_string()).collect();
    let mut args = vec!["compare".to_string()];
    args.extend(long);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args);
    let mut folders: Vec<String> = std::fs::read_dir(tmp.path().join("output"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    folders.sort();
    assert_eq!(folders.len(), 5, "{folders:?}");
    assert!(
        folders.contains(&"uncertain-japan".to_string()),
        "{folders:?}"
    );
    assert!(
        folders.contains(&"uncertain-japan-sweep-holders.japan.sale.steps".to_string()),
        "{folders:?}"
    );
    assert!(
        folders.contains(&"uncertain-japan-sweep-market.elasticity_scale".to_string()),
        "{folders:?}"
    );
    assert!(
        folders.contains(&"uncertain-japan-tornado".to_string()),
        "{folders:?}"
    );
    assert!(folders.iter().all(|f| f.len() <= 80), "{folders:?}");
    // A run into a sweep's folder is refused unless --force.
    let (code, err) = run_in(
        tmp.path(),
        &[
            "run",
            "uncertain-japan",
            "-q",
            "--out",
            "output/uncertain-japan-tornado",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("`selloff tornado`") && err.contains("--force"),
        "{err}"
    );
}

// ---- Issue 13: a memory limit that holds ----

#[test]
fn a_monte_carlo_outgrowing_its_memory_is_stopped_with_how_far_it_got() {
    let r = selloff::scenario::open("uncertain-japan", &[]).unwrap();
    let opts = selloff::engine::montecarlo::McOptions {
        paths: 1000,
        seed: 42,
        threads: Some(2),
    };
    // The sketches of 1,000 paths of uncertain-japan take about 10 MB: 1 MB is too little.
    let e = selloff::engine::montecarlo::run_within(&r, &opts, 1 << 20, &|_| {}).unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with("stopped after "), "{msg}");
    assert!(msg.contains("over the 1 MB this run may use"), "{msg}");
    assert!(msg.contains("--max-memory-mb"), "{msg}");
    // With room, the same run completes and matches the unguarded run exactly.
    let guarded = selloff::engine::montecarlo::run_within(&r, &opts, 1 << 30, &|_| {}).unwrap();
    let free = selloff::engine::montecarlo::run(&r, &opts, &|_| {}).unwrap();
    assert_eq!(guarded.step_sketches, free.step_sketches);
    assert_eq!(guarded.scalars, free.scalars);
}

#[test]
fn the_estimate_counts_the_monte_carlo_and_refuses_a_run_over_the_limit_before_it_starts() {
    // Yield noise over a century of business days: the bands' sketches are wide.
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("noisy.toml");
    std::fs::write(
        &f,
        "extends = \"japan-fire-sale\"\n[time]\nstep = \"day\"\nhorizon_years = 100\n[market]\nnoise_bp_per_sqrt_year = 40\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let t = Instant::now();
    let o = selloff()
        .arg("run")
        .arg(&f)
        .args(["--paths", "3000", "--max-memory-mb", "500", "-q", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("the Monte Carlo's bands"), "{err}");
    assert!(err.contains("more than the limit of 500 MB"), "{err}");
    assert!(!out.exists());
    // Refused after the records' check and a 32-path pilot, not after 3,000 paths.
    assert!(
        t.elapsed() < Duration::from_secs(60),
        "took {:?}",
        t.elapsed()
    );
}
