//! The seed: the workspace, users, volumes and files an emulator starts with.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A user's clearance, as in the official permission table: accsyn-model's
/// `Role`, so the emulator and the SDK share one vocabulary.
pub use accsyn_model::Role;

/// The role a wire text names (any case), when the emulator knows it.
pub(crate) fn known_role(s: &str) -> Option<Role> {
    let role = Role::from(s.trim().to_ascii_lowercase().as_str());
    role.is_known().then_some(role)
}

/// Whether users of this role run a desktop app (admins and employees do).
pub(crate) fn has_desktop_app(role: &Role) -> bool {
    matches!(role, Role::Admin | Role::Employee)
}

/// The JSON seed file; every key is optional.
///
/// Missing keys take the built-in default (see [`Seed::builtin`]): workspace
/// `acme`, one user per role, one default volume `projects`, no files.
///
/// ```
/// use accsyn_emulator::Seed;
/// let seed = Seed::from_json(r#"{"workspace": "studio",
///     "users": [{"code": "boss@studio.test", "role": "admin", "api_key": "k1"}]}"#)?;
/// assert_eq!(seed.workspace.as_deref(), Some("studio"));
/// # Ok::<(), accsyn_emulator::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Seed {
    /// The workspace code (`acme` when absent).
    pub workspace: Option<String>,
    /// The users (one admin, one employee, one standard user when absent).
    pub users: Option<Vec<SeedUser>>,
    /// The volumes (one default volume `projects` when absent or empty).
    pub volumes: Option<Vec<SeedVolume>>,
    /// Servers besides the workspace's own storage server (code `storage`,
    /// at the main site `hq`), which always exists.
    pub servers: Vec<SeedServer>,
    /// Files on the storage server; paths begin with a volume code.
    pub storage_files: Vec<SeedStorageFile>,
    /// Files on users' desktop apps, under a per-user root in the data dir.
    pub client_files: Vec<SeedClientFile>,
    /// The pre-publish rule (the emulator's default when absent).
    pub publish: Option<SeedPublish>,
}

/// The rule the emulator's pre-publish hook follows; every key is optional.
///
/// A file or folder whose name matches `pattern` (a regular expression;
/// default `^[A-Za-z0-9]+_[A-Za-z0-9_]+_v\d+$`, as in `proj_task001_v001`)
/// publishes into `destination/<first part of the name>/<name>`; other
/// names are uploaded unpublished into `destination/uploads/<name>`
/// (`destination` defaults to `share=(default)/publish`).
///
/// ```
/// let seed = accsyn_emulator::Seed::from_json(
///     r#"{"publish": {"pattern": "^shot_\\d+$", "destination": "share=projects/in"}}"#,
/// )?;
/// assert_eq!(seed.publish.unwrap().destination.as_deref(), Some("share=projects/in"));
/// # Ok::<(), accsyn_emulator::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedPublish {
    /// Names that publish: a regular expression.
    pub pattern: Option<String>,
    /// Where files go, in accsyn path notation.
    pub destination: Option<String>,
    /// The guidelines the answer shows.
    pub guidelines: Option<String>,
    /// Task names the answer offers (the publishing names when absent).
    pub tasks: Option<Vec<String>>,
    /// Whether the answer asks for a comment.
    pub comment: Option<bool>,
    /// Whether the answer asks for a time report.
    pub time_report: Option<bool>,
}

impl Seed {
    /// An empty seed: every key takes its default.
    pub fn new() -> Self {
        Seed::default()
    }

    /// The built-in default, spelled out: workspace `acme`, users
    /// `admin@acme.test` (admin), `employee@acme.test` (employee) and
    /// `standard@acme.test` (standard) with random API keys, volume
    /// `projects`, no files.
    ///
    /// ```
    /// let seed = accsyn_emulator::Seed::builtin();
    /// assert_eq!(seed.users.map(|u| u.len()), Some(3));
    /// ```
    pub fn builtin() -> Self {
        Seed {
            workspace: Some(DEFAULT_WORKSPACE.to_owned()),
            users: Some(default_users()),
            volumes: Some(vec![SeedVolume::new(DEFAULT_VOLUME)]),
            servers: Vec::new(),
            storage_files: Vec::new(),
            client_files: Vec::new(),
            publish: None,
        }
    }

