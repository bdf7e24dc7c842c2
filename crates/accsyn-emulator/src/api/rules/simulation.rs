//! Transfer progress on the emulator's clock: jobs go init → waiting →
//! running → done while their tasks' bytes are copied between the storage
//! root and the owner's client root in the data dir.
//!
//! The simulation is lazy: each event that can see jobs first moves every
//! active transfer forward by the emulated time since its last step, so
//! tests advance the clock instead of sleeping.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};

use super::complete::user_code;
use super::keys::{ERROR_KEY, SIZED_KEY, STEP_KEY, TEMP_REMOVED_KEY, TRANSFERRED_KEY};
use super::parented::TEMP_DIR;
use super::paths::{default_volume, disk_path, storage_file};
use super::shares::file_name;
use super::str_field;
use super::types::{JOB_STORES, RECIPIENT_STORES};
use crate::clock::{Millis, format_timestamp, parse_timestamp};
use crate::reply::ApiError;
use crate::setup::CLIENT_TYPE_APP;
use crate::store::Tx;

/// The emulated speed as the documents report it, in MB/s (10^6 bytes,
/// to hundredths): [`BYTES_PER_SECOND`], which a test keeps in step.
const SPEED_MB_PER_SECOND: f64 = 10.49;

/// Emulated transfer speed, bytes per emulated second.
pub(crate) const BYTES_PER_SECOND: u64 = 10 << 20;

/// Moves every active transfer forward to `now`.
pub(crate) fn simulate(tx: &Tx<'_>, data_dir: &Path, now: Millis) -> Result<(), ApiError> {
    let mut active = Vec::new();
    // Shared, not copied: every event looks at every tracked job, and most have no time to
    // spend; only those that move are copied (by `step`).
    for id in tx.tracked("transfer")? {
        if let Some(job) = tx.get_shared("transfer", &id) {
            let moving = job.get("archived").and_then(Value::as_bool) != Some(true)
                && matches!(
                    str_field(&job, "status"),
                    Some("init" | "waiting" | "running")
                );
            if moving {
                active.push(job);
            }
        }
    }
    if active.is_empty() {
        return Ok(());
    }
    let clients = tx.list("client")?;
    // Tasks are grouped only when some job has time to spend.
    let mut tasks_by_job: Option<HashMap<String, Vec<Value>>> = None;
    for job in active {
        let last = job.get(STEP_KEY).and_then(Value::as_i64).unwrap_or(now);
        // Saturating: an admin may push the clock centuries ahead, whose
        // byte budget does not fit in a u64 (it overflowed and panicked).
        let budget = u64::try_from(now.saturating_sub(last))
            .unwrap_or(0)
            .saturating_mul(BYTES_PER_SECOND)
            / 1000;
        let owner = str_field(&job, "user").unwrap_or_default();
        // A transfer needs its owner's desktop app online to move bytes;
        // until then it waits, and nothing is written.
        let app_online = clients.iter().any(|c| {
            str_field(c, "user") == Some(owner)
                && c.get("type").and_then(Value::as_i64) == Some(CLIENT_TYPE_APP)
                && str_field(c, "status") == Some("online")
        });
        if budget == 0 || !app_online {
            continue;
        }
        let grouped = match &mut tasks_by_job {
            Some(g) => g,
            None => {
                let mut g: HashMap<String, Vec<Value>> = HashMap::new();
                for t in tx.list("task")? {
                    if let Some(job) = str_field(&t, "job") {
                        g.entry(job.to_owned()).or_default().push((*t).clone());
                    }
                }
                tasks_by_job.insert(g)
            }
        };
        let id = str_field(&job, "id").unwrap_or_default();
        let tasks = grouped.remove(id).unwrap_or_default();
        step(tx, data_dir, Arc::unwrap_or_clone(job), tasks, budget, now)?;
    }
    Ok(())
}

