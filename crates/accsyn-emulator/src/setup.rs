//! First start on a data dir: turns a [`Seed`] into entities, API keys and
//! files. Later starts on the same data dir keep what is stored.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::Error;
use crate::api::complete;
use crate::clock::{Millis, format_timestamp};
use crate::id::{new_entity_id, new_secret};
use crate::reply::ApiError;
use crate::seed::{
    DEFAULT_SERVER, DEFAULT_VOLUME, DEFAULT_WORKSPACE, MAIN_SITE, Role, Seed, SeedVolume,
    has_desktop_app,
};
use crate::store::Tx;

/// Folder of the storage server's volumes inside the data dir.
pub(crate) const STORAGE_DIR: &str = "storage";
/// Folder of the per-user desktop-app roots inside the data dir.
pub(crate) const CLIENTS_DIR: &str = "clients";
/// Client type codes of the official client (`CLIENT_TYPE_APP`, `_SERVER`).
pub(crate) const CLIENT_TYPE_APP: i64 = 0;
pub(crate) const CLIENT_TYPE_SERVER: i64 = 1;

/// Maximum size of one seeded file: files are sparse, but a typo of a few
/// zeros should not fill a disk on filesystems without sparse files.
const MAX_SEED_FILE_SIZE: u64 = 64 << 30;

/// A seed checked against its rules, with defaults filled in.
pub(crate) struct Plan {
    workspace: String,
    users: Vec<PlannedUser>,
    /// The servers, the default storage server first.
    servers: Vec<PlannedServer>,
    volumes: Vec<SeedVolume>,
    storage_files: Vec<(PathBuf, u64)>,
    client_files: Vec<(PathBuf, u64)>,
    /// The pre-publish rule, as the store keeps it.
    publish: String,
}

struct PlannedServer {
    code: String,
    site: String,
    /// The index in `users` of the user it runs as.
    user: Option<usize>,
}

struct PlannedUser {
    code: String,
    name: String,
    role: Role,
    api_key: String,
}

/// The object a `json!({...})` literal makes (anything else: empty).
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::SeedInvalid(msg.into())
}

/// Whether `s` is a usable code: non-empty, printable, no whitespace or slash.
pub(crate) fn valid_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '/' && c != '\\')
}

/// The seed's pre-publish rule over the defaults, checked, as stored.
fn publish_rule(seed: crate::seed::SeedPublish) -> Result<String, Error> {
    crate::api::publish_rule_json(
        seed.pattern,
        seed.destination,
        seed.guidelines,
        seed.tasks,
        seed.comment,
        seed.time_report,
    )
    .map_err(invalid)
}

