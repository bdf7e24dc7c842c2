//! The embedded database: entities as JSON documents per entity type, plus
//! API keys, sessions and emulator metadata, in one SQLite file, with the
//! committed state kept in memory.
//!
//! Every request runs as one transaction: it reads a snapshot of the
//! committed state (taken without waiting for anyone) and records its
//! writes; on success they go to the database in one batch and then to the
//! state. A read-only request therefore never waits for a writer, and a
//! writer holds the database only while its batch is written, not while it
//! prepares it. A writer whose snapshot went stale meanwhile (another
//! request committed) runs again on the new state, finally while holding
//! the database, so every commit is serializable.

mod state;
mod tx;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use rusqlite::{Connection, TransactionBehavior, params};
use serde_json::Value;

use crate::Error;
use crate::reply::ApiError;
pub(crate) use state::Scope;
use state::{Op, State};
pub(crate) use tx::Tx;

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

/// How many times a writer prepares on a snapshot without holding the
/// database before it prepares while holding it (then nothing can
/// intervene, so it always commits).
const OPTIMISTIC_ATTEMPTS: usize = 2;

/// The store; share it behind an `Arc`.
pub(crate) struct Store {
    /// The one connection; holding it is holding the right to commit.
    writer: Mutex<Connection>,
    /// The committed state; replaced or changed only by a commit.
    committed: RwLock<Arc<State>>,
}

fn corrupt(e: serde_json::Error) -> Error {
    Error::Store(format!("a stored document is corrupt: {e}").into())
}

/// Reads everything committed into memory.
fn load(conn: &Connection) -> Result<State, Error> {
    let mut ops = Vec::new();
    let mut stmt = conn.prepare("SELECT type, doc FROM entities ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (ty, text) = row?;
        let doc: Value = serde_json::from_str(&text).map_err(corrupt)?;
        ops.push(Op::Insert(ty, Arc::new(doc)));
    }
    let pairs = |sql: &str| -> Result<Vec<(String, String)>, Error> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    for (user, key) in pairs("SELECT user_id, api_key FROM api_keys")? {
        ops.push(Op::ApiKey(user, key));
    }
    for (session, user) in pairs("SELECT id, user_id FROM sessions")? {
        ops.push(Op::Session(session, user));
    }
    for (key, value) in pairs("SELECT key, value FROM meta")? {
        ops.push(Op::Meta(key, value));
    }
    let mut state = State::default();
    state.apply(ops);
    Ok(state)
}

/// A transaction's writes with the documents already serialized, so the
/// database is held only for the SQL itself.
struct Batch {
    ops: Vec<Op>,
    texts: HashMap<usize, String>,
}

impl Batch {
    fn new(ops: Vec<Op>) -> Self {
        let texts = ops
            .iter()
            .enumerate()
            .filter_map(|(i, op)| match op {
                Op::Insert(_, doc) | Op::Replace(_, doc) => Some((i, doc.to_string())),
                _ => None,
            })
            .collect();
        Batch { ops, texts }
    }

    fn write(&self, tx: &rusqlite::Transaction<'_>) -> Result<(), ApiError> {
        let text = |i: usize| self.texts.get(&i).map_or("", String::as_str);
        for (i, op) in self.ops.iter().enumerate() {
            match op {
                Op::Insert(ty, doc) => {
                    tx.prepare_cached("INSERT INTO entities (id, type, doc) VALUES (?1, ?2, ?3)")?
                        .execute(params![doc_id(doc)?, ty, text(i)])?;
                }
                Op::Replace(ty, doc) => {
                    tx.prepare_cached("UPDATE entities SET doc = ?1 WHERE id = ?2 AND type = ?3")?
                        .execute(params![text(i), doc_id(doc)?, ty])?;
                }
                Op::Delete(ty, id) => {
                    tx.prepare_cached("DELETE FROM entities WHERE id = ?1 AND type = ?2")?
                        .execute(params![id, ty])?;
                }
                Op::ApiKey(user, key) => {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO api_keys (user_id, api_key) VALUES (?1, ?2)",
                    )?
                    .execute(params![user, key])?;
                }
                Op::Session(session, user) => {
                    tx.prepare_cached("INSERT INTO sessions (id, user_id) VALUES (?1, ?2)")?
                        .execute(params![session, user])?;
                }
                Op::DropSessions(user) => {
                    tx.prepare_cached("DELETE FROM sessions WHERE user_id = ?1")?
                        .execute(params![user])?;
                }
                Op::Meta(key, value) => {
                    tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
                        .execute(params![key, value])?;
                }
            }
        }
        Ok(())
    }
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and reads it.
    pub(crate) fn open(data_dir: &Path) -> Result<Self, Error> {
        let conn = Connection::open(data_dir.join(DB_FILE))?;
        // WAL with synchronous=NORMAL keeps every committed transaction across
        // a process kill (only an OS crash could lose the last ones), which is
        // the durability a test backend needs, at a fraction of FULL's cost.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        let state = load(&conn)?;
        Ok(Store {
            writer: Mutex::new(conn),
            committed: RwLock::new(Arc::new(state)),
        })
    }

    fn lock_writer(&self) -> MutexGuard<'_, Connection> {
        // A panic while writing drops the SQL transaction, which rolls it
        // back, and the state is changed only after a commit: a poisoned
        // lock is safe to reuse.
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The committed state, shared.
    fn snapshot(&self) -> Arc<State> {
        self.committed
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Runs `f` on the committed state without writing: for cheap checks
    /// (authentication) before a request's body is read.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let snapshot = self.snapshot();
        f(&Tx::new(&snapshot))
    }

    /// Runs `f` as one transaction: its writes are committed when it
    /// returns `Ok`, dropped otherwise, so a refused request leaves nothing
    /// half-written. `f` may run more than once (when another request
    /// committed while it ran); only the last run's writes count.
    pub(crate) fn transaction<T>(
        &self,
        f: impl Fn(&Tx<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        for _ in 0..OPTIMISTIC_ATTEMPTS {
            let snapshot = self.snapshot();
            let generation = snapshot.generation;
            let tx = Tx::new(&snapshot);
            let out = f(&tx)?;
            if !tx.has_writes() {
                return Ok(out);
            }
            let batch = Batch::new(tx.into_ops());
            let mut conn = self.lock_writer();
            if self.snapshot().generation == generation {
                self.commit(&mut conn, batch)?;
                return Ok(out);
            }
        }
        let mut conn = self.lock_writer();
        let snapshot = self.snapshot();
        let tx = Tx::new(&snapshot);
        let out = f(&tx)?;
        let batch = Batch::new(tx.into_ops());
        if !batch.ops.is_empty() {
            self.commit(&mut conn, batch)?;
        }
        Ok(out)
    }

    /// Writes a batch to the database, then publishes it to readers.
    fn commit(&self, conn: &mut Connection, batch: Batch) -> Result<(), ApiError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        batch.write(&tx)?;
        tx.commit()?;
        // The next state is built beside the current one, which readers
        // keep using meanwhile: it shares every part the batch leaves alone
        // and copies those it changes. Readers wait only for the swap.
        let mut next = State::clone(&self.snapshot());
        next.apply(batch.ops);
        *self.committed.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        Ok(())
    }
}

