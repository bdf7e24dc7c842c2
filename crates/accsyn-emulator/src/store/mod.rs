//! The embedded database: entities as JSON documents per entity type, plus
//! API keys, sessions and emulator metadata, in one SQLite file.
//!
//! Every request runs in one IMMEDIATE transaction under one connection, so a
//! request's changes land together or not at all, and requests are serialised
//! (the emulator favours being obviously correct over write throughput).

mod cache;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::Value;

use crate::Error;
use crate::reply::ApiError;
use cache::{Cache, Op};
pub(crate) use cache::{DocList, Scope};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entities (
    id   TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    doc  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_by_type ON entities(type);
CREATE TABLE IF NOT EXISTS api_keys (
    user_id TEXT PRIMARY KEY,
    api_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id      TEXT PRIMARY KEY,
    user_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tracked (
    id   TEXT PRIMARY KEY,
    type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tracked_by_type ON tracked(type);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// Documents carrying this key are listed by [`Tx::tracked`], so periodic
/// work (the transfer simulation) visits only them, not every stored job.
pub(crate) const TRACKED_KEY: &str = "simulated_at";

/// The database file's name inside the data dir.
pub(crate) const DB_FILE: &str = "emulator.sqlite3";

/// The store; share it behind an `Arc`.
pub(crate) struct Store {
    inner: Mutex<Inner>,
}

/// The connection and the cache of committed documents, under one lock so
/// the cache always matches what is committed.
struct Inner {
    conn: Connection,
    cache: Cache,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`.
    pub(crate) fn open(data_dir: &Path) -> Result<Self, Error> {
        let conn = Connection::open(data_dir.join(DB_FILE))?;
        // WAL with synchronous=NORMAL keeps every committed transaction across
        // a process kill (only an OS crash could lose the last ones), which is
        // the durability a test backend needs, at a fraction of FULL's cost.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store {
            inner: Mutex::new(Inner {
                conn,
                cache: Cache::default(),
            }),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic inside a transaction drops it, which rolls it back, and the
        // cache is only changed after a commit: a poisoned lock is safe to reuse.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled
    /// back otherwise, so a refused request leaves nothing half-written.
    pub(crate) fn transaction<T>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let tx = inner
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let wrapped = Tx {
            tx,
            cache: RefCell::new(&mut inner.cache),
            ops: RefCell::new(Vec::new()),
            dirty: RefCell::new(HashSet::new()),
        };
        let out = f(&wrapped)?;
        let Tx { tx, cache, ops, .. } = wrapped;
        tx.commit()?;
        // Only now, after the commit, may the cache see the writes.
        cache.into_inner().apply(ops.into_inner());
        Ok(out)
    }
}

/// One open transaction.
pub(crate) struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    /// Committed documents, read while this transaction has not written the type.
    cache: RefCell<&'a mut Cache>,
    /// This transaction's writes, applied to the cache on commit.
    ops: RefCell<Vec<Op>>,
    /// Types this transaction wrote: reads of them bypass the cache.
    dirty: RefCell<HashSet<String>>,
}

fn parse_doc(text: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text).map_err(|e| {
        tracing::error!(error = %e, "corrupt document in store");
        ApiError::Internal("a stored document is corrupt".to_owned())
    })
}

impl Tx<'_> {
    /// The entity `id` of type `ty`, if any.
    pub(crate) fn get(&self, ty: &str, id: &str) -> Result<Option<Value>, ApiError> {
        let dirty = self.dirty.borrow().contains(ty);
        if dirty {
            // This transaction's latest write of the document wins.
            for op in self.ops.borrow().iter().rev() {
                match op {
                    Op::Put(t, doc) if t == ty && doc_id(doc).ok() == Some(id) => {
                        return Ok(Some((**doc).clone()));
                    }
                    Op::Delete(t, d) if t == ty && d == id => return Ok(None),
                    _ => {}
                }
            }
        } else {
            self.fill(ty)?;
        }
        if let Some(docs) = self.cache.borrow().get(ty) {
            return Ok(docs.get(id).map(|d| (**d).clone()));
        }
        let text: Option<String> = self
            .tx
            .query_row(
                "SELECT doc FROM entities WHERE id = ?1 AND type = ?2",
                params![id, ty],
                |r| r.get(0),
            )
            .optional()?;
        text.as_deref().map(parse_doc).transpose()
    }

    /// Every entity of type `ty`, in creation order.
    pub(crate) fn list(&self, ty: &str) -> Result<DocList, ApiError> {
        let dirty = self.dirty.borrow().contains(ty);
        if !dirty {
            // Filling from the database is safe only before this
            // transaction wrote the type: the cache must hold committed state.
            self.fill(ty)?;
        }
        let cache = self.cache.borrow();
        let Some(docs) = cache.get(ty) else {
            return Ok(DocList::new(
                self.load(ty)?.into_iter().map(Arc::new).collect(),
            ));
        };
        if !dirty {
            return Ok(docs.all());
        }
        let mut out = docs.all().to_vec();
        self.overlay(ty, docs, &mut out);
        Ok(DocList::new(out))
    }

    /// Applies this transaction's writes of `ty` to a copy of the cached list.
    fn overlay(&self, ty: &str, docs: &cache::Docs, out: &mut Vec<Arc<Value>>) {
        let mut added: HashMap<String, usize> = HashMap::new();
        let mut deleted: HashSet<String> = HashSet::new();
        for op in self.ops.borrow().iter() {
            match op {
                Op::Put(t, doc) if t == ty => {
                    let Ok(id) = doc_id(doc) else { continue };
                    deleted.remove(id);
                    if let Some(i) = docs.position(id).or_else(|| added.get(id).copied()) {
                        out[i] = doc.clone();
                    } else {
                        added.insert(id.to_owned(), out.len());
                        out.push(doc.clone());
                    }
                }
                Op::Delete(t, id) if t == ty => {
                    deleted.insert(id.clone());
                }
                _ => {}
            }
        }
        if !deleted.is_empty() {
            out.retain(|d| doc_id(d).map_or(true, |id| !deleted.contains(id)));
        }
    }

    /// Loads a type into the cache if it is not there yet.
    fn fill(&self, ty: &str) -> Result<(), ApiError> {
        if self.cache.borrow().get(ty).is_none() {
            let docs = self.load(ty)?;
            self.cache.borrow_mut().fill(ty, docs);
        }
        Ok(())
    }

    /// Every stored entity of type `ty`, read from the database.
    fn load(&self, ty: &str) -> Result<Vec<Value>, ApiError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT doc FROM entities WHERE type = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map(params![ty], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(parse_doc(&row?)?);
        }
        Ok(out)
    }

    /// Inserts `doc` (which carries its `id`) as type `ty`.
    pub(crate) fn insert(&self, ty: &str, doc: &Value) -> Result<(), ApiError> {
        let id = doc_id(doc)?;
        self.tx.execute(
            "INSERT INTO entities (id, type, doc) VALUES (?1, ?2, ?3)",
            params![id, ty, doc.to_string()],
        )?;
        self.track(ty, id, Some(doc))?;
        self.record(ty, Op::Put(ty.to_owned(), Arc::new(doc.clone())));
        Ok(())
    }

    /// Keeps the `tracked` table in step with a written document.
    fn track(&self, ty: &str, id: &str, doc: Option<&Value>) -> Result<(), ApiError> {
        if doc.is_some_and(|d| d.get(TRACKED_KEY).is_some()) {
            self.tx.execute(
                "INSERT OR IGNORE INTO tracked (id, type) VALUES (?1, ?2)",
                params![id, ty],
            )?;
        } else {
            self.tx
                .execute("DELETE FROM tracked WHERE id = ?1", params![id])?;
        }
        Ok(())
    }

    /// Ids of the documents of `ty` that carry [`TRACKED_KEY`].
    pub(crate) fn tracked(&self, ty: &str) -> Result<Vec<String>, ApiError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM tracked WHERE type = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map(params![ty], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row?);
        }
        Ok(out)
    }

    fn record(&self, ty: &str, op: Op) {
        self.dirty.borrow_mut().insert(ty.to_owned());
        self.ops.borrow_mut().push(op);
    }

    /// Replaces the stored document of `doc`'s id.
    pub(crate) fn replace(&self, ty: &str, doc: &Value) -> Result<(), ApiError> {
        let id = doc_id(doc)?;
        let n = self.tx.execute(
            "UPDATE entities SET doc = ?1 WHERE id = ?2 AND type = ?3",
            params![doc.to_string(), id, ty],
        )?;
        if n == 1 {
            self.track(ty, id, Some(doc))?;
            self.record(ty, Op::Put(ty.to_owned(), Arc::new(doc.clone())));
            Ok(())
        } else {
            Err(ApiError::NotFound(format!("no {ty} with id {id}")))
        }
    }

    /// Deletes an entity; whether it existed.
    pub(crate) fn delete(&self, ty: &str, id: &str) -> Result<bool, ApiError> {
        let n = self.tx.execute(
            "DELETE FROM entities WHERE id = ?1 AND type = ?2",
            params![id, ty],
        )?;
        if n > 0 {
            self.track(ty, id, None)?;
            self.record(ty, Op::Delete(ty.to_owned(), id.to_owned()));
        }
        Ok(n > 0)
    }

    /// Stores a user's API key.
    pub(crate) fn set_api_key(&self, user_id: &str, key: &str) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT OR REPLACE INTO api_keys (user_id, api_key) VALUES (?1, ?2)",
            params![user_id, key],
        )?;
        Ok(())
    }

    /// A user's API key.
    pub(crate) fn api_key(&self, user_id: &str) -> Result<Option<String>, ApiError> {
        Ok(self
            .tx
            .query_row(
                "SELECT api_key FROM api_keys WHERE user_id = ?1",
                params![user_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records a login session.
    pub(crate) fn insert_session(&self, session: &str, user_id: &str) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO sessions (id, user_id) VALUES (?1, ?2)",
            params![session, user_id],
        )?;
        Ok(())
    }

    /// The user a session belongs to.
    pub(crate) fn session_user(&self, session: &str) -> Result<Option<String>, ApiError> {
        Ok(self
            .tx
            .query_row(
                "SELECT user_id FROM sessions WHERE id = ?1",
                params![session],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Forgets every session of a user (deactivation, deletion).
    pub(crate) fn drop_sessions(&self, user_id: &str) -> Result<(), ApiError> {
        self.tx
            .execute("DELETE FROM sessions WHERE user_id = ?1", params![user_id])?;
        Ok(())
    }

    /// A metadata value.
    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>, ApiError> {
        Ok(self
            .tx
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a metadata value.
    pub(crate) fn set_meta(&self, key: &str, value: &str) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
        Ok(())
    }
}

fn doc_id(doc: &Value) -> Result<&str, ApiError> {
    doc.get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::Internal("document without id".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_failed_transaction_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let r: Result<(), ApiError> = store.transaction(|tx| {
            tx.insert("user", &json!({"id": "a"}))?;
            Err(ApiError::bad("refused"))
        });
        assert!(r.is_err());
        let n = store.transaction(|tx| Ok(tx.list("user")?.len())).unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn the_cache_sees_only_committed_writes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // Fill the cache, then write and fail: the cache must not keep the write.
        store.transaction(|tx| tx.list("user")).unwrap();
        let _ = store.transaction(|tx| {
            tx.insert("user", &json!({"id": "a"}))?;
            // Inside the transaction its own write is visible.
            assert_eq!(tx.list("user")?.len(), 1);
            assert!(tx.get("user", "a")?.is_some());
            Err::<(), _>(ApiError::bad("refused"))
        });
        assert!(store.transaction(|tx| tx.list("user")).unwrap().is_empty());
        // A committed insert, replace and delete all reach the cache.
        store
            .transaction(|tx| {
                tx.insert("user", &json!({"id": "a", "n": 1}))?;
                tx.insert("user", &json!({"id": "b", "n": 1}))
            })
            .unwrap();
        store
            .transaction(|tx| {
                tx.replace("user", &json!({"id": "a", "n": 2}))?;
                tx.delete("user", "b").map(|_| ())
            })
            .unwrap();
        let docs = store.transaction(|tx| tx.list("user")).unwrap();
        assert_eq!(docs.len(), 1);
        // Inside a transaction, reads overlay its own writes on the cache.
        store
            .transaction(|tx| {
                tx.insert("user", &json!({"id": "c"}))?;
                tx.replace("user", &json!({"id": "c", "n": 3}))?;
                tx.replace("user", &json!({"id": "a", "n": 4}))?;
                let ids: Vec<_> = tx.list("user")?.iter().map(|d| d["id"].clone()).collect();
                assert_eq!(ids, [json!("a"), json!("c")]);
                tx.delete("user", "a")?;
                assert_eq!(tx.list("user")?.len(), 1);
                assert_eq!(tx.get("user", "a")?, None);
                assert_eq!(tx.get("user", "c")?, Some(json!({"id": "c", "n": 3})));
                Err::<(), _>(ApiError::bad("roll back"))
            })
            .unwrap_err();
        assert_eq!(*docs[0], json!({"id": "a", "n": 2}));
        assert_eq!(
            store.transaction(|tx| tx.get("user", "a")).unwrap(),
            Some(json!({"id": "a", "n": 2}))
        );
    }

    #[test]
    fn committed_documents_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            store
                .transaction(|tx| tx.insert("user", &json!({"id": "a", "code": "x"})))
                .unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        let doc = store.transaction(|tx| tx.get("user", "a")).unwrap();
        assert_eq!(doc, Some(json!({"id": "a", "code": "x"})));
    }
}
