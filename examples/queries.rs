//! Parses, prints and evaluates the product documents' queries against a few
//! JSON entities, then shows what a mistake looks like.
//!
//! Run with `cargo run --example queries` (no server needed: it only parses and evaluates).

use accsyn_query::{Filter, Query, attr, parse};
use serde_json::json;

/// Queries from the accsyn documentation and the official client.
const QUERIES: &[&str] = &[
    "Transfer WHERE status=done",
    r#"transfer WHERE ((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#,
    r#"Transfer WHERE name matches "backup.*\.zip""#,
    "Delivery WHERE name='Project references'",
    "Transfer WHERE created>=2026-01-22T08:35:59 AND type in 0,2",
    r#"Transfer WHERE status in "done,failed""#,
    "task WHERE job.id=69732302fd379c8fff1089d0",
    "acl WHERE entity=user:6676f3e9c7ef4e27da254e57 AND target=share:0123456789abcdef01234567",
];

fn main() -> Result<(), accsyn_query::ParseError> {
    let entities = [
        json!({"code": "nightly backup", "name": "backup_0122.zip", "user": "lisa@example.com",
               "destination": "hq", "status": "failed", "type": 0, "created": "2026-01-22T08:43:05"}),
        json!({"code": "plates", "name": "Project references", "user": "john@example.com",
               "destination": "la", "status": "done", "type": 2, "created": "2026-01-20T10:00:00",
               "job": "69732302fd379c8fff1089d0"}),
        json!({"code": "Weekly BACKUP", "name": "notes.txt", "user": "ana@studio.se",
               "destination": "stockholm", "status": "queued", "type": 1,
               "entity": "user:6676f3e9c7ef4e27da254e57", "target": "share:0123456789abcdef01234567"}),
    ];
    let label = |e: &serde_json::Value| e["code"].as_str().unwrap_or("?").to_owned();
    println!("No server needed: this example only parses, prints and evaluates queries, locally.");
    println!(
        "entities: {}\n",
        entities.iter().map(label).collect::<Vec<_>>().join(", ")
    );

    for text in QUERIES {
        let query = parse(text)?;
        let filter = Filter::new(&query)?;
        let matched: Vec<String> = entities
            .iter()
            .filter(|e| filter.matches(e))
            .map(label)
            .collect();
        println!(
            "{text}\n  canonical: {query}\n  matches:   {}\n",
            list(&matched)
        );
    }

    // Building from user input: the value cannot change the query's shape.
    let user_input = "x\" OR status=failed";
    let built =
        Query::new("Transfer").filter(attr("name").eq(user_input).and(attr("status").ne("failed")));
    println!("built from {user_input:?}:\n  {built}\n");

    // A mistake: the error names what was expected and points at it.
    let err = parse("Transfer WHERE name=x and y.png OR status=").unwrap_err();
    println!("a malformed query:\n{err}");
    Ok(())
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_owned()
    } else {
        items.join(", ")
    }
}
