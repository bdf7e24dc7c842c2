//! What file operations on storage answer: a listing (`ls`) and a size (`getsize`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Attributes, wire_struct};
use crate::{FileId, Timestamp};

wire_struct! {
    /// A listing, as `ls` answers it: the path listed and what is beneath it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::FileListing;
    ///
    /// let listing: FileListing = serde_json::from_str(r#"{
    ///     "path": "share=projects/delivery",
    ///     "files": [
    ///         {"filename": "a.mov", "is_dir": false, "size": 1024, "modified": "2026-01-22T08:35:59"},
    ///         {"filename": "cuts", "is_dir": true, "files": [{"filename": "b.mov", "size": 2}]}
    ///     ]
    /// }"#)?;
    /// assert_eq!(listing.files.len(), 2);
    /// assert_eq!(listing.total_size(), 1026);
    /// let names: Vec<_> = listing.walk().map(|(path, _)| path).collect();
    /// assert_eq!(names, ["a.mov", "cuts", "cuts/b.mov"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct FileListing {
        /// The path that was listed, as the server names it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub path: Option<String>,
        /// The entries directly beneath it (with their own `files` when listed recursively).
        #[serde(default)]
        pub files: Vec<FileEntry>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

impl FileListing {
    /// Every entry, depth first, with its path relative to the listed path (`cuts/b.mov`).
    ///
    /// # Examples
    ///
    /// ```
    /// let listing: accsyn_model::FileListing = serde_json::from_str(
    ///     r#"{"files": [{"filename": "d", "is_dir": true, "files": [{"filename": "x"}]}]}"#,
    /// )?;
    /// let files: Vec<_> = listing.walk().filter(|(_, e)| !e.is_dir).map(|(p, _)| p).collect();
    /// assert_eq!(files, ["d/x"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn walk(&self) -> impl Iterator<Item = (String, &FileEntry)> {
        // An explicit stack: a deep tree from the server must not recurse per level.
        let mut stack: Vec<(String, &FileEntry)> = self
            .files
            .iter()
            .rev()
            .map(|e| (e.filename.clone(), e))
            .collect();
        std::iter::from_fn(move || {
            let (path, entry) = stack.pop()?;
            if let Some(children) = &entry.files {
                stack.extend(
                    children
                        .iter()
                        .rev()
                        .map(|c| (format!("{path}/{}", c.filename), c)),
                );
            }
            Some((path, entry))
        })
    }

    /// The sizes of the files in the listing, recursively (directories count through their
    /// `files`, or their own `size` when they were not listed into).
    ///
    /// # Examples
    ///
    /// ```
    /// let listing: accsyn_model::FileListing = serde_json::from_str(
    ///     r#"{"files": [{"filename": "a", "size": 3}, {"filename": "d", "is_dir": true, "size": 4}]}"#,
    /// )?;
    /// assert_eq!(listing.total_size(), 7);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn total_size(&self) -> u64 {
        self.walk()
            .filter(|(_, e)| e.files.is_none())
            .fold(0u64, |sum, (_, e)| sum.saturating_add(e.size.unwrap_or(0)))
    }
}

wire_struct! {
    /// A file or directory in a [`FileListing`].
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::FileEntry;
    ///
    /// let entry: FileEntry = serde_json::from_str(
    ///     r#"{"filename": "a.mov", "is_dir": false, "size": 1024, "modified": "2026-01-22T08:35:59"}"#,
    /// )?;
    /// assert_eq!(entry.size, Some(1024));
    /// assert_eq!(entry.modified.unwrap().to_string(), "2026-01-22T08:35:59");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Default)]
    #[non_exhaustive]
    pub struct FileEntry {
        /// The name (in a flat `files_only` listing, the path beneath the listed one).
        pub filename: String,
        /// Whether this is a directory.
        #[serde(default)]
        pub is_dir: bool,
        /// Size in bytes (a directory's only when the listing asked for sizes).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<u64>,
        /// When it was last modified.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub modified: Option<Timestamp>,
        /// A directory's entries, when the listing went into it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub files: Option<Vec<FileEntry>>,
        /// In the listing of a collection: the file's id there (removing it takes this id).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<FileId>,
        /// Attributes this version of the crate does not know, kept as sent.
        #[serde(flatten)]
        pub other: Attributes,
    }
}

