#![allow(missing_docs)] // criterion_group! generates undocumented items.
//! Parsing against sqlparser (GenericDialect) on the equivalent SQL, and
//! evaluation over many entities, in one run: `cargo bench -p accsyn-query`.

use std::hint::black_box;
use std::time::Duration;

mod support;

use accsyn_query::{Filter, parse};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use support::{NESTED, by_hand_created, entities, hand_written, lean_entities, timestamp_entities};

const SIMPLE: &str = "Transfer WHERE status=done";
const SIMPLE_SQL: &str = "SELECT * FROM Transfer WHERE status = 'done'";
const NESTED_SQL: &str = "SELECT * FROM transfer WHERE ((user = 'lisa@example.com' AND destination = 'hq') OR status <> 'failed') AND code = '* backup'";

/// The same 1,000-comparison OR chain in both languages.
fn or_chain() -> (String, String) {
    let ours: Vec<String> = (0..1000).map(|i| format!("name=shot_{i:04}.exr")).collect();
    let sql: Vec<String> = (0..1000)
        .map(|i| format!("name = 'shot_{i:04}.exr'"))
        .collect();
    (
        format!("transfer WHERE {}", ours.join(" OR ")),
        format!("SELECT * FROM transfer WHERE {}", sql.join(" OR ")),
    )
}

fn sql(text: &str) -> usize {
    // Count the statements so the work cannot be optimised away.
    Parser::parse_sql(&GenericDialect {}, text).map_or(0, |s| s.len())
}

fn parsing(c: &mut Criterion) {
    // Check once that both sides really parse what they are timed on.
    let (chain, chain_sql) = or_chain();
    for (ours, theirs) in [
        (SIMPLE, SIMPLE_SQL),
        (NESTED, NESTED_SQL),
        (&chain, &chain_sql),
    ] {
        assert!(parse(ours).is_ok(), "{ours}");
        assert_eq!(sql(theirs), 1, "{theirs}");
    }

    for (name, ours, theirs) in [
        ("a_simple", SIMPLE, SIMPLE_SQL),
        ("b_nested", NESTED, NESTED_SQL),
    ] {
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.bench_function("accsyn-query", |b| b.iter(|| parse(black_box(ours))));
        group.bench_function("sqlparser", |b| b.iter(|| sql(black_box(theirs))));
        group.finish();
    }

    let mut group = c.benchmark_group("parse/c_or_chain_1000");
    group.throughput(Throughput::Bytes(chain.len() as u64));
    group.bench_function(BenchmarkId::new("accsyn-query", chain.len()), |b| {
        b.iter(|| parse(black_box(&chain)))
    });
    group.throughput(Throughput::Bytes(chain_sql.len() as u64));
    group.bench_function(BenchmarkId::new("sqlparser", chain_sql.len()), |b| {
        b.iter(|| sql(black_box(&chain_sql)))
    });
    group.finish();
}

/// A named generator of entities.
type EntitySet = fn() -> Vec<Value>;

fn evaluation(c: &mut Criterion) {
    let filter = Filter::new(&parse(NESTED).unwrap()).unwrap();
    // Built one set at a time so each is laid out in memory as if alone.
    let sets: [(&str, EntitySet); 2] = [
        ("d_nested_100k", entities),
        ("d_nested_100k_lean", lean_entities),
    ];
    for (name, make) in sets {
        let entities = make();
        let matching = entities.iter().filter(|e| filter.matches(e)).count();
        assert!(matching > 10_000 && matching < 90_000, "{matching} match");
        let by_hand = entities.iter().filter(|e| hand_written(e)).count();
        assert_eq!(by_hand, matching, "the hand-written query must agree");

        let mut group = c.benchmark_group(format!("evaluate/{name}"));
        group.throughput(Throughput::Elements(entities.len() as u64));
        group.bench_function("accsyn-query", |b| {
            b.iter(|| {
                black_box(&entities)
                    .iter()
                    .filter(|e| filter.matches(e))
                    .count()
            })
        });
        group.bench_function("hand_written_reference", |b| {
            b.iter(|| {
                black_box(&entities)
                    .iter()
                    .filter(|e| hand_written(e))
                    .count()
            })
        });
        // The floor: one comparison on the alphabetically first key, which
        // a map lookup finds with a single key comparison. What remains is
        // the cost of reaching each entity's map in memory at all.
        let floor = Filter::new(&parse("transfer WHERE code=x").unwrap()).unwrap();
        group.bench_function("floor_first_key_only", |b| {
            b.iter(|| {
                black_box(&entities)
                    .iter()
                    .filter(|e| floor.matches(e))
                    .count()
            })
        });
        group.finish();
    }
}

fn ordering(c: &mut Criterion) {
    let filter =
        Filter::new(&parse("transfer WHERE created>=2026-01-22T08:40:00").unwrap()).unwrap();
    let entities = timestamp_entities();
    let matching = entities.iter().filter(|e| filter.matches(e)).count();
    assert_eq!(matching, 50_000, "three of the six values match");
    let by_hand_count = entities.iter().filter(|e| by_hand_created(e)).count();
    assert_eq!(by_hand_count, matching, "the hand-written query must agree");

    let mut group = c.benchmark_group("evaluate/e_created_100k");
    group.throughput(Throughput::Elements(entities.len() as u64));
    group.bench_function("accsyn-query", |b| {
        b.iter(|| {
            black_box(&entities)
                .iter()
                .filter(|e| filter.matches(e))
                .count()
        })
    });
    group.bench_function("hand_written_reference", |b| {
        b.iter(|| {
            black_box(&entities)
                .iter()
                .filter(|e| by_hand_created(e))
                .count()
        })
    });
    group.finish();
}

fn config() -> Criterion {
    // Short runs: the build machine has two cores shared with other work.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = parsing, evaluation, ordering
}
criterion_main!(benches);