/// One transfer's step, spending `budget` bytes.
fn step(
    tx: &Tx<'_>,
    data_dir: &Path,
    mut job: Value,
    mut tasks: Vec<Value>,
    mut budget: u64,
    now: Millis,
) -> Result<(), ApiError> {
    let ts = format_timestamp(now);
    let owner_code = user_code(tx, str_field(&job, "user").unwrap_or_default())?;
    tasks.sort_by_key(|t| {
        str_field(t, "uri")
            .and_then(|u| u.parse::<u64>().ok())
            .unwrap_or(0)
    });
    let job_source = super::party::spec(&job, "source").map(str::to_owned);
    let job_destination = super::party::spec(&job, "destination").map(str::to_owned);

    let mut status = "waiting";
    let mut failed = false;
    for task in tasks.iter_mut() {
        if budget == 0 {
            break;
        }
        if str_field(task, "status") != Some("queued")
            && str_field(task, "status") != Some("executing")
        {
            continue;
        }
        let source = super::party::spec(task, "source")
            .map(str::to_owned)
            .or_else(|| job_source.clone());
        let from = source
            .as_deref()
            .ok_or_else(|| "the task has no source".to_owned())
            .and_then(|s| source_on_disk(tx, data_dir, &owner_code, s));
        let (from, size) = match from {
            Ok(found) => found,
            Err(reason) => {
                // A source that cannot be read fails its task and the job.
                fail(tx, &job, task, &reason, &ts)?;
                failed = true;
                break;
            }
        };
        status = "running";
        let done = task
            .get(TRANSFERRED_KEY)
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let take = budget.min(size.saturating_sub(done));
        budget -= take;
        task["size"] = json!(size);
        let moved = done.saturating_add(take);
        task[TRANSFERRED_KEY] = json!(moved);
        task["modified"] = json!(ts);
        if moved < size {
            task["status"] = json!("executing");
            tx.replace("task", task)?;
            continue;
        }
        let destination = super::party::spec(task, "destination")
            .map(str::to_owned)
            .or_else(|| job_destination.clone());
        let to = destination
            .as_deref()
            .ok_or_else(|| "the task has no destination".to_owned())
            .and_then(|d| {
                let to = disk_path(tx, data_dir, &owner_code, d)?;
                let name = file_name(source.as_deref().unwrap_or_default());
                Ok(if names_a_folder(&to, d, &name) {
                    to.join(name)
                } else {
                    to
                })
            })
            .and_then(|to| copy(&from, &to).map(|()| to));
        match to {
            Ok(to) => {
                task["status"] = json!("done");
                task["finished"] = json!(ts);
                // The final paths are where the bytes really are: the
                // emulator's storage and desktop-app folders.
                for (side, path) in [("source", &from), ("destination", &to)] {
                    if let Some(Value::Object(party)) = task.get_mut(side) {
                        party.insert("path_abs_final".into(), json!(path.to_string_lossy()));
                    }
                }
                tx.replace("task", task)?;
            }
            Err(reason) => {
                fail(tx, &job, task, &reason, &ts)?;
                failed = true;
                break;
            }
        }
    }

    let counted: Vec<&Value> = tasks
        .iter()
        .filter(|t| str_field(t, "status") != Some("excluded"))
        .collect();
    // Saturating sums: task sizes are whatever the files (or a caller's
    // edit) say, and a plain sum panics on overflow.
    let total: u64 = counted
        .iter()
        .filter_map(|t| t.get("size").and_then(Value::as_u64))
        .fold(0, u64::saturating_add);
    let moved: u64 = counted
        .iter()
        .filter_map(|t| t.get(TRANSFERRED_KEY).and_then(Value::as_u64))
        .fold(0, u64::saturating_add);
    let all_done = !counted.is_empty()
        && counted
            .iter()
            .all(|t| str_field(t, "status") == Some("done"));
    let status = if failed {
        "failed"
    } else if all_done {
        "done"
    } else {
        status
    };
    job["status"] = json!(status);
    job["size"] = json!(total);
    let progress = (u128::from(moved) * 100)
        .checked_div(u128::from(total))
        .map(|p| p.min(100))
        .unwrap_or(if all_done { 100 } else { 0 });
    job["progress"] = json!(progress);
    // The documents give `speed` in MB/s (-1.0 until a transfer runs).
    job["speed"] = json!(if status == "running" {
        SPEED_MB_PER_SECOND
    } else {
        0.0
    });
    job["etr"] = json!(if status == "running" {
        total.saturating_sub(moved) / BYTES_PER_SECOND
    } else {
        0
    });
    if status == "done" {
        super::parented::finished(tx, &job, &tasks, &ts)?;
    }
    if matches!(status, "done" | "failed") {
        job["finished"] = json!(ts);
        // Finished: nothing more to simulate until a task is added or retried.
        if let Value::Object(o) = &mut job {
            o.remove(STEP_KEY);
        }
    } else {
        job[STEP_KEY] = json!(now);
    }
    job["modified"] = json!(ts);
    tx.replace("transfer", &job)?;
    Ok(())
}

