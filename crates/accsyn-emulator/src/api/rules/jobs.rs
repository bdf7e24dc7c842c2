//! Finding related jobs: the job a task belongs to, the delivery or
//! request a transfer sits beneath.

use serde_json::Value;

use super::str_field;
use super::types::JOB_STORES;
use crate::reply::ApiError;
use crate::store::Tx;
/// The job a task belongs to, from whichever job store holds it.
pub(crate) fn job_of_task(
    tx: &Tx<'_>,
    task: &Value,
) -> Result<Option<(&'static str, Value)>, ApiError> {
    let Some(parent) = str_field(task, "job") else {
        return Ok(None);
    };
    for &store in JOB_STORES {
        if let Some(job) = tx.get(store, parent)? {
            return Ok(Some((store, job)));
        }
    }
    Ok(None)
}

/// The delivery or request a transfer's `parent` names, if it names one.
pub(crate) fn parent_of_transfer(
    tx: &Tx<'_>,
    job: &Value,
) -> Result<Option<(&'static str, Value)>, ApiError> {
    let Some(parent) = str_field(job, "parent") else {
        return Ok(None);
    };
    for store in ["delivery", "request"] {
        if let Some(doc) = tx.get(store, parent)? {
            return Ok(Some((store, doc)));
        }
    }
    Ok(None)
}

/// The store of the job a task belongs to (`transfer` when unknown, which
/// reads bare paths as desktop-app paths, the stricter reading).
pub(crate) fn store_of_task(tx: &Tx<'_>, job: &str) -> Result<&'static str, ApiError> {
    for store in ["delivery", "request"] {
        if tx.get(store, job)?.is_some() {
            return Ok(store);
        }
    }
    Ok("transfer")
}
