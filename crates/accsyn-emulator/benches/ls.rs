//! `ls` over a storage of 100,000 files (100 folders of 1,000), recursive,
//! with and without an include filter, over HTTP.
//!
//! Run: `cargo bench -p accsyn-emulator --bench ls`.

use std::hint::black_box;
use std::time::Duration;

use accsyn_emulator::{Emulator, Role, Seed, SeedUser};
use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

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
    // Whole-workspace builds may need a provider for reqwest's rustls.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let auth = format!("basic {}:{}", b64(ADMIN), b64(KEY));
    let session = rt.block_on(async {
        let r = http
            .put(format!("{}/api/v3/api/login", emu.base_url()))
            .header("Authorization", &auth)
            .header("X-Accsyn-Workspace", "acme")
            .body("{}")
            .send()
            .await
            .unwrap();
        let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        v["result"]["session_id"].as_str().unwrap().to_owned()
    });
    let ls = |data: Value| {
        let env = json!({"audience": "api", "workspace": "acme", "session": session,
            "uri": "workspace/file", "ident": ADMIN, "data": data});
        let q = utf8_percent_encode(&env.to_string(), NON_ALPHANUMERIC).to_string();
        let url = format!("{}/api/v3/event?{q}", emu.base_url());
        let http = http.clone();
        let auth = auth.clone();
        async move {
            let r = http
                .get(url)
                .header("Authorization", auth)
                .header("X-Accsyn-Workspace", "acme")
                .send()
                .await
                .unwrap();
            let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
            assert!(v["result"]["files"].is_array(), "{v}");
            v
        }
    };
    let all = json!({"op": "ls", "path": "share=projects/seq", "recursive": true, "files_only": true});
    let exr = json!({"op": "ls", "path": "share=projects/seq", "recursive": true, "files_only": true, "include": "*.exr"});
    // Sanity: every file, and the filter keeps nine in ten.
    let listed = rt.block_on(ls(all.clone()));
    assert_eq!(listed["result"]["files"].as_array().unwrap().len(), FOLDERS * PER_FOLDER);
    let filtered = rt.block_on(ls(exr.clone()));
    assert_eq!(filtered["result"]["files"].as_array().unwrap().len(), FOLDERS * PER_FOLDER * 9 / 10);

    let mut group = c.benchmark_group("ls_100k_files");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("recursive", |b| b.iter(|| black_box(rt.block_on(ls(all.clone())))));
    group.bench_function("recursive_include_exr", |b| {
        b.iter(|| black_box(rt.block_on(ls(exr.clone()))))
    });
    group.finish();
    rt.block_on(emu.shutdown()).unwrap();
}

criterion_group!(benches, bench);
criterion_main!(benches);
