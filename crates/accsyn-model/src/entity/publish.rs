//! The publish workflow: entries validated by the server before upload, and its answer.

use super::{Attributes, wire_struct};
use crate::{Error, TaskId};

wire_struct! {
    /// A file or directory to publish. Its id is a random (v4) UUID that relates the entry to
    /// its task when the job is submitted.
    ///
    /// The server's pre-publish answer returns the same entries with fields added by the
    /// workspace's hook (`warning`, `can_upload`, `ident`, `can_publish`, `info`, ...).
    ///
    /// The constructors always make v4 ids; deserializing accepts any UUID, because the entries
    /// come back from the server and refusing them there would help nobody.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{PublishEntry, PublishFile};
    ///
    /// let file = PublishEntry::file("first_file", 10240);
    /// assert_eq!(file.id.version(), 4);
    ///
    /// let dir = PublishEntry::directory("proj_task001_v001", vec![
    ///     PublishFile::file("file.0001.exr", 1_000_000),
    ///     PublishFile::file("file.0002.exr", 1_000_000),
    /// ]);
    /// assert_eq!(dir.total_size(), 2_000_000);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct PublishEntry {
        /// The entry's id: a v4 UUID, reused as the task id at submit.
        pub id: TaskId,
        /// The file or directory name.
        pub filename: String,
        /// Size in bytes (files).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<u64>,
        /// Whether the entry is a directory.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub is_dir: Option<bool>,
        /// A directory's files and subdirectories.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub files: Option<Vec<PublishFile>>,
        /// (Answer) a warning from the pre-publish hook.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub warning: Option<String>,
        /// (Answer) whether the entry may be uploaded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub can_upload: Option<bool>,
        /// (Answer) whether the entry may be published.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub can_publish: Option<bool>,
        /// (Answer) the identifier the hook recognised the entry as.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub ident: Option<String>,
        /// (Answer) information for the user.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub info: Option<String>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl PublishEntry {
    /// An entry with a given id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPayload`] unless `id` is a version 4 UUID, as the backend requires.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{PublishEntry, TaskId};
    ///
    /// let id = TaskId::parse("33d59998-c980-4b82-9f6d-06ce27201d26")?;
    /// assert!(PublishEntry::new(id, "first_file").is_ok());
    /// let v1 = TaskId::parse("a7e3d3e0-8a2b-11ee-b9d1-0242ac120002")?;
    /// assert!(PublishEntry::new(v1, "first_file").is_err());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(id: TaskId, filename: impl Into<String>) -> Result<PublishEntry, Error> {
        if id.version() != 4 {
            return Err(Error::InvalidPayload {
                payload: "publish entry",
                reason: format!(
                    "id {id} is a version {} UUID; use TaskId::new_v4()",
                    id.version()
                ),
            });
        }
        Ok(PublishEntry {
            id,
            filename: filename.into(),
            size: None,
            is_dir: None,
            files: None,
            warning: None,
            can_upload: None,
            can_publish: None,
            ident: None,
            info: None,
            other: Attributes::new(),
        })
    }

    /// A file entry with a fresh v4 id.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = accsyn_model::PublishEntry::file("first_file", 10240);
    /// assert_eq!((e.size, e.is_dir), (Some(10240), Some(false)));
    /// ```
    pub fn file(filename: impl Into<String>, size: u64) -> PublishEntry {
        PublishEntry {
            size: Some(size),
            is_dir: Some(false),
            ..PublishEntry::fresh(filename)
        }
    }

    /// A directory entry with a fresh v4 id and its files.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{PublishEntry, PublishFile};
    /// let e = PublishEntry::directory("v001", vec![PublishFile::file("a.exr", 1)]);
    /// assert_eq!(e.is_dir, Some(true));
    /// ```
    pub fn directory(filename: impl Into<String>, files: Vec<PublishFile>) -> PublishEntry {
        PublishEntry {
            is_dir: Some(true),
            files: Some(files),
            ..PublishEntry::fresh(filename)
        }
    }

    fn fresh(filename: impl Into<String>) -> PublishEntry {
        // A fresh v4 id always passes `new`'s check; the fallback only satisfies the types.
        PublishEntry::new(TaskId::new_v4(), filename).unwrap_or_else(|_| PublishEntry {
            id: TaskId::new_v4(),
            filename: String::new(),
            size: None,
            is_dir: None,
            files: None,
            warning: None,
            can_upload: None,
            can_publish: None,
            ident: None,
            info: None,
            other: Attributes::new(),
        })
    }

    /// The entry's size: its own when given, else its files' sizes, recursively (what `size`
    /// of a pre-publish call sums up, as the official client does).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{PublishEntry, PublishFile};
    /// let dir = PublishEntry::directory("v001", vec![PublishFile::directory("sub", vec![PublishFile::file("a.exr", 7)])]);
    /// assert_eq!(dir.total_size(), 7);
    /// ```
    pub fn total_size(&self) -> u64 {
        size_with_files(self.size, self.files.as_deref())
    }
}

