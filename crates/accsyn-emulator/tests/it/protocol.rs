//! The wire forms: master lookup, envelopes, gz_data, reply shapes, clock.

use std::io::Write;
use std::time::Duration;

use base64::Engine as _;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::json;

use super::*;

#[tokio::test]
async fn master_lookup_answers_known_workspaces_only() {
    let emu = start().await;
    let http = super::http_client();
    let url = |ident: &str| {
        let q = json!({ "ident": ident }).to_string();
        format!(
            "{}/api/v3/J3PKTtDvolDMBtTy6AFGA?{}",
            emu.base_url(),
            utf8_percent_encode(&q, NON_ALPHANUMERIC)
        )
    };
    let (status, body) = read(http.get(url("acme")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["hostname"], "127.0.0.1");
    assert_eq!(body["result"]["port"], emu.local_addr().port());
    let (_, body) = read(http.get(url("nope")).send().await.unwrap()).await;
    assert!(body["message"].is_string(), "{body}");
    let (status, body) = read(
        http.get(format!(
            "{}/api/v3/J3PKTtDvolDMBtTy6AFGA?garbage",
            emu.base_url()
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["message"].is_string());
}

#[tokio::test]
async fn uris_are_case_insensitive_and_data_may_be_null() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let job = c.create("transfer", json!({"name": "t1"})).await;
    let id = job["id"].as_str().unwrap();
    // get_entity sends `Transfer/find`.
    let found = c
        .ok("GET", "Transfer/find", json!({}), None, Some(id))
        .await;
    assert_eq!(found[0]["name"], "t1");
    // delete_one without options sends `data: null`.
    let deleted = c
        .ok(
            "DELETE",
            "transfer/delete",
            serde_json::Value::Null,
            None,
            Some(id),
        )
        .await;
    assert_eq!(deleted, json!(true));
}

#[tokio::test]
async fn gz_data_payloads_are_unpacked() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let data = json!({"name": "big", "tasks": (0..500).map(|i| json!({
        "source": format!("share=projects/seq/frame.{i:05}.exr"),
        "destination": format!("/Volumes/EDIT/seq/frame.{i:05}.exr"),
    })).collect::<Vec<_>>()});
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(data.to_string().as_bytes()).unwrap();
    let packed = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
    let mut env = c.envelope("transfer/create", json!(null), None, None);
    env.as_object_mut().unwrap().remove("data");
    env["gz_data"] = json!(packed);
    let (status, body) = c.send("POST", &env).await;
    assert_eq!(status, 200, "{body}");
    let job = &body["result"][0];
    assert_eq!(job["name"], "big");
    let tasks = c.find("task", json!({"parent": job["id"]}), None).await;
    assert_eq!(tasks.len(), 500);
    assert_eq!(tasks[499]["uri"], "499");
}

#[tokio::test]
async fn replies_use_result_and_message() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let (status, body) = c.event("GET", "entitytypes", json!({}), None, None).await;
    assert_eq!(status, 200);
    assert!(
        body["result"]
            .as_array()
            .unwrap()
            .contains(&json!("transfer"))
    );
    let (status, body) = c.event("GET", "nosuch/find", json!({}), None, None).await;
    assert_eq!(status, 404);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("unknown operation")
    );
    let (status, body) = read(
        reqwest::get(format!("{}/nowhere", emu.base_url()))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    assert!(body["message"].is_string());
}

#[tokio::test]
async fn the_clock_moves_by_library_call_and_admin_event() {
    let emu = start().await;
    let before = emu.now();
    let after = emu.advance_clock(Duration::from_secs(8 * 3600)).unwrap();
    assert_eq!(
        after.duration_since(before).unwrap(),
        Duration::from_secs(8 * 3600)
    );
    let admin = Client::login(&emu, ADMIN).await;
    let employee = Client::login(&emu, EMPLOYEE).await;
    let now1 = admin
        .ok("GET", "emulator/clock", json!({}), None, None)
        .await;
    let now2 = admin
        .ok(
            "PUT",
            "emulator/clock",
            json!({"advance": 3600}),
            None,
            None,
        )
        .await;
    assert!(now2["now"].as_str().unwrap() > now1["now"].as_str().unwrap());
    let msg = employee
        .fails(
            "PUT",
            "emulator/clock",
            json!({"advance": 3600}),
            None,
            None,
        )
        .await;
    assert!(msg.contains("admin"), "{msg}");
    // Frozen clock: entity timestamps show emulated time.
    let job = admin.create("transfer", json!({"name": "t"})).await;
    assert_eq!(job["created"], now2["now"]);
}

#[tokio::test]
async fn wrong_method_for_an_operation_is_a_message() {
    let emu = start().await;
    let c = Client::login(&emu, ADMIN).await;
    let msg = c
        .fails("POST", "transfer/find", json!({}), None, None)
        .await;
    assert!(msg.contains("GET"), "{msg}");
}
