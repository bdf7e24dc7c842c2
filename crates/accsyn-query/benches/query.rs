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

/// 100,000 transfer entities shaped like the one in the seeds
/// (transfers.txt): the same 16 keys, `_hr` companions and all, so map
/// lookups cost what they cost on real data. About a third match.
const USERS: [&str; 4] = [
    "lisa@example.com",
    "john@example.com",
    "Lisa@Example.com",
    "ana@studio.se",
];
const DESTINATIONS: [&str; 4] = ["hq", "stockholm", "la", "HQ"];
const STATUSES: [&str; 5] = ["done", "failed", "queued", "FAILED", "running"];
const CODES: [&str; 5] = [
    "nightly backup",
    "plates",
    "Weekly BACKUP",
    "backup of shots",
    "grade",
];

fn entities() -> Vec<Value> {
    (0..100_000usize)
        .map(|i| {
            let user = USERS[i % USERS.len()];
            let destination = DESTINATIONS[(i / 3) % DESTINATIONS.len()];
            let code = CODES[i % CODES.len()];
            json!({
                "code": code,
                "created": "2026-01-22T08:35:59",
                "destination": destination,
                "destination_hr": format!("site:{destination}({:024x})", i * 31),
                "etr": "",
                "finished": "2026-01-22T08:43:05",
                "id": format!("{:024x}", i * 7919),
                "name": code,
                "progress": i % 101,
                "size": i * 1024,
                "source": "workspace:6645fbca9f8c4d3e7a3b678d",
                "source_hr": "workspace:seagull(6645fbca9f8c4d3e7a3b678d)",
                "speed": -1.0,
                "status": STATUSES[(i / 7) % STATUSES.len()],
                "user": user,
                "user_hr": format!("user:{user}[standard]({:024x})", i * 13),
            })
        })
        .collect()
}

/// The earlier benchmark's 8-key entities (no `_hr` companions, no times or
/// progress), kept to show what the entity's size costs: the filter is
/// bound by how many map nodes and key strings it has to touch.
fn lean_entities() -> Vec<Value> {
    (0..100_000usize)
        .map(|i| {
            json!({
                "id": format!("{:024x}", i * 7919),
                "code": CODES[i % CODES.len()],
                "user": USERS[i % USERS.len()],
                "destination": DESTINATIONS[(i / 3) % DESTINATIONS.len()],
                "status": STATUSES[(i / 7) % STATUSES.len()],
                "source": "hq",
                "created": "2026-01-22T08:35:59",
                "size": i * 1024,
            })
        })
        .collect()
}

/// The seeds' nested query written out by hand for these entities only:
/// not a general evaluator (ASCII case folding, no wildcards, numbers or
/// arrays), but what the memory layout allows when nothing is generic. The
/// filter is measured against it in the same run.
fn hand_written(entity: &Value) -> bool {
    fn get<'a>(entity: &'a Value, name: &str) -> Option<&'a str> {
        let map = entity.as_object()?;
        let hit = |(k, _): &(&String, &Value)| k.as_str() == name;
        let found = if name < "m" {
            map.iter().find(hit)
        } else {
            map.iter().rev().find(hit)
        };
        found.and_then(|(_, v)| v.as_str())
    }
    let is = |name, value: &str| get(entity, name).is_some_and(|v| v.eq_ignore_ascii_case(value));
    let backup = get(entity, "code").is_some_and(|c| {
        c.len() >= 7 && c.as_bytes()[c.len() - 7..].eq_ignore_ascii_case(b" backup")
    });
    backup
        && (!is("status", "failed") || (is("user", "lisa@example.com") && is("destination", "hq")))
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

/// `created` values for the ordering bench: the backend's form, with and
/// without a fraction, around the query's bound. All have four-digit years,
/// so the hand-written reference may compare them as text.
const CREATED: [&str; 6] = [
    "2026-01-22T08:35:59",
    "2026-01-22T08:43:05.250",
    "2026-01-22T08:40:00",
    "2025-12-31T23:59:59",
    "2026-01-22T08:39:59.999999",
    "2026-11-23T13:18:43",
];

/// The ordering path: `created>=<timestamp>` reads every entity's `created`
/// as a timestamp. Same 16-key entities as (d), `created` varied.
fn timestamp_entities() -> Vec<Value> {
    let mut entities = entities();
    for (i, entity) in entities.iter_mut().enumerate() {
        entity["created"] = json!(CREATED[i % CREATED.len()]);
    }
    entities
}

fn ordering(c: &mut Criterion) {
    let filter =
        Filter::new(&parse("transfer WHERE created>=2026-01-22T08:40:00").unwrap()).unwrap();
    fn by_hand(entity: &Value) -> bool {
        // Fixed-width four-digit-year text: byte order is time order.
        entity
            .as_object()
            .and_then(|map| map.get("created"))
            .and_then(Value::as_str)
            .is_some_and(|c| c >= "2026-01-22T08:40:00")
    }
    let entities = timestamp_entities();
    let matching = entities.iter().filter(|e| filter.matches(e)).count();
    assert_eq!(matching, 50_000, "three of the six values match");
    let by_hand_count = entities.iter().filter(|e| by_hand(e)).count();
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
        b.iter(|| black_box(&entities).iter().filter(|e| by_hand(e)).count())
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
