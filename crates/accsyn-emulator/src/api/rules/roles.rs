//! Who may read and write what, after the official permission table:
//! admins everything; employees jobs and data on the shares granted to
//! them (ACL entries `user:<id>` → `share:<id>` with `read` and `write`;
//! a volume's covers all of it), folders, homes and collections on them,
//! but no other administration; standard users only their own jobs,
//! deliveries they receive and the shares an ACL grants them, at the ACL's
//! path and beneath. Another user's job is visible with read on every
//! place it touches and changeable only with write on every one. A
//! forbidden read looks like a missing entity; a forbidden write is a
//! message.

use std::collections::HashMap;

use serde_json::Value;

use accsyn_model::{ShareKind, ShareTarget};

use super::context::{AclGrant, Ctx, Grant};
use super::jobs::{job_of_task, store_of_task};
use super::paths::{Place, Touch};
use super::shares::find_share;
use super::str_field;
use super::types::{EntityType, Kind};
use crate::id::is_entity_id;
use crate::reply::ApiError;
use crate::seed::Role;
use crate::store::Tx;

/// The ACL's target share id: `share:<id>`, or `share:<code>` resolved.
pub(crate) fn acl_target(tx: &Tx<'_>, acl: &Value) -> Result<Option<String>, ApiError> {
    let Some(target) = str_field(acl, "target").and_then(|t| t.split_once(':')) else {
        return Ok(None);
    };
    let (_, target) = target;
    if is_entity_id(target) {
        return Ok(Some(target.to_ascii_lowercase()));
    }
    let code = ShareTarget::Code(target.to_owned());
    Ok(find_share(tx, ShareKind::Share, &code)?
        .and_then(|(_, s)| str_field(&s, "id").map(str::to_owned)))
}

/// Whether `acl` is one of the caller's (`user:<id>` or `user:<email>`).
pub(crate) fn is_mine(ctx: &Ctx<'_>, acl: &Value) -> bool {
    let entity = str_field(acl, "entity").unwrap_or_default();
    entity == format!("user:{}", ctx.user_id)
        || entity.eq_ignore_ascii_case(&format!("user:{}", ctx.user_code))
}

/// The caller's live ACLs, read once per event.
fn my_grants(tx: &Tx<'_>, ctx: &Ctx<'_>) -> Result<Vec<AclGrant>, ApiError> {
    if let Some(grants) = &ctx.roles.borrow().grants {
        return Ok(grants.clone());
    }
    let mut grants = Vec::new();
    for acl in tx.list("acl")?.iter() {
        let live = acl.get("inactive").and_then(Value::as_bool) != Some(true);
        if !live || !is_mine(ctx, acl) {
            continue;
        }
        let Some(share) = acl_target(tx, acl)? else {
            continue;
        };
        let flag = |k: &str| acl.get(k).and_then(Value::as_bool) == Some(true);
        grants.push(AclGrant {
            share,
            path: str_field(acl, "path")
                .unwrap_or_default()
                .trim_matches('/')
                .to_owned(),
            grant: Grant {
                read: flag("read") || flag("write"),
                write: flag("write"),
            },
        });
    }
    ctx.roles.borrow_mut().grants = Some(grants.clone());
    Ok(grants)
}