fn doc_id(doc: &Value) -> Result<&str, ApiError> {
    state::doc_id(doc).ok_or_else(|| ApiError::Internal("document without id".to_owned()))
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
            tx.insert("user", json!({"id": "a"}))?;
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
            tx.insert("user", json!({"id": "a"}))?;
            // Inside the transaction its own write is visible.
            assert_eq!(tx.list("user")?.len(), 1);
            assert!(tx.get("user", "a")?.is_some());
            Err::<(), _>(ApiError::bad("refused"))
        });
        assert!(store.transaction(|tx| tx.list("user")).unwrap().is_empty());
        // A committed insert, replace and delete all reach the cache.
        store
            .transaction(|tx| {
                tx.insert("user", json!({"id": "a", "n": 1}))?;
                tx.insert("user", json!({"id": "b", "n": 1}))
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
                tx.insert("user", json!({"id": "c"}))?;
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
    fn writers_whose_snapshot_went_stale_run_again_and_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .transaction(|tx| tx.insert("counter", json!({"id": "c", "n": 0})))
            .unwrap();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        store
                            .transaction(|tx| {
                                let mut doc = tx.get("counter", "c")?.unwrap();
                                doc["n"] = json!(doc["n"].as_i64().unwrap() + 1);
                                tx.replace("counter", &doc)
                            })
                            .unwrap();
                    }
                });
            }
        });
        let doc = store.transaction(|tx| tx.get("counter", "c")).unwrap();
        assert_eq!(doc, Some(json!({"id": "c", "n": 200})));
        // And the database agrees.
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        let doc = store.transaction(|tx| tx.get("counter", "c")).unwrap();
        assert_eq!(doc, Some(json!({"id": "c", "n": 200})));
    }

    #[test]
    fn readers_do_not_wait_for_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .transaction(|tx| tx.insert("user", json!({"id": "a"})))
            .unwrap();
        // A writer busy with a long batch holds the database...
        let held = store.lock_writer();
        // ...and a read-only transaction still answers at once.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let n = store.transaction(|tx| Ok(tx.list("user")?.len())).unwrap();
                sender.send(n).unwrap();
            });
            let n = receiver
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("the reader waited for the writer");
            assert_eq!(n, 1);
            drop(held);
        });
    }

    #[test]
    fn tracked_documents_follow_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .transaction(|tx| {
                tx.insert("transfer", json!({"id": "a", TRACKED_KEY: 1}))?;
                tx.insert("transfer", json!({"id": "b"}))?;
                tx.insert("transfer", json!({"id": "c", TRACKED_KEY: 1}))?;
                assert_eq!(tx.tracked("transfer")?, ["a", "c"]);
                Ok(())
            })
            .unwrap();
        store
            .transaction(|tx| {
                tx.replace("transfer", &json!({"id": "a"}))?;
                tx.replace("transfer", &json!({"id": "b", TRACKED_KEY: 2}))?;
                tx.insert("transfer", json!({"id": "d", TRACKED_KEY: 1}))?;
                assert_eq!(tx.tracked("transfer")?, ["c", "b", "d"]);
                Ok(())
            })
            .unwrap();
        let tracked = store.transaction(|tx| tx.tracked("transfer")).unwrap();
        assert_eq!(tracked, ["b", "c", "d"]);
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        let tracked = store.transaction(|tx| tx.tracked("transfer")).unwrap();
        assert_eq!(tracked, ["b", "c", "d"]);
    }

    #[test]
    fn committed_documents_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            store
                .transaction(|tx| tx.insert("user", json!({"id": "a", "code": "x"})))
                .unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        let doc = store.transaction(|tx| tx.get("user", "a")).unwrap();
        assert_eq!(doc, Some(json!({"id": "a", "code": "x"})));
    }
}