wire_struct! {
    /// A file or subdirectory inside a directory publish entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::PublishFile;
    /// let f = PublishFile::file("file.0001.exr", 1_000_000);
    /// assert_eq!(serde_json::to_string(&f)?, r#"{"filename":"file.0001.exr","size":1000000}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct PublishFile {
        /// The file or directory name.
        pub filename: String,
        /// Size in bytes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<u64>,
        /// Whether this is a directory.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub is_dir: Option<bool>,
        /// A directory's contents.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub files: Option<Vec<PublishFile>>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl PublishFile {
    /// A file.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = accsyn_model::PublishFile::file("a.exr", 1_000_000);
    /// assert_eq!(f.total_size(), 1_000_000);
    /// ```
    pub fn file(filename: impl Into<String>, size: u64) -> PublishFile {
        PublishFile {
            filename: filename.into(),
            size: Some(size),
            is_dir: None,
            files: None,
            other: Attributes::new(),
        }
    }

    /// A subdirectory with its contents.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::PublishFile;
    /// let d = PublishFile::directory("sub", vec![PublishFile::file("a.exr", 2), PublishFile::file("b.exr", 3)]);
    /// assert_eq!(d.total_size(), 5);
    /// ```
    pub fn directory(filename: impl Into<String>, files: Vec<PublishFile>) -> PublishFile {
        PublishFile {
            filename: filename.into(),
            size: None,
            is_dir: Some(true),
            files: Some(files),
            other: Attributes::new(),
        }
    }

    /// The size when given, else the nested files' sizes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(accsyn_model::PublishFile::file("a.exr", 3).total_size(), 3);
    /// ```
    pub fn total_size(&self) -> u64 {
        size_with_files(self.size, self.files.as_deref())
    }
}

wire_struct! {
    /// The payload of a pre-publish call (`workspace/publish/preprocess`): the entries and their
    /// total size, summed recursively as the official client does.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{PrePublish, PublishEntry, PublishFile};
    ///
    /// let call = PrePublish::new(vec![
    ///     PublishEntry::file("first_file", 10240),
    ///     PublishEntry::directory("proj_task001_v001", vec![PublishFile::file("file.0001.exr", 1_000_000)]),
    /// ]);
    /// assert_eq!(call.size, 1_010_240);
    /// assert_eq!(serde_json::to_value(&call)?["size"], 1_010_240);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub struct PrePublish {
        /// The entries to validate.
        pub files: Vec<PublishEntry>,
        /// Their total size in bytes.
        pub size: u64,
        /// Attributes this version of the crate does not know, sent as given.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl PrePublish {
    /// The call for `files`, with their summed size.
    ///
    /// # Examples
    ///
    /// ```
    /// let call = accsyn_model::PrePublish::new(Vec::new());
    /// assert_eq!(call.size, 0);
    /// ```
    pub fn new(mut files: Vec<PublishEntry>) -> PrePublish {
        for entry in &mut files {
            fill_sizes(entry.files.as_mut());
            if entry.size.is_none() {
                entry.size = Some(entry.total_size());
            }
        }
        let size = files
            .iter()
            .map(PublishEntry::total_size)
            .fold(0u64, u64::saturating_add);
        PrePublish {
            files,
            size,
            other: Attributes::new(),
        }
    }
}

wire_struct! {
    /// The server's answer to a pre-publish call.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::PrePublishAnswer;
    ///
    /// let answer: PrePublishAnswer = serde_json::from_str(r#"{
    ///     "files": [{"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "first_file", "can_upload": true}],
    ///     "comment": true
    /// }"#)?;
    /// assert_eq!(answer.files[0].can_upload, Some(true));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct PrePublishAnswer {
        /// The entries, with the hook's additions. Required on the wire: with a default, an
        /// answer without `files` would be written back with `"files": []` added.
        pub files: Vec<PublishEntry>,
        /// Whether the user should report time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub time_report: Option<bool>,
        /// Whether the user should enter a comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub comment: Option<bool>,
        /// Publishing guidelines to show.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub guidelines: Option<String>,
        /// Tasks the user may publish to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tasks: Option<Vec<String>>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

/// An entry's size: its own, else its nested files' sizes, recursively.
///
/// Saturating, not `sum()`: sizes come from the wire, and an overflowing sum would panic in
/// debug builds (and wrap in release).
fn size_with_files(size: Option<u64>, files: Option<&[PublishFile]>) -> u64 {
    // As the official client: a size given stands for the whole entry; only an entry
    // without one is the sum of its files.
    size.unwrap_or_else(|| {
        files
            .into_iter()
            .flatten()
            .map(PublishFile::total_size)
            .fold(0u64, u64::saturating_add)
    })
}

/// Gives every file beneath an entry without `size` its summed size, as the official client
/// sends them.
fn fill_sizes(files: Option<&mut Vec<PublishFile>>) {
    for file in files.into_iter().flatten() {
        fill_sizes(file.files.as_mut());
        if file.size.is_none() {
            file.size = Some(file.total_size());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: sizes come from the wire, and summing nested sizes with `sum()` panicked
    /// with "attempt to add with overflow" in debug builds.
    #[test]
    fn huge_wire_sizes_saturate_instead_of_overflowing() {
        let entry: PublishEntry = serde_json::from_value(serde_json::json!({
            "id": "33d59998-c980-4b82-9f6d-06ce27201d26",
            "filename": "a",
            "size": u64::MAX,
            "files": [
                {"filename": "b", "size": u64::MAX},
                {"filename": "c", "size": 5, "files": [{"filename": "d", "size": u64::MAX}]},
            ],
        }))
        .unwrap();
        assert_eq!(entry.total_size(), u64::MAX);
        assert_eq!(PrePublish::new(vec![entry.clone(), entry]).size, u64::MAX);
    }
}
