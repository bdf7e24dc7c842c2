//! The rules every handler shares, beneath them: who may see and change
//! what, where paths lead, how tasks are stored, how time moves jobs, and
//! the shapes replies take. Rules never call handlers, and each file here
//! uses only those listed above it:
//!
//! - `types`, `keys`: the entity types served and the bookkeeping keys;
//! - `shares`: accsyn path notation and the shares it names;
//! - `paths`: storage and desktop paths in the data dir, what a job touches;
//! - `party`, `complete`, `query`, `jobs`: parties, reply shapes, compiled
//!   queries, related jobs;
//! - `people`: users named by id or email;
//! - `context`, `validate`: the caller, and checks of what a write sets;
//! - `roles`, `visible`: the permission table, and what a caller sees;
//! - `tasks`, `parented`, `simulation`: tasks, transfers beneath
//!   deliveries, and jobs moving on the emulated clock.

pub(crate) mod complete;
pub(crate) mod context;
pub(crate) mod jobs;
pub(crate) mod keys;
pub(crate) mod parented;
pub(crate) mod party;
pub(crate) mod paths;
pub(crate) mod people;
pub(crate) mod query;
pub(crate) mod roles;
pub(crate) mod shares;
pub(crate) mod simulation;
pub(crate) mod tasks;
pub(crate) mod types;
pub(crate) mod validate;
pub(crate) mod visible;

use serde_json::Value;

/// The string attribute `key` of a document.
pub(crate) fn str_field<'v>(doc: &'v Value, key: &str) -> Option<&'v str> {
    doc.get(key).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    /// The files in the order of the list above, each with its text.
    const LAYERS: &[(&str, &str)] = &[
        ("types", include_str!("types.rs")),
        ("keys", include_str!("keys.rs")),
        ("shares", include_str!("shares.rs")),
        ("paths", include_str!("paths.rs")),
        ("party", include_str!("party.rs")),
        ("complete", include_str!("complete.rs")),
        ("query", include_str!("query.rs")),
        ("jobs", include_str!("jobs.rs")),
        ("people", include_str!("people.rs")),
        ("context", include_str!("context.rs")),
        ("validate", include_str!("validate.rs")),
        ("roles", include_str!("roles.rs")),
        ("visible", include_str!("visible.rs")),
        ("tasks", include_str!("tasks.rs")),
        ("parented", include_str!("parented.rs")),
        ("simulation", include_str!("simulation.rs")),
    ];

    /// The sibling modules a file names through `super::` (`super::a::x`,
    /// `super::{a, b::y}`).
    fn siblings(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (at, _) in text.match_indices("super::") {
            let rest = &text[at + "super::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        }
        found
    }

    #[test]
    fn each_rule_file_uses_only_those_listed_above_it() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/rules");
        let files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != "mod.rs")
            .map(|n| n.trim_end_matches(".rs").to_owned())
            .collect();
        for file in &files {
            assert!(
                LAYERS.iter().any(|(name, _)| name == file),
                "{file}.rs is not in the layer list"
            );
        }
        for (i, (name, text)) in LAYERS.iter().enumerate() {
            for used in siblings(text) {
                let Some(j) = LAYERS.iter().position(|(n, _)| *n == used) else {
                    continue; // `str_field`, `*` in tests, and other items of this module
                };
                assert!(
                    j < i,
                    "{name}.rs uses {used}.rs, which is not listed above it: an import circle in the making"
                );
            }
        }
    }
}
