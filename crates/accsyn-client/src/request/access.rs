//! Access requests: recipients of jobs, ACLs of shares.

use accsyn_model::{AclGrant, NewAcl};
use accsyn_query::{Query, attr};
use accsyn_transport::ApiRequest;
use serde_json::json;

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

/// `acl/create`: the model's [`NewAcl`] of the grant (the official client's defaults for
/// what the grant leaves out, options it does not know sent as given).
pub(crate) fn acl_create(user: &str, share: &str, grant: &AclGrant, invite: bool) -> ApiRequest {
    ApiRequest::post("acl/create").with_data(json!(NewAcl::new(user, share, grant, invite)))
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
        let grant = AclGrant::read_only()
            .with_notify(false)
            .with_message("hi")
            .with_path("FROM_VENDORS/acmevfx");
        check(
            acl_create(ID, ID, &grant, true),
            Method::Post,
            "acl/create",
            Some(json!({
                "entity": format!("user:{ID}"), "target": format!("share:{ID}"), "invite": true,
                "message": "hi", "notify": false, "path": "FROM_VENDORS/acmevfx", "read": true, "write": false
            })),
            None,
            None,
        );
        let defaults = acl_create(ID, ID, &AclGrant::write_only(), false)
            .data
            .unwrap();
        assert_eq!(
            defaults,
            json!({
                "entity": format!("user:{ID}"), "target": format!("share:{ID}"), "invite": false,
                "read": false, "write": true, "notify": false, "message": "", "path": "/"
            })
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
