//! `ls` over a storage of 100,000 files (100 folders of 1,000), recursive,
//! with and without an include filter, over HTTP.
//!
//! Run: `cargo bench -p accsyn-emulator --bench ls`.

use std::hint::black_box;
use std::time::Duration;

use accsyn_emulator::{Emulator, Role, Seed, SeedUser};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

mod support;

const KEY: &str = "bench-key";
const ADMIN: &str = "admin@acme.test";
const FOLDERS: usize = 100;
const PER_FOLDER: usize = 1_000;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let seed = Seed::new().user(SeedUser::new(ADMIN, Role::Admin).api_key(KEY));
    let emu = rt
        .block_on(Emulator::builder().seed(seed).time_scale(0.0).start())
        .unwrap();
    // Empty files written straight into the storage root: the bench
    // measures listing, not creating.
    let root = emu.data_dir().join("storage/projects/seq");
    for f in 0..FOLDERS {
        let dir = root.join(format!("shot_{f:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..PER_FOLDER {
            let ext = if i % 10 == 0 { "txt" } else { "exr" };
            std::fs::write(dir.join(format!("frame.{i:06}.{ext}")), b"").unwrap();
        }
    }
    let admin = rt.block_on(support::login(&emu.base_url(), ADMIN, KEY));
    let ls = |data: Value| {
        let env = admin.envelope("workspace/file", data);
        let admin = &admin;
        async move {
            let v = admin.get(&env).await;
            assert!(v["result"]["files"].is_array(), "{v}");
            v
        }
    };
    let all =
        json!({"op": "ls", "path": "share=projects/seq", "recursive": true, "files_only": true});
    let exr = json!({"op": "ls", "path": "share=projects/seq", "recursive": true, "files_only": true, "include": "*.exr"});
    // Sanity: every file, and the filter keeps nine in ten.
    let listed = rt.block_on(ls(all.clone()));
    assert_eq!(
        listed["result"]["files"].as_array().unwrap().len(),
        FOLDERS * PER_FOLDER
    );
    let filtered = rt.block_on(ls(exr.clone()));
    assert_eq!(
        filtered["result"]["files"].as_array().unwrap().len(),
        FOLDERS * PER_FOLDER * 9 / 10
    );

    let mut group = c.benchmark_group("ls_100k_files");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("recursive", |b| {
        b.iter(|| black_box(rt.block_on(ls(all.clone()))))
    });
    group.bench_function("recursive_include_exr", |b| {
        b.iter(|| black_box(rt.block_on(ls(exr.clone()))))
    });
    group.finish();
    rt.block_on(emu.shutdown()).unwrap();
}

criterion_group!(benches, bench);
criterion_main!(benches);
