//! Where a session's settings come from when the builder was not given them: the credentials
//! file and the environment, read as the official client reads them.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The environment variable read for the workspace code, as the official client does.
///
/// ```
/// assert_eq!(accsyn_client::WORKSPACE_ENV, "ACCSYN_WORKSPACE");
/// ```
pub const WORKSPACE_ENV: &str = "ACCSYN_WORKSPACE";
/// Read for the workspace when [`WORKSPACE_ENV`] is not set (the official client's older name).
///
/// ```
/// assert_eq!(accsyn_client::DOMAIN_ENV, "ACCSYN_DOMAIN");
/// ```
pub const DOMAIN_ENV: &str = "ACCSYN_DOMAIN";
/// Read for the workspace when neither [`WORKSPACE_ENV`] nor [`DOMAIN_ENV`] is set.
///
/// ```
/// assert_eq!(accsyn_client::ORG_ENV, "ACCSYN_ORG");
/// ```
pub const ORG_ENV: &str = "ACCSYN_ORG";
/// The environment variable read for the user name (an email address).
///
/// ```
/// assert_eq!(accsyn_client::USER_ENV, "ACCSYN_API_USER");
/// ```
pub const USER_ENV: &str = "ACCSYN_API_USER";
/// The environment variable read for the API key.
///
/// ```
/// assert_eq!(accsyn_client::API_KEY_ENV, "ACCSYN_API_KEY");
/// ```
pub const API_KEY_ENV: &str = "ACCSYN_API_KEY";
/// The environment variable naming a credentials file (`KEY=value` lines, as `.env`).
///
/// ```
/// assert_eq!(accsyn_client::CREDENTIALS_PATH_ENV, "ACCSYN_CREDENTIALS_PATH");
/// ```
pub const CREDENTIALS_PATH_ENV: &str = "ACCSYN_CREDENTIALS_PATH";
pub use accsyn_transport::PROXY_ENV;

/// The variables tried for the workspace, in the official client's order.
const WORKSPACE_VARS: [&str; 3] = [WORKSPACE_ENV, DOMAIN_ENV, ORG_ENV];

/// Where a [`SessionBuilder`](crate::SessionBuilder) reads what it was not given: environment
/// variables and the directory whose `.env` file is the default credentials file.
///
/// By default that is the process's own environment and current directory; a test (or a
/// program that keeps its settings elsewhere) passes its own with
/// [`SessionBuilder::environment`](crate::SessionBuilder::environment), so nothing reads or
/// changes the process environment. Nothing here ever writes to it.
///
/// ```
/// use accsyn_client::{Environment, Session};
///
/// let env = Environment::empty()
///     .var("ACCSYN_ORG", "acme")
///     .var("ACCSYN_API_USER", "admin@acme.test")
///     .var("ACCSYN_API_KEY", "secret");
/// let session = Session::builder().environment(env).base_url("http://127.0.0.1:8181").build()?;
/// assert_eq!(session.workspace(), Some("acme"));
/// # Ok::<(), accsyn_client::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Environment {
    vars: HashMap<String, String>,
    /// Where `./.env` is looked for; `None`: nowhere.
    dir: Option<PathBuf>,
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be API keys: only the names are shown.
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Environment")
            .field("vars", &names)
            .field("dir", &self.dir)
            .finish()
    }
}

impl Environment {
    /// No variables, and no `.env` file looked for.
    ///
    /// ```
    /// let env = accsyn_client::Environment::empty();
    /// assert_eq!(env.get("ACCSYN_WORKSPACE"), None);
    /// ```
    pub fn empty() -> Environment {
        Environment::default()
    }

    /// The process's `ACCSYN_*` variables and its current directory (for `./.env`).
    ///
    /// ```
    /// let env = accsyn_client::Environment::from_process();
    /// # let _ = env;
    /// ```
    pub fn from_process() -> Environment {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .filter(|(k, _)| k.starts_with("ACCSYN_"))
            .collect();
        Environment {
            vars,
            dir: Some(PathBuf::from(".")),
        }
    }