/// Whether a destination is a folder the file goes into by its name: one
/// that exists, or is written with a trailing slash, or (not existing yet)
/// whose last part is neither the file's name nor a name with an
/// extension, as in the seeds' `"destination": "/Volumes/EDIT/from_client"`.
/// Read as a file path, the first file of such a transfer took the
/// folder's name and the next could no longer go into it.
fn names_a_folder(to: &Path, spec: &str, file: &str) -> bool {
    if to.is_dir() || spec.ends_with(['/', '\\']) {
        return true;
    }
    if to.exists() {
        return false;
    }
    let last = to
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    last != file && !last.contains('.')
}

/// Fails a task, saying why on the task (`error`) and in the log.
fn fail(
    tx: &Tx<'_>,
    job: &Value,
    task: &mut Value,
    reason: &str,
    ts: &str,
) -> Result<(), ApiError> {
    tracing::warn!(
        job = str_field(job, "id").unwrap_or_default(),
        task = str_field(task, "uri").unwrap_or_default(),
        reason,
        "transfer task failed"
    );
    task["status"] = json!("failed");
    task[ERROR_KEY] = json!(reason);
    task["modified"] = json!(ts);
    tx.replace("task", task)
}

/// Where a task's source is on disk and its bytes now (a folder's files summed), or why it
/// cannot be read.
fn source_on_disk(
    tx: &Tx<'_>,
    data_dir: &Path,
    owner_code: &str,
    source: &str,
) -> Result<(PathBuf, u64), String> {
    let path = disk_path(tx, data_dir, owner_code, source)?;
    match fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => Ok((path, m.len())),
        Ok(m) if m.is_dir() => {
            let size = tree_size(&path);
            Ok((path, size))
        }
        Ok(_) => Err(format!(
            "the source `{source}` is a symbolic link, which the emulator does not follow"
        )),
        Err(_) => Err(format!("the source `{source}` does not exist")),
    }
}

/// Measures new tasks' sources, as a transfer's `init` does, so a job reports its `size`
/// before any byte moves: each task's `size` is stored, and their sum returned. A source
/// that cannot be read yet counts 0 (the step fails its task when it gets there).
pub(crate) fn measure_tasks(
    tx: &Tx<'_>,
    data_dir: &Path,
    job: &Value,
    tasks: &[Arc<Value>],
) -> Result<u64, ApiError> {
    let owner_code = user_code(tx, str_field(job, "user").unwrap_or_default())?;
    let job_source = super::party::spec(job, "source");
    let mut total = 0u64;
    for task in tasks {
        if str_field(task, "status") == Some("excluded") {
            continue;
        }
        let Some(source) = super::party::spec(task, "source").or(job_source) else {
            continue;
        };
        let Ok((_, size)) = source_on_disk(tx, data_dir, &owner_code, source) else {
            continue;
        };
        let mut task = (**task).clone();
        task["size"] = json!(size);
        tx.replace("task", &task)?;
        total = total.saturating_add(size);
    }
    Ok(total)
}

/// The bytes of the files beneath a folder (links not followed).
fn tree_size(dir: &Path) -> u64 {
    let mut size = 0u64;
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            match entry.path().symlink_metadata() {
                Ok(m) if m.is_dir() => todo.push(entry.path()),
                Ok(m) if m.is_file() => size = size.saturating_add(m.len()),
                _ => {}
            }
        }
    }
    size
}

/// Copies a folder's files and folders (links skipped) into `to`, merging
/// with what is there: each file lands whole or not at all.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    for entry in fs::read_dir(from)
        .map_err(|e| format!("cannot read {}: {e}", from.display()))?
        .flatten()
    {
        let target = to.join(entry.file_name());
        match entry.path().symlink_metadata() {
            Ok(m) if m.is_dir() => copy_tree(&entry.path(), &target)?,
            Ok(m) if m.is_file() => copy_file(&entry.path(), &target)?,
            _ => {}
        }
    }
    Ok(())
}