/// Whether the ACL path `granted` covers `sub` (the same path or beneath).
fn covers(granted: &str, sub: &str) -> bool {
    let sub = sub.trim_matches('/');
    granted.is_empty()
        || sub == granted
        || sub
            .strip_prefix(granted)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// What the caller may do at `place`. Admins everything. An ACL on the
/// share allows what it says at its path and beneath. Employees have
/// "full access to volumes granted to them": an ACL on a volume covers the
/// whole volume, folders and homes on it included, and ACL paths do not
/// limit them.
pub(crate) fn access(tx: &Tx<'_>, ctx: &Ctx<'_>, place: &Place) -> Result<Grant, ApiError> {
    if ctx.role == Role::Admin {
        return Ok(Grant {
            read: true,
            write: true,
        });
    }
    let employee = ctx.role == Role::Employee;
    let mut out = Grant::default();
    for g in my_grants(tx, ctx)? {
        let on_share = g.share == place.share && (employee || covers(&g.path, &place.sub));
        let on_volume = employee && Some(&g.share) == place.volume.as_ref();
        if on_share || on_volume {
            out.read |= g.grant.read;
            out.write |= g.grant.write;
        }
    }
    Ok(out)
}

/// Whether the caller has any grant on the share `id` (or, for an
/// employee, on the volume `volume` it lies on).
fn sees_share(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    id: &str,
    volume: Option<&str>,
) -> Result<bool, ApiError> {
    let employee = ctx.role == Role::Employee;
    Ok(my_grants(tx, ctx)?
        .iter()
        .any(|g| g.share == id || (employee && Some(g.share.as_str()) == volume)))
}

/// The volumes a stored job touches, through its own paths and its tasks'.
fn touch_of(tx: &Tx<'_>, ctx: &Ctx<'_>, store: &str, job: &Value) -> Result<Touch, ApiError> {
    let id = str_field(job, "id").unwrap_or_default();
    if ctx.roles.borrow().touches.is_none() {
        // Built once per event for all jobs, so a find stays linear.
        let mut stores: HashMap<String, &'static str> = HashMap::new();
        let mut touches: HashMap<String, Touch> = HashMap::new();
        for task in tx.list("task")?.iter() {
            let Some(job) = str_field(task, "job") else {
                continue;
            };
            let store = match stores.get(job) {
                Some(store) => *store,
                None => {
                    let store = store_of_task(tx, job)?;
                    stores.insert(job.to_owned(), store);
                    store
                }
            };
            touches.entry(job.to_owned()).or_default().add_paths(
                tx,
                store,
                &super::party::specs_of(task),
            )?;
        }
        ctx.roles.borrow_mut().touches = Some(touches);
    }
    let mut touch = ctx
        .roles
        .borrow()
        .touches
        .as_ref()
        .and_then(|t| t.get(id).cloned())
        .unwrap_or_default();
    touch.add_paths(tx, store, &super::party::specs_of(job))?;
    Ok(touch)
}

/// Whether the caller's grants cover `touch`: read at every place read,
/// write at every place written.
fn granted(tx: &Tx<'_>, ctx: &Ctx<'_>, touch: &Touch) -> Result<bool, ApiError> {
    for p in &touch.reads {
        if !access(tx, ctx, p)?.read {
            return Ok(false);
        }
    }
    for p in &touch.writes {
        if !access(tx, ctx, p)?.write {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Refuses a new job's (or new tasks') storage paths on volumes the caller
/// has no grant for: reading needs `read`, writing needs `write`.
pub(crate) fn check_paths(tx: &Tx<'_>, ctx: &Ctx<'_>, touch: &Touch) -> Result<(), ApiError> {
    if ctx.role == Role::Admin || granted(tx, ctx, touch)? {
        return Ok(());
    }
    let labels = |places: &[Place]| {
        let mut shown: Vec<&str> = places.iter().take(5).map(|p| p.label.as_str()).collect();
        if places.len() > 5 {
            shown.push("...");
        }
        shown.join(", ")
    };
    Err(ApiError::Forbidden(format!(
        "a {} user works only on shares granted to them (read: {}; write: {}); ask a workspace admin for access",
        ctx.role,
        labels(&touch.reads),
        labels(&touch.writes)
    )))
}

/// The collection a collection file belongs to.
fn collection_of(tx: &Tx<'_>, file: &Value) -> Result<Option<Value>, ApiError> {
    match str_field(file, "parent") {
        Some(parent) => tx.get("collection", parent),
        None => Ok(None),
    }
}

/// The volume id a share lies on: its own for a volume, its parent's for a
/// folder or home.
fn volume_of(store: &str, share: &Value) -> Option<String> {
    match store {
        "volume" => str_field(share, "id").map(str::to_owned),
        "folder" | "home" => str_field(share, "parent").map(str::to_owned),
        _ => None,
    }
}

/// Whether the caller may see a share: admins all; others those an ACL of
/// theirs targets; employees also folders and homes on volumes granted to
/// them, and the collections they made.
fn can_read_share(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    store: &str,
    share: &Value,
) -> Result<bool, ApiError> {
    let id = str_field(share, "id").unwrap_or_default();
    let made = ctx.role == Role::Employee
        && str_field(share, "creator").is_some_and(|c| c.eq_ignore_ascii_case(&ctx.user_code));
    Ok(made || sees_share(tx, ctx, id, volume_of(store, share).as_deref())?)
}

/// Whether the caller may change a share: never a volume (admins only);
/// employees a folder, home or collection they may write into, or made.
fn can_write_share(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    store: &str,
    share: &Value,
) -> Result<bool, ApiError> {
    if ctx.role != Role::Employee || store == "volume" {
        return Ok(false);
    }
    if str_field(share, "creator").is_some_and(|c| c.eq_ignore_ascii_case(&ctx.user_code)) {
        return Ok(true);
    }
    let place = Place {
        share: str_field(share, "id").unwrap_or_default().to_owned(),
        volume: volume_of(store, share),
        sub: String::new(),
        label: String::new(),
    };
    Ok(access(tx, ctx, &place)?.write)
}

/// Whether an employee may manage the ACLs of the share an ACL targets:
/// shares they may change, never volumes.
fn acl_share_writable(tx: &Tx<'_>, ctx: &Ctx<'_>, acl: &Value) -> Result<bool, ApiError> {
    let Some(id) = acl_target(tx, acl)? else {
        return Ok(false);
    };
    for store in ["folder", "home", "collection"] {
        if let Some(share) = tx.get(store, &id)? {
            return can_write_share(tx, ctx, store, &share);
        }
    }
    Ok(false)
}

/// Whether the caller owns or receives this job.
fn is_party(ctx: &Ctx<'_>, job: &Value) -> bool {
    if str_field(job, "user") == Some(ctx.user_id.as_str()) {
        return true;
    }
    job.get("recipients")
        .and_then(Value::as_array)
        .is_some_and(|rs| {
            rs.iter().any(|r| {
                let r = r.get("user").or_else(|| r.get("id")).unwrap_or(r);
                r.as_str()
                    .is_some_and(|r| r == ctx.user_id || r.eq_ignore_ascii_case(&ctx.user_code))
            })
        })
}

/// Whether the caller owns the delivery or request a transfer sits beneath:
/// its owner lists the transfers of its recipients.
fn owns_parent(tx: &Tx<'_>, ctx: &Ctx<'_>, job: &Value) -> Result<bool, ApiError> {
    Ok(super::jobs::parent_of_transfer(tx, job)?
        .is_some_and(|(_, p)| str_field(&p, "user") == Some(ctx.user_id.as_str())))
}

/// Whether an employee's grants reach a job they are no party to. Jobs
/// beneath a delivery are reached through it, never through volumes.
/// Seeing the job needs read on every volume it touches; changing it
/// (editing, pausing, archiving, excluding its tasks) needs write on every
/// one, whichever way the job moves data: read gives visibility only.
fn reach(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    store: &str,
    job: &Value,
    write: bool,
) -> Result<bool, ApiError> {
    if ctx.role != Role::Employee || job.get("parent").is_some_and(Value::is_string) {
        return Ok(false);
    }
    let touch = touch_of(tx, ctx, store, job)?;
    if touch.is_empty() {
        return Ok(false);
    }
    for place in touch.reads.iter().chain(&touch.writes) {
        let grant = access(tx, ctx, place)?;
        if !(if write { grant.write } else { grant.read }) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn can_read_job(tx: &Tx<'_>, ctx: &Ctx<'_>, store: &str, job: &Value) -> Result<bool, ApiError> {
    Ok(is_party(ctx, job) || owns_parent(tx, ctx, job)? || reach(tx, ctx, store, job, false)?)
}

/// Whether the caller may see `doc`; `et` is the type of the store that
/// holds it.
pub(crate) fn can_read(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    doc: &Value,
) -> Result<bool, ApiError> {
    if ctx.role == Role::Admin {
        return Ok(true);
    }
    let staff = ctx.role == Role::Employee;
    Ok(match et.kind {
        Kind::User => staff || str_field(doc, "id") == Some(ctx.user_id.as_str()),
        Kind::Job => can_read_job(tx, ctx, et.name, doc)?,
        Kind::Task => match job_of_task(tx, doc)? {
            Some((store, job)) => can_read_job(tx, ctx, store, &job)?,
            None => false,
        },
        Kind::Infrastructure => staff || str_field(doc, "user") == Some(ctx.user_id.as_str()),
        Kind::Share => can_read_share(tx, ctx, et.name, doc)?,
        Kind::File => match collection_of(tx, doc)? {
            Some(collection) => can_read_share(tx, ctx, "collection", &collection)?,
            None => false,
        },
        Kind::Acl => is_mine(ctx, doc) || (staff && acl_share_writable(tx, ctx, doc)?),
    })
}

fn can_write_job(tx: &Tx<'_>, ctx: &Ctx<'_>, store: &str, job: &Value) -> Result<bool, ApiError> {
    Ok(str_field(job, "user") == Some(ctx.user_id.as_str()) || reach(tx, ctx, store, job, true)?)
}

/// Refuses a write the caller's role does not allow. `doc` is the entity as
/// stored (None for a create, whose paths [`check_paths`] checks).
pub(crate) fn check_write(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    et: &EntityType,
    doc: Option<&Value>,
) -> Result<(), ApiError> {
    if ctx.role == Role::Admin {
        return Ok(());
    }
    let allowed = match et.kind {
        // Users, clients and servers are the admins'.
        Kind::User | Kind::Infrastructure => false,
        Kind::Share => match doc {
            Some(share) => can_write_share(tx, ctx, et.name, share)?,
            // Employees create folders, homes and collections; where, the
            // share's own checks say.
            None => ctx.role == Role::Employee && et.name != "volume",
        },
        Kind::File => match doc.map(|f| collection_of(tx, f)).transpose()?.flatten() {
            Some(collection) => can_write_share(tx, ctx, "collection", &collection)?,
            None => false,
        },
        Kind::Acl => match doc {
            Some(acl) => acl_share_writable(tx, ctx, acl)?,
            None => ctx.role == Role::Employee,
        },
        Kind::Job => match doc {
            Some(job) => can_write_job(tx, ctx, et.name, job)?,
            None => true,
        },
        Kind::Task => match doc {
            Some(task) => match job_of_task(tx, task)? {
                Some((store, job)) => can_write_job(tx, ctx, store, &job)?,
                None => false,
            },
            // Creating tasks is checked against the parent job.
            None => true,
        },
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "a {} user may not change this {}; ask a workspace admin",
            ctx.role, et.name
        )))
    }
}
