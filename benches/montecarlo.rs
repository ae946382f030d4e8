//! Throughput of Monte Carlo paths, in path-steps per second (one step of one
//! path and of its baseline), for japan-fire-sale (monthly steps, ten years)
//! and uncertain-japan.
//!
//! Run: `cargo bench --bench montecarlo`. Figures are recorded in docs/PERFORMANCE.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use selloff::engine::montecarlo::{self, McOptions};
use selloff::engine::path::{Baseline, Observer, PathStep, Workspace, simulate};
use selloff::engine::path_rng;
use selloff::model::Params;
use selloff::model::debt::Ledger;
use std::hint::black_box;

struct Nothing;
impl Observer for Nothing {
    fn observe(&mut self, _p: &Params, s: &PathStep) {
        black_box(s.tp_bp);
    }
}

fn bench(c: &mut Criterion) {
    let paths = 2_000u64;
    for name in ["japan-fire-sale", "uncertain-japan"] {
        let r = selloff::scenario::open(name, &[]).expect("scenario loads");
        let steps = r.params.steps as u64;
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        g.throughput(Throughput::Elements(paths * steps));
        if name == "japan-fire-sale" {
            let ledger = Ledger::initial(&r.params.debt, r.params.dt);
            g.bench_function("simulate only (no observer), 1 thread", |b| {
                b.iter(|| {
                    for i in 0..paths {
                        let mut rng = path_rng(42, i);
                        simulate(&r.params, &ledger, &mut rng, &mut Nothing);
                    }
                })
            });
            // As the Monte Carlo runs it: the noise-free baseline computed once
            // per run, one workspace reused from path to path.
            let base = Baseline::compute(&r.params, &ledger);
            let mut ws = Workspace::default();
            g.bench_function(
                "simulate, baseline once per run (no observer), 1 thread",
                |b| {
                    b.iter(|| {
                        for i in 0..paths {
                            let mut rng = path_rng(42, i);
                            ws.simulate(&r.params, &ledger, base.as_ref(), &mut rng, &mut Nothing);
                        }
                    })
                },
            );
        }
        for threads in [1usize, 2] {
            let opts = McOptions {
                paths,
                seed: 42,
                threads: Some(threads),
            };
            g.bench_function(format!("monte carlo, {threads} thread(s)"), |b| {
                b.iter(|| black_box(montecarlo::run(&r, &opts, &|_| {}).expect("pool")))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