    /// Parses a seed from JSON text.
    ///
    /// # Errors
    /// [`Error::SeedParse`] when the text is not JSON of the documented shape
    /// (unknown keys are refused, so a typo does not go unnoticed).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(Error::SeedParse)
    }

    /// Reads and parses a seed file.
    ///
    /// # Errors
    /// [`Error::SeedRead`] when the file cannot be read, [`Error::SeedParse`]
    /// when its content is not a seed.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::SeedRead {
            path: path.to_owned(),
            source,
        })?;
        Seed::from_json(&text)
    }

    /// Sets the workspace code.
    pub fn workspace(mut self, code: impl Into<String>) -> Self {
        self.workspace = Some(code.into());
        self
    }

    /// Adds a user (the first call replaces the default users).
    pub fn user(mut self, user: SeedUser) -> Self {
        self.users.get_or_insert_with(Vec::new).push(user);
        self
    }

    /// Adds a volume (the first call replaces the default volume).
    pub fn volume(mut self, volume: SeedVolume) -> Self {
        self.volumes.get_or_insert_with(Vec::new).push(volume);
        self
    }

    /// Adds a server besides the default storage server.
    pub fn server(mut self, server: SeedServer) -> Self {
        self.servers.push(server);
        self
    }

    /// Adds a file on the storage server, e.g. `projects/delivery/a.mov`.
    pub fn storage_file(mut self, path: impl Into<String>, size: u64) -> Self {
        self.storage_files.push(SeedStorageFile {
            path: path.into(),
            size,
        });
        self
    }

    /// Adds a file on `user`'s desktop app, e.g. `/Volumes/x/a.zip`.
    pub fn client_file(
        mut self,
        user: impl Into<String>,
        path: impl Into<String>,
        size: u64,
    ) -> Self {
        self.client_files.push(SeedClientFile {
            user: user.into(),
            path: path.into(),
            size,
        });
        self
    }
}

pub(crate) const DEFAULT_WORKSPACE: &str = "acme";
pub(crate) const DEFAULT_VOLUME: &str = "projects";
/// The code of the workspace's own storage server.
pub(crate) const DEFAULT_SERVER: &str = "storage";
/// The main site, where the workspace's own storage server runs.
pub(crate) const MAIN_SITE: &str = "hq";

fn default_users() -> Vec<SeedUser> {
    vec![
        SeedUser::new("admin@acme.test", Role::Admin),
        SeedUser::new("employee@acme.test", Role::Employee),
        SeedUser::new("standard@acme.test", Role::Standard),
    ]
}

/// A seeded user.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedUser {
    /// The user's code, their email.
    pub code: String,
    /// Their clearance (`standard` when absent).
    #[serde(default = "default_role", deserialize_with = "seed_role")]
    pub role: Role,
    /// Their API key; a random one is made when absent.
    #[serde(default)]
    pub api_key: Option<String>,
    /// A display name; the part of the email before `@` when absent.
    #[serde(default)]
    pub name: Option<String>,
}

fn default_role() -> Role {
    Role::Standard
}

/// A seed's role: a typo must not pass as a role from a newer backend.
fn seed_role<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
    let text = String::deserialize(d)?;
    known_role(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown role {text:?}: use admin, employee or standard"
        ))
    })
}

impl SeedUser {
    /// A user with a random API key.
    ///
    /// ```
    /// use accsyn_emulator::{Role, SeedUser};
    /// let u = SeedUser::new("lisa@example.com", Role::Standard).api_key("secret");
    /// assert!(!format!("{u:?}").contains("secret"));
    /// ```
    pub fn new(code: impl Into<String>, role: Role) -> Self {
        SeedUser {
            code: code.into(),
            role,
            api_key: None,
            name: None,
        }
    }

    /// Sets a fixed API key.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }
}

// API keys are secrets: Debug shows only whether one is set.
impl fmt::Debug for SeedUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeedUser")
            .field("code", &self.code)
            .field("role", &self.role)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("name", &self.name)
            .finish()
    }
}

/// A seeded volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedVolume {
    /// The volume's code, the first component of its paths.
    pub code: String,
    /// A display name (the code when absent).
    #[serde(default)]
    pub name: Option<String>,
    /// Whether it is the workspace's default volume (the first one when none is).
    #[serde(default)]
    pub default: bool,
    /// The code of the main-site server that serves it (`storage`, the
    /// workspace's own, when absent).
    #[serde(default)]
    pub server: Option<String>,
}

