//! Hostile and careless clients: each test here is an attack that once
//! worked (memory blown up without credentials, one request freezing the
//! others, a source truncated by its own copy, slow clients holding
//! connections for ever, a read grant used to change jobs, writes outside
//! any volume or through a link out of the data dir).

use std::io::Write as _;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::*;

fn gzip_b64(text: &[u8]) -> String {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(text).unwrap();
    base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap())
}

/// A gzip bomb: a list of `n` zeros, a few KB compressed, a JSON tree of
/// 32 bytes a zero once parsed.
fn bomb(n: usize) -> String {
    let mut text = Vec::with_capacity(2 * n + 2);
    text.push(b'[');
    for _ in 0..n {
        text.extend_from_slice(b"0,");
    }
    text.extend_from_slice(b"0]");
    gzip_b64(&text)
}

/// A line of `/proc/<pid>/status`, in KiB.
#[cfg(target_os = "linux")]
fn status_kib(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn gzip_bombs_without_credentials_cost_no_memory() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = super::binary::admin_seed(dir.path());
    let (child, base) = super::binary::spawn(&dir.path().join("data"), Some(&seed_path));
    let pid = child.id();
    // Killed however the test ends: a live child would hold the test's output open.
    let _child = KillOnDrop(child);
    let (_, login) = login_raw(&base, ADMIN, ADMIN_KEY, "acme").await;
    let session = login["result"]["session_id"].as_str().unwrap().to_owned();
    let http = http_client();
    let url = format!("{base}/api/v3/event");
    // 16 million zeros: 32 MB of text, 512 MB as a tree; 33 KB on the wire.
    let packed = bomb(16 << 20);
    let body = |session: &str| {
        json!({"uri": "user/find", "workspace": "acme", "session": session, "gz_data": packed})
            .to_string()
    };
    let before = status_kib(pid, "VmHWM:");
    for auth in [None, Some(auth_header(ADMIN, "wrong-key"))] {
        for _ in 0..10 {
            let mut req = http.post(&url).header("X-Accsyn-Workspace", "acme");
            if let Some(auth) = &auth {
                req = req.header("Authorization", auth);
            }
            let (status, reply) = read(req.body(body("x")).send().await.unwrap()).await;
            assert_eq!(status, 401, "{reply}");
            assert!(reply["message"].is_string(), "{reply}");
        }
    }
    // A plain body near the limit, without credentials: never read.
    let plain = format!("[{}0]", "0,".repeat(7 << 20));
    if let Ok(resp) = http.post(&url).body(plain).send().await {
        assert_eq!(resp.status().as_u16(), 401);
    }
    let unauthenticated = status_kib(pid, "VmHWM:") - before;
    assert!(
        unauthenticated < 10 * 1024,
        "peak memory grew by {unauthenticated} KiB"
    );
    // With credentials and a session, the bomb is refused by its ratio
    // before it becomes a tree.
    let (status, reply) = read(
        http.post(&url)
            .header("Authorization", auth_header(ADMIN, ADMIN_KEY))
            .header("X-Accsyn-Workspace", "acme")
            .body(body(&session))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 413, "{reply}");
    let authenticated = status_kib(pid, "VmHWM:") - before;
    assert!(
        authenticated < 10 * 1024,
        "peak memory grew by {authenticated} KiB"
    );
    eprintln!(
        "peak memory growth: {unauthenticated} KiB without credentials, {authenticated} KiB with"
    );
}

/// A child process killed when dropped.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_16000_task_create_does_not_hold_up_another_users_find() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let tasks: Vec<Value> = (0..16_000)
        .map(|i| json!({"source": format!("share=projects/seq/frame.{i:06}.exr"), "destination": format!("/Volumes/EDIT/seq/frame.{i:06}.exr")}))
        .collect();
    let create = tokio::spawn(async move {
        let job = admin
            .create(
                "transfer",
                json!({"name": "sequence", "status": "paused", "tasks": tasks}),
            )
            .await;
        (admin, job)
    });
    // Every find started while the create runs counts, however long it
    // waits: one that waited for the whole create would show it.
    let mut during = Vec::new();
    while !create.is_finished() {
        let started = Instant::now();
        let users = employee.find("user", json!({}), None).await;
        during.push(started.elapsed());
        assert!(!users.is_empty());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let (admin, job) = create.await.unwrap();
    assert!(during.len() >= 3, "only {} finds overlapped", during.len());
    let slowest = during.iter().max().unwrap();
    eprintln!(
        "{} finds during the create, the slowest {slowest:?}",
        during.len()
    );
    assert!(
        *slowest < Duration::from_millis(100),
        "finds took {during:?} during the create"
    );
    let stored = admin
        .find(
            "task",
            json!({"parent": job["id"], "attributes": ["id"]}),
            None,
        )
        .await;
    assert_eq!(stored.len(), 16_000);
}

