//! Access: who a delivery is for, who may read or write a share.

use accsyn_model::AclGrant;
use serde_json::{Map, Value, json};

use crate::query_arg::wire_type;
use crate::request::{self, RECIPIENT_TARGETS, SHARE_TARGETS};
use crate::{Error, Result, Session};

/// Entity types whose `code` is unique, so a code can stand for the id (as the official
/// client lists them).
const UNIQUE_CODE_TYPES: &[&str] = &[
    "user",
    "workspace",
    "share",
    "volume",
    "folder",
    "home",
    "collection",
    "site",
    "engine",
    "queue",
];

/// What to do when a user code resolves to nothing.
#[derive(Clone, Copy, PartialEq)]
enum Missing {
    /// Keep the code: the server invites the user (or knows them as a pending recipient).
    KeepCode,
    /// Fail with [`Error::NotFound`].
    Fail,
}

impl Session {
    /// Grants a user access: as a recipient of a delivery, request or stream, or through an
    /// ACL on a volume, folder, home or collection.
    ///
    /// `entity_type` must be `User`; the user is an id or an email (resolved to the id first;
    /// an unknown email is invited unless `data` has `"invite": false`). `data` holds the
    /// options: `invite` for jobs; `invite` and the fields of an
    /// [`AclGrant`](crate::model::AclGrant) (`read`, `write`, `notify`, `message`, `path`) for
    /// shares (read and write when `None`). Returns `true` for an unsubmitted delivery, else
    /// the recipient or ACL as the server answers it. Ids and codes are trimmed and
    /// lowercased first, as the official client does.
    ///
    /// A thin wrapper for scripts ported from the official client: the typed calls
    /// (`session.deliveries().add_recipient(..)`, `session.folders().grant(..)`) do the same
    /// work.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for another entity type, an unknown target type or share
    /// options that grant neither read nor write, [`Error::NotFound`] for an unknown user who
    /// may not be invited or an unknown share code, or the calls' errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, delivery_id: &str) -> accsyn_client::Result<()> {
    /// session.grant("User", "lisa@example.com", "Delivery", delivery_id, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn grant(
        &self,
        entity_type: &str,
        user: &str,
        target_type: &str,
        target: &str,
        data: Option<Value>,
    ) -> Result<Value> {
        expect_user(entity_type)?;
        let target_type = wire_type(target_type)?;
        let mut options = match data {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(map)) => map,
            Some(other) => {
                return Err(Error::InvalidArgument(format!(
                    "grant options must be a JSON object, not `{other}`"
                )));
            }
        };
        let invite = match options.remove("invite") {
            Some(Value::Bool(invite)) => invite,
            _ => true,
        };
        let target = self.resolve(&target_type, target, Missing::Fail).await?;
        if RECIPIENT_TARGETS.contains(&target_type.as_str()) {
            self.grant_recipient(&target, user, invite).await
        } else if SHARE_TARGETS.contains(&target_type.as_str()) {
            // The official client grants read and write when no options are given at all.
            let grant = if options.is_empty() {
                AclGrant::read_write()
            } else {
                serde_json::from_value(Value::Object(options)).map_err(|e| {
                    Error::InvalidArgument(format!("the grant options are not usable: {e}"))
                })?
            };
            self.grant_acl(&target, user, &grant, invite).await
        } else {
            Err(unsupported_target("grant", &target_type))
        }
    }

    /// Adds a recipient (id, or email: resolved, else invited when `invite`) to a job.
    pub(crate) async fn grant_recipient(
        &self,
        job: &str,
        user: &str,
        invite: bool,
    ) -> Result<Value> {
        let user = self.resolve("user", user, missing_user(invite)).await?;
        let request = request::add_recipient(job, &user, invite);
        Ok(self.result(request).await?.1)
    }

    /// Grants a user (id or email) access to a share through an ACL; the ACL as answered.
    pub(crate) async fn grant_acl(
        &self,
        share: &str,
        user: &str,
        grant: &AclGrant,
        invite: bool,
    ) -> Result<Value> {
        let user = self.resolve("user", user, missing_user(invite)).await?;
        Ok(self
            .one(request::acl_create(&user, share, grant, invite))
            .await?
            .1)
    }

    /// The ACLs of a share (and of the shares beneath it, when `recursive`), as stored.
    pub(crate) async fn share_acls(&self, share: &str, recursive: bool) -> Result<Vec<Value>> {
        Ok(self
            .list(request::acl_find(share, None, recursive))
            .await?
            .1)
    }

    /// Removes a user's ACL on a share; `false` when there was none.
    pub(crate) async fn revoke_acl(&self, share: &str, user: &str) -> Result<bool> {
        let user = self.resolve("user", user, Missing::Fail).await?;
        let (_, acls) = self
            .list(request::acl_find(share, Some(&user), false))
            .await?;
        match acls
            .first()
            .and_then(|a| a.get("id"))
            .and_then(Value::as_str)
        {
            Some(acl) => self.boolean(request::acl_delete(acl)).await,
            None => Ok(false),
        }
    }

    /// Removes a recipient (id or email) from a job; `false` when they were not one.
    pub(crate) async fn revoke_recipient(&self, job: &str, user: &str) -> Result<bool> {
        // A pending recipient of an unsubmitted delivery may not be a user yet.
        let user = self.resolve("user", user, Missing::KeepCode).await?;
        let (_, recipients) = self.list(request::recipients(job)).await?;
        let listed = recipients.iter().any(|r| {
            r.get("user").and_then(Value::as_str) == Some(user.as_str())
                || r.get("user_hr").and_then(Value::as_str) == Some(user.as_str())
        });
        if !listed {
            return Ok(false);
        }
        self.boolean(request::remove_recipient(job, &user)).await
    }

    /// Who has access: the recipients of a delivery, request or stream (with `actioned`), or
    /// the ACLs of a volume, folder, home or collection (as `user`, `user_hr`, `share`,
    /// `share_hr`, `read`, `write`, `acknowledged`, `path`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown target type, [`Error::Model`] when `target`
    /// is not an entity id (nothing is sent), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, delivery_id: &str) -> accsyn_client::Result<()> {
    /// for recipient in session.access("Delivery", delivery_id).await? {
    ///     println!("{} actioned: {}", recipient["user_hr"], recipient["actioned"]);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn access(&self, target_type: &str, target: &str) -> Result<Vec<Value>> {
        self.access_inner(target_type, target, false).await
    }

    /// Like [`access`](Self::access), and for a share also the ACLs of every share beneath
    /// it (folders in a volume, for example).
    ///
    /// # Errors
    /// As [`access`](Self::access).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, volume_id: &str) -> accsyn_client::Result<()> {
    /// let everyone = session.access_recursive("Volume", volume_id).await?;
    /// # let _ = everyone; Ok(()) }
    /// ```
    pub async fn access_recursive(&self, target_type: &str, target: &str) -> Result<Vec<Value>> {
        self.access_inner(target_type, target, true).await
    }

    async fn access_inner(
        &self,
        target_type: &str,
        target: &str,
        recursive: bool,
    ) -> Result<Vec<Value>> {
        let target_type = wire_type(target_type)?;
        let target = &entity_id(target)?;
        if RECIPIENT_TARGETS.contains(&target_type.as_str()) {
            Ok(self.list(request::recipients(target)).await?.1)
        } else if SHARE_TARGETS.contains(&target_type.as_str()) {
            let acls = self.share_acls(target, recursive).await?;
            Ok(acls.iter().map(acl_as_access).collect())
        } else {
            Err(unsupported_target("list access of", &target_type))
        }
    }

    /// Revokes a user's access to a delivery, request or stream, or to a share. Returns
    /// `false` when the user had no such access.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for another entity type or an unknown target type,
    /// [`Error::Model`] when `target` is not an entity id (nothing is sent),
    /// [`Error::NotFound`] for an unknown user on a share, or the calls' errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, delivery_id: &str) -> accsyn_client::Result<()> {
    /// let removed = session.revoke("User", "lisa@example.com", "Delivery", delivery_id).await?;
    /// # let _ = removed; Ok(()) }
    /// ```
    pub async fn revoke(
        &self,
        entity_type: &str,
        user: &str,
        target_type: &str,
        target: &str,
    ) -> Result<bool> {
        expect_user(entity_type)?;
        let target_type = wire_type(target_type)?;
        let target = &entity_id(target)?;
        if RECIPIENT_TARGETS.contains(&target_type.as_str()) {
            self.revoke_recipient(target, user).await
        } else if SHARE_TARGETS.contains(&target_type.as_str()) {
            self.revoke_acl(target, user).await
        } else {
            Err(unsupported_target("revoke", &target_type))
        }
    }

    /// An id as given, or the id of the entity whose code it is.
    ///
    /// Trimmed and lowercased first, as the official client does: an id in capitals is still
    /// an id, and an email in capitals still finds its user instead of inviting a new one.
    async fn resolve(&self, entity_type: &str, ident: &str, missing: Missing) -> Result<String> {
        let lowered = ident.trim().to_lowercase();
        let ident = lowered.as_str();
        if accsyn_model::EntityId::is_valid(ident) {
            return Ok(ident.to_owned());
        }
        if !UNIQUE_CODE_TYPES.contains(&entity_type) {
            return Err(Error::InvalidArgument(format!(
                "`{ident}` is not a {entity_type} id (24 lowercase hex characters), and {entity_type}s \
                 cannot be looked up by code"
            )));
        }
        let (_, found) = self
            .list(request::find_by_code(entity_type, ident)?)
            .await?;
        match found
            .first()
            .and_then(|e| e.get("id"))
            .and_then(Value::as_str)
        {
            Some(id) => Ok(id.to_owned()),
            None if missing == Missing::KeepCode => Ok(ident.to_owned()),
            None => Err(Error::NotFound {
                entity_type: entity_type.to_owned(),
                ident: ident.to_owned(),
            }),
        }
    }

    /// Sends a request whose `result` is a boolean.
    pub(crate) async fn boolean(&self, request: accsyn_transport::ApiRequest) -> Result<bool> {
        match self.result(request).await? {
            (_, Value::Bool(b)) => Ok(b),
            (uri, _) => Err(Error::UnexpectedReply {
                uri,
                expected: "a boolean",
            }),
        }
    }
}

