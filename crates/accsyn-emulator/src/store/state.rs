//! The committed state in memory: every document per type (parsed once,
//! indexed by id, with its find scope), API keys, sessions and metadata.
//!
//! Readers take the whole state as one `Arc` and never wait for a writer.
//! A commit builds the next state beside it: the parts it leaves alone are
//! shared (each part is its own `Arc`), those it changes are copied, which
//! costs reference counts rather than documents.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::TRACKED_KEY;

/// Job statuses that take a job out of live finds.
const FINISHED_STATUSES: &[&str] = &["done", "aborted"];
/// User, client and volume statuses that count as inactive.
const INACTIVE_STATUSES: &[&str] = &["disabled", "offline", "disabled-offline"];

/// What a find's scopes (live, finished, inactive, archived) read of a
/// document, kept beside it so a find skips out-of-scope documents
/// without visiting them: over many stored documents, reaching each one's
/// map is what a scan pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scope {
    /// `archived` is true.
    pub(crate) archived: bool,
    /// `status` is one of `done`, `aborted` (any case).
    pub(crate) finished: bool,
    /// `status` is one of `disabled`, `offline`, `disabled-offline` (any case).
    pub(crate) inactive: bool,
}

/// Stores whose documents are inactive when deactivated (`inactive`), not
/// by status: a disabled share is still a live one.
const DEACTIVATED_STORES: &[&str] = &["volume", "folder", "home", "collection", "acl"];

impl Scope {
    /// The scope of a document of the store `ty`.
    pub(crate) fn of(ty: &str, doc: &Value) -> Scope {
        let status = doc.get("status").and_then(Value::as_str);
        let is_in =
            |set: &[&str]| status.is_some_and(|s| set.iter().any(|x| x.eq_ignore_ascii_case(s)));
        let inactive = if DEACTIVATED_STORES.contains(&ty) {
            doc.get("inactive").and_then(Value::as_bool) == Some(true)
        } else {
            is_in(INACTIVE_STATUSES)
        };
        Scope {
            archived: doc.get("archived").and_then(Value::as_bool) == Some(true),
            finished: is_in(FINISHED_STATUSES),
            inactive,
        }
    }
}

/// A snapshot of one type's documents in creation order, with their
/// scopes. Taking one costs two reference counts, not one per document: a
/// find over 100,000 stored transfers neither copies nor counts them all.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocList(Arc<Vec<Arc<Value>>>, Arc<Vec<Scope>>);

impl DocList {
    pub(super) fn new(ty: &str, docs: Vec<Arc<Value>>) -> Self {
        let scopes = docs.iter().map(|d| Scope::of(ty, d)).collect();
        DocList(Arc::new(docs), Arc::new(scopes))
    }

    /// The scopes of the documents, index for index.
    pub(crate) fn scopes(&self) -> &[Scope] {
        &self.1
    }
}

impl std::ops::Deref for DocList {
    type Target = [Arc<Value>];

    fn deref(&self) -> &[Arc<Value>] {
        &self.0
    }
}

impl IntoIterator for DocList {
    type Item = Arc<Value>;
    type IntoIter = DocIter;

    fn into_iter(self) -> DocIter {
        DocIter {
            list: self,
            next: 0,
        }
    }
}

/// Iterates a [`DocList`], sharing each document.
pub(crate) struct DocIter {
    list: DocList,
    next: usize,
}

impl Iterator for DocIter {
    type Item = Arc<Value>;

    fn next(&mut self) -> Option<Arc<Value>> {
        let doc = self.list.0.get(self.next)?.clone();
        self.next += 1;
        Some(doc)
    }
}

/// The id of a stored document.
pub(super) fn doc_id(doc: &Value) -> Option<&str> {
    doc.get("id").and_then(Value::as_str)
}

/// The documents of one type, in creation order, indexed by id.
#[derive(Debug, Clone, Default)]
pub(super) struct Docs {
    order: Arc<Vec<Arc<Value>>>,
    /// Each document's scope, index for index with `order`.
    scopes: Arc<Vec<Scope>>,
    /// Keyed by shared strings, so copying the index copies no id.
    index: Arc<HashMap<Arc<str>, usize>>,
    /// Ids of the documents carrying [`TRACKED_KEY`]: the transfers the
    /// simulation still moves, so a step visits them and not every job.
    tracked: Arc<HashSet<String>>,
}

impl Docs {
    pub(super) fn get(&self, id: &str) -> Option<&Arc<Value>> {
        self.index.get(id).and_then(|&i| self.order.get(i))
    }