    /// Sets a variable.
    ///
    /// ```
    /// let env = accsyn_client::Environment::empty().var("ACCSYN_WORKSPACE", "acme");
    /// assert_eq!(env.get("ACCSYN_WORKSPACE"), Some("acme"));
    /// ```
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Environment {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// Looks for the default credentials file, `.env`, in `dir` instead of the current
    /// directory.
    ///
    /// ```
    /// let env = accsyn_client::Environment::empty().dotenv_dir("/etc/accsyn");
    /// # let _ = env;
    /// ```
    pub fn dotenv_dir(mut self, dir: impl Into<PathBuf>) -> Environment {
        self.dir = Some(dir.into());
        self
    }

    /// A variable's value; a blank one counts as unset.
    ///
    /// ```
    /// let env = accsyn_client::Environment::empty().var("ACCSYN_PROXY", "  ");
    /// assert_eq!(env.get("ACCSYN_PROXY"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }
}

/// The settings read from the credentials file and the environment, merged as the official
/// client merges them: the file's variables over the environment's.
#[derive(Default)]
pub(super) struct Settings {
    vars: HashMap<String, String>,
}

impl Settings {
    /// Reads the credentials file (`explicit`, else `ACCSYN_CREDENTIALS_PATH`, else `.env` in
    /// the environment's directory when there is one) over the environment.
    pub(super) fn read(env: &Environment, explicit: Option<&Path>) -> Result<Settings> {
        let named = match explicit {
            Some(path) => Some((path.to_path_buf(), None)),
            None => env
                .get(CREDENTIALS_PATH_ENV)
                .map(|p| (PathBuf::from(p), Some(CREDENTIALS_PATH_ENV))),
        };
        let file = match named {
            Some((path, via)) => Some(read_file(&path, via)?),
            None => match &env.dir {
                Some(dir) if dir.join(".env").is_file() => {
                    Some(read_file(&dir.join(".env"), None)?)
                }
                _ => None,
            },
        };
        let mut vars = env.vars.clone();
        // As the official client: the file's values override the environment's.
        vars.extend(file.unwrap_or_default());
        Ok(Settings { vars })
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// The workspace: the first of `ACCSYN_WORKSPACE`, `ACCSYN_DOMAIN`, `ACCSYN_ORG` set.
    pub(super) fn workspace(&self) -> Option<&str> {
        WORKSPACE_VARS.iter().find_map(|name| self.get(name))
    }
}

/// A credentials file's `KEY=value` pairs, through dotenvy's parser (quotes, comments,
/// `export`), without setting any of them in the process environment.
fn read_file(path: &Path, via: Option<&'static str>) -> Result<HashMap<String, String>> {
    let error = |source: dotenvy::Error| Error::CredentialsFile {
        path: path.to_path_buf(),
        via,
        source: Box::new(without_values(source)),
    };
    dotenvy::from_path_iter(path)
        .map_err(error)?
        .map(|pair| pair.map_err(error))
        .collect()
}

/// dotenvy's error, without the text of the line it could not parse: that line may hold an
/// API key, and errors end up in logs.
fn without_values(error: dotenvy::Error) -> std::io::Error {
    match error {
        dotenvy::Error::Io(io) => io,
        dotenvy::Error::LineParse(_, at) => std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "a line is not `KEY=value` (it goes wrong at character {at}; the line is not \
                 shown, as it may hold a key)"
            ),
        ),
        other => std::io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_looked_for_in_the_official_order() {
        let env = Environment::empty()
            .var(ORG_ENV, "org")
            .var(DOMAIN_ENV, "domain");
        let settings = Settings::read(&env, None).unwrap();
        assert_eq!(settings.workspace(), Some("domain"));
        let env = env.var(WORKSPACE_ENV, "workspace");
        assert_eq!(
            Settings::read(&env, None).unwrap().workspace(),
            Some("workspace")
        );
        let blank = Environment::empty()
            .var(WORKSPACE_ENV, " ")
            .var(ORG_ENV, "org");
        assert_eq!(
            Settings::read(&blank, None).unwrap().workspace(),
            Some("org")
        );
    }

    #[test]
    fn debug_shows_names_not_values() {
        let env = Environment::empty().var(API_KEY_ENV, "very-secret");
        let shown = format!("{env:?}");
        assert!(
            shown.contains(API_KEY_ENV) && !shown.contains("very-secret"),
            "{shown}"
        );
    }
}