#[tokio::test]
async fn more_tasks_than_one_request_may_add_are_refused() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let tasks = vec![json!("share=projects/a.mov"); 100_001];
    let (status, reply) = admin
        .event(
            "POST",
            "transfer/create",
            json!({"name": "too many", "tasks": tasks}),
            None,
            None,
        )
        .await;
    assert_eq!(status, 413, "{reply}");
    assert!(
        reply["message"]
            .as_str()
            .unwrap()
            .contains("at most 100000"),
        "{reply}"
    );
    assert!(admin.find("transfer", json!({}), None).await.is_empty());
}

#[tokio::test]
async fn a_copy_onto_its_own_source_is_refused_and_the_source_kept() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let file = emu.data_dir().join("storage/projects/delivery/a.mov");
    std::fs::write(&file, b"the only take").unwrap();
    for destination in [
        "share=projects/delivery/a.mov",
        "share=projects/delivery/",
        "volume=(default)/delivery",
    ] {
        let job = admin
            .create(
                "transfer",
                json!({"source": "share=projects/delivery/a.mov", "destination": destination}),
            )
            .await;
        emu.advance_clock(Duration::from_secs(10)).unwrap();
        let job = admin
            .ok("GET", "transfer/find", json!({}), None, job["id"].as_str())
            .await[0]
            .clone();
        assert_eq!(job["status"], "failed", "{destination}: {job}");
        let task = admin.find("task", json!({"parent": job["id"]}), None).await[0].clone();
        assert_eq!(task["status"], "failed", "{destination}: {task}");
        assert!(
            task["error"].as_str().unwrap().contains("source itself"),
            "{destination}: {task}"
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"the only take");
    }
    // Nothing was left beside it either.
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.mov"]);
}

/// Reads until the server closes the connection; how long that took.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return started.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => panic!("still open after {limit:?}"),
        }
    }
}

