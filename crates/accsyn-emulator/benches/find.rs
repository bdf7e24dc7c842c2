//! Finds per second over HTTP with 100,000 transfers stored, using the
//! transfers seed's nested query.
//!
//! Run: `cargo bench -p accsyn-emulator --bench find`.

use std::hint::black_box;
use std::time::Duration;

use accsyn_emulator::{Emulator, Role, Seed, SeedUser};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

mod support;

const TRANSFERS: usize = 100_000;
const KEY: &str = "bench-key";
/// The nested query of the transfers seed ("using" document).
const NESTED: &str =
    r#"((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#;

/// Fills the data dir's database directly: creating 100,000 transfers over
/// HTTP would take minutes on the two-core build machine, and the bench
/// measures finds, not creates. The emulator is started once first so the
/// schema and seed exist, then reopened on the filled database.
fn fill(dir: &std::path::Path, admin_id: &str) {
    let conn = rusqlite::Connection::open(dir.join("emulator.sqlite3")).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    {
        let mut stmt = tx
            .prepare("INSERT INTO entities (id, type, doc) VALUES (?1, 'transfer', ?2)")
            .unwrap();
        for i in 0..TRANSFERS {
            let id = format!("{:024x}", 0x6b00_0000_0000_0000_u64 as u128 + i as u128);
            let (code, status, destination) = match i % 4 {
                // Matches the nested query: a live backup that has not failed.
                0 => (format!("nightly {i} backup"), "waiting", "hq"),
                1 => (format!("render {i}"), "running", "london"),
                // Failed, and not lisa's: filtered out by the query.
                2 => (format!("weekly {i} backup"), "failed", "hq"),
                // Finished: outside the live scope.
                _ => (format!("plates {i}"), "done", "hq"),
            };
            let doc = json!({
                "id": id, "code": code, "name": code, "status": status, "user": admin_id,
                "source": "acme", "destination": destination, "size": i * 1024, "progress": 0,
                "priority": 999, "created": "2026-11-23T13:18:43", "modified": "2026-11-23T13:18:43",
            });
            stmt.execute(rusqlite::params![id, doc.to_string()])
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let seed = Seed::new()
        .user(SeedUser::new("admin@acme.test", Role::Admin).api_key(KEY))
        .user(SeedUser::new("lisa@example.com", Role::Employee));
    let admin_id = rt.block_on(async {
        let emu = Emulator::builder()
            .seed(seed)
            .data_dir(dir.path())
            .start()
            .await
            .unwrap();
        let id = emu
            .credentials()
            .user("admin@acme.test")
            .unwrap()
            .id()
            .to_owned();
        emu.shutdown().await.unwrap();
        id
    });
    fill(dir.path(), &admin_id);
    let emu = rt
        .block_on(Emulator::builder().data_dir(dir.path()).start())
        .unwrap();
    let admin = rt.block_on(support::login(&emu.base_url(), "admin@acme.test", KEY));
    let find = |query: Option<&str>, data: Value, id: Option<&str>| {
        let mut env = admin.envelope("transfer/find", data);
        if let Some(q) = query {
            env["query"] = json!(q);
        }
        if let Some(id) = id {
            env["id"] = json!(id);
        }
        let admin = &admin;
        async move {
            let v = admin.get(&env).await;
            assert!(v["result"].is_array(), "{v}");
            v
        }
    };
    // Sanity: exactly the live, unfailed backups match.
    let all = rt.block_on(find(Some(NESTED), json!({"attributes": ["id"]}), None));
    assert_eq!(all["result"].as_array().unwrap().len(), TRANSFERS / 4);

    let mut group = c.benchmark_group("find_100k_transfers");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("nested_query", |b| {
        b.iter(|| black_box(rt.block_on(find(Some(NESTED), json!({"attributes": ["id"]}), None))))
    });
    group.bench_function("nested_query_limit_50", |b| {
        b.iter(|| black_box(rt.block_on(find(Some(NESTED), json!({"limit": 50}), None))))
    });
    group.bench_function("get_by_id", |b| {
        let by_id = all["result"][0]["id"].as_str();
        b.iter(|| black_box(rt.block_on(find(None, json!({}), by_id))))
    });
    group.finish();
    rt.block_on(emu.shutdown()).unwrap();
}

criterion_group!(benches, bench);
criterion_main!(benches);
