//! The evaluation cases of `query.rs` as fixed work, for instruction counts that do not depend
//! on what else the machine runs: five passes of `Filter::matches` over 100,000 entities,
//! inside `run`, which callgrind is told to count alone.
//!
//! ```text
//! cargo bench -p accsyn-query --bench instructions --no-run
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='instructions::run' \
//!     target/release/deps/instructions-<hash> d      # or `lean`, or `e`
//! ```
#![allow(missing_docs)] // A bench binary: nothing here is an API.

#[allow(dead_code)] // The hand-written references are only timed, in query.rs.
mod support;

use std::hint::black_box;

use accsyn_query::{Filter, parse};
use serde_json::Value;
use support::{NESTED, entities, lean_entities, timestamp_entities};

#[inline(never)]
fn run(filter: &Filter, entities: &[Value]) -> usize {
    let mut matching = 0;
    for _ in 0..5 {
        matching += black_box(entities)
            .iter()
            .filter(|e| filter.matches(e))
            .count();
    }
    matching
}

fn main() {
    // `cargo bench` passes `--bench`; only a case name chooses work.
    let Some(case) = std::env::args()
        .skip(1)
        .find(|a| ["d", "lean", "e"].contains(&a.as_str()))
    else {
        println!("instructions: give d, lean or e (see the file's docs); nothing run");
        return;
    };
    let (query, entities) = match case.as_str() {
        "d" => (NESTED, entities()),
        "lean" => (NESTED, lean_entities()),
        _ => (
            "transfer WHERE created>=2026-01-22T08:40:00",
            timestamp_entities(),
        ),
    };
    let filter = Filter::new(&parse(query).expect("the query parses")).expect("it compiles");
    println!("{case}: {} matches", run(&filter, &entities));
}
