//! One transaction: reads from a committed snapshot overlaid with the
//! transaction's own writes, which are only recorded here; the store
//! writes them to the database in one batch when the transaction commits.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::TRACKED_KEY;
use super::state::{DocList, Op, State, doc_id};
use crate::reply::ApiError;

/// One open transaction.
pub(crate) struct Tx<'a> {
    base: &'a State,
    writes: RefCell<Writes>,
}

/// What a transaction wrote, indexed so its reads find it in O(1).
#[derive(Default)]
struct Writes {
    ops: Vec<Op>,
    types: HashMap<String, TypeWrites>,
    api_keys: HashMap<String, String>,
    sessions: HashMap<String, String>,
    /// Users whose committed sessions this transaction ended.
    dropped_sessions: HashSet<String>,
    meta: HashMap<String, String>,
}

/// One type's writes: the latest version of each written document (None
/// when deleted), and the ids new to this transaction in insert order.
#[derive(Default)]
struct TypeWrites {
    latest: HashMap<String, Option<Arc<Value>>>,
    added: Vec<String>,
}

fn id_of(doc: &Value) -> Result<&str, ApiError> {
    doc_id(doc).ok_or_else(|| ApiError::Internal("document without id".to_owned()))
}

impl<'a> Tx<'a> {
    pub(super) fn new(base: &'a State) -> Self {
        Tx {
            base,
            writes: RefCell::default(),
        }
    }

    /// Whether this transaction wrote anything.
    pub(crate) fn has_writes(&self) -> bool {
        !self.writes.borrow().ops.is_empty()
    }

    /// The writes, in the order they were made.
    pub(super) fn into_ops(self) -> Vec<Op> {
        self.writes.into_inner().ops
    }

    /// The entity `id` of type `ty`, shared: for a look that may not need a copy.
    pub(crate) fn get_shared(&self, ty: &str, id: &str) -> Option<Arc<Value>> {
        if let Some(latest) = self
            .writes
            .borrow()
            .types
            .get(ty)
            .and_then(|w| w.latest.get(id))
        {
            return latest.clone();
        }
        self.base.docs(ty).and_then(|d| d.get(id)).cloned()
    }

    /// The entity `id` of type `ty`, if any.
    pub(crate) fn get(&self, ty: &str, id: &str) -> Result<Option<Value>, ApiError> {
        Ok(self.get_shared(ty, id).map(Arc::unwrap_or_clone))
    }

    /// Every entity of type `ty`, in creation order.
    pub(crate) fn list(&self, ty: &str) -> Result<DocList, ApiError> {
        let base = self.base.docs(ty);
        let writes = self.writes.borrow();
        let Some(w) = writes.types.get(ty) else {
            return Ok(base.map(|d| d.all()).unwrap_or_default());
        };
        // Written in this transaction: the committed list with the writes
        // laid over it, in one pass.
        let mut out: Vec<Arc<Value>> = base.map(|d| d.all().to_vec()).unwrap_or_default();
        let mut gone = Vec::new();
        for (id, doc) in &w.latest {
            let Some(pos) = base.and_then(|d| d.position(id)) else {
                continue;
            };
            match doc {
                Some(doc) => out[pos] = doc.clone(),
                None => gone.push(pos),
            }
        }
        if !gone.is_empty() {
            gone.sort_unstable();
            let mut next = gone.iter().peekable();
            let mut i = 0;
            out.retain(|_| {
                let keep = next.peek() != Some(&&i);
                if !keep {
                    next.next();
                }
                i += 1;
                keep
            });
        }
        out.extend(
            w.added
                .iter()
                .filter_map(|id| w.latest.get(id).and_then(Clone::clone)),
        );
        Ok(DocList::new(ty, out))
    }

    /// Ids of the documents of `ty` that carry [`TRACKED_KEY`].
    pub(crate) fn tracked(&self, ty: &str) -> Result<Vec<String>, ApiError> {
        let writes = self.writes.borrow();
        let w = writes.types.get(ty);
        let still = |id: &str| match w.and_then(|w| w.latest.get(id)) {
            Some(doc) => doc.as_ref().is_some_and(|d| d.get(TRACKED_KEY).is_some()),
            None => true,
        };
        let base = self.base.docs(ty);
        let mut out: Vec<String> = base
            .map(|d| d.tracked())
            .unwrap_or_default()
            .into_iter()
            .filter(|id| still(id))
            .map(str::to_owned)
            .collect();
        if let Some(w) = w {
            // Written here: committed documents that became tracked, in
            // creation order, then new ones.
            let mut became: Vec<(usize, &String)> = w
                .latest
                .iter()
                .filter(|(_, doc)| doc.as_ref().is_some_and(|d| d.get(TRACKED_KEY).is_some()))
                .filter_map(|(id, _)| {
                    let d = base?;
                    let pos = d.position(id)?;
                    (!d.is_tracked(id)).then_some((pos, id))
                })
                .collect();
            became.sort_unstable();
            out.extend(became.into_iter().map(|(_, id)| id.clone()));
            out.extend(w.added.iter().filter(|id| still(id)).cloned());
        }
        Ok(out)
    }

