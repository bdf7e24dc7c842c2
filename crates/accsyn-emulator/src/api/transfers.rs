//! Transfer progress on the emulator's clock: jobs go init → waiting →
//! running → done while their tasks' bytes are copied between the storage
//! root and the owner's client root in the data dir.
//!
//! The simulation is lazy: each event that can see jobs first moves every
//! active transfer forward by the emulated time since its last step, so
//! tests advance the clock instead of sleeping.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use crate::clock::{Millis, format_timestamp};
use crate::reply::ApiError;
use crate::setup::{CLIENT_TYPE_APP, CLIENTS_DIR, STORAGE_DIR};
use crate::store::Tx;

/// Emulated transfer speed, bytes per emulated second.
pub(crate) const BYTES_PER_SECOND: u64 = 10 << 20;
/// Where a task counts the bytes moved so far (the backend shows no such
/// attribute; a job's `progress` is what callers read).
pub(super) const TRANSFERRED_KEY: &str = "transferred";
/// Key of a transfer's last simulation step (emulated ms). Only transfers
/// that may still move carry it: the store tracks them, so a step visits
/// those and not every stored job.
pub(super) const STEP_KEY: &str = crate::store::TRACKED_KEY;

fn str_field<'v>(doc: &'v Value, key: &str) -> Option<&'v str> {
    doc.get(key).and_then(Value::as_str)
}

