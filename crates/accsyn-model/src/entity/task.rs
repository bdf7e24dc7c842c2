//! Tasks: the files and directories of a job.

use super::{Attributes, nullable, parse_opt, wire_struct};
use crate::{EntityId, Error, HrRef, TaskId, TaskStatus, Timestamp};

wire_struct! {
    /// One file or directory of a job (or one compute task), as `task/find` returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Task, TaskStatus};
    ///
    /// let task: Task = serde_json::from_str(r#"{
    ///     "id": "26468234-c9ee-48d6-8d28-e900b5957129",
    ///     "status": "queued",
    ///     "source": {"client": "5da08873b0eb10fade60b3f7", "path": "A001_C011_09187Ia.mov"},
    ///     "uri": "0"
    /// }"#)?;
    /// assert_eq!(task.status, Some(TaskStatus::Queued));
    /// assert_eq!(task.source.and_then(|s| s.path).as_deref(), Some("A001_C011_09187Ia.mov"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct Task {
        /// The task's id (a UUID).
        pub id: TaskId,
        /// The task's unique name within the job, usually "0", "1", ...
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub uri: Option<String>,
        /// The task's status.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<TaskStatus>,
        /// The task priority.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub priority: Option<i64>,
        /// Date of creation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created: Option<Timestamp>,
        /// When the task finished (`Some(None)`: sent as `null`).
        #[serde(
            default,
            deserialize_with = "nullable",
            skip_serializing_if = "Option::is_none"
        )]
        pub finished: Option<Option<Timestamp>>,
        /// The parent job's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub job: Option<EntityId>,
        /// The parent job, human-readable (`README.txt[7](<id>)`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub job_hr: Option<String>,
        /// Size of the source file or directory, in bytes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<u64>,
        /// Time it took to execute the bucket of tasks this one was dispatched in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub time: Option<i64>,
        /// The source party.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<TaskParty>,
        /// The destination party.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub destination: Option<TaskParty>,
        /// Task metadata.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub metadata: Option<Attributes>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl Task {
    /// `job_hr` parsed; `None` when absent.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut task: accsyn_model::Task = serde_json::from_str(r#"{"id": "8f1c3a52-8ad6-4c1e-9a3b-1d2e3f4a5b6c"}"#)?;
    /// task.job_hr = Some("README.txt[7](6971e16fceadd67b955b1995)".into());
    /// assert_eq!(task.job_hr_ref().unwrap()?.role.as_deref(), Some("7"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn job_hr_ref(&self) -> Option<Result<HrRef, Error>> {
        parse_opt(self.job_hr.as_ref(), HrRef::parse)
    }
}

wire_struct! {
    /// The source or destination of a task: which client, path and share.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::TaskParty;
    ///
    /// let party: TaskParty = serde_json::from_str(r#"{"client": "5da09b9ae1b3c330746529ec", "path": "/tmp/a.mov"}"#)?;
    /// assert_eq!(party.path.as_deref(), Some("/tmp/a.mov"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct TaskParty {
        /// The client's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub client: Option<EntityId>,
        /// The path: absolute without a share, else relative to the share.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub path: Option<String>,
        /// The final evaluated path, set when the transfer executes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub path_abs_final: Option<String>,
        /// The volume's id (`v` on the wire).
        #[serde(default, rename = "v", skip_serializing_if = "Option::is_none")]
        pub volume: Option<EntityId>,
        /// The share's id, when a share is involved (`s` on the wire).
        #[serde(default, rename = "s", skip_serializing_if = "Option::is_none")]
        pub share: Option<EntityId>,
        /// The user's id, when the party is a user.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user: Option<EntityId>,
        /// The site, when the party is a site.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub site: Option<String>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}