    fn exists(&self, ty: &str, id: &str) -> bool {
        self.get_shared(ty, id).is_some()
    }

    fn record(&self, ty: &str, id: &str, doc: Option<Arc<Value>>, op: Op) {
        let mut writes = self.writes.borrow_mut();
        let w = writes.types.entry(ty.to_owned()).or_default();
        if matches!(op, Op::Insert(..)) {
            w.added.push(id.to_owned());
        }
        w.latest.insert(id.to_owned(), doc);
        writes.ops.push(op);
    }

    /// Inserts `doc` (which carries its `id`) as type `ty`; returns it
    /// shared, as reads will see it.
    pub(crate) fn insert(&self, ty: &str, doc: Value) -> Result<Arc<Value>, ApiError> {
        let id = id_of(&doc)?;
        // Ids are never reused, even after a delete: a new one is random.
        if self.exists(ty, id) || self.base.docs(ty).is_some_and(|d| d.position(id).is_some()) {
            return Err(ApiError::Internal(format!("{ty} id {id} is taken")));
        }
        let id = id.to_owned();
        let doc = Arc::new(doc);
        self.record(
            ty,
            &id,
            Some(doc.clone()),
            Op::Insert(ty.to_owned(), doc.clone()),
        );
        Ok(doc)
    }

    /// Replaces the stored document of `doc`'s id.
    pub(crate) fn replace(&self, ty: &str, doc: &Value) -> Result<(), ApiError> {
        let id = id_of(doc)?;
        if !self.exists(ty, id) {
            return Err(ApiError::NotFound(format!("no {ty} with id {id}")));
        }
        let doc = Arc::new(doc.clone());
        self.record(ty, id, Some(doc.clone()), Op::Replace(ty.to_owned(), doc));
        Ok(())
    }

    /// Deletes an entity; whether it existed.
    pub(crate) fn delete(&self, ty: &str, id: &str) -> Result<bool, ApiError> {
        if !self.exists(ty, id) {
            return Ok(false);
        }
        self.record(ty, id, None, Op::Delete(ty.to_owned(), id.to_owned()));
        Ok(true)
    }

    /// Stores a user's API key.
    pub(crate) fn set_api_key(&self, user_id: &str, key: &str) -> Result<(), ApiError> {
        let mut writes = self.writes.borrow_mut();
        writes.api_keys.insert(user_id.to_owned(), key.to_owned());
        writes
            .ops
            .push(Op::ApiKey(user_id.to_owned(), key.to_owned()));
        Ok(())
    }

    /// A user's API key.
    pub(crate) fn api_key(&self, user_id: &str) -> Result<Option<String>, ApiError> {
        let writes = self.writes.borrow();
        Ok(writes
            .api_keys
            .get(user_id)
            .or_else(|| self.base.api_keys.get(user_id))
            .cloned())
    }

    /// Records a login session.
    pub(crate) fn insert_session(&self, session: &str, user_id: &str) -> Result<(), ApiError> {
        let mut writes = self.writes.borrow_mut();
        writes
            .sessions
            .insert(session.to_owned(), user_id.to_owned());
        writes
            .ops
            .push(Op::Session(session.to_owned(), user_id.to_owned()));
        Ok(())
    }

    /// The user a session belongs to.
    pub(crate) fn session_user(&self, session: &str) -> Result<Option<String>, ApiError> {
        let writes = self.writes.borrow();
        if let Some(user) = writes.sessions.get(session) {
            return Ok(Some(user.clone()));
        }
        Ok(self
            .base
            .sessions
            .get(session)
            .filter(|user| !writes.dropped_sessions.contains(*user))
            .cloned())
    }

    /// Forgets every session of a user (deactivation, deletion).
    pub(crate) fn drop_sessions(&self, user_id: &str) -> Result<(), ApiError> {
        let mut writes = self.writes.borrow_mut();
        writes.sessions.retain(|_, user| user != user_id);
        writes.dropped_sessions.insert(user_id.to_owned());
        writes.ops.push(Op::DropSessions(user_id.to_owned()));
        Ok(())
    }

    /// A metadata value.
    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>, ApiError> {
        let writes = self.writes.borrow();
        Ok(writes
            .meta
            .get(key)
            .or_else(|| self.base.meta.get(key))
            .cloned())
    }

    /// Sets a metadata value.
    pub(crate) fn set_meta(&self, key: &str, value: &str) -> Result<(), ApiError> {
        let mut writes = self.writes.borrow_mut();
        writes.meta.insert(key.to_owned(), value.to_owned());
        writes.ops.push(Op::Meta(key.to_owned(), value.to_owned()));
        Ok(())
    }
}
