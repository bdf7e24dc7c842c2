#![allow(missing_docs)] // criterion_group! generates undocumented items.
//! Decoding and encoding a find answer of 1,000 transfers, typed and as plain
//! `serde_json::Value` (the untyped escape hatch, a floor for any typed decode), with and
//! without explicit `null`s: `cargo bench -p accsyn-model`.
//!
//! Typed entities buffer each object once to keep its `null`s (see `entity/wire.rs`), and
//! clone an entity on the way out only when its `other` map holds a `null`.

use std::hint::black_box;
use std::time::Duration;

use accsyn_model::Transfer;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

const COUNT: usize = 1000;

/// A find answer of `COUNT` transfers shaped like the documents' example; with `nulls`, the
/// attributes a finished job often leaves empty are explicit `null`s.
fn answer(nulls: bool) -> String {
    let transfers: Vec<Value> = (0..COUNT)
        .map(|i| {
            let mut t = json!({
                "id": format!("6971e16fceadd67b955b{i:04x}"),
                "code": format!("shot_{i:04}.exr"),
                "name": format!("shot_{i:04}.exr"),
                "created": "2026-01-22T08:35:59",
                "destination": "user:6676f3e9c7ef4e27da254e57",
                "destination_hr": "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)",
                "etr": "",
                "finished": "2026-01-22T08:43:05",
                "progress": 100,
                "size": 1_048_576 * i,
                "source": "workspace:6645fbca9f8c4d3e7a3b678d",
                "source_hr": "workspace:seagull(6645fbca9f8c4d3e7a3b678d)",
                "speed": 12.5,
                "status": "done",
                "user": "6676f3e9c7ef4e27da254e57",
                "user_hr": "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)",
                "eta_confidence": 0.9,
            });
            if nulls {
                for key in ["etr", "modifier", "metadata", "queue", "parent"] {
                    t[key] = Value::Null;
                }
            }
            t
        })
        .collect();
    serde_json::to_string(&transfers).unwrap()
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode 1000 transfers");
    group.throughput(Throughput::Elements(COUNT as u64));
    for (label, text) in [("no nulls", answer(false)), ("with nulls", answer(true))] {
        group.bench_function(format!("Transfer, {label}"), |b| {
            b.iter(|| serde_json::from_str::<Vec<Transfer>>(black_box(&text)).unwrap())
        });
        group.bench_function(format!("Value, {label}"), |b| {
            b.iter(|| serde_json::from_str::<Vec<Value>>(black_box(&text)).unwrap())
        });
    }
    group.finish();
}

fn encode(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode 1000 transfers");
    group.throughput(Throughput::Elements(COUNT as u64));
    for (label, text) in [("no nulls", answer(false)), ("with nulls", answer(true))] {
        let typed: Vec<Transfer> = serde_json::from_str(&text).unwrap();
        let plain: Vec<Value> = serde_json::from_str(&text).unwrap();
        group.bench_function(format!("Transfer, {label}"), |b| {
            b.iter(|| serde_json::to_string(black_box(&typed)).unwrap())
        });
        group.bench_function(format!("Value, {label}"), |b| {
            b.iter(|| serde_json::to_string(black_box(&plain)).unwrap())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = decode, encode
}
criterion_main!(benches);