async fn start_with_short_timeouts(max_connections: usize) -> accsyn_emulator::Emulator {
    accsyn_emulator::Emulator::builder()
        .seed(seed())
        .time_scale(0.0)
        .header_timeout(Duration::from_millis(300))
        .body_timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(300))
        .max_connections(max_connections)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn slow_and_silent_clients_are_cut_off() {
    let emu = start_with_short_timeouts(64).await;
    let addr = emu.local_addr();
    // Half a request head, then nothing (slowloris).
    let mut half = TcpStream::connect(addr).await.unwrap();
    half.write_all(b"PUT /api/v3/api/login HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let took = closed_within(&mut half, Duration::from_secs(5)).await;
    assert!(took >= Duration::from_millis(200), "{took:?}");
    // A connection that never says anything.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    closed_within(&mut silent, Duration::from_secs(5)).await;
    // A body that stops arriving: answered 408 with a message.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v3/event HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nX-Accsyn-Workspace: acme\r\nContent-Length: 1000\r\n\r\n{{\"uri\"",
        auth_header(ADMIN, ADMIN_KEY)
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut reply)).await;
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("did not arrive"), "{reply}");
    // A keep-alive connection left idle after its reply.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    let login = format!(
        "PUT /api/v3/api/login HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nX-Accsyn-Workspace: acme\r\nContent-Length: 2\r\n\r\n{{}}",
        auth_header(ADMIN, ADMIN_KEY)
    );
    idle.write_all(login.as_bytes()).await.unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    closed_within(&mut idle, Duration::from_secs(5)).await;
    // Clients that behave are served as before.
    let (status, body) = login_raw(&emu.base_url(), ADMIN, ADMIN_KEY, "acme").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn connections_over_the_limit_wait_for_a_free_one() {
    let emu = start_with_short_timeouts(2).await;
    let addr = emu.local_addr();
    let _a = TcpStream::connect(addr).await.unwrap();
    let _b = TcpStream::connect(addr).await.unwrap();
    // Both slots are taken by silent clients: this request waits until
    // the header timeout frees one.
    let started = Instant::now();
    let (status, body) = login_raw(&emu.base_url(), ADMIN, ADMIN_KEY, "acme").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_read_grant_shows_another_users_job_but_does_not_change_it() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let acl = grant(&admin, &employee.id, "projects", true, false).await;
    let job = admin
        .create(
            "transfer",
            json!({"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov", "status": "paused"}),
        )
        .await;
    let id = job["id"].as_str().unwrap();
    let task = admin.find("task", json!({"parent": id}), None).await[0].clone();
    // Visible...
    assert_eq!(
        employee
            .ok("GET", "transfer/find", json!({}), None, Some(id))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // ...but pausing, resuming, archiving and excluding tasks are refused.
    let attempts = [
        ("PUT", "transfer/edit", json!({"status": "waiting"})),
        ("DELETE", "transfer/delete", json!({})),
        (
            "PUT",
            "task/edit",
            json!([{"id": task["id"], "status": "excluded"}]),
        ),
    ];
    for (method, uri, data) in &attempts {
        let (status, body) = employee
            .event(method, uri, data.clone(), None, Some(id))
            .await;
        assert_eq!(status, 403, "{uri}: {body}");
        assert!(body["message"].is_string(), "{uri}: {body}");
    }
    let unchanged = admin.find("task", json!({"parent": id}), None).await[0].clone();
    assert_eq!(unchanged["status"], "queued");
    // Write on the volume is what lets an employee change the job.
    admin
        .ok(
            "PUT",
            "acl/edit",
            json!({"write": true}),
            None,
            acl["id"].as_str(),
        )
        .await;
    for (method, uri, data) in &attempts {
        let (status, body) = employee
            .event(method, uri, data.clone(), None, Some(id))
            .await;
        assert_eq!(status, 200, "{uri}: {body}");
    }
}

#[tokio::test]
async fn transfers_outside_any_volume_are_refused() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    for (destination, says) in [
        ("share=novolume/dir/", "no share `novolume`"),
        ("share=", "storage root is not a share"),
        ("volume=/x.mov", "storage root is not a share"),
    ] {
        let msg = admin
            .fails(
                "POST",
                "transfer/create",
                json!({"source": "/tmp/a.mov", "destination": destination}),
                None,
                None,
            )
            .await;
        assert!(msg.contains(says), "{destination}: {msg}");
    }
    assert!(admin.find("transfer", json!({}), None).await.is_empty());
    let storage: Vec<_> = std::fs::read_dir(emu.data_dir().join("storage"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(storage, ["projects"]);
}

#[cfg(unix)]
#[tokio::test]
async fn links_out_of_the_data_dir_are_not_followed() {
    let emu = start().await;
    let admin = Client::login(&emu, ADMIN).await;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), b"not yours").unwrap();
    std::os::unix::fs::symlink(outside.path(), emu.data_dir().join("storage/projects/out"))
        .unwrap();
    // Reading through the link, and writing through it.
    for (source, destination) in [
        ("share=projects/out/secret.txt", "/tmp/secret.txt"),
        ("share=projects/delivery/a.mov", "share=projects/out/a.mov"),
    ] {
        let job = admin
            .create(
                "transfer",
                json!({"source": source, "destination": destination}),
            )
            .await;
        emu.advance_clock(Duration::from_secs(10)).unwrap();
        let task = admin.find("task", json!({"parent": job["id"]}), None).await[0].clone();
        assert_eq!(task["status"], "failed", "{task}");
        assert!(
            task["error"].as_str().unwrap().contains("symbolic link"),
            "{task}"
        );
    }
    let admin_client = emu
        .data_dir()
        .join("clients/admin@acme.test/tmp/secret.txt");
    assert!(!admin_client.exists());
    let names: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["secret.txt"]);
}