/// What `getsize` answers: the size beneath a path and, where the server counts them, the
/// files and directories there.
///
/// A server may answer a bare number of bytes instead of an object; both read as this type.
///
/// # Examples
///
/// ```
/// use accsyn_model::DiskUsage;
///
/// let usage: DiskUsage = serde_json::from_str(r#"{"size": 4096, "files": 3, "directories": 1}"#)?;
/// assert_eq!((usage.size, usage.files, usage.directories), (4096, Some(3), Some(1)));
/// let bare: DiskUsage = serde_json::from_str("4096")?;
/// assert_eq!((bare.size, bare.files), (4096, None));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DiskUsage {
    /// Bytes in all.
    pub size: u64,
    /// How many files.
    pub files: Option<u64>,
    /// How many directories.
    pub directories: Option<u64>,
    /// Attributes this version of the crate does not know, kept as sent.
    pub other: Attributes,
}

/// The object form of [`DiskUsage`] on the wire.
#[derive(Serialize, Deserialize)]
struct DiskUsageWire {
    size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    files: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    directories: Option<u64>,
    #[serde(flatten)]
    other: Attributes,
}

impl Serialize for DiskUsage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DiskUsageWire {
            size: self.size,
            files: self.files,
            directories: self.directories,
            other: self.other.clone(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DiskUsage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Bytes(u64),
            Object(DiskUsageWire),
        }
        Ok(match Form::deserialize(deserializer)? {
            Form::Bytes(size) => DiskUsage {
                size,
                ..DiskUsage::default()
            },
            Form::Object(w) => DiskUsage {
                size: w.size,
                files: w.files,
                directories: w.directories,
                other: w.other,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn listings_round_trip_with_unknown_attributes_and_collection_ids() {
        let text = json!({
            "path": "collection=refs",
            "files": [{"filename": "a.tif", "is_dir": false, "size": 7,
                       "id": "12d89033-2a8c-4029-992b-3a02b4ecc2cd", "checksum": "abc"}],
            "took_ms": 3
        });
        let listing: FileListing = serde_json::from_value(text.clone()).unwrap();
        assert_eq!(
            listing.files[0].id.unwrap().to_string(),
            "12d89033-2a8c-4029-992b-3a02b4ecc2cd"
        );
        assert_eq!(listing.files[0].other["checksum"], "abc");
        assert_eq!(serde_json::to_value(&listing).unwrap(), text);
    }

    #[test]
    fn a_deep_listing_walks_without_recursion() {
        // Deeper than serde_json reads (128 levels), built by hand.
        let mut entry = FileEntry {
            filename: "leaf".into(),
            size: Some(1),
            ..FileEntry::default()
        };
        for _ in 0..1_000 {
            entry = FileEntry {
                filename: "d".into(),
                is_dir: true,
                files: Some(vec![entry]),
                ..FileEntry::default()
            };
        }
        let listing = FileListing {
            files: vec![entry],
            ..FileListing::default()
        };
        assert_eq!(listing.walk().count(), 1_001);
        assert_eq!(listing.total_size(), 1);
    }

    #[test]
    fn disk_usage_reads_both_forms_and_refuses_others() {
        let usage: DiskUsage = serde_json::from_value(json!({"size": 5, "extra": true})).unwrap();
        assert_eq!(usage.size, 5);
        assert_eq!(
            serde_json::to_value(&usage).unwrap(),
            json!({"size": 5, "extra": true})
        );
        assert!(serde_json::from_value::<DiskUsage>(json!("5")).is_err());
        assert!(serde_json::from_value::<DiskUsage>(json!({"files": 1})).is_err());
    }
}