/// What to do with a user code that resolves to nothing: invite it, or fail.
fn missing_user(invite: bool) -> Missing {
    if invite {
        Missing::KeepCode
    } else {
        Missing::Fail
    }
}

/// The target of an access listing or a revoke: an entity id (trimmed, lowercased), as the
/// official client asserts. A blank one would otherwise send `job/recipients` with no id, or
/// look up the ACLs of `share:`.
fn entity_id(target: &str) -> Result<String> {
    crate::request::bare_id(&target.trim().to_lowercase())
}

fn expect_user(entity_type: &str) -> Result<()> {
    if wire_type(entity_type)? == "user" {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "only users can be granted or revoked access, not `{entity_type}`"
        )))
    }
}

fn unsupported_target(what: &str, target_type: &str) -> Error {
    Error::InvalidArgument(format!(
        "cannot {what} `{target_type}`: use delivery, request, stream, volume, folder, home or collection"
    ))
}

/// An ACL as the official client's `access` reshapes it.
fn acl_as_access(acl: &Value) -> Value {
    let after_colon = |key: &str| {
        acl.get(key)
            .and_then(Value::as_str)
            .and_then(|s| s.split_once(':'))
            .map(|(_, id)| id.to_owned())
            .unwrap_or_default()
    };
    let field = |key: &str, default: Value| acl.get(key).cloned().unwrap_or(default);
    json!({
        "id": field("id", Value::Null),
        "user": after_colon("entity"),
        "user_hr": field("entity_hr", "".into()),
        "share": after_colon("target"),
        "share_hr": field("target_hr", "".into()),
        "read": field("read", false.into()),
        "write": field("write", false.into()),
        "acknowledged": field("acknowledged", false.into()),
        "path": field("path", "/".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acls_are_reshaped_like_the_official_client() {
        let acl = json!({
            "id": "76543210fedcba9876543210",
            "entity": "user:6676f3e9c7ef4e27da254e57",
            "entity_hr": "user:lisa@example.com",
            "target": "share:0123456789abcdef01234567",
            "read": true,
            "write": false
        });
        let shown = acl_as_access(&acl);
        assert_eq!(shown["user"], "6676f3e9c7ef4e27da254e57");
        assert_eq!(shown["share"], "0123456789abcdef01234567");
        assert_eq!(shown["path"], "/");
        assert_eq!(shown["acknowledged"], false);
        // A malformed ACL does not panic.
        assert_eq!(acl_as_access(&json!(null))["user"], "");
    }
}
