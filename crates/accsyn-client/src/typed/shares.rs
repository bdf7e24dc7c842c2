//! What users and shares (volumes, folders, homes, collections) add to the generic handler.

use accsyn_model::{
    AclEntry, AclGrant, Collection, EntityId, Folder, Home, NewCollection, NewFolder, NewHome,
    NewUser, NewVolume, User, Volume,
};
use serde_json::Value;

use super::Handler;
use crate::Result;
use crate::session::decode;

/// `create`: what users and every kind of share have.
macro_rules! create_call {
    ($entity:ty, $payload:ty, $example:literal) => {
        impl Handler<$entity> {
            /// Creates one and returns it as the server stored it.
            ///
            /// # Errors
            /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session) -> Result<(), Box<dyn std::error::Error>> {
            #[doc = $example]
            /// # Ok(()) }
            /// ```
            pub async fn create(&self, payload: &$payload) -> Result<$entity> {
                self.create_from(payload).await
            }
        }
    };
}

/// `deactivate` and `activate`: users and the shares that can be deactivated (a home
/// cannot: deactivate its user instead).
macro_rules! activation_calls {
    ($($entity:ty => $getter:literal),*) => {$(
        impl Handler<$entity> {
            /// Deactivates one: it stays in the database and can be activated again.
            ///
            /// # Errors
            /// The call's errors.
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            #[doc = concat!("session.", $getter, "().deactivate(&id).await?;")]
            /// # Ok(()) }
            /// ```
            pub async fn deactivate(&self, id: &EntityId) -> Result<()> {
                self.set_active(id.as_str(), false).await?;
                Ok(())
            }

            /// Activates a deactivated one.
            ///
            /// # Errors
            /// The call's errors.
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            #[doc = concat!("session.", $getter, "().activate(&id).await?;")]
            /// # Ok(()) }
            /// ```
            pub async fn activate(&self, id: &EntityId) -> Result<()> {
                self.set_active(id.as_str(), true).await?;
                Ok(())
            }
        }
    )*};
}

activation_calls!(User => "users", Volume => "volumes", Folder => "folders", Collection => "collections");

create_call!(
    User,
    NewUser,
    "let lisa = session.users().create(&accsyn_client::model::NewUser::new(\"lisa@example.com\")).await?;\n# let _ = lisa;"
);
create_call!(
    Volume,
    NewVolume,
    "let volume = session.volumes().create(&accsyn_client::model::NewVolume::new(\"assets\", \"5da08873b0eb10fade60b3f7\".parse()?)).await?;\n# let _ = volume;"
);
create_call!(
    Folder,
    NewFolder,
    "let folder = session.folders()\n    .create(&accsyn_client::model::NewFolder::new(\"5b0faf03304bfd4810dbd5fc\".parse()?, \"FROM_VENDORS\", \"from-vendors\"))\n    .await?;\n# let _ = folder;"
);
create_call!(
    Home,
    NewHome,
    "let home = session.homes().create(&accsyn_client::model::NewHome::for_user(\"lisa@example.com\")).await?;\n# let _ = home;"
);
create_call!(
    Collection,
    NewCollection,
    "let refs = accsyn_client::model::NewCollection::new(\"refs\", vec![\"share=projects/ref.png\".parse()?])?;\nlet collection = session.collections().create(&refs).await?;\n# let _ = collection;"
);

/// Access through ACLs: what every kind of share has.
macro_rules! acl_calls {
    ($($entity:ty),*) => {$(
        impl Handler<$entity> {
            /// Grants a user (id, or email: invited when not a user yet, unless `invite` is
            /// false) access to the share, or to a path in it; returns the ACL.
            ///
            /// # Errors
            /// [`Error::NotFound`](crate::Error::NotFound) for an unknown email with `invite`
            /// false, the calls' errors, or [`Error::Decode`](crate::Error::Decode).
            ///
            /// ```no_run
            /// use accsyn_client::model::AclGrant;
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// let grant = AclGrant::read_write()
            ///     .with_path("FROM_VENDORS/acmevfx")
            ///     .with_notify(true)
            ///     .with_message("Please upload your files here.");
            /// let acl = session.folders().grant(&id, "lisa@example.com", &grant, true).await?;
            /// # let _ = acl; Ok(()) }
            /// ```
            pub async fn grant(
                &self,
                id: &EntityId,
                user: &str,
                grant: &AclGrant,
                invite: bool,
            ) -> Result<AclEntry> {
                let acl = self.session.grant_acl(id.as_str(), user, grant, invite).await?;
                decode("acl/create", acl)
            }

            /// The share's ACLs (`recursive`: and those of the shares beneath it, such as the
            /// folders of a volume).
            ///
            /// # Errors
            /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// for acl in session.volumes().access(&id, true).await? {
            ///     println!("{:?} read {:?} write {:?}", acl.entity_hr, acl.read, acl.write);
            /// }
            /// # Ok(()) }
            /// ```
            pub async fn access(&self, id: &EntityId, recursive: bool) -> Result<Vec<AclEntry>> {
                let acls = self.session.share_acls(id.as_str(), recursive).await?;
                decode("acl/find", Value::Array(acls))
            }

            /// Revokes a user's (id or email) access; `false` when they had none.
            ///
            /// # Errors
            /// [`Error::NotFound`](crate::Error::NotFound) for an unknown email, or the calls'
            /// errors.
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// let revoked = session.folders().revoke(&id, "lisa@example.com").await?;
            /// # let _ = revoked; Ok(()) }
            /// ```
            pub async fn revoke(&self, id: &EntityId, user: &str) -> Result<bool> {
                self.session.revoke_acl(id.as_str(), user).await
            }
        }
    )*};
}

acl_calls!(Volume, Folder, Home, Collection);
