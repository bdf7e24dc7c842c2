//! Servers named by the seed: main-site servers, site servers, and servers
//! that may not serve volumes; how volumes are served by them.

use accsyn_emulator::{Error, SeedServer, SeedVolume};
use serde_json::{Value, json};

use super::*;

/// The test seed plus a main-site server `render`, a site server `london`
/// (running as the admin) and `rogue` (running as an employee), with the
/// volume `media` served by `render`.
async fn start_with_servers() -> Emulator {
    let seed = seed()
        .server(SeedServer::new("render"))
        .server(SeedServer::new("london").site("london").user(ADMIN))
        .server(SeedServer::new("rogue").user(EMPLOYEE))
        .volume(SeedVolume::new("projects"))
        .volume(SeedVolume::new("media").served_by("render"));
    Emulator::builder()
        .seed(seed)
        .time_scale(0.0)
        .start()
        .await
        .unwrap()
}

fn by_code<'a>(list: &'a [Value], code: &str) -> &'a Value {
    list.iter()
        .find(|v| v["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {list:?}"))
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn assigned(admin: &Client, volume: &str) -> Vec<(String, String)> {
    let list = admin
        .ok("GET", "volume/servers", json!({}), None, Some(volume))
        .await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["client"].as_str().unwrap().to_owned(),
                a["site"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn seeded_servers_are_found_with_their_sites() {
    let emu = start_with_servers().await;
    let admin = Client::login(&emu, ADMIN).await;
    let servers = admin.find("server", json!({}), None).await;
    let mut codes: Vec<_> = servers.iter().map(|s| s["code"].clone()).collect();
    codes.sort_by_key(|c| c.to_string());
    assert_eq!(
        codes,
        [
            json!("london"),
            json!("render"),
            json!("rogue"),
            json!("storage")
        ]
    );
    assert!(
        servers
            .iter()
            .all(|s| s["type"] == 1 && s["status"] == "online")
    );
    assert_eq!(by_code(&servers, "london")["site"], "london");
    assert_eq!(by_code(&servers, "storage")["site"], "hq");
    assert_eq!(by_code(&servers, "london")["user"], admin.id.as_str());
    // A volume the seed has served by `render` is served by it alone.
    let volumes = admin.find("volume", json!({}), None).await;
    let media = by_code(&volumes, "media");
    let render = id(by_code(&servers, "render"));
    assert_eq!(media["server"], render.as_str());
    assert_eq!(
        assigned(&admin, &id(media)).await,
        [(render, "hq".to_owned())]
    );
    let storage = id(by_code(&servers, "storage"));
    assert_eq!(by_code(&volumes, "projects")["server"], storage.as_str());
}

#[tokio::test]
async fn site_servers_serve_volumes_at_their_site() {
    let emu = start_with_servers().await;
    let admin = Client::login(&emu, ADMIN).await;
    let servers = admin.find("server", json!({}), None).await;
    let [storage, render, london, rogue] =
        ["storage", "render", "london", "rogue"].map(|c| id(by_code(&servers, c)));
    let create = |code: &str, server: &str, sites: &[&str]| json!({"name": code, "code": code, "server": server, "siteservers": sites});
    // The seeds' create: a main-site server and site servers.
    let assets = admin
        .create("volume", create("assets", &storage, &[&london]))
        .await;
    assert_eq!(assets["siteservers"], json!([london]));
    let aid = id(&assets);
    assert_eq!(
        assigned(&admin, &aid).await,
        [
            (storage.clone(), "hq".into()),
            (london.clone(), "london".into())
        ]
    );
    // Servers in the wrong place, or not running as an admin, are refused.
    let msg = admin
        .fails(
            "POST",
            "volume/create",
            create("b", &storage, &[&render]),
            None,
            None,
        )
        .await;
    assert!(
        msg.contains("main site") && msg.contains("`server`"),
        "{msg}"
    );
    let msg = admin
        .fails(
            "POST",
            "volume/create",
            create("c", &london, &[]),
            None,
            None,
        )
        .await;
    assert!(
        msg.contains("site london") && msg.contains("siteservers"),
        "{msg}"
    );
    let msg = admin
        .fails(
            "POST",
            "volume/create",
            create("d", &rogue, &[]),
            None,
            None,
        )
        .await;
    assert!(msg.contains("admin user account"), "{msg}");
    let msg = admin
        .fails(
            "POST",
            "volume/create",
            create("e", &storage, &["0123456789abcdef01234567"]),
            None,
            None,
        )
        .await;
    assert!(msg.contains("no server"), "{msg}");
    // Assigning a main-site server changes who serves at the main site;
    // the site server stays.
    let assign = |server: &str| json!({"volume": aid, "server": server});
    assert_eq!(
        admin
            .ok("PUT", "volume/server", assign(&render), None, Some(&aid))
            .await,
        json!(true)
    );
    assert_eq!(
        assigned(&admin, &aid).await,
        [
            (render.clone(), "hq".into()),
            (london.clone(), "london".into())
        ]
    );
    let msg = admin
        .fails("PUT", "volume/server", assign(&rogue), None, Some(&aid))
        .await;
    assert!(msg.contains("admin user account"), "{msg}");
    // Deassigning the site server leaves the main-site one.
    assert_eq!(
        admin
            .ok("DELETE", "volume/server", assign(&london), None, Some(&aid))
            .await,
        json!(true)
    );
    assert_eq!(
        assigned(&admin, &aid).await,
        [(render.clone(), "hq".into())]
    );
    let q = format!("id={aid}");
    let volume = &admin.find("volume", json!({}), Some(&q)).await[0];
    assert_eq!(volume["siteservers"], json!([]), "{volume}");
    assert_eq!(
        admin
            .ok("DELETE", "volume/server", assign(&london), None, Some(&aid))
            .await,
        json!(false)
    );
}

#[tokio::test]
async fn a_seed_naming_servers_wrongly_is_refused() {
    let cases = [
        (seed().server(SeedServer::new("storage")), "appears twice"),
        (
            seed().server(SeedServer::new("x").user("nobody@acme.test")),
            "not a seeded user",
        ),
        (
            seed().volume(SeedVolume::new("v").served_by("nowhere")),
            "not a seeded server",
        ),
        (
            seed()
                .server(SeedServer::new("far").site("tokyo"))
                .volume(SeedVolume::new("v").served_by("far")),
            "main site",
        ),
        (
            seed()
                .server(SeedServer::new("rogue").user(EMPLOYEE))
                .volume(SeedVolume::new("v").served_by("rogue")),
            "admin account",
        ),
    ];
    for (seed, expected) in cases {
        let err = Emulator::builder().seed(seed).start().await.unwrap_err();
        match err {
            Error::SeedInvalid(msg) => assert!(msg.contains(expected), "{msg}"),
            other => panic!("{expected}: {other:?}"),
        }
    }
}
