//! New transfers and tasks, in the three forms of the job specification.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::wire::wire_struct;
use crate::{Attributes, EntityId, JobStatus, Location, PrePublishAnswer, TaskId, TaskStatus};

/// The tasks of a new transfer.
///
/// # Examples
///
/// ```
/// use accsyn_model::{TaskEntry, TransferTask, TransferTasks};
///
/// let list = TransferTasks::List(vec![
///     TaskEntry::Task(TransferTask::new("share=share1/file.001".parse()?, "john@user.com".parse()?)),
///     TaskEntry::Path("share=share2/file.002".parse()?),
/// ]);
/// assert!(matches!(list, TransferTasks::List(ref tasks) if tasks.len() == 2));
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TransferTasks {
    /// The relaxed form: one `source` and `destination` at the top of the payload. Either
    /// may be left out (a download from a delivery has no source; an upload no destination).
    Single {
        /// Where the file comes from.
        source: Option<Location>,
        /// Where it goes.
        destination: Option<Location>,
    },
    /// A list of tasks under `tasks`.
    List(Vec<TaskEntry>),
    /// A map from task uri (`"0"`, `"1"`, ...) to task, the backend's internal form.
    Map(BTreeMap<String, TransferTask>),
}

/// One task in a list: a bare path (mirrored destination) or a task object.
///
/// # Examples
///
/// ```
/// use accsyn_model::TaskEntry;
/// let entry: TaskEntry = serde_json::from_str(r#""/Volumes/projects/showreel.mov""#)?;
/// assert!(matches!(entry, TaskEntry::Path(_)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum TaskEntry {
    /// A path; the destination mirrors the rest of the job.
    Path(Location),
    /// A task with its own source, destination or id.
    Task(TransferTask),
}

wire_struct! {
    /// A task of a new transfer.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::TransferTask;
    ///
    /// let task = TransferTask::new("_REF/creatures_showreel_2018.mov".parse()?, "/Users/johndoe/Downloads/creatures_showreel_2018.mov".parse()?);
    /// assert_eq!(
    ///     serde_json::to_value(&task).unwrap(),
    ///     serde_json::json!({
    ///         "source": "_REF/creatures_showreel_2018.mov",
    ///         "destination": "/Users/johndoe/Downloads/creatures_showreel_2018.mov"
    ///     })
    /// );
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct TransferTask {
        /// The task id; a publish job reuses the publish entry's id here.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<TaskId>,
        /// Where the file comes from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<Location>,
        /// Where it goes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub destination: Option<Location>,
        /// Attributes this version of the crate does not know (nested `tasks` of compute jobs,
        /// for example), sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl TransferTask {
    /// A task from `source` to `destination`.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::TransferTask::new("share=share1/file.001".parse()?, "john@user.com".parse()?);
    /// assert!(t.id.is_none());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(source: Location, destination: Location) -> TransferTask {
        TransferTask {
            id: None,
            source: Some(source),
            destination: Some(destination),
            other: Attributes::new(),
        }
    }

    /// A task with only a source (the destination mirrors the rest of the job), carrying an
    /// id, as the publish workflow submits it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{PublishEntry, TransferTask};
    /// let entry = PublishEntry::file("first_file", 10240);
    /// let task = TransferTask::with_id(entry.id, "/Volumes/NAS01/first_file".parse()?);
    /// assert_eq!(task.id, Some(entry.id));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_id(id: TaskId, source: Location) -> TransferTask {
        TransferTask {
            id: Some(id),
            source: Some(source),
            destination: None,
            other: Attributes::new(),
        }
    }
}

