//! The path part of a location: which file or folder.

use std::fmt;

use crate::EntityId;

/// The path of a location.
///
/// Share and home paths keep `None` for "no path at all" and `Some("")` for a trailing `/`,
/// because the backend treats `folder=x/` (into the folder) differently from `folder=x`.
///
/// # Examples
///
/// ```
/// use accsyn_model::{Location, PathSpec, ShareKind, ShareTarget};
///
/// let l: Location = "home=john@user.com/UPLOAD/test.abc".parse()?;
/// assert_eq!(
///     l.path(),
///     Some(&PathSpec::Share {
///         kind: ShareKind::Home,
///         target: ShareTarget::Code("john@user.com".into()),
///         path: Some("UPLOAD/test.abc".into()),
///     })
/// );
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathSpec {
    /// accsyn path notation: `<kind>=<target>[/<path>]`.
    Share {
        /// Which kind of share the prefix names.
        kind: ShareKind,
        /// The share: `(default)`, an id or a code (an email for homes).
        target: ShareTarget,
        /// The path beneath the share, after the first `/`.
        path: Option<String>,
    },
    /// `~[/<path>]`: the session user's home share.
    UserHome {
        /// The path beneath the home, after `~/`.
        path: Option<String>,
    },
    /// An absolute local path: POSIX (`/Volumes/x`), a Windows drive (`C:\x`, `D:/x`) or UNC
    /// (`\\server\share`).
    Absolute(String),
    /// A relative path: on the default volume for the workspace, or a folder at a user's end.
    Relative(String),
}

/// The prefix of accsyn path notation.
///
/// # Examples
///
/// ```
/// use accsyn_model::ShareKind;
/// assert_eq!(ShareKind::Collection.as_str(), "collection");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ShareKind {
    /// `share=`: any share (volume, folder, home or collection) by code.
    Share,
    /// `volume=`.
    Volume,
    /// `folder=`: a shared folder.
    Folder,
    /// `home=`: a user's home share, by email or id.
    Home,
    /// `collection=`.
    Collection,
}

impl ShareKind {
    /// Every prefix.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::ShareKind;
    /// assert!(ShareKind::ALL.iter().any(|k| k.as_str() == "home"));
    /// ```
    pub const ALL: [ShareKind; 5] = [
        ShareKind::Share,
        ShareKind::Volume,
        ShareKind::Folder,
        ShareKind::Home,
        ShareKind::Collection,
    ];

    /// The prefix without `=`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(accsyn_model::ShareKind::Volume.as_str(), "volume");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ShareKind::Share => "share",
            ShareKind::Volume => "volume",
            ShareKind::Folder => "folder",
            ShareKind::Home => "home",
            ShareKind::Collection => "collection",
        }
    }
}

/// Which share a share path names.
///
/// # Examples
///
/// ```
/// use accsyn_model::ShareTarget;
/// assert_eq!(ShareTarget::Default.to_string(), "(default)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ShareTarget {
    /// `(default)`: the default volume.
    Default,
    /// A share by id.
    Id(EntityId),
    /// A share by its unique API code (a home by its user's email).
    Code(String),
}

impl fmt::Display for ShareTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareTarget::Default => f.write_str("(default)"),
            ShareTarget::Id(id) => write!(f, "{id}"),
            ShareTarget::Code(code) => f.write_str(code),
        }
    }
}

fn write_sub(f: &mut fmt::Formatter<'_>, path: &Option<String>) -> fmt::Result {
    match path {
        Some(path) => write!(f, "/{path}"),
        None => Ok(()),
    }
}

impl fmt::Display for PathSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathSpec::Share { kind, target, path } => {
                write!(f, "{}={target}", kind.as_str())?;
                write_sub(f, path)
            }
            PathSpec::UserHome { path } => {
                f.write_str("~")?;
                write_sub(f, path)
            }
            PathSpec::Absolute(path) | PathSpec::Relative(path) => f.write_str(path),
        }
    }
}

/// `C:`, `C:\...`, `C:/...`.
fn is_windows_drive(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes.len() == 2 || matches!(bytes[2], b'\\' | b'/'))
}

/// Parses the path part of a location (everything after the party).
pub(super) fn parse(text: &str) -> Result<PathSpec, &'static str> {
    if text.is_empty() {
        return Err("the path is empty");
    }
    for kind in ShareKind::ALL {
        let Some(rest) = text
            .strip_prefix(kind.as_str())
            .and_then(|r| r.strip_prefix('='))
        else {
            continue;
        };
        let (target, path) = match rest.split_once('/') {
            Some((target, path)) => (target, Some(path.to_owned())),
            None => (rest, None),
        };
        let target = match target {
            "" => {
                return Err(
                    "a share path needs the share's code, id or (default) before the first `/`",
                );
            }
            "(default)" => ShareTarget::Default,
            id if EntityId::is_valid(id) => {
                ShareTarget::Id(EntityId::parse(id).map_err(|_| "invalid id")?)
            }
            code => ShareTarget::Code(code.to_owned()),
        };
        return Ok(PathSpec::Share { kind, target, path });
    }
    if let Some(rest) = text.strip_prefix('~') {
        return match rest.strip_prefix('/') {
            Some(path) => Ok(PathSpec::UserHome {
                path: Some(path.to_owned()),
            }),
            None if rest.is_empty() => Ok(PathSpec::UserHome { path: None }),
            None => Err("`~` must stand alone or be followed by `/`"),
        };
    }
    if text.starts_with('/') || text.starts_with("\\\\") || is_windows_drive(text) {
        return Ok(PathSpec::Absolute(text.to_owned()));
    }
    Ok(PathSpec::Relative(text.to_owned()))
}
