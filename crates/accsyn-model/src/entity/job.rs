//! Jobs: transfers, deliveries, upload requests, and jobs in general.

use serde_json::{Number, Value};

use super::{Attributes, nullable, parse_opt, wire_struct};
use crate::{DeliveryStatus, EntityId, EntityRef, Error, HrRef, JobStatus, Timestamp};

/// Defines a job struct: the attributes every job has, with the given status type.
macro_rules! job_struct {
    ($(#[$doc:meta])* $name:ident, $status:ty, { $($(#[$extra_doc:meta])* $extra:ident: $extra_ty:ty,)* }) => {
        wire_struct! {
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub struct $name {
                /// The internal accsyn job id; use it to modify the job.
                pub id: EntityId,
                /// Same as `name`: jobs have no unique API code.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub code: Option<String>,
                /// The job's name (generated from the first file name when not given).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub name: Option<String>,
                /// The job's status.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub status: Option<$status>,
                /// Date of creation.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub created: Option<Timestamp>,
                /// Date of last modification.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub modified: Option<Timestamp>,
                /// The user that last modified the job.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub modifier: Option<String>,
                /// When the job completed or was aborted (`Some(None)`: sent as `null`).
                #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
                pub finished: Option<Option<Timestamp>>,
                /// The id of the user that created the job.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub user: Option<EntityId>,
                /// The creating user, human-readable; see [`HrRef`].
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub user_hr: Option<String>,
                /// The sending party, such as `workspace:<id>`; see [`EntityRef`].
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub source: Option<String>,
                /// The sending party, human-readable.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub source_hr: Option<String>,
                /// The receiving party, such as `user:<id>`.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub destination: Option<String>,
                /// The receiving party, human-readable.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub destination_hr: Option<String>,
                /// Estimated time remaining of a running job, as sent (an empty string otherwise).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub etr: Option<Value>,
                /// Total progress, 0-100.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub progress: Option<i64>,
                /// Total size in bytes.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub size: Option<u64>,
                /// Current speed in MB/s, -1 when unknown (kept as sent: integer or float).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub speed: Option<Number>,
                /// The job's uri within its queues.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub uri: Option<String>,
                /// Job metadata passed through workflows.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub metadata: Option<Attributes>,
                /// The parent queue (or delivery) id.
                #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
                pub parent: Option<Option<EntityId>>,
                /// The parent, human-readable.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub parent_hr: Option<String>,
                /// The job's queue (id or code).
                #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
                pub queue: Option<Option<String>>,
                /// The job priority.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub priority: Option<i64>,
                $($(#[$extra_doc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $extra: Option<$extra_ty>,)*
                /// Attributes this version of the crate does not know, kept as sent.
                #[serde(flatten)]
                pub other: Attributes,
            }
        }

        impl $name {
            /// `source` as an entity reference; `None` when absent.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let mut job: accsyn_model::", stringify!($name), " = serde_json::from_str(r#\"{\"id\": \"6971e16fceadd67b955b1995\"}\"#)?;")]
            /// job.source = Some("workspace:6645fbca9f8c4d3e7a3b678d".into());
            /// assert_eq!(job.source_ref().unwrap()?.kind, accsyn_model::EntityType::Workspace);
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn source_ref(&self) -> Option<Result<EntityRef, Error>> {
                parse_opt(self.source.as_ref(), EntityRef::parse)
            }

            /// `destination` as an entity reference; `None` when absent.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let mut job: accsyn_model::", stringify!($name), " = serde_json::from_str(r#\"{\"id\": \"6971e16fceadd67b955b1995\"}\"#)?;")]
            /// job.destination = Some("user:6676f3e9c7ef4e27da254e57".into());
            /// assert_eq!(job.destination_ref().unwrap()?.id.as_str(), "6676f3e9c7ef4e27da254e57");
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn destination_ref(&self) -> Option<Result<EntityRef, Error>> {
                parse_opt(self.destination.as_ref(), EntityRef::parse)
            }

            /// `user_hr` parsed; `None` when absent.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let mut job: accsyn_model::", stringify!($name), " = serde_json::from_str(r#\"{\"id\": \"6971e16fceadd67b955b1995\"}\"#)?;")]
            /// job.user_hr = Some("user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)".into());
            /// assert_eq!(job.user_hr_ref().unwrap()?.role.as_deref(), Some("standard"));
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn user_hr_ref(&self) -> Option<Result<HrRef, Error>> {
                parse_opt(self.user_hr.as_ref(), HrRef::parse)
            }

            /// `source_hr` parsed; `None` when absent.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let mut job: accsyn_model::", stringify!($name), " = serde_json::from_str(r#\"{\"id\": \"6971e16fceadd67b955b1995\"}\"#)?;")]
            /// job.source_hr = Some("workspace:seagull(6645fbca9f8c4d3e7a3b678d)".into());
            /// assert_eq!(job.source_hr_ref().unwrap()?.label, "seagull");
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn source_hr_ref(&self) -> Option<Result<HrRef, Error>> {
                parse_opt(self.source_hr.as_ref(), HrRef::parse)
            }

            /// `destination_hr` parsed; `None` when absent.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let job: accsyn_model::", stringify!($name), " = serde_json::from_str(r#\"{\"id\": \"6971e16fceadd67b955b1995\"}\"#)?;")]
            /// assert!(job.destination_hr_ref().is_none());
            /// # Ok::<(), serde_json::Error>(())
            /// ```
            pub fn destination_hr_ref(&self) -> Option<Result<HrRef, Error>> {
                parse_opt(self.destination_hr.as_ref(), HrRef::parse)
            }

            /// `speed` in MB/s as a float.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let job: accsyn_model::", stringify!($name), " = serde_json::from_value(serde_json::json!({\"id\": \"6971e16fceadd67b955b1995\", \"speed\": 12}))?;")]
            /// assert_eq!(job.speed_mb_per_s(), Some(12.0));
            /// # Ok::<(), serde_json::Error>(())
            /// ```
            pub fn speed_mb_per_s(&self) -> Option<f64> {
                self.speed.as_ref().and_then(Number::as_f64)
            }
        }
    };
}

job_struct!(
    /// A file transfer job, as `transfer/find` returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{JobStatus, Transfer};
    ///
    /// let transfer: Transfer = serde_json::from_str(r#"{
    ///     "id": "6971e16fceadd67b955b1995",
    ///     "name": "README.txt",
    ///     "status": "aborted",
    ///     "destination_hr": "user:lisa@example.com[standard](6676f3e9c7ef4e27da254e57)",
    ///     "added_by_a_newer_backend": 1
    /// }"#)?;
    /// assert_eq!(transfer.status, Some(JobStatus::Aborted));
    /// let to = transfer.destination_hr_ref().unwrap()?;
    /// assert_eq!(to.label, "lisa@example.com");
    /// assert!(transfer.other.contains_key("added_by_a_newer_backend"));
    ///
    /// // A partial update names only the attributes it changes.
    /// let update = serde_json::json!({"status": JobStatus::Waiting});
    /// assert_eq!(update.to_string(), r#"{"status":"waiting"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Transfer, JobStatus, {}
);

job_struct!(
    /// Any job (`job/find`): transfers, compute jobs and streams share these attributes.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Job;
    ///
    /// let job: Job = serde_json::from_str(r#"{"id": "6971e16fceadd67b955b1995", "code": "abcd1234_publish", "status": "running"}"#)?;
    /// assert_eq!(job.code.as_deref(), Some("abcd1234_publish"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    Job, JobStatus, {}
);

job_struct!(
    /// A delivery: files delivered to recipients who download them in a web browser.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Delivery, DeliveryStatus};
    ///
    /// let delivery: Delivery = serde_json::from_str(r#"{"id": "6971e16fceadd67b955b1995", "name": "Project references", "status": "init"}"#)?;
    /// assert_eq!(delivery.status, Some(DeliveryStatus::Init));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    Delivery, DeliveryStatus, {
        /// Whether the delivery is public.
        public: bool,
    }
);

job_struct!(
    /// An upload request: a reverse delivery that collects files from its recipients.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Request;
    ///
    /// let request: Request = serde_json::from_str(r#"{"id": "6971e16fceadd67b955b1995", "name": "Project material", "status": "pending"}"#)?;
    /// assert_eq!(request.name.as_deref(), Some("Project material"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    Request, DeliveryStatus, {}
);