wire_struct! {
    /// A hook to run with a job, such as the publish hook with the pre-publish answer.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::JobHook;
    /// let hook = JobHook::new("hook-job-publish-server", serde_json::json!({"files": []}));
    /// assert_eq!(hook.when, "hook-job-publish-server");
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct JobHook {
        /// When the hook runs (`hook-job-publish-server`).
        pub when: String,
        /// The hook's data.
        #[serde(default, skip_serializing_if = "Value::is_null")]
        pub data: Value,
        /// Attributes this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl JobHook {
    /// A hook with its data.
    ///
    /// # Examples
    ///
    /// ```
    /// let hook = accsyn_model::JobHook::new("hook-job-publish-server", serde_json::json!({"files": []}));
    /// assert_eq!(hook.data["files"], serde_json::json!([]));
    /// ```
    pub fn new(when: impl Into<String>, data: Value) -> JobHook {
        JobHook {
            when: when.into(),
            data,
            other: Attributes::new(),
        }
    }

    /// The publish hook (`hook-job-publish-server`) carrying a pre-publish answer's entries,
    /// as the publish workflow submits its job: the server then places each task's file
    /// where the pre-publish decided.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{JobHook, PrePublishAnswer};
    /// let answer: PrePublishAnswer = serde_json::from_str(
    ///     r#"{"files": [{"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "first_file", "can_publish": true}]}"#,
    /// )?;
    /// let hook = JobHook::publish(&answer);
    /// assert_eq!(hook.when, "hook-job-publish-server");
    /// assert_eq!(hook.data["files"][0]["can_publish"], true);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn publish(answer: &PrePublishAnswer) -> JobHook {
        // `PublishEntry` serializes infallibly (plain fields and JSON maps); `Null` would
        // only stand for a serializer error that cannot happen.
        let files = serde_json::to_value(&answer.files).unwrap_or(Value::Null);
        JobHook::new(JobHook::PUBLISH, serde_json::json!({ "files": files }))
    }

    /// When the publish hook runs: after the files are transferred.
    pub const PUBLISH: &'static str = "hook-job-publish-server";
}

/// The payload of `transfer/create` (and `job/create`): the tasks plus job attributes.
///
/// # Examples
///
/// ```
/// use accsyn_model::{JobStatus, NewTransfer};
/// use serde_json::json;
///
/// let download = NewTransfer::single(
///     Some("share=myproject/delivery/TRAILER_screening_v003.mov".parse()?),
///     Some("/Volumes/EDIT/from_client".parse()?),
/// )
/// .with_status(JobStatus::Paused);
/// assert_eq!(
///     serde_json::to_value(&download)?,
///     json!({
///         "source": "share=myproject/delivery/TRAILER_screening_v003.mov",
///         "destination": "/Volumes/EDIT/from_client",
///         "status": "paused"
///     })
/// );
///
/// let back: NewTransfer = serde_json::from_value(serde_json::to_value(&download)?)?;
/// assert_eq!(back, download);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NewTransfer {
    /// The tasks.
    pub tasks: TransferTasks,
    /// The job's name.
    pub name: Option<String>,
    /// The job's code (same as the name for jobs).
    pub code: Option<String>,
    /// The parent: a delivery to upload to or download from, or a queue.
    pub parent: Option<EntityId>,
    /// The initial status (for example `paused`).
    pub status: Option<JobStatus>,
    /// The queue, by id or code.
    pub queue: Option<String>,
    /// The job priority.
    pub priority: Option<i64>,
    /// Job metadata.
    pub metadata: Option<Attributes>,
    /// Job settings.
    pub settings: Option<Attributes>,
    /// Hooks to run.
    pub hooks: Option<Vec<JobHook>>,
    /// `false` rejects tasks whose source and destination already exist.
    pub allow_duplicates: Option<bool>,
    /// Attributes this version of the crate does not know, sent as given.
    pub other: Attributes,
}

impl NewTransfer {
    /// A transfer with the given tasks and nothing else.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{NewTransfer, TransferTasks};
    /// let t = NewTransfer::new(TransferTasks::List(Vec::new()));
    /// assert_eq!(serde_json::to_value(&t).unwrap(), serde_json::json!({"tasks": []}));
    /// ```
    pub fn new(tasks: TransferTasks) -> NewTransfer {
        NewTransfer {
            tasks,
            name: None,
            code: None,
            parent: None,
            status: None,
            queue: None,
            priority: None,
            metadata: None,
            settings: None,
            hooks: None,
            allow_duplicates: None,
            other: Attributes::new(),
        }
    }

