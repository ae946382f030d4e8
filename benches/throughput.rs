//! Monte Carlo throughput in path-steps per second, run after run: for a
//! machine whose speed drifts (a shared VM), where criterion's statistics
//! mix the code's speed with the neighbours' load. Each repetition is one
//! `montecarlo::run` as the CLI makes it; the fastest run is the best
//! estimate of the uncontended speed (interference only ever adds time),
//! and the median and slowest show the spread.
//!
//! Run: `cargo bench --bench throughput -- [SCENARIO] [PATHS] [THREADS] [REPETITIONS]`
//! (defaults: japan-fire-sale 20000 1 15). Figures go to docs/PERFORMANCE.md.

use selloff::engine::montecarlo::{self, McOptions};
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

fn main() {
    // `cargo bench` passes `--bench`; every other argument is ours, in order.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or(default.into());
    let name = arg(0, "japan-fire-sale");
    let paths: u64 = arg(1, "20000").parse().expect("PATHS is a whole number");
    let threads: usize = arg(2, "1").parse().expect("THREADS is a whole number");
    let reps: usize = arg(3, "15").parse().expect("REPETITIONS is a whole number");
    let r = selloff::scenario::open(&name, &[]).expect("scenario loads");
    let path_steps = paths as f64 * r.params.steps as f64;
    let opts = McOptions {
        paths,
        seed: 42,
        threads: Some(threads),
    };
    // Lines go out as they come; a closed pipe (`| head`) ends the output, not the process.
    let mut out = std::io::stdout().lock();
    let mut rates = Vec::with_capacity(reps);
    for _ in 0..reps {
        let start = Instant::now();
        black_box(montecarlo::run(&r, &opts, &|_| {}).expect("thread pool"));
        let rate = path_steps / start.elapsed().as_secs_f64() / 1e6;
        let _ = writeln!(
            out,
            "{name}: {paths} paths, {threads} thread(s): {rate:.2} M path-steps/s"
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    if let (Some(slow), Some(fast)) = (rates.first(), rates.last()) {
        let median = rates[rates.len() / 2];
        let _ = writeln!(
            out,
            "{name}, {threads} thread(s), {reps} runs: fastest {fast:.2}, median {median:.2}, slowest {slow:.2} M path-steps/s"
        );
    }
}
