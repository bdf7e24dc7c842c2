//! Shares: volumes (admins), folders, homes and collections (employees
//! too), their updates, deactivation and deletion, and the files of a
//! collection. The servers that serve a volume are in `servers`.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::rules::complete;
use super::rules::context::Ctx;
use super::rules::keys::SERVERS_KEY;
use super::rules::paths::{Place, Touch, resolve_in};
use super::rules::roles::{access, check_paths, check_write};
use super::rules::shares::{
    ShareAt, collection_files, default_volume_doc, file_name, is_live, locate,
};
use super::rules::str_field;
use super::rules::types::{EntityType, JOB_STORES, SHARE_STORES, entity_type};
use super::rules::validate::{as_object, check_keys, not_found, target_id};
use super::rules::visible::{get_visible, project};
use crate::clock::format_timestamp;
use crate::http::{Envelope, find_user_by_code};
use crate::id::{is_entity_id, new_entity_id, new_task_id};
use crate::reply::{ApiError, Reply};
use crate::store::Tx;

fn share_type(name: &str) -> Result<&'static EntityType, ApiError> {
    entity_type(name).ok_or_else(|| ApiError::Internal(format!("{name} type missing")))
}

/// Whether a code is taken by any share (codes are unique among all).
fn code_taken(tx: &Tx<'_>, code: &str, except: Option<&str>) -> Result<bool, ApiError> {
    for store in SHARE_STORES {
        let taken = tx.list(store)?.iter().any(|s| {
            str_field(s, "code").is_some_and(|c| c.eq_ignore_ascii_case(code))
                && str_field(s, "id") != except
                && s.get("archived").and_then(Value::as_bool) != Some(true)
        });
        if taken {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A code as the API takes it: non-empty, no whitespace, no slash (codes
/// start paths such as `share=<code>/...`).
fn valid_code(code: &str) -> bool {
    crate::setup::valid_code(code) && !code.contains(['=', ':', '(', ')'])
}

/// The code given, or one made from the name (lower case, `_` for spaces).
fn code_for(obj: &Map<String, Value>, fallback: &str) -> Result<String, ApiError> {
    let given = obj.get("code").and_then(Value::as_str).map(str::trim);
    let code = match given {
        Some(code) => code.to_owned(),
        None => fallback
            .trim()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_"),
    };
    if !valid_code(&code) {
        let shown: String = code.chars().take(80).collect();
        return Err(ApiError::bad(format!(
            "`{shown}` is not a usable share code: give `code` without spaces, slashes, `=`, `:` or parentheses"
        )));
    }
    Ok(code)
}

/// A relative path inside a volume, refusing absolute paths and `..`.
fn relative_path(text: &str, what: &str) -> Result<String, ApiError> {
    let path = text.trim().trim_end_matches('/');
    let bad = path.is_empty()
        || path.starts_with(['/', '\\'])
        || path.contains('\0')
        || path.split(['/', '\\']).any(|p| p == ".." || p == ".")
        || path.chars().nth(1) == Some(':');
    if bad {
        let shown: String = text.chars().take(80).collect();
        return Err(ApiError::bad(format!(
            "{what} `{shown}` must be a relative path inside the volume, without `..`"
        )));
    }
    Ok(path.replace('\\', "/"))
}

/// `share:<name>[<type>](<id>)`, how replies name a share.
pub(super) fn share_hr(store: &str, share: &Value) -> String {
    format!(
        "share:{}[{store}]({})",
        str_field(share, "name").unwrap_or_default(),
        str_field(share, "id").unwrap_or_default()
    )
}

/// The live volume `id`, for a folder's or home's `parent`.
fn parent_volume(tx: &Tx<'_>, id: &str) -> Result<Arc<Value>, ApiError> {
    tx.list("volume")?
        .iter()
        .find(|v| str_field(v, "id") == Some(id) && is_live(v))
        .cloned()
        .ok_or_else(|| ApiError::bad(format!("no live volume with id {id} to be the parent")))
}

/// `<share type>/create`: a volume, folder, home or collection.
pub(super) fn create(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let [store] = et.stores else {
        return Err(ApiError::bad(
            "create a volume, folder, home or collection, not a share",
        ));
    };
    check_write(tx, ctx, et, None)?;
    let obj = as_object(&env.data, "create")?;
    check_keys(et, obj, &et.create_attributes(), "create")?;
    let ts = format_timestamp(ctx.now);
    let mut doc = obj.clone();
    let name_of = |fallback: &str| {
        obj.get("name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| fallback.to_owned())
    };
    let mut files = Vec::new();
    match *store {
        "volume" => {
            let code = code_for(
                obj,
                obj.get("name").and_then(Value::as_str).unwrap_or_default(),
            )?;
            doc.insert("name".into(), json!(name_of(&code)));
            doc.insert("code".into(), json!(code));
            let (main, sites) = super::servers::for_new_volume(tx, obj)?;
            check_server_os_path(tx, obj, &main)?;
            doc.insert("server".into(), json!(main));
            doc.insert("siteservers".into(), json!(sites));
            doc.insert(SERVERS_KEY.into(), json!([main]));
            doc.insert("default".into(), json!(false));
            let dir = resolve_in(&ctx.state.data_dir, &code, "")
                .ok_or_else(|| ApiError::bad("the volume's code cannot name a folder"))?;
            std::fs::create_dir_all(&dir).map_err(|e| {
                tracing::error!(error = %e, "cannot create a volume's folder");
                ApiError::Internal("cannot create the volume's folder; see the log".into())
            })?;
            complete::volume(&mut doc, &ctx.state.data_dir);
        }
        "folder" | "home" => {
            let (parent, path, fallback_name) = if *store == "home" && !obj.contains_key("path") {
                let who = obj.get("user").and_then(Value::as_str).ok_or_else(|| {
                    ApiError::bad("a home needs `user` (an id or email), or `parent` and `path`")
                })?;
                let user = if is_entity_id(who) {
                    tx.get("user", &who.to_ascii_lowercase())?
                } else {
                    find_user_by_code(tx, who)?
                }
                .ok_or_else(|| ApiError::bad(format!("no user {who} to own the home")))?;
                let code = str_field(&user, "code").unwrap_or_default().to_owned();
                doc.insert("user".into(), json!(str_field(&user, "id")));
                let volume = default_volume_doc(tx)?;
                let path = format!("homes/{code}");
                (volume, path, code)
            } else {
                let parent = obj.get("parent").and_then(Value::as_str).ok_or_else(|| {
                    ApiError::bad(format!("a {store} needs `parent`, the volume's id"))
                })?;
                let path = obj.get("path").and_then(Value::as_str).ok_or_else(|| {
                    ApiError::bad(format!("a {store} needs `path`, relative to its volume"))
                })?;
                let path = relative_path(path, "`path`")?;
                let fallback = file_name(&path);
                (parent_volume(tx, parent)?, path, fallback)
            };
            if *store == "home" {
                let user = str_field(&Value::Object(doc.clone()), "user").map(str::to_owned);
                let taken = tx.list("home")?.iter().any(|h| {
                    is_live(h) && user.is_some() && str_field(h, "user") == user.as_deref()
                });
                if taken {
                    return Err(ApiError::bad("this user already has a home share"));
                }
            }
            let volume_code = str_field(&parent, "code").unwrap_or_default().to_owned();
            // Sharing a folder needs write on the volume at that path.
            let at = ShareAt {
                store: "volume",
                share: parent.clone(),
                volume: Some(volume_code.clone()),
                base: String::new(),
                sub: path.clone(),
            };
            if !access(tx, ctx, &Place::of(&at, true))?.write {
                return Err(ApiError::Forbidden(format!(
                    "sharing {volume_code}/{path} needs write access to it; ask a workspace admin"
                )));
            }
            let code = code_for(obj, &name_of(&fallback_name))?;
            doc.insert("name".into(), json!(name_of(&fallback_name)));
            doc.insert("code".into(), json!(code));
            doc.insert("parent".into(), json!(str_field(&parent, "id")));
            doc.insert("parent_hr".into(), json!(share_hr("volume", &parent)));
            doc.insert("path".into(), json!(path));
            if let Some(dir) = resolve_in(&ctx.state.data_dir, &volume_code, &path) {
                let _ = std::fs::create_dir_all(dir);
            }
        }
        _ => {
            let code = code_for(obj, &name_of(""))?;
            doc.insert("name".into(), json!(name_of(&code)));
            doc.insert("code".into(), json!(code));
            let given = match obj.get("files") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(items)) => items.clone(),
                Some(_) => return Err(ApiError::bad("`files` is a list of accsyn paths")),
            };
            doc.remove("files");
            files = checked_files(tx, ctx, &given)?;
        }
    }
    let code = str_field(&Value::Object(doc.clone()), "code")
        .unwrap_or_default()
        .to_owned();
    if code_taken(tx, &code, None)? {
        return Err(ApiError::bad(format!(
            "a share with code {code} already exists; codes are unique among volumes, folders, homes and collections"
        )));
    }
    let id = new_entity_id();
    doc.insert("id".into(), json!(id));
    doc.insert("status".into(), json!("enabled"));
    doc.entry("description").or_insert(json!(""));
    doc.entry("email").or_insert(json!(""));
    doc.entry("metadata").or_insert(json!({}));
    doc.entry("queue").or_insert(Value::Null);
    doc.insert("type".into(), json!(store));
    doc.insert("inactive".into(), json!(false));
    doc.insert("creator".into(), json!(ctx.user_code));
    doc.insert("modifier".into(), json!(ctx.user_code));
    doc.insert("created".into(), json!(ts));
    doc.insert("modified".into(), json!(ts));
    let doc = tx.insert(store, Value::Object(doc))?;
    for path in files {
        insert_file(tx, &id, &path, &ts)?;
    }
    Ok(Reply::result(json!([project(&doc, None)])))
}

/// Collection paths, checked: accsyn notation on a live share that is not
/// a collection, on files that exist, that the caller may read.
fn checked_files(tx: &Tx<'_>, ctx: &Ctx<'_>, given: &[Value]) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    let mut touch = Touch::precise();
    for item in given {
        let path = item
            .as_str()
            .ok_or_else(|| ApiError::bad("collection files are accsyn paths (strings)"))?;
        let at = locate(tx, path, false, None)?.ok_or_else(|| {
            let shown: String = path.chars().take(120).collect();
            ApiError::bad(format!(
                "`{shown}` is not on a share: collection files are accsyn paths like share=<code>/<path>, never absolute"
            ))
        })?;
        if at.store == "collection" {
            return Err(ApiError::bad(
                "a collection cannot hold another collection's files",
            ));
        }
        let exists = at
            .volume
            .as_deref()
            .and_then(|v| resolve_in(&ctx.state.data_dir, v, &at.inner()))
            .is_some_and(|p| p.exists());
        if !exists {
            let shown: String = path.chars().take(120).collect();
            return Err(ApiError::bad(format!(
                "`{shown}` does not exist on storage"
            )));
        }
        touch.reads.push(Place::of(&at, true));
        out.push(path.to_owned());
    }
    check_paths(tx, ctx, &touch)?;
    Ok(out)
}

fn insert_file(
    tx: &Tx<'_>,
    collection: &str,
    path: &str,
    ts: &str,
) -> Result<Arc<Value>, ApiError> {
    tx.insert(
        "file",
        json!({"id": new_task_id(), "parent": collection, "path": path, "created": ts, "modified": ts}),
    )
}

/// The live share `id` of the type of the call, visible and changeable by
/// the caller.
fn writable_share(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    id: &str,
) -> Result<(&'static str, Value), ApiError> {
    let (store, doc) = get_visible(tx, ctx, et, id)?.ok_or_else(|| not_found(et, id))?;
    check_write(tx, ctx, share_type(store)?, Some(&doc))?;
    Ok((store, doc))
}

/// Checks and side effects of a share update before it is applied: codes
/// stay unique, a volume's folder follows its code, one default volume.
pub(super) fn before_update(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    store: &str,
    doc: &Value,
    obj: &Map<String, Value>,
) -> Result<(), ApiError> {
    let id = str_field(doc, "id").unwrap_or_default();
    if let Some(code) = obj.get("code") {
        let code = code.as_str().map(str::trim).unwrap_or_default();
        if !valid_code(code) {
            return Err(ApiError::bad(
                "`code` must be non-empty, without spaces, slashes, `=`, `:` or parentheses",
            ));
        }
        if code_taken(tx, code, Some(id))? {
            return Err(ApiError::bad(format!(
                "a share with code {code} already exists"
            )));
        }
        let old = str_field(doc, "code").unwrap_or_default();
        if store == "volume" && code != old {
            // The volume's folder in the data dir is named by its code.
            let dir = |c: &str| resolve_in(&ctx.state.data_dir, c, "");
            // A transaction may run twice: a folder the first run moved
            // is left where it is.
            if let (Some(from), Some(to)) = (dir(old), dir(code)) {
                if from.exists() {
                    if to.exists() {
                        return Err(ApiError::bad(format!(
                            "a folder for {code} already exists in the storage root"
                        )));
                    }
                    std::fs::rename(&from, &to).map_err(|e| {
                        tracing::error!(error = %e, "cannot move a volume's folder");
                        ApiError::Internal("cannot move the volume's folder; see the log".into())
                    })?;
                }
            }
        }
    }
    if let Some(path) = obj.get("path") {
        relative_path(path.as_str().unwrap_or_default(), "`path`")?;
    }
    if store == "volume" && obj.get("default").and_then(Value::as_bool) == Some(true) {
        for other in tx.list("volume")?.iter() {
            if str_field(other, "id") != Some(id)
                && other.get("default").and_then(Value::as_bool) == Some(true)
            {
                let mut other = Value::clone(other);
                other["default"] = json!(false);
                tx.replace("volume", &other)?;
            }
        }
    }
    Ok(())
}

/// Jobs still live (not finished, aborted or archived) that touch the share
/// `id`, by name.
fn live_jobs_on(tx: &Tx<'_>, id: &str) -> Result<Vec<String>, ApiError> {
    let mut jobs_with_tasks = std::collections::HashSet::new();
    for task in tx.list("task")?.iter() {
        for side in ["source", "destination"] {
            let on = task
                .get(side)
                .and_then(|p| p.get("s").or_else(|| p.get("v")));
            if on.and_then(Value::as_str) == Some(id) {
                if let Some(job) = str_field(task, "job") {
                    jobs_with_tasks.insert(job.to_owned());
                }
            }
        }
    }
    let mut out = Vec::new();
    for &store in JOB_STORES {
        for job in tx.list(store)?.iter() {
            let live = !matches!(str_field(job, "status"), Some("done" | "aborted"))
                && job.get("archived").and_then(Value::as_bool) != Some(true);
            if live && str_field(job, "id").is_some_and(|j| jobs_with_tasks.contains(j)) {
                out.push(str_field(job, "name").unwrap_or_default().to_owned());
            }
        }
    }
    Ok(out)
}

/// Sets `inactive` on the share and the ACLs on it (ACLs go offline with
/// their share).
fn set_inactive(
    tx: &Tx<'_>,
    store: &str,
    share: &mut Value,
    inactive: bool,
    ts: &str,
) -> Result<(), ApiError> {
    share["inactive"] = json!(inactive);
    share["modified"] = json!(ts);
    tx.replace(store, share)?;
    let target = format!("share:{}", str_field(share, "id").unwrap_or_default());
    for acl in tx.list("acl")?.iter() {
        if str_field(acl, "target") == Some(target.as_str())
            && acl.get("archived").and_then(Value::as_bool) != Some(true)
        {
            let mut acl = Value::clone(acl);
            acl["inactive"] = json!(inactive);
            tx.replace("acl", &acl)?;
        }
    }
    Ok(())
}

/// `<share type>/deactivate` and `/activate`.
pub(super) fn set_active(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
    active: bool,
) -> Result<Reply, ApiError> {
    let id = match (&env.id, &env.query) {
        (Some(id), _) => id.clone(),
        (None, Some(code)) => {
            let code = code
                .trim()
                .trim_start_matches("code=")
                .trim_matches(['\'', '"']);
            let found = et.stores.iter().find_map(|store| {
                tx.list(store)
                    .ok()?
                    .iter()
                    .find(|s| str_field(s, "code").is_some_and(|c| c.eq_ignore_ascii_case(code)))
                    .and_then(|s| str_field(s, "id").map(str::to_owned))
            });
            found.ok_or_else(|| ApiError::NotFound(format!("no {} with code {code}", et.name)))?
        }
        (None, None) => return Err(ApiError::bad(format!("give the {}'s id", et.name))),
    };
    let (store, mut share) = writable_share(tx, ctx, et, &id)?;
    let ts = format_timestamp(ctx.now);
    if store == "home" {
        return Err(ApiError::bad(
            "home shares cannot be deactivated; deactivate their user instead",
        ));
    }
    if share.get("archived").and_then(Value::as_bool) == Some(true) {
        return Err(ApiError::bad(format!("this {store} was deleted")));
    }
    if !active {
        let jobs = live_jobs_on(tx, &id)?;
        if !jobs.is_empty() {
            return Err(ApiError::bad(format!(
                "active jobs use this {store} ({}); abort them first",
                jobs.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
            )));
        }
        if store == "volume" {
            // Shares beneath a deactivated volume are archived.
            for sub in ["folder", "home"] {
                for s in tx.list(sub)?.iter() {
                    if str_field(s, "parent") == Some(id.as_str()) && is_live(s) {
                        let mut s = Value::clone(s);
                        s["archived"] = json!(true);
                        set_inactive(tx, sub, &mut s, true, &ts)?;
                    }
                }
            }
        }
    }
    set_inactive(tx, store, &mut share, !active, &ts)?;
    Ok(Reply::result(json!(true)))
}

/// `<share type>/delete`: deactivates the share and keeps it in the
/// archive. A volume's folders and homes go with it and its ACLs are
/// removed; files on disk are left alone and its jobs aborted.
pub(super) fn delete(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    env: &Envelope,
) -> Result<Reply, ApiError> {
    let id = target_id(et, env)?;
    let (store, mut share) = writable_share(tx, ctx, et, id)?;
    if store == "home" {
        return Err(ApiError::bad(
            "home shares go with their user; delete or deactivate the user instead",
        ));
    }
    let ts = format_timestamp(ctx.now);
    let mut gone = vec![id.to_owned()];
    if store == "volume" {
        abort_jobs_on(tx, id, &ts)?;
        for sub in ["folder", "home"] {
            for s in tx.list(sub)?.iter() {
                if str_field(s, "parent") == Some(id) {
                    let mut s = Value::clone(s);
                    gone.push(str_field(&s, "id").unwrap_or_default().to_owned());
                    s["archived"] = json!(true);
                    s["inactive"] = json!(true);
                    s["modified"] = json!(ts);
                    tx.replace(sub, &s)?;
                }
            }
        }
        // "All associated ACLs will be deleted."
        for acl in tx.list("acl")?.iter() {
            let on = str_field(acl, "target").and_then(|t| t.strip_prefix("share:"));
            if on.is_some_and(|t| gone.iter().any(|g| g == t)) {
                tx.delete("acl", str_field(acl, "id").unwrap_or_default())?;
            }
        }
    } else {
        set_inactive(tx, store, &mut share, true, &ts)?;
    }
    share["archived"] = json!(true);
    share["inactive"] = json!(true);
    share["modified"] = json!(ts);
    tx.replace(store, &share)?;
    Ok(Reply::result(json!(true)))
}

/// Aborts the live jobs using the volume `id`.
fn abort_jobs_on(tx: &Tx<'_>, id: &str, ts: &str) -> Result<(), ApiError> {
    let names = live_jobs_on(tx, id)?;
    if names.is_empty() {
        return Ok(());
    }
    for &store in JOB_STORES {
        for job in tx.list(store)?.iter() {
            let name = str_field(job, "name").unwrap_or_default();
            let live = !matches!(str_field(job, "status"), Some("done" | "aborted"));
            if live && names.iter().any(|n| n == name) {
                let mut job = Value::clone(job);
                job["status"] = json!("aborted");
                job["finished"] = json!(ts);
                job["modified"] = json!(ts);
                if let Value::Object(o) = &mut job {
                    o.remove(super::rules::keys::STEP_KEY);
                }
                tx.replace(store, &job)?;
            }
        }
    }
    Ok(())
}

/// The collection a `file/add` or `collection/file/remove` names, writable
/// by the caller.
fn collection_for_files(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Value, ApiError> {
    let et = share_type("collection")?;
    let id = target_id(et, env)?;
    let (_, collection) = writable_share(tx, ctx, et, id)?;
    if !is_live(&collection) {
        return Err(ApiError::bad("this collection is deactivated"));
    }
    Ok(collection)
}

fn listed_files(env: &Envelope) -> Result<Vec<Value>, ApiError> {
    match env.data.get("files") {
        Some(Value::Array(items)) if !items.is_empty() => Ok(items.clone()),
        Some(Value::String(one)) => Ok(vec![json!(one)]),
        _ => Err(ApiError::bad("give `files`, a list")),
    }
}

/// `file/add` (POST, id = collection): adds files to a collection.
pub(super) fn add_files(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let collection = collection_for_files(tx, ctx, env)?;
    let id = str_field(&collection, "id").unwrap_or_default();
    let paths = checked_files(tx, ctx, &listed_files(env)?)?;
    let known = collection_files(tx, id)?;
    let ts = format_timestamp(ctx.now);
    let mut out = Vec::new();
    for path in paths {
        let existing = known
            .iter()
            .find(|f| str_field(f, "path") == Some(path.as_str()));
        let file = match existing {
            Some(file) => file.clone(),
            None => insert_file(tx, id, &path, &ts)?,
        };
        out.push(project(&file, None));
    }
    Ok(Reply::result(Value::Array(out)))
}

/// `collection/file/remove` (DELETE, id = collection): removes files by id.
pub(super) fn remove_files(tx: &Tx<'_>, ctx: &Ctx<'_>, env: &Envelope) -> Result<Reply, ApiError> {
    let collection = collection_for_files(tx, ctx, env)?;
    let id = str_field(&collection, "id").unwrap_or_default();
    let mut removed = false;
    for file in listed_files(env)? {
        let file = file.as_str().unwrap_or_default();
        let mine = tx
            .get("file", file)?
            .is_some_and(|f| str_field(&f, "parent") == Some(id));
        if mine {
            removed |= tx.delete("file", file)?;
        }
    }
    Ok(Reply::result(json!(removed)))
}

/// A new volume's `paths`, when given, must have the one its main server's operating system
/// reads (the file-sharing document); without `paths`, the emulator's own folder serves.
fn check_server_os_path(
    tx: &Tx<'_>,
    obj: &Map<String, Value>,
    server: &str,
) -> Result<(), ApiError> {
    let Some(paths) = obj.get("paths").filter(|p| !p.is_null()) else {
        return Ok(());
    };
    let paths = paths
        .as_object()
        .ok_or_else(|| ApiError::bad("`paths` is an object of paths per operating system"))?;
    let Some(os) = tx
        .get("client", server)?
        .and_then(|s| str_field(&s, "os").map(str::to_owned))
    else {
        return Ok(());
    };
    let given = paths
        .get(&os)
        .and_then(Value::as_str)
        .is_some_and(|p| !p.trim().is_empty());
    if given {
        return Ok(());
    }
    Err(ApiError::bad(format!(
        "the volume's server {server} runs {os}: `paths` needs its `{os}` path"
    )))
}