    /// The relaxed single-file form.
    ///
    /// # Examples
    ///
    /// ```
    /// let upload = accsyn_model::NewTransfer::single(Some("/home/Adrian/pitches/Prototype.zip".parse()?), Some("~/preproduction/".parse()?));
    /// assert_eq!(serde_json::to_value(&upload).unwrap()["destination"], "~/preproduction/");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn single(source: Option<Location>, destination: Option<Location>) -> NewTransfer {
        NewTransfer::new(TransferTasks::Single {
            source,
            destination,
        })
    }

    /// A list of tasks.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{NewTransfer, TaskEntry};
    /// let t = NewTransfer::list([TaskEntry::Path("share=share1/file.001".parse()?)]);
    /// assert_eq!(serde_json::to_value(&t).unwrap()["tasks"][0], "share=share1/file.001");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn list(tasks: impl IntoIterator<Item = TaskEntry>) -> NewTransfer {
        NewTransfer::new(TransferTasks::List(tasks.into_iter().collect()))
    }

    /// Sets the name.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::NewTransfer::single(Some("~/Material".parse()?), None).with_name("Material");
    /// assert_eq!(t.name.as_deref(), Some("Material"));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> NewTransfer {
        self.name = Some(name.into());
        self
    }

    /// Sets the code (for a job, the same as its name; the publish workflow names its job
    /// by code).
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::NewTransfer::list([]).with_code("abcd1234_publish");
    /// assert_eq!(serde_json::to_value(&t).unwrap()["code"], "abcd1234_publish");
    /// ```
    pub fn with_code(mut self, code: impl Into<String>) -> NewTransfer {
        self.code = Some(code.into());
        self
    }

    /// Sets the parent (a delivery, or a queue).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{EntityId, NewTransfer};
    /// let t = NewTransfer::single(None, Some("/tmp".parse()?)).with_parent(EntityId::parse("69732302fd379c8fff1089d0")?);
    /// assert_eq!(serde_json::to_value(&t).unwrap()["parent"], "69732302fd379c8fff1089d0");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_parent(mut self, parent: EntityId) -> NewTransfer {
        self.parent = Some(parent);
        self
    }

    /// Sets the initial status.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{JobStatus, NewTransfer};
    /// let t = NewTransfer::single(Some("~/x".parse()?), None).with_status(JobStatus::Paused);
    /// assert_eq!(t.status, Some(JobStatus::Paused));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_status(mut self, status: JobStatus) -> NewTransfer {
        self.status = Some(status);
        self
    }

    /// Adds a hook.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{JobHook, NewTransfer};
    /// let t = NewTransfer::list([]).with_hook(JobHook::new("hook-job-publish-server", serde_json::Value::Null));
    /// assert_eq!(t.hooks.map(|h| h.len()), Some(1));
    /// ```
    pub fn with_hook(mut self, hook: JobHook) -> NewTransfer {
        self.hooks.get_or_insert_with(Vec::new).push(hook);
        self
    }
}

/// Inserts `value` under `key` when present.
fn put<T: Serialize>(
    map: &mut Attributes,
    key: &str,
    value: &Option<T>,
) -> Result<(), serde_json::Error> {
    if let Some(value) = value {
        map.insert(key.to_owned(), serde_json::to_value(value)?);
    }
    Ok(())
}

/// Removes `key` and converts it. An explicit `null` stays in `map`, which becomes `other`,
/// so that it is written back, as entity structs do (`to_map` lets a field set since win).
fn take<T: for<'de> Deserialize<'de>>(
    map: &mut Attributes,
    key: &str,
) -> Result<Option<T>, serde_json::Error> {
    match map.remove(key) {
        None => Ok(None),
        Some(Value::Null) => {
            map.insert(key.to_owned(), Value::Null);
            Ok(None)
        }
        Some(value) => serde_json::from_value(value)
            .map(Some)
            .map_err(|e| serde_json::Error::custom(format!("{key}: {e}"))),
    }
}

