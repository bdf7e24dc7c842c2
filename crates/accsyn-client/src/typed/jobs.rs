//! What deliveries, upload requests and transfers add to the generic handler.

use accsyn_model::{
    Delivery, DeliveryStatus, EntityId, Job, JobStatus, NewDelivery, NewRequest, NewTasks,
    NewTransfer, Recipient, Request, Task, TaskStatus, TaskUpdate, Transfer,
};
use serde_json::{Value, json};

use super::{Handler, TypedFind, to_json};
use crate::session::decode;
use crate::{Result, request};

/// Recipient calls, shared by deliveries and upload requests (both are jobs with recipients).
macro_rules! recipient_calls {
    ($entity:ty, $payload:ty, $what:literal) => {
        impl Handler<$entity> {
            #[doc = concat!("Creates ", $what, " and returns it as the server stored it.")]
            ///
            /// # Errors
            /// The call's errors (the server refuses, say, files that do not exist), or
            /// [`Error::Decode`](crate::Error::Decode).
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
            /// use accsyn_client::model::{NewDelivery, NewRequest};
            /// let delivery = session.deliveries()
            ///     .create(&NewDelivery::temporary("Project references").with_recipient("lisa@example.com"))
            ///     .await?;
            /// let request = session.requests().create(&NewRequest::new("Project material").submit_later()).await?;
            /// # let _ = (delivery, request); Ok(()) }
            /// ```
            pub async fn create(&self, payload: &$payload) -> Result<$entity> {
                self.create_from(payload).await
            }

            /// Sets the status (`pending` submits, `aborted` aborts, `done` finishes).
            ///
            /// # Errors
            /// [`Error::StatusNotSettable`](crate::Error::StatusNotSettable) for a status the server sets itself (nothing is
            /// sent), else as [`update`](Self::update).
            ///
            /// ```no_run
            /// use accsyn_client::model::DeliveryStatus;
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// session.deliveries().set_status(&id, DeliveryStatus::Done).await?;
            /// # Ok(()) }
            /// ```
            pub async fn set_status(&self, id: &EntityId, status: DeliveryStatus) -> Result<$entity> {
                super::settable(
                    <$entity as super::Entity>::ENTITY_TYPE,
                    &status,
                    status.is_writeable(),
                    DeliveryStatus::KNOWN,
                    DeliveryStatus::is_writeable,
                )?;
                self.update(id, &json!({ "status": status })).await
            }

            /// Submits it (`init` → `pending`): it needs at least one file and one recipient.
            ///
            /// # Errors
            /// As [`update`](Self::update).
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// session.deliveries().submit(&id).await?;
            /// # Ok(()) }
            /// ```
            pub async fn submit(&self, id: &EntityId) -> Result<$entity> {
                self.set_status(id, DeliveryStatus::Pending).await
            }

            /// Adds a recipient by user id or email (an unknown email is invited unless
            /// `invite` is false). Returns `None` while unsubmitted (the server answers
            /// `true`), else the recipient entry.
            ///
            /// # Errors
            /// [`Error::NotFound`](crate::Error::NotFound) for an unknown email with `invite` false, or the calls'
            /// errors.
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// session.deliveries().add_recipient(&id, "lisa@example.com", true).await?;
            /// # Ok(()) }
            /// ```
            pub async fn add_recipient(
                &self,
                id: &EntityId,
                user: &str,
                invite: bool,
            ) -> Result<Option<Recipient>> {
                let answer = self.session.grant_recipient(id.as_str(), user, invite).await?;
                match answer {
                    Value::Bool(_) => Ok(None),
                    other => decode("job/recipient/add", other).map(Some),
                }
            }

            /// The recipients, with whether each has actioned it.
            ///
            /// # Errors
            /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// for r in session.deliveries().recipients(&id).await? {
            ///     println!("{:?} actioned: {:?}", r.user_hr, r.actioned);
            /// }
            /// # Ok(()) }
            /// ```
            pub async fn recipients(&self, id: &EntityId) -> Result<Vec<Recipient>> {
                let (uri, list) = self.session.list(request::recipients(id.as_str())).await?;
                decode(&uri, Value::Array(list))
            }

            /// Removes a recipient (user id or email); `false` when they were not one.
            ///
            /// # Errors
            /// The calls' errors.
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// let removed = session.deliveries().remove_recipient(&id, "lisa@example.com").await?;
            /// # let _ = removed; Ok(()) }
            /// ```
            pub async fn remove_recipient(&self, id: &EntityId, user: &str) -> Result<bool> {
                self.session.revoke_recipient(id.as_str(), user).await
            }

            /// Its files, as the tasks beneath it (`task WHERE job.id=...` in the product
            /// documents); add a filter or options with [`TypedFind`]'s setters.
            ///
            /// ```no_run
            /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
            /// for task in session.deliveries().tasks(&id).await? {
            ///     println!("{:?}", task.source.and_then(|s| s.path));
            /// }
            /// # Ok(()) }
            /// ```
            pub fn tasks(&self, id: &EntityId) -> TypedFind<Task> {
                tasks_of(&self.session, id)
            }
        }
    };
}

/// The tasks beneath a job: a transfer's, a delivery's or a request's files.
fn tasks_of(session: &crate::Session, id: &EntityId) -> TypedFind<Task> {
    TypedFind::new(session.clone(), Ok(accsyn_query::Query::new("task"))).parent(id.as_str())
}

recipient_calls!(
    Delivery,
    NewDelivery,
    "a delivery (temporary, or of files already on storage)"
);
recipient_calls!(Request, NewRequest, "an upload request");

