#![allow(missing_docs)] // criterion_group! generates undocumented items.
//! Parsing against sqlparser (GenericDialect) on the equivalent SQL, and
//! evaluation over many entities, in one run: `cargo bench -p accsyn-query`.

use std::hint::black_box;
use std::time::Duration;

use accsyn_query::{Filter, parse};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

const SIMPLE: &str = "Transfer WHERE status=done";
const SIMPLE_SQL: &str = "SELECT * FROM Transfer WHERE status = 'done'";
const NESTED: &str = r#"transfer WHERE ((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#;
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

/// 100,000 transfer-like entities; about a third match the nested query.
fn entities() -> Vec<Value> {
    let users = [
        "lisa@example.com",
        "john@example.com",
        "Lisa@Example.com",
        "ana@studio.se",
    ];
    let destinations = ["hq", "stockholm", "la", "HQ"];
    let statuses = ["done", "failed", "queued", "FAILED", "running"];
    let codes = [
        "nightly backup",
        "plates",
        "Weekly BACKUP",
        "backup of shots",
        "grade",
    ];
    (0..100_000usize)
        .map(|i| {
            json!({
                "id": format!("{:024x}", i * 7919),
                "code": codes[i % codes.len()],
                "user": users[i % users.len()],
                "destination": destinations[(i / 3) % destinations.len()],
                "status": statuses[(i / 7) % statuses.len()],
                "source": "hq",
                "created": "2026-01-22T08:35:59",
                "size": i * 1024,
            })
        })
        .collect()
}

fn evaluation(c: &mut Criterion) {
    let filter = Filter::new(&parse(NESTED).unwrap()).unwrap();
    let entities = entities();
    let matching = entities.iter().filter(|e| filter.matches(e)).count();
    assert!(matching > 10_000 && matching < 90_000, "{matching} match");

    let mut group = c.benchmark_group("evaluate/d_nested_100k");
    group.throughput(Throughput::Elements(entities.len() as u64));
    group.bench_function("accsyn-query", |b| {
        b.iter(|| {
            black_box(&entities)
                .iter()
                .filter(|e| filter.matches(e))
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
    targets = parsing, evaluation
}
criterion_main!(benches);