impl NewTransfer {
    fn to_map(&self) -> Result<Attributes, serde_json::Error> {
        let mut map = Attributes::new();
        match &self.tasks {
            TransferTasks::Single {
                source,
                destination,
            } => {
                put(&mut map, "source", source)?;
                put(&mut map, "destination", destination)?;
            }
            TransferTasks::List(tasks) => {
                map.insert("tasks".to_owned(), serde_json::to_value(tasks)?);
            }
            TransferTasks::Map(tasks) => {
                map.insert("tasks".to_owned(), serde_json::to_value(tasks)?);
            }
        }
        put(&mut map, "name", &self.name)?;
        put(&mut map, "code", &self.code)?;
        put(&mut map, "parent", &self.parent)?;
        put(&mut map, "status", &self.status)?;
        put(&mut map, "queue", &self.queue)?;
        put(&mut map, "priority", &self.priority)?;
        put(&mut map, "metadata", &self.metadata)?;
        put(&mut map, "settings", &self.settings)?;
        put(&mut map, "hooks", &self.hooks)?;
        put(&mut map, "allow_duplicates", &self.allow_duplicates)?;
        for (key, value) in &self.other {
            map.entry(key.clone()).or_insert_with(|| value.clone());
        }
        Ok(map)
    }

    fn from_map(mut map: Attributes) -> Result<NewTransfer, serde_json::Error> {
        let tasks = match map.remove("tasks") {
            Some(Value::Array(list)) => {
                TransferTasks::List(serde_json::from_value(Value::Array(list))?)
            }
            Some(Value::Object(tasks)) => {
                TransferTasks::Map(serde_json::from_value(Value::Object(tasks))?)
            }
            Some(other) => {
                return Err(serde_json::Error::custom(format!(
                    "tasks must be a list or a map of tasks, not {other}"
                )));
            }
            None => TransferTasks::Single {
                source: take(&mut map, "source")?,
                destination: take(&mut map, "destination")?,
            },
        };
        Ok(NewTransfer {
            tasks,
            name: take(&mut map, "name")?,
            code: take(&mut map, "code")?,
            parent: take(&mut map, "parent")?,
            status: take(&mut map, "status")?,
            queue: take(&mut map, "queue")?,
            priority: take(&mut map, "priority")?,
            metadata: take(&mut map, "metadata")?,
            settings: take(&mut map, "settings")?,
            hooks: take(&mut map, "hooks")?,
            allow_duplicates: take(&mut map, "allow_duplicates")?,
            other: map,
        })
    }
}

// By hand rather than derived: the single form spreads `source`/`destination` over the top
// level while the other forms nest them under `tasks`, which derive cannot express next to
// a flattened map of unknown attributes.
impl Serialize for NewTransfer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_map()
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for NewTransfer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Attributes::deserialize(deserializer)?;
        NewTransfer::from_map(map).map_err(D::Error::custom)
    }
}

wire_struct! {
    /// The payload of `task/create`: tasks to add to an existing job (the job id travels
    /// separately).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{NewTasks, TaskEntry};
    /// use serde_json::json;
    ///
    /// let add = NewTasks::many([TaskEntry::Path("/Volumes/projects/creatures_showreel_2018.mov".parse()?)]);
    /// assert_eq!(serde_json::to_value(&add)?, json!({"tasks": ["/Volumes/projects/creatures_showreel_2018.mov"]}));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct NewTasks {
        /// One task object, or a list of tasks.
        pub tasks: NewTaskEntries,
        /// `false` rejects a task whose source and destination already exist in the job.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub allow_duplicates: Option<bool>,
        /// Attributes this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

/// `tasks` of a [`NewTasks`]: the backend takes a single task object or a list.
///
/// # Examples
///
/// ```
/// use accsyn_model::{NewTaskEntries, NewTasks};
///
/// let one: NewTasks = serde_json::from_str(r#"{"tasks": {"source": "_REF/a.mov", "destination": "/tmp/a.mov"}}"#)?;
/// assert!(matches!(one.tasks, NewTaskEntries::One(_)));
/// let many: NewTasks = serde_json::from_str(r#"{"tasks": ["/Volumes/projects/a.mov"]}"#)?;
/// assert!(matches!(many.tasks, NewTaskEntries::Many(ref list) if list.len() == 1));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum NewTaskEntries {
    /// A list of paths or tasks.
    Many(Vec<TaskEntry>),
    /// One task object; the backend answers with the single task.
    One(Box<TransferTask>),
}

