#![allow(missing_docs)] // criterion_group! generates undocumented items.
//! Decoding and encoding a find answer of 1,000 transfers, typed and as plain
//! `serde_json::Value` (the untyped escape hatch, a floor for any typed decode), with and
//! without explicit `null`s: `cargo bench -p accsyn-model`.
//!
//! The peers: `serde_json::Value`, and a plain `#[derive(Deserialize)]` struct with the same
//! typed fields and nothing kept (no unknown attributes, no `null`s): what a program decoding
//! by hand would write, the floor for a typed decode. Typed entities decode straight from the
//! text, noting `null` keys on the way (see `src/null_spy.rs`), and clone an entity on the way
//! out only when its `other` map holds a `null`.

use std::hint::black_box;
use std::time::Duration;

use accsyn_model::{EntityId, JobStatus, Timestamp, Transfer};
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

/// The plain peer: `Transfer`'s fields as a bare derive, with nothing kept.
#[derive(serde::Deserialize)]
#[allow(dead_code)] // Only decoding is measured.
struct PlainTransfer {
    id: Option<EntityId>,
    code: Option<String>,
    name: Option<String>,
    status: Option<JobStatus>,
    created: Option<Timestamp>,
    modified: Option<Timestamp>,
    modifier: Option<String>,
    finished: Option<Timestamp>,
    user: Option<EntityId>,
    user_hr: Option<String>,
    source: Option<String>,
    source_hr: Option<String>,
    destination: Option<String>,
    destination_hr: Option<String>,
    etr: Option<Value>,
    progress: Option<i64>,
    size: Option<u64>,
    speed: Option<serde_json::Number>,
    uri: Option<String>,
    metadata: Option<serde_json::Map<String, Value>>,
    parent: Option<EntityId>,
    parent_hr: Option<String>,
    queue: Option<String>,
    priority: Option<i64>,
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
        group.bench_function(format!("plain derive, {label}"), |b| {
            b.iter(|| serde_json::from_str::<Vec<PlainTransfer>>(black_box(&text)).unwrap())
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
