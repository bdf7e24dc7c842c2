//! Generic find: scopes, parent, query, role filtering, skip/limit and
//! attribute projection; get-by-id whatever the scope.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::acls;
use super::rules;
use super::rules::context::Ctx;
use super::rules::query::CompiledQuery;
use super::rules::roles::can_read;
use super::rules::types::{EntityType, Kind};
use super::rules::visible::{get_visible, projection};
use crate::http::Envelope;
use crate::reply::{ApiError, Reply};
use crate::store::{Scope, Tx};

/// The options of a find's `data`.
#[derive(Debug, Default, PartialEq)]
pub(super) struct FindOptions {
    parent: Option<String>,
    finished: bool,
    inactive: bool,
    archived: bool,
    limit: Option<usize>,
    skip: usize,
    attributes: Option<Vec<String>>,
    single: bool,
    /// ACL finds: also the ACLs of a volume's folders and homes.
    recursive: bool,
}

fn opt_bool(obj: &Map<String, Value>, key: &str) -> Result<bool, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::bad(format!("`{key}` must be true or false"))),
    }
}

fn opt_count(obj: &Map<String, Value>, key: &str) -> Result<Option<usize>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| ApiError::bad(format!("`{key}` must be a non-negative integer"))),
    }
}

impl FindOptions {
    pub(super) fn parse(data: &Value) -> Result<Self, ApiError> {
        let empty = Map::new();
        let obj = match data {
            Value::Null => &empty,
            Value::Object(o) => o,
            _ => return Err(ApiError::bad("a find's `data` must be an object")),
        };
        let parent = match obj.get("parent") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(ApiError::bad("`parent` must be an entity id")),
        };
        let attributes = match obj.get("attributes") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|a| a.as_str().map(|s| s.trim().to_owned()))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| ApiError::bad("`attributes` must be a list of strings"))?,
            ),
            Some(_) => return Err(ApiError::bad("`attributes` must be a list of strings")),
        };
        Ok(FindOptions {
            parent,
            finished: opt_bool(obj, "finished")?,
            // `offline` is the official client's deprecated name for `inactive`.
            inactive: opt_bool(obj, "inactive")? || opt_bool(obj, "offline")?,
            archived: opt_bool(obj, "archived")?,
            limit: opt_count(obj, "limit")?,
            skip: opt_count(obj, "skip")?.unwrap_or(0),
            attributes,
            single: opt_bool(obj, "single_entity_query")?,
            recursive: opt_bool(obj, "recursive")?,
        })
    }
}

/// Whether a document of `scope` belongs to the scope the options ask for.
/// Each scope flag searches *among* that scope (as the official client
/// documents it); `single_entity_query` relaxes the status scopes.
fn in_scope(et: &EntityType, scope: Scope, opts: &FindOptions) -> bool {
    if scope.archived != opts.archived {
        return false;
    }
    if opts.archived || opts.single {
        return true;
    }
    match et.kind {
        Kind::Job => scope.finished == opts.finished,
        Kind::User | Kind::Infrastructure | Kind::Share | Kind::Acl => {
            scope.inactive == opts.inactive
        }
        Kind::Task | Kind::File => true,
    }
}

/// `<type>/find`.
pub(super) fn find(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let opts = FindOptions::parse(&env.data)?;
    if let Some(id) = &env.id {
        let found = get_visible(tx, ctx, et, id)?
            .map(|(_, doc)| Arc::new(doc))
            .into_iter()
            .collect();
        return Ok(Reply::found(found, projection(opts.attributes)));
    }
    let query = env
        .query
        .as_deref()
        .map(|q| CompiledQuery::compile(et, q))
        .transpose()?;
    let limit = if opts.single { Some(1) } else { opts.limit };
    let mut out = Vec::new();
    let mut skipped = 0;
    'stores: for store in et.stores {
        let owner = rules::types::entity_type(store).unwrap_or(et);
        let docs = tx.list(store)?;
        for (doc, scope) in docs.iter().zip(docs.scopes()) {
            // The scope sits beside the document: out-of-scope ones are
            // skipped without reading them.
            if !in_scope(et, *scope, &opts) || !et.holds(doc) {
                continue;
            }
            if let Some(parent) = &opts.parent {
                // Tasks name their job in `job`; other sub-entities in `parent`.
                let key = if et.kind == Kind::Task {
                    "job"
                } else {
                    "parent"
                };
                if doc.get(key).and_then(Value::as_str) != Some(parent.as_str()) {
                    continue;
                }
            }
            if let Some(q) = &query {
                // A recursive access list of a volume also answers with the
                // ACLs of its folders and homes.
                let also = match opts.recursive && et.kind == Kind::Acl {
                    true => acls::recursive_view(tx, doc)?,
                    false => None,
                };
                let matched = q.matches(tx, doc)?
                    || match &also {
                        Some(view) => q.matches(tx, view)?,
                        None => false,
                    };
                if !matched {
                    continue;
                }
            }
            if !can_read(tx, ctx, owner, doc)? {
                continue;
            }
            if skipped < opts.skip {
                skipped += 1;
                continue;
            }
            if limit.is_some_and(|l| out.len() >= l) {
                break 'stores;
            }
            out.push(doc.clone());
        }
    }
    Ok(Reply::found(out, projection(opts.attributes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_parse_the_recorded_forms() {
        let o = FindOptions::parse(
            &json!({"attributes": ["id", "name"], "finished": true, "limit": 5, "skip": 2}),
        )
        .unwrap();
        assert!(o.finished);
        assert_eq!(o.limit, Some(5));
        assert_eq!(o.skip, 2);
        assert_eq!(o.attributes, Some(vec!["id".to_owned(), "name".to_owned()]));
        assert_eq!(
            FindOptions::parse(&Value::Null).unwrap(),
            FindOptions::default()
        );
    }

    #[test]
    fn wrong_option_types_are_messages() {
        for bad in [
            json!({"limit": -1}),
            json!({"limit": "5"}),
            json!({"finished": 1}),
            json!({"attributes": "id"}),
            json!([]),
        ] {
            assert!(FindOptions::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn finished_jobs_leave_live_finds() {
        let et = rules::types::entity_type("transfer").unwrap();
        let done = json!({"status": "done"});
        let running = json!({"status": "running"});
        let live = FindOptions::default();
        let finished = FindOptions {
            finished: true,
            ..FindOptions::default()
        };
        let (done, running) = (
            Scope::of("transfer", &done),
            Scope::of("transfer", &running),
        );
        assert!(!in_scope(et, done, &live));
        assert!(in_scope(et, running, &live));
        assert!(in_scope(et, done, &finished));
        assert!(!in_scope(et, running, &finished));
        let archived = json!({"status": "running", "archived": true});
        assert!(!in_scope(et, Scope::of("transfer", &archived), &live));
        // Statuses are matched in any case.
        assert!(Scope::of("transfer", &json!({"status": "Aborted"})).finished);
        assert!(Scope::of("client", &json!({"status": "OFFLINE"})).inactive);
    }
}