impl NewTasks {
    /// Several tasks.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{NewTasks, TaskEntry};
    /// let add = NewTasks::many([TaskEntry::Path("/Volumes/x.mov".parse()?)]);
    /// assert_eq!(serde_json::to_value(&add).unwrap()["tasks"][0], "/Volumes/x.mov");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn many(tasks: impl IntoIterator<Item = TaskEntry>) -> NewTasks {
        NewTasks {
            tasks: NewTaskEntries::Many(tasks.into_iter().collect()),
            allow_duplicates: None,
            other: Attributes::new(),
        }
    }

    /// A single task.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{NewTasks, TransferTask};
    /// let add = NewTasks::one(TransferTask::new("_REF/x.mov".parse()?, "/Users/johndoe/Downloads/x.mov".parse()?));
    /// assert_eq!(serde_json::to_value(&add).unwrap()["tasks"]["source"], "_REF/x.mov");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn one(task: TransferTask) -> NewTasks {
        NewTasks {
            tasks: NewTaskEntries::One(Box::new(task)),
            allow_duplicates: None,
            other: Attributes::new(),
        }
    }
}

wire_struct! {
    /// One entry of a task update (`task/edit` takes a list of them): a task by id or uri and
    /// the attributes to change (`status`, `priority`, `metadata`).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{TaskId, TaskStatus, TaskUpdate};
    ///
    /// let hold = TaskUpdate::by_id(TaskId::parse("cc5f2afa-9ae4-46e0-9273-82ac802b20ff")?).with_status(TaskStatus::Onhold);
    /// assert_eq!(
    ///     serde_json::to_value(&hold).unwrap(),
    ///     serde_json::json!({"id": "cc5f2afa-9ae4-46e0-9273-82ac802b20ff", "status": "onhold"})
    /// );
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct TaskUpdate {
        /// The task's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<TaskId>,
        /// The task's uri, instead of the id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub uri: Option<String>,
        /// The new status.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<TaskStatus>,
        /// The new priority.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub priority: Option<i64>,
        /// New metadata.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub metadata: Option<Attributes>,
        /// Attributes this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl TaskUpdate {
    /// An update of the task with this id.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{TaskId, TaskUpdate};
    /// let u = TaskUpdate::by_id(TaskId::new_v4());
    /// assert!(u.id.is_some() && u.uri.is_none());
    /// ```
    pub fn by_id(id: TaskId) -> TaskUpdate {
        TaskUpdate {
            id: Some(id),
            ..TaskUpdate::default()
        }
    }

    /// An update of the task with this uri.
    ///
    /// # Examples
    ///
    /// ```
    /// let u = accsyn_model::TaskUpdate::by_uri("0").with_priority(5);
    /// assert_eq!(serde_json::to_value(&u).unwrap(), serde_json::json!({"uri": "0", "priority": 5}));
    /// ```
    pub fn by_uri(uri: impl Into<String>) -> TaskUpdate {
        TaskUpdate {
            uri: Some(uri.into()),
            ..TaskUpdate::default()
        }
    }

    /// Sets the new status.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{TaskStatus, TaskUpdate};
    /// assert_eq!(TaskUpdate::by_uri("1").with_status(TaskStatus::Excluded).status, Some(TaskStatus::Excluded));
    /// ```
    pub fn with_status(mut self, status: TaskStatus) -> TaskUpdate {
        self.status = Some(status);
        self
    }

    /// Sets the new priority.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(accsyn_model::TaskUpdate::by_uri("1").with_priority(2).priority, Some(2));
    /// ```
    pub fn with_priority(mut self, priority: i64) -> TaskUpdate {
        self.priority = Some(priority);
        self
    }
}