/// Joins `rel` under `root`, refusing anything that would leave it.
fn contained(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = rel.replace('\\', "/");
    let rel = match rel.split_once(':') {
        // A drive letter, as Windows apps write paths.
        Some((d, rest)) if d.len() == 1 => rest.to_owned(),
        _ => rel,
    };
    let mut out = root.to_owned();
    for c in Path::new(&rel).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Where a transfer path lives on disk: `share=`/`volume=` paths on the
/// storage root, anything else under the owner's client root.
///
/// `(default)` names the default volume, `default_volume`, as it does for
/// the role checks; read literally it was a folder of its own.
pub(super) fn disk_path(
    data_dir: &Path,
    owner_code: &str,
    path: &str,
    default_volume: &str,
) -> Option<PathBuf> {
    let path = super::storage::strip_client(path);
    match path.split_once('=') {
        Some(("share" | "volume", rest)) => {
            let rest = rest.trim_start_matches('/');
            let rest = match rest.strip_prefix("(default)") {
                Some(inner) if inner.is_empty() || inner.starts_with('/') => {
                    format!("{default_volume}{inner}")
                }
                _ => rest.to_owned(),
            };
            contained(&data_dir.join(STORAGE_DIR), &rest)
        }
        Some(("folder", _)) => None,
        _ => {
            // The owner's folder must be one plain name: a code such as
            // `..` would put every client path outside the clients root.
            let owner = owner_code.to_lowercase();
            let mut parts = Path::new(&owner).components();
            match (parts.next(), parts.next()) {
                (Some(Component::Normal(_)), None) => {}
                _ => return None,
            }
            contained(&data_dir.join(CLIENTS_DIR).join(owner), path)
        }
    }
}

/// The last component of a path, to complete a destination folder.
fn base_name(path: &str) -> &str {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\', '='])
        .next()
        .unwrap_or(path)
}

/// Moves every active transfer forward to `now`.
pub(super) fn simulate(tx: &Tx<'_>, data_dir: &Path, now: Millis) -> Result<(), ApiError> {
    let mut active = Vec::new();
    for id in tx.tracked("transfer")? {
        if let Some(job) = tx.get("transfer", &id)? {
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
        step(tx, data_dir, job, tasks, budget, now)?;
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
    let owner = str_field(&job, "user").unwrap_or_default().to_owned();
    let owner_code = tx
        .get("user", &owner)?
        .and_then(|u| str_field(&u, "code").map(str::to_owned))
        .unwrap_or_default();
    tasks.sort_by_key(|t| {
        str_field(t, "uri")
            .and_then(|u| u.parse::<u64>().ok())
            .unwrap_or(0)
    });
    // Without a default volume, `(default)` stays a literal (missing) folder.
    let default_volume =
        super::storage::default_volume(tx).unwrap_or_else(|_| "(default)".to_owned());
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
            .and_then(|s| disk_path(data_dir, &owner_code, s, &default_volume));
        let size = from
            .as_ref()
            .and_then(|p| fs::metadata(p).ok())
            .filter(|m| m.is_file())
            .map(|m| m.len());
        let (Some(from), Some(size)) = (from, size) else {
            // A missing source fails its task and the job.
            task["status"] = json!("failed");
            task["modified"] = json!(ts);
            tx.replace("task", task)?;
            failed = true;
            break;
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
        if moved >= size {
            let destination = super::party::spec(task, "destination")
                .map(str::to_owned)
                .or_else(|| job_destination.clone());
            let mut to = destination
                .as_deref()
                .and_then(|d| disk_path(data_dir, &owner_code, d, &default_volume));
            // A destination folder (or one ending in a slash) receives the file by name.
            if let (Some(t), Some(d)) = (&to, &destination) {
                if t.is_dir() || d.ends_with(['/', '\\']) {
                    to = Some(t.join(base_name(source.as_deref().unwrap_or_default())));
                }
            }
            match to.as_ref().map(|to| copy(&from, to)) {
                Some(Ok(())) => {
                    task["status"] = json!("done");
                    task["finished"] = json!(ts);
                    // The final paths are where the bytes really are: the
                    // emulator's storage and desktop-app folders.
                    for (side, path) in [("source", Some(&from)), ("destination", to.as_ref())] {
                        if let (Some(Value::Object(party)), Some(path)) = (task.get_mut(side), path)
                        {
                            party.insert("path_abs_final".into(), json!(path.to_string_lossy()));
                        }
                    }
                }
                _ => {
                    task["status"] = json!("failed");
                    failed = true;
                }
            }
        } else {
            task["status"] = json!("executing");
        }
        tx.replace("task", task)?;
        if failed {
            break;
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
    job["speed"] = json!(if status == "running" {
        BYTES_PER_SECOND
    } else {
        0
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

fn copy(from: &Path, to: &Path) -> std::io::Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::copy(from, to).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_that_are_not_one_plain_name_have_no_client_paths() {
        let d = Path::new("/data");
        for owner in ["..", "", "../x@y", "a/b@c", "/abs@x", "."] {
            assert_eq!(
                disk_path(d, owner, "/tmp/x.mov", "projects"),
                None,
                "{owner}"
            );
        }
        assert!(disk_path(d, "..", "share=projects/x.mov", "projects").is_some());
        assert_eq!(
            disk_path(d, "a@b.c", "volume=(default)/x.mov", "projects"),
            Some(PathBuf::from("/data/storage/projects/x.mov"))
        );
        assert_eq!(
            disk_path(d, "a@b.c", "share=(default)x/y", "projects"),
            Some(PathBuf::from("/data/storage/(default)x/y"))
        );
    }

    #[test]
    fn paths_map_into_the_data_dir() {
        let d = Path::new("/data");
        assert_eq!(
            disk_path(d, "a@b.c", "share=projects/x.mov", "projects"),
            Some(PathBuf::from("/data/storage/projects/x.mov"))
        );
        assert_eq!(
            disk_path(d, "A@b.c", "/tmp/x.mov", "projects"),
            Some(PathBuf::from("/data/clients/a@b.c/tmp/x.mov"))
        );
        assert_eq!(
            disk_path(d, "a@b.c", "C:\\x\\y.mov", "projects"),
            Some(PathBuf::from("/data/clients/a@b.c/x/y.mov"))
        );
        assert_eq!(
            disk_path(d, "a@b.c", "share=../../etc/passwd", "projects"),
            None
        );
        assert_eq!(disk_path(d, "a@b.c", "/tmp/../../x", "projects"), None);
    }
}
