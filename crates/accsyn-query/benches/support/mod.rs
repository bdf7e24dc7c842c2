//! The entities and hand-written references the evaluation benches share (`query.rs`, timed
//! by criterion, and `instructions.rs`, counted by callgrind).

use serde_json::{Value, json};

/// The seeds' nested query.
pub(crate) const NESTED: &str = r#"transfer WHERE ((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#;

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

pub(crate) fn entities() -> Vec<Value> {
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
pub(crate) fn lean_entities() -> Vec<Value> {
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
pub(crate) fn hand_written(entity: &Value) -> bool {
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
pub(crate) fn timestamp_entities() -> Vec<Value> {
    let mut entities = entities();
    for (i, entity) in entities.iter_mut().enumerate() {
        entity["created"] = json!(CREATED[i % CREATED.len()]);
    }
    entities
}

/// `created>=2026-01-22T08:40:00` written out by hand: fixed-width four-digit-year text,
/// so byte order is time order.
pub(crate) fn by_hand_created(entity: &Value) -> bool {
    entity
        .as_object()
        .and_then(|map| map.get("created"))
        .and_then(Value::as_str)
        .is_some_and(|c| c >= "2026-01-22T08:40:00")
}