impl Handler<Job> {
    /// Creates a job (`job/create`) from a transfer payload and returns it as the server
    /// stored it: the publish workflow submits its upload this way, with the pre-publish
    /// answer in a [`JobHook::publish`](accsyn_model::JobHook::publish) hook and each task
    /// carrying its publish entry's id.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
    ///
    /// ```no_run
    /// use accsyn_client::model::{JobHook, NewTransfer, PublishEntry, TaskEntry, TransferTask};
    /// # async fn run(session: accsyn_client::Session) -> Result<(), Box<dyn std::error::Error>> {
    /// let entry = PublishEntry::file("first_file", 10240);
    /// let answer = session.pre_publish(vec![entry.clone()]).await?;
    /// let job = NewTransfer::list([TaskEntry::Task(TransferTask::with_id(
    ///     entry.id,
    ///     "/Volumes/NAS01/first_file".parse()?,
    /// ))])
    /// .with_code("abcd1234_publish")
    /// .with_hook(JobHook::publish(&answer));
    /// let job = session.jobs().create(&job).await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub async fn create(&self, payload: &NewTransfer) -> Result<Job> {
        self.create_from(payload).await
    }
}

impl Handler<Transfer> {
    /// Creates a transfer job and returns it as the server stored it.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
    ///
    /// ```no_run
    /// use accsyn_client::model::{JobStatus, NewTransfer};
    /// # async fn run(session: accsyn_client::Session) -> Result<(), Box<dyn std::error::Error>> {
    /// let download = NewTransfer::single(
    ///     Some("share=myproject/delivery/TRAILER_screening_v003.mov".parse()?),
    ///     Some("/Volumes/EDIT/from_client".parse()?),
    /// )
    /// .with_status(JobStatus::Paused);
    /// let transfer = session.transfers().create(&download).await?;
    /// # let _ = transfer; Ok(()) }
    /// ```
    pub async fn create(&self, payload: &NewTransfer) -> Result<Transfer> {
        self.create_from(payload).await
    }

    /// Sets the status (`waiting` resumes, `paused` pauses, `aborted` aborts).
    ///
    /// # Errors
    /// [`Error::StatusNotSettable`](crate::Error::StatusNotSettable) for a status the server sets itself, such as `running`
    /// (nothing is sent), else as [`update`](Self::update).
    ///
    /// ```no_run
    /// use accsyn_client::model::JobStatus;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// session.transfers().set_status(&id, JobStatus::Waiting).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_status(&self, id: &EntityId, status: JobStatus) -> Result<Transfer> {
        super::settable(
            "transfer",
            &status,
            status.is_writeable(),
            JobStatus::KNOWN,
            JobStatus::is_writeable,
        )?;
        self.update(id, &json!({ "status": status })).await
    }

    /// The tasks (files) of a transfer; add a filter with [`TypedFind`]'s options, or none.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// for task in session.transfers().tasks(&id).await? {
    ///     println!("{:?} {:?}", task.uri, task.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn tasks(&self, id: &EntityId) -> TypedFind<Task> {
        tasks_of(&self.session, id)
    }

    /// The tasks matching `filter` (such as `"status=onhold"`).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let on_hold = session.transfers().find_tasks(&id, "status=onhold").await?;
    /// # let _ = on_hold; Ok(()) }
    /// ```
    pub fn find_tasks(&self, id: &EntityId, filter: impl super::IntoFilter) -> TypedFind<Task> {
        TypedFind::new(self.session.clone(), filter.into_filter("task")).parent(id.as_str())
    }

    /// Adds files (tasks) to a transfer; returns the added tasks.
    ///
    /// # Errors
    /// The call's errors, or [`Error::Decode`](crate::Error::Decode).
    ///
    /// ```no_run
    /// use accsyn_client::model::{NewTasks, TaskEntry};
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> Result<(), Box<dyn std::error::Error>> {
    /// let added = session.transfers()
    ///     .add_tasks(&id, &NewTasks::many([TaskEntry::Path("share=projects/b.mov".parse()?)]))
    ///     .await?;
    /// # let _ = added; Ok(()) }
    /// ```
    pub async fn add_tasks(&self, id: &EntityId, tasks: &NewTasks) -> Result<Vec<Task>> {
        let request = request::create(
            "task",
            to_json(tasks)?,
            Some(id.as_str()),
            request::Duplicates::default(),
        )?;
        let (uri, value) = self.session.result(request).await?;
        super::one_or_many(uri, value, "a task or a list of tasks")
    }

    /// Updates tasks of a transfer (status, priority, metadata) by id or uri; returns the
    /// updated tasks.
    ///
    /// # Errors
    /// [`Error::StatusNotSettable`](crate::Error::StatusNotSettable) for a task status the server sets itself (nothing is
    /// sent), [`Error::InvalidArgument`](crate::Error::InvalidArgument) for an empty list, the call's errors, or
    /// [`Error::Decode`](crate::Error::Decode).
    ///
    /// ```no_run
    /// use accsyn_client::model::{TaskStatus, TaskUpdate};
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let held = session.transfers()
    ///     .update_tasks(&id, &[TaskUpdate::by_uri("0").with_status(TaskStatus::Onhold)])
    ///     .await?;
    /// # let _ = held; Ok(()) }
    /// ```
    pub async fn update_tasks(&self, id: &EntityId, updates: &[TaskUpdate]) -> Result<Vec<Task>> {
        for status in updates.iter().filter_map(|u| u.status.as_ref()) {
            super::settable(
                "task",
                status,
                status.is_writeable(),
                TaskStatus::KNOWN,
                TaskStatus::is_writeable,
            )?;
        }
        let request = request::update_many("task", id.as_str(), to_json(&updates)?)?;
        let (uri, value) = self.session.result(request).await?;
        decode(&uri, value)
    }
}