/// Copies a file or a folder: into a temporary file (or folder) beside the
/// destination, renamed into place once complete, so a failed copy never
/// leaves a truncated destination. A destination that is the source (or
/// inside it) is refused before anything is opened: copying a file onto
/// itself truncates it.
fn copy(from: &Path, to: &Path) -> Result<(), String> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => b.starts_with(a),
        _ => b.starts_with(a),
    };
    if same(from, to) {
        return Err(format!(
            "the destination {} is the source itself: nothing was copied",
            to.display()
        ));
    }
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", to.display());
    let parent = to
        .parent()
        .ok_or_else(|| format!("{} has no folder", to.display()))?;
    fs::create_dir_all(parent).map_err(failed)?;
    if from.is_dir() {
        return copy_tree(from, to);
    }
    copy_file(from, to)
}

/// Copies one file through a temporary file renamed into place.
fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", to.display());
    let parent = to
        .parent()
        .ok_or_else(|| format!("{} has no folder", to.display()))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".accsyn-partial-")
        .tempfile_in(parent)
        .map_err(failed)?;
    let mut source =
        fs::File::open(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    std::io::copy(&mut source, temp.as_file_mut()).map_err(failed)?;
    temp.persist(to).map_err(|e| failed(e.error))?;
    Ok(())
}

/// Moves deliveries and requests on with emulated time: temporary ones
/// whose time in `init` is up are archived (the backend deletes them), and
/// submitted ones whose size is calculated go from `pending` to `waiting`.
/// Runs before any call that can see them.
pub(crate) fn tick(tx: &Tx<'_>, data_dir: &Path, now_ms: Millis) -> Result<(), ApiError> {
    let now = format_timestamp(now_ms);
    for store in RECIPIENT_STORES {
        for doc in tx.list(store)? {
            let sized = str_field(&doc, "status") == Some("pending")
                && doc
                    .get(SIZED_KEY)
                    .and_then(Value::as_i64)
                    .is_some_and(|at| at <= now_ms);
            if sized {
                let mut doc = (*doc).clone();
                let id = str_field(&doc, "id").unwrap_or_default().to_owned();
                doc["size"] = json!(files_size(tx, data_dir, &id)?);
                doc["status"] = json!("waiting");
                doc["modified"] = json!(now);
                if let Value::Object(o) = &mut doc {
                    o.remove(SIZED_KEY);
                }
                tx.replace(store, &doc)?;
                continue;
            }
            if temp_folder_due(store, &doc, now_ms) {
                remove_temp_folder(tx, data_dir, &doc)?;
                let mut doc = (*doc).clone();
                doc[TEMP_REMOVED_KEY] = json!(true);
                tx.replace(store, &doc)?;
                continue;
            }
            let expired = str_field(&doc, "status") == Some("init")
                && doc.get("archived").and_then(Value::as_bool) != Some(true)
                && str_field(&doc, "expiry")
                    .and_then(parse_timestamp)
                    .is_some_and(|e| e <= now_ms);
            if expired {
                let mut doc = (*doc).clone();
                doc["archived"] = json!(true);
                doc["modified"] = json!(now);
                tx.replace(store, &doc)?;
            }
        }
    }
    Ok(())
}

/// How long a temporary delivery's or request's files stay once it has ended (the
/// deliveries document's default grace of 4 hours), in emulated milliseconds.
const TEMP_GRACE_MS: Millis = 4 * 60 * 60 * 1000;

/// Whether a delivery's or request's temp folder is due for removal: it ended (done,
/// aborted, or archived by a delete or its expiry) longer than the grace ago. Deliveries
/// to a folder on storage have no temp folder; the removal finds nothing there.
fn temp_folder_due(store: &str, doc: &Value, now: Millis) -> bool {
    if doc.get(TEMP_REMOVED_KEY).is_some() {
        return false;
    }
    let scope = crate::store::Scope::of(store, doc);
    if !(scope.finished || scope.archived) {
        return false;
    }
    ended_at(doc).is_some_and(|ended| now.saturating_sub(ended) >= TEMP_GRACE_MS)
}

/// When a job ended: its `finished`, else its last change (jobs ended by an edit, or
/// archived, have no `finished`).
fn ended_at(doc: &Value) -> Option<Millis> {
    str_field(doc, "finished")
        .or_else(|| str_field(doc, "modified"))
        .and_then(parse_timestamp)
}