    /// Where the document `id` sits in creation order.
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub(super) fn all(&self) -> DocList {
        DocList(self.order.clone(), self.scopes.clone())
    }

    /// Whether the document `id` carries [`TRACKED_KEY`].
    pub(super) fn is_tracked(&self, id: &str) -> bool {
        self.tracked.contains(id)
    }

    /// The tracked ids, in creation order.
    pub(super) fn tracked(&self) -> Vec<&str> {
        let mut ids: Vec<(usize, &str)> = self
            .tracked
            .iter()
            .filter_map(|id| Some((self.position(id)?, id.as_str())))
            .collect();
        ids.sort_unstable();
        ids.into_iter().map(|(_, id)| id).collect()
    }

    fn put(&mut self, ty: &str, doc: Arc<Value>) {
        let Some(id) = doc_id(&doc).map(str::to_owned) else {
            return;
        };
        let scope = Scope::of(ty, &doc);
        let tracked = doc.get(TRACKED_KEY).is_some();
        if tracked != self.tracked.contains(&id) {
            let set = Arc::make_mut(&mut self.tracked);
            if tracked {
                set.insert(id.clone());
            } else {
                set.remove(&id);
            }
        }
        match self.index.get(id.as_str()) {
            Some(&i) => {
                Arc::make_mut(&mut self.order)[i] = doc;
                Arc::make_mut(&mut self.scopes)[i] = scope;
            }
            None => {
                let order = Arc::make_mut(&mut self.order);
                Arc::make_mut(&mut self.index).insert(id.into(), order.len());
                order.push(doc);
                Arc::make_mut(&mut self.scopes).push(scope);
            }
        }
    }

    fn delete(&mut self, id: &str) {
        let Some(i) = Arc::make_mut(&mut self.index).remove(id) else {
            return;
        };
        if self.tracked.contains(id) {
            Arc::make_mut(&mut self.tracked).remove(id);
        }
        Arc::make_mut(&mut self.order).remove(i);
        Arc::make_mut(&mut self.scopes).remove(i);
        // Deletes are rare: re-indexing the tail keeps lookups O(1).
        let index = Arc::make_mut(&mut self.index);
        for (j, doc) in self.order.iter().enumerate().skip(i) {
            if let Some(id) = doc_id(doc) {
                index.insert(id.into(), j);
            }
        }
    }
}

/// A write, kept in the order the transaction made it: replayed on the
/// database at commit, then on the committed state.
#[derive(Debug)]
pub(super) enum Op {
    /// A new document of a type.
    Insert(String, Arc<Value>),
    /// A stored document's new content.
    Replace(String, Arc<Value>),
    /// `(type, id)` removed.
    Delete(String, String),
    /// `(user id, API key)`.
    ApiKey(String, String),
    /// `(session id, user id)`: a login.
    Session(String, String),
    /// Every session of this user id ends.
    DropSessions(String),
    /// `(key, value)` of the emulator's metadata.
    Meta(String, String),
}

/// Everything committed, as readers see it.
#[derive(Debug, Clone, Default)]
pub(super) struct State {
    /// Counts commits: a transaction that read an older generation must
    /// run again before it may commit.
    pub(super) generation: u64,
    types: HashMap<String, Docs>,
    pub(super) api_keys: Arc<HashMap<String, String>>,
    /// Session id → user id.
    pub(super) sessions: Arc<HashMap<String, String>>,
    pub(super) meta: Arc<HashMap<String, String>>,
}

impl State {
    /// The documents of `ty` (none yet: an empty set).
    pub(super) fn docs(&self, ty: &str) -> Option<&Docs> {
        self.types.get(ty)
    }

    /// Replays committed writes.
    pub(super) fn apply(&mut self, ops: Vec<Op>) {
        for op in ops {
            match op {
                Op::Insert(ty, doc) | Op::Replace(ty, doc) => {
                    self.types.entry(ty.clone()).or_default().put(&ty, doc);
                }
                Op::Delete(ty, id) => {
                    if let Some(docs) = self.types.get_mut(&ty) {
                        docs.delete(&id);
                    }
                }
                Op::ApiKey(user, key) => {
                    Arc::make_mut(&mut self.api_keys).insert(user, key);
                }
                Op::Session(session, user) => {
                    Arc::make_mut(&mut self.sessions).insert(session, user);
                }
                Op::DropSessions(user) => {
                    Arc::make_mut(&mut self.sessions).retain(|_, u| *u != user);
                }
                Op::Meta(key, value) => {
                    Arc::make_mut(&mut self.meta).insert(key, value);
                }
            }
        }
        self.generation += 1;
    }
}