/// Relative, `..`-free components of a seed path, so files never land outside
/// their root whatever the seed says.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let cleaned = path.replace('\\', "/");
    // Drive letters (`C:`) and leading slashes are how apps spell roots.
    let cleaned = match cleaned.split_once(':') {
        Some((drive, rest)) if drive.len() == 1 => rest.to_owned(),
        _ => cleaned,
    };
    let mut out = PathBuf::new();
    for comp in Path::new(&cleaned).components() {
        match comp {
            Component::Normal(c) => out.push(c),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    (out.components().count() > 0).then_some(out)
}

/// How a user shows in a client's `user_hr`.
fn user_hr(u: &PlannedUser, id: &str) -> String {
    format!("user:{}[{}]({id})", u.code, u.role.as_str())
}

fn server_index(servers: &[PlannedServer], code: &str) -> Option<usize> {
    servers
        .iter()
        .position(|s| s.code.eq_ignore_ascii_case(code))
}

/// The default storage server, then the seed's, checked.
fn plan_servers(
    seeded: Vec<crate::seed::SeedServer>,
    users: &[PlannedUser],
) -> Result<Vec<PlannedServer>, Error> {
    let mut servers = vec![PlannedServer {
        code: DEFAULT_SERVER.to_owned(),
        site: MAIN_SITE.to_owned(),
        user: None,
    }];
    for s in seeded {
        if !valid_code(&s.code) {
            return Err(invalid(format!(
                "server code {:?} must be non-empty, without spaces or slashes",
                s.code
            )));
        }
        if server_index(&servers, &s.code).is_some() {
            return Err(invalid(format!(
                "server {:?} appears twice (`{DEFAULT_SERVER}` is the default server's code)",
                s.code
            )));
        }
        let site = s.site.unwrap_or_else(|| MAIN_SITE.to_owned());
        if !valid_code(&site) {
            return Err(invalid(format!(
                "server {:?} has site {site:?}: a site is a code without spaces or slashes",
                s.code
            )));
        }
        let user = match s.user {
            None => None,
            Some(code) => Some(
                users
                    .iter()
                    .position(|u| u.code.eq_ignore_ascii_case(&code))
                    .ok_or_else(|| {
                        invalid(format!(
                            "server {:?} runs as {code:?}, who is not a seeded user",
                            s.code
                        ))
                    })?,
            ),
        };
        servers.push(PlannedServer {
            code: s.code,
            site,
            user,
        });
    }
    Ok(servers)
}

/// A volume's server must exist, be at the main site and run as an admin
/// (or the workspace), as the backend requires of a volume's server.
fn check_volume_server(
    servers: &[PlannedServer],
    users: &[PlannedUser],
    volume: &str,
    code: &str,
) -> Result<(), Error> {
    let server = server_index(servers, code)
        .map(|i| &servers[i])
        .ok_or_else(|| {
            invalid(format!(
                "volume {volume:?} is served by {code:?}, which is not a seeded server"
            ))
        })?;
    if !server.site.eq_ignore_ascii_case(MAIN_SITE) {
        return Err(invalid(format!(
            "volume {volume:?} is served by {code:?} at site {:?}; a volume's server is at the main site ({MAIN_SITE}): assign site servers after start",
            server.site
        )));
    }
    if server.user.is_some_and(|i| users[i].role != Role::Admin) {
        return Err(invalid(format!(
            "volume {volume:?} is served by {code:?}, which does not run as an admin; servers must run with an admin account to serve volumes"
        )));
    }
    Ok(())
}

impl Plan {
    /// Checks the seed and fills in defaults.
    pub(crate) fn new(seed: Seed) -> Result<Self, Error> {
        let workspace = seed
            .workspace
            .unwrap_or_else(|| DEFAULT_WORKSPACE.to_owned());
        if !valid_code(&workspace) {
            return Err(invalid(format!(
                "workspace code {workspace:?} must be non-empty, without spaces or slashes"
            )));
        }
        let seed_users = match seed.users {
            Some(users) => users,
            None => Seed::builtin().users.unwrap_or_default(),
        };
        let mut seen = HashSet::new();
        let mut users = Vec::new();
        for u in seed_users {
            if !valid_code(&u.code) {
                return Err(invalid(format!(
                    "user code {:?} must be an email without spaces",
                    u.code
                )));
            }
            if !seen.insert(u.code.to_lowercase()) {
                return Err(invalid(format!("user {:?} appears twice", u.code)));
            }
            let api_key = match u.api_key {
                Some(k) if k.is_empty() => {
                    return Err(invalid(format!("user {:?} has an empty api_key", u.code)));
                }
                Some(k) => k,
                None => new_secret(64),
            };
            let name = u
                .name
                .unwrap_or_else(|| u.code.split('@').next().unwrap_or(&u.code).to_owned());
            if !u.role.is_known() {
                return Err(invalid(format!(
                    "user {:?} has role {:?}: use admin, employee or standard",
                    u.code,
                    u.role.as_str()
                )));
            }
            users.push(PlannedUser {
                code: u.code,
                name,
                role: u.role,
                api_key,
            });
        }

        let servers = plan_servers(seed.servers, &users)?;
        let mut volumes = seed.volumes.unwrap_or_default();
        if volumes.is_empty() {
            let mut v = SeedVolume::new(DEFAULT_VOLUME);
            v.default = true;
            volumes.push(v);
        }
        let mut codes = HashSet::new();
        for v in &volumes {
            if !valid_code(&v.code) {
                return Err(invalid(format!(
                    "volume code {:?} must be non-empty, without spaces or slashes",
                    v.code
                )));
            }
            if !codes.insert(v.code.to_lowercase()) {
                return Err(invalid(format!("volume {:?} appears twice", v.code)));
            }
            let server = v.server.as_deref().unwrap_or(DEFAULT_SERVER);
            check_volume_server(&servers, &users, &v.code, server)?;
        }
        match volumes.iter().filter(|v| v.default).count() {
            0 => {
                if let Some(first) = volumes.first_mut() {
                    first.default = true;
                }
            }
            1 => {}
            _ => return Err(invalid("only one volume can be the default")),
        }

        let mut storage_files = Vec::new();
        for f in seed.storage_files {
            let rel = safe_relative(&f.path).ok_or_else(|| {
                invalid(format!(
                    "storage file path {:?} must be relative, without ..",
                    f.path
                ))
            })?;
            let volume = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or_default()
                .to_lowercase();
            if !codes.contains(&volume) || rel.components().count() < 2 {
                return Err(invalid(format!(
                    "storage file path {:?} must begin with a volume code and name a file in it",
                    f.path
                )));
            }
            check_size(&f.path, f.size)?;
            storage_files.push((rel, f.size));
        }

        let mut client_files = Vec::new();
        for f in seed.client_files {
            let user = users
                .iter()
                .find(|u| u.code.eq_ignore_ascii_case(&f.user))
                .ok_or_else(|| {
                    invalid(format!(
                        "client file owner {:?} is not a seeded user",
                        f.user
                    ))
                })?;
            if !has_desktop_app(&user.role) {
                return Err(invalid(format!(
                    "client file owner {:?} is a standard user, who runs no desktop app; use an admin or employee",
                    f.user
                )));
            }
            let rel = safe_relative(&f.path).ok_or_else(|| {
                invalid(format!("client file path {:?} must not contain ..", f.path))
            })?;
            check_size(&f.path, f.size)?;
            client_files.push((Path::new(&user.code.to_lowercase()).join(rel), f.size));
        }

        let publish = publish_rule(seed.publish.unwrap_or_default())?;
        Ok(Plan {
            workspace,
            users,
            servers,
            volumes,
            storage_files,
            client_files,
            publish,
        })
    }

    /// Writes the plan's entities and keys into a fresh store.
    pub(crate) fn store(&self, tx: &Tx<'_>, now: Millis, data_dir: &Path) -> Result<(), ApiError> {
        let ts = format_timestamp(now);
        tx.set_meta("workspace", &self.workspace)?;
        // Ids first: servers name the users they run as, and the storage server is listed
        // before the desktop apps.
        let user_ids: Vec<String> = self.users.iter().map(|_| new_entity_id()).collect();
        let server_ids: Vec<String> = self.servers.iter().map(|_| new_entity_id()).collect();
        let mut served: Vec<Vec<Value>> = vec![Vec::new(); self.servers.len()];
        for v in &self.volumes {
            let id = new_entity_id();
            let code = v.server.as_deref().unwrap_or(DEFAULT_SERVER);
            let at = server_index(&self.servers, code).unwrap_or(0);
            served[at].push(json!(id));
            let mut doc = object(json!({
                "id": id, "code": v.code, "name": v.name.clone().unwrap_or_else(|| v.code.clone()),
                "default": v.default, "status": "enabled", "server": server_ids[at],
                crate::api::SERVERS_KEY: [server_ids[at]], "created": ts, "modified": ts,
            }));
            complete::volume(&mut doc, data_dir);
            tx.insert("volume", Value::Object(doc))?;
        }
        for ((s, id), volumes) in self.servers.iter().zip(&server_ids).zip(served) {
            let (user, hr) = match s.user {
                Some(i) => (
                    json!(user_ids[i]),
                    json!(user_hr(&self.users[i], &user_ids[i])),
                ),
                None => (Value::Null, Value::Null),
            };
            let mut server = object(json!({
                "id": id, "code": s.code, "type": CLIENT_TYPE_SERVER, "status": "online",
                "user": user, "volumes": volumes, "site": s.site, "site_hr": s.site,
                "created": ts, "modified": ts,
            }));
            complete::client(&mut server, hr, &ts);
            tx.insert("client", Value::Object(server))?;
        }
        for (u, id) in self.users.iter().zip(&user_ids) {
            let id = id.clone();
            let mut user = object(json!({
                "id": id, "code": u.code, "name": u.name, "role": u.role.as_str(),
                "status": "enabled", "created": ts, "modified": ts,
            }));
            complete::user(&mut user);
            tx.insert("user", Value::Object(user))?;
            tx.set_api_key(&id, &u.api_key)?;
            if has_desktop_app(&u.role) {
                let mut app = object(json!({
                    "id": new_entity_id(), "code": format!("{}-desktop", u.name),
                    "type": CLIENT_TYPE_APP, "status": "online", "user": id,
                    "created": ts, "modified": ts,
                }));
                complete::client(&mut app, json!(user_hr(u, &id)), &ts);
                tx.insert("client", Value::Object(app))?;
            }
        }
        tx.set_meta(crate::api::PUBLISH_RULE_KEY, &self.publish)?;
        tx.set_meta("seeded", &ts)?;
        Ok(())
    }

    /// Creates the seeded files (sparse, zero-filled) under `data_dir`.
    pub(crate) fn create_files(&self, data_dir: &Path) -> Result<(), Error> {
        for (root, files) in [
            (STORAGE_DIR, &self.storage_files),
            (CLIENTS_DIR, &self.client_files),
        ] {
            let root = data_dir.join(root);
            mkdirs(&root)?;
            for (rel, size) in files {
                let path = root.join(rel);
                if let Some(parent) = path.parent() {
                    mkdirs(parent)?;
                }
                let io = |source| Error::Io {
                    path: path.clone(),
                    source,
                };
                let file = fs::File::create(&path).map_err(io)?;
                file.set_len(*size).map_err(io)?;
            }
        }
        for v in &self.volumes {
            mkdirs(&data_dir.join(STORAGE_DIR).join(&v.code))?;
        }
        for u in self.users.iter().filter(|u| has_desktop_app(&u.role)) {
            mkdirs(&data_dir.join(CLIENTS_DIR).join(u.code.to_lowercase()))?;
        }
        Ok(())
    }
}

fn check_size(path: &str, size: u64) -> Result<(), Error> {
    if size > MAX_SEED_FILE_SIZE {
        return Err(invalid(format!(
            "file {path:?} is larger than the 64 GiB a seeded file may be"
        )));
    }
    Ok(())
}

fn mkdirs(path: &Path) -> Result<(), Error> {
    fs::create_dir_all(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeedUser;

    #[test]
    fn paths_cannot_escape_their_root() {
        assert_eq!(
            safe_relative("projects/a.mov"),
            Some(PathBuf::from("projects/a.mov"))
        );
        assert_eq!(
            safe_relative("/Volumes/x/a.zip"),
            Some(PathBuf::from("Volumes/x/a.zip"))
        );
        assert_eq!(
            safe_relative("C:\\x\\a.zip"),
            Some(PathBuf::from("x/a.zip"))
        );
        assert_eq!(safe_relative("projects/../../etc/passwd"), None);
        assert_eq!(safe_relative("/"), None);
    }

    #[test]
    fn empty_seed_gets_default_volume_and_users() {
        let plan = Plan::new(Seed::new()).unwrap();
        assert_eq!(plan.workspace, "acme");
        assert_eq!(plan.volumes.len(), 1);
        assert_eq!(plan.volumes[0].code, "projects");
        assert!(plan.volumes[0].default);
        assert_eq!(plan.users.len(), 3);
    }

    #[test]
    fn storage_files_must_begin_with_a_volume() {
        let err = Plan::new(Seed::new().storage_file("elsewhere/a.mov", 1))
            .err()
            .unwrap();
        assert!(err.to_string().contains("volume code"), "{err}");
    }

    #[test]
    fn standard_users_have_no_client_files() {
        let seed = Seed::new()
            .user(SeedUser::new("s@x.y", Role::Standard))
            .client_file("s@x.y", "/a.zip", 1);
        assert!(Plan::new(seed).is_err());
    }

    #[test]
    fn duplicate_users_are_refused() {
        let seed = Seed::new()
            .user(SeedUser::new("a@x.y", Role::Admin))
            .user(SeedUser::new("A@x.y", Role::Standard));
        assert!(Plan::new(seed).is_err());
    }
}