impl SeedVolume {
    /// A volume named after its code.
    ///
    /// ```
    /// let v = accsyn_emulator::SeedVolume::new("archive");
    /// assert_eq!(v.code, "archive");
    /// ```
    pub fn new(code: impl Into<String>) -> Self {
        SeedVolume {
            code: code.into(),
            name: None,
            default: false,
            server: None,
        }
    }

    /// Has the seeded server `code` serve the volume.
    pub fn served_by(mut self, code: impl Into<String>) -> Self {
        self.server = Some(code.into());
        self
    }
}

/// A seeded server: a client of the server type, online.
///
/// A server at a site other than `hq` is a site server: assigning it to a
/// volume (or naming it in a volume's `siteservers`) serves the volume at
/// that site. A server running as a seeded admin can serve volumes; one
/// running as anyone else exists but is refused as a volume's server, as
/// the backend refuses it.
///
/// ```
/// let seed = accsyn_emulator::Seed::from_json(
///     r#"{"servers": [{"code": "london", "site": "london", "user": "admin@acme.test"}],
///         "volumes": [{"code": "projects"}]}"#,
/// )?;
/// assert_eq!(seed.servers[0].site.as_deref(), Some("london"));
/// # Ok::<(), accsyn_emulator::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedServer {
    /// The server's code; unique, and not `storage` (the default server's).
    pub code: String,
    /// Its site (`hq`, the main site, when absent).
    #[serde(default)]
    pub site: Option<String>,
    /// The code of the seeded user it runs as; none: it runs as the
    /// workspace itself, as the default storage server does.
    #[serde(default)]
    pub user: Option<String>,
}

impl SeedServer {
    /// A main-site server running as the workspace.
    ///
    /// ```
    /// let s = accsyn_emulator::SeedServer::new("render").site("cloud");
    /// assert_eq!(s.site.as_deref(), Some("cloud"));
    /// ```
    pub fn new(code: impl Into<String>) -> Self {
        SeedServer {
            code: code.into(),
            site: None,
            user: None,
        }
    }

    /// Places the server at a site; anything but `hq` makes it a site server.
    pub fn site(mut self, site: impl Into<String>) -> Self {
        self.site = Some(site.into());
        self
    }

    /// Runs the server as a seeded user (by code).
    pub fn user(mut self, code: impl Into<String>) -> Self {
        self.user = Some(code.into());
        self
    }
}

/// A file on the storage server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedStorageFile {
    /// `<volume code>/<path inside the volume>`.
    pub path: String,
    /// Size in bytes (the file is created sparse, zero-filled).
    #[serde(default)]
    pub size: u64,
}

/// A file on a user's desktop app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedClientFile {
    /// The owning user's code; they must be an admin or employee (who run apps).
    pub user: String,
    /// The path as the app sees it, e.g. `/Volumes/x/a.zip` or `C:\x\a.zip`.
    pub path: String,
    /// Size in bytes (the file is created sparse, zero-filled).
    #[serde(default)]
    pub size: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_optional() {
        assert_eq!(Seed::from_json("{}").unwrap(), Seed::default());
    }

    #[test]
    fn the_issue_example_parses() {
        let seed = Seed::from_json(
            r#"{"workspace": "acme",
                "users": [{"code": "admin@acme.test", "role": "admin", "api_key": "..."}],
                "volumes": [{"code": "projects", "name": "Projects", "default": true}],
                "storage_files": [{"path": "projects/delivery/a.mov", "size": 1048576}],
                "client_files": [{"user": "admin@acme.test", "path": "/Volumes/x/a.zip", "size": 2048}]}"#,
        )
        .unwrap();
        assert_eq!(seed.users.unwrap()[0].role, Role::Admin);
        assert_eq!(seed.storage_files[0].size, 1_048_576);
        assert_eq!(seed.client_files[0].path, "/Volumes/x/a.zip");
    }

    #[test]
    fn typos_are_refused() {
        assert!(matches!(
            Seed::from_json(r#"{"user": []}"#),
            Err(Error::SeedParse(_))
        ));
        assert!(Seed::from_json(r#"{"users": [{"code": "a", "role": "root"}]}"#).is_err());
    }

    #[test]
    fn debug_hides_api_keys() {
        let seed = Seed::new().user(SeedUser::new("a@b.c", Role::Admin).api_key("topsecret"));
        assert!(!format!("{seed:?}").contains("topsecret"));
    }
}
