//! Parsed documents of committed entities, per type, so finds do not parse
//! every stored document again on each call.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

/// A write to replay on the cache once its transaction has committed.
pub(super) enum Op {
    /// Insert or replace `(type, document)`.
    Put(String, Arc<Value>),
    /// Delete `(type, id)`.
    Delete(String, String),
}

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

impl Scope {
    pub(crate) fn of(doc: &Value) -> Scope {
        let status = doc.get("status").and_then(Value::as_str);
        let is_in =
            |set: &[&str]| status.is_some_and(|s| set.iter().any(|x| x.eq_ignore_ascii_case(s)));
        Scope {
            archived: doc.get("archived").and_then(Value::as_bool) == Some(true),
            finished: is_in(FINISHED_STATUSES),
            inactive: is_in(INACTIVE_STATUSES),
        }
    }
}

/// A snapshot of one type's documents in creation order, with their
/// scopes. Taking one costs two reference counts, not one per document: a
/// find over 100,000 stored transfers neither copies nor counts them all.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocList(Arc<Vec<Arc<Value>>>, Arc<Vec<Scope>>);

impl DocList {
    pub(super) fn new(docs: Vec<Arc<Value>>) -> Self {
        let scopes = docs.iter().map(|d| Scope::of(d)).collect();
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

/// The documents of one type, in creation order, indexed by id.
#[derive(Default)]
pub(super) struct Docs {
    /// Shared with the snapshots handed out; written copy-on-write, which
    /// copies only if a snapshot is still alive (none is, at commit time).
    order: Arc<Vec<Arc<Value>>>,
    /// Each document's scope, index for index with `order`.
    scopes: Arc<Vec<Scope>>,
    index: HashMap<String, usize>,
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

    fn put(&mut self, doc: Arc<Value>) {
        let Some(id) = doc.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        let scope = Scope::of(&doc);
        let order = Arc::make_mut(&mut self.order);
        let scopes = Arc::make_mut(&mut self.scopes);
        match self.index.get(&id) {
            Some(&i) => {
                order[i] = doc;
                scopes[i] = scope;
            }
            None => {
                self.index.insert(id, order.len());
                order.push(doc);
                scopes.push(scope);
            }
        }
    }

    fn delete(&mut self, id: &str) {
        if let Some(i) = self.index.remove(id) {
            Arc::make_mut(&mut self.order).remove(i);
            Arc::make_mut(&mut self.scopes).remove(i);
            // Deletes are rare: re-indexing the tail keeps lookups O(1).
            for (j, doc) in self.order.iter().enumerate().skip(i) {
                if let Some(id) = doc.get("id").and_then(Value::as_str) {
                    self.index.insert(id.to_owned(), j);
                }
            }
        }
    }
}

/// Every cached type.
#[derive(Default)]
pub(super) struct Cache {
    types: HashMap<String, Docs>,
}

impl Cache {
    pub(super) fn get(&self, ty: &str) -> Option<&Docs> {
        self.types.get(ty)
    }

    /// Caches a type's documents as loaded from the database.
    pub(super) fn fill(&mut self, ty: &str, docs: Vec<Value>) {
        let mut cached = Docs::default();
        for doc in docs {
            cached.put(Arc::new(doc));
        }
        self.types.insert(ty.to_owned(), cached);
    }

    /// Replays committed writes on the types that are cached; the others
    /// will be loaded fresh when first read.
    pub(super) fn apply(&mut self, ops: Vec<Op>) {
        for op in ops {
            match op {
                Op::Put(ty, doc) => {
                    if let Some(docs) = self.types.get_mut(&ty) {
                        docs.put(doc);
                    }
                }
                Op::Delete(ty, id) => {
                    if let Some(docs) = self.types.get_mut(&ty) {
                        docs.delete(&id);
                    }
                }
            }
        }
    }
}
