//! Access requests: recipients of jobs, ACLs of shares.

use accsyn_query::{Query, attr};
use accsyn_transport::ApiRequest;
use serde_json::{Map, Value, json};

/// Targets whose access is a recipient list (`job/recipient...`).
pub(crate) const RECIPIENT_TARGETS: &[&str] = &["delivery", "request", "stream", "job"];
/// Targets whose access is an ACL on a share.
pub(crate) const SHARE_TARGETS: &[&str] = &["volume", "folder", "home", "collection", "share"];

/// `job/recipient/add`: grant a user (id, or email to invite) to a delivery, request or stream.
pub(crate) fn add_recipient(job: &str, recipient: &str, invite: bool) -> ApiRequest {
    ApiRequest::put("job/recipient/add")
        .with_data(json!({ "recipient": recipient, "invite": invite }))
        .with_id(job)
}

/// `job/recipients`: who a delivery, request or stream is for.
pub(crate) fn recipients(job: &str) -> ApiRequest {
    ApiRequest::get("job/recipients")
        .with_data(json!({}))
        .with_id(job)
}

/// `job/recipient` (DELETE): remove a recipient.
pub(crate) fn remove_recipient(job: &str, recipient: &str) -> ApiRequest {
    ApiRequest::delete("job/recipient")
        .with_data(json!({ "recipient": recipient }))
        .with_id(job)
}

/// `acl/create`: the official client's defaults (read, no write, no notify, whole share,
/// invite) overlaid with `options`.
pub(crate) fn acl_create(user: &str, share: &str, options: &Map<String, Value>) -> ApiRequest {
    let pick = |key: &str, default: Value| options.get(key).cloned().unwrap_or(default);
    // The official client grants read and write when no options are given at all.
    let (read, write) = if options.is_empty() {
        (true, true)
    } else {
        let flag = |key: &str| options.get(key).and_then(Value::as_bool).unwrap_or(false);
        (flag("read"), flag("write"))
    };
    ApiRequest::post("acl/create").with_data(json!({
        "entity": format!("user:{user}"),
        "target": format!("share:{share}"),
        "invite": pick("invite", true.into()),
        "read": read,
        "write": write,
        "notify": pick("notify", false.into()),
        "message": pick("message", "".into()),
        "path": pick("path", "/".into()),
    }))
}

/// `acl/find` of a share's ACLs (`recursive`: of the shares beneath it too), or of one
/// user's ACL on it, sent as the official client sends each.
pub(crate) fn acl_find(share: &str, user: Option<&str>, recursive: bool) -> ApiRequest {
    let target = attr("target").eq(format!("share:{share}"));
    let (condition, data) = match user {
        // The official client's revoke sends no options with its lookup.
        Some(user) => (
            attr("entity").eq(format!("user:{user}")).and(target),
            json!({}),
        ),
        None => (target, json!({ "recursive": recursive })),
    };
    ApiRequest::get("acl/find")
        .with_data(data)
        .with_query(Query::new("acl").filter(condition).to_string())
}

/// `acl/delete` of one ACL.
pub(crate) fn acl_delete(acl: &str) -> ApiRequest {
    ApiRequest::delete("acl/delete")
        .with_data(json!({}))
        .with_id(acl)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ID, check};
    use super::*;
    use accsyn_transport::Method;

    #[test]
    fn access_calls() {
        check(
            add_recipient(ID, ID, true),
            Method::Put,
            "job/recipient/add",
            Some(json!({"recipient": ID, "invite": true})),
            None,
            Some(ID),
        );
        check(
            recipients(ID),
            Method::Get,
            "job/recipients",
            Some(json!({})),
            None,
            Some(ID),
        );
        check(
            remove_recipient(ID, ID),
            Method::Delete,
            "job/recipient",
            Some(json!({"recipient": ID})),
            None,
            Some(ID),
        );
        let options =
            json!({"read": true, "notify": false, "message": "hi", "path": "FROM_VENDORS/acmevfx"});
        check(
            acl_create(ID, ID, options.as_object().unwrap()),
            Method::Post,
            "acl/create",
            Some(json!({
                "entity": format!("user:{ID}"), "target": format!("share:{ID}"), "invite": true,
                "message": "hi", "notify": false, "path": "FROM_VENDORS/acmevfx", "read": true, "write": false
            })),
            None,
            None,
        );
        let defaults = acl_create(ID, ID, &Map::new()).data.unwrap();
        assert_eq!(
            (defaults["read"].clone(), defaults["write"].clone()),
            (json!(true), json!(true))
        );
        check(
            acl_find(ID, None, true),
            Method::Get,
            "acl/find",
            Some(json!({"recursive": true})),
            // Exactly what the official client sends: the id needs no quotes.
            Some(&format!("acl WHERE target=share:{ID}")),
            None,
        );
        check(
            acl_find(ID, Some(ID), false),
            Method::Get,
            "acl/find",
            Some(json!({})),
            Some(&format!("acl WHERE entity=user:{ID} AND target=share:{ID}")),
            None,
        );
        check(
            acl_delete(ID),
            Method::Delete,
            "acl/delete",
            Some(json!({})),
            None,
            Some(ID),
        );
    }
}