/// Removes `accsyn-temp/<id>` on the default volume, where a temporary delivery's or
/// request's files are uploaded (the files a delivery to a storage folder points at stay).
fn remove_temp_folder(tx: &Tx<'_>, data_dir: &Path, doc: &Value) -> Result<(), ApiError> {
    let id = str_field(doc, "id").unwrap_or_default();
    // Without a default volume (all deactivated) there is no temp folder to remove.
    let Ok(volume) = default_volume(tx) else {
        return Ok(());
    };
    let spec = format!("share={volume}/{TEMP_DIR}/{id}");
    let Ok(dir) = disk_path(tx, data_dir, "", &spec) else {
        return Ok(());
    };
    match fs::remove_dir_all(&dir) {
        Ok(()) => tracing::info!(job = id, "temporary files removed after the grace period"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(job = id, error = %e, "cannot remove temporary files"),
    }
    Ok(())
}

/// Where the store keeps when finished jobs were last purged (a meta key, not a document).
const PURGED_AT_KEY: &str = "jobs_purged_at";

/// How often finished jobs are looked at for purging, in emulated milliseconds: finding
/// them reads every job, which an event should not pay each time.
const PURGE_EVERY_MS: Millis = 60 * 60 * 1000;

/// Purges finished jobs to the archive once they have been finished longer than the
/// workspace's `job_retention_days` (the transfers document: two weeks by default), at most
/// once an emulated hour. `retention_days` is asked only when a purge is due.
pub(crate) fn purge(
    tx: &Tx<'_>,
    now: Millis,
    retention_days: impl FnOnce() -> Result<u64, ApiError>,
) -> Result<(), ApiError> {
    let last = tx
        .meta(PURGED_AT_KEY)?
        .and_then(|at| at.parse::<Millis>().ok());
    if last.is_some_and(|at| now.saturating_sub(at) < PURGE_EVERY_MS && at <= now) {
        return Ok(());
    }
    tx.set_meta(PURGED_AT_KEY, &now.to_string())?;
    let keep_ms = i64::try_from(retention_days()?)
        .unwrap_or(i64::MAX)
        .saturating_mul(24 * 60 * 60 * 1000);
    let ts = format_timestamp(now);
    for store in JOB_STORES {
        for doc in tx.list(store)? {
            let scope = crate::store::Scope::of(store, &doc);
            if !scope.finished || scope.archived {
                continue;
            }
            if ended_at(&doc).is_some_and(|at| now.saturating_sub(at) >= keep_ms) {
                let mut doc = (*doc).clone();
                doc["archived"] = json!(true);
                doc["modified"] = json!(ts);
                tx.replace(store, &doc)?;
            }
        }
    }
    Ok(())
}

/// The total size of a delivery's files on storage (missing ones count 0).
fn files_size(tx: &Tx<'_>, data_dir: &Path, job: &str) -> Result<u64, ApiError> {
    let mut total: u64 = 0;
    for task in tx.list("task")? {
        if str_field(&task, "job") != Some(job) || str_field(&task, "status") == Some("excluded") {
            continue;
        }
        if let Some(path) = super::party::spec(&task, "source")
            .map(|s| storage_file(tx, data_dir, s))
            .transpose()?
            .flatten()
        {
            total = total.saturating_add(std::fs::metadata(path).map_or(0, |m| m.len()));
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_speed_is_the_emulated_one_in_mb_per_second() {
        let mb = BYTES_PER_SECOND as f64 / 1e6;
        assert!((SPEED_MB_PER_SECOND - mb).abs() < 0.005, "{mb}");
    }

    #[test]
    fn a_copy_onto_its_source_is_refused_and_touches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.mov");
        std::fs::write(&file, b"precious").unwrap();
        let err = copy(&file, &file).unwrap_err();
        assert!(err.contains("source itself"), "{err}");
        assert_eq!(std::fs::read(&file).unwrap(), b"precious");
        // A copy elsewhere lands whole, with no partial file left behind.
        let to = dir.path().join("sub/b.mov");
        copy(&file, &to).unwrap();
        assert_eq!(std::fs::read(&to).unwrap(), b"precious");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b.mov"]);
    }
}
