//! Party and path notation of the job specification: `[<party>:]<path>`, as in transfer
//! `source`/`destination`, delivery `tasks` and collection `files`.
//!
//! Parsing keeps every part of the text (including a trailing `/`, which the backend reads as
//! "into this folder"), so printing a parsed location gives back the same text.

mod party;
mod path;

use std::fmt;
use std::str::FromStr;

pub use party::Party;
pub use path::{PathSpec, ShareKind, ShareTarget};

use crate::Error;

/// Where files come from or go to: an optional party (who) and an optional path (which file).
///
/// | Text | Party | Path |
/// |---|---|---|
/// | `share=myproject/delivery/x.mov` | workspace (implied) | share `myproject`, `delivery/x.mov` |
/// | `volume=(default)/reference.tif` | | default volume |
/// | `folder=6734b3ca8c3592a922bdb0de/TO_ACME/` | | folder by id, into `TO_ACME/` |
/// | `home=john@user.com/UPLOAD/test.abc` | | John's home share |
/// | `~/Document.pdf` | | the session user's home share |
/// | `/Volumes/EDIT/from_client`, `C:\Users\john` | | absolute local path |
/// | `myproject/reference.jpg` | | relative to the default volume |
/// | `client=664f53b16aa9149860da9d9c:/Volumes/EDIT` | client by id | absolute path |
/// | `site=berlin` | site `berlin` | (mirrored) |
/// | `john@user.com`, `emma@compers.com@PCLocal-001:/tmp/` | user (on a host) | |
/// | `thecompany:volume=assets/x` | workspace `thecompany` | volume `assets` |
///
/// A bare word such as `berlin` reads as a relative path; write `site=berlin` for the site.
///
/// # Examples
///
/// ```
/// use accsyn_model::{Location, Party, PathSpec, ShareKind, ShareTarget};
///
/// let to: Location = "client=664f53b16aa9149860da9d9c:/Volumes/EDIT/from_client".parse()?;
/// assert!(matches!(to.party(), Some(Party::Client(_))));
/// assert!(matches!(to.path(), Some(PathSpec::Absolute(p)) if p == "/Volumes/EDIT/from_client"));
/// assert_eq!(to.to_string(), "client=664f53b16aa9149860da9d9c:/Volumes/EDIT/from_client");
///
/// let from = Location::share(ShareKind::Volume, ShareTarget::Default, "reference.tif");
/// assert_eq!(from.to_string(), "volume=(default)/reference.tif");
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    party: Option<Party>,
    path: Option<PathSpec>,
}

impl Location {
    /// A location from its parts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLocation`] when both parts are missing, or when the parts would print
    /// as text that reads back differently (a relative path `ab:c` looks like the workspace
    /// party `ab`); the check is a print-and-parse round trip.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Location, Party, PathSpec};
    ///
    /// let user = Location::new(Some(Party::user("john@user.com")), Some(PathSpec::Absolute("D:/work/x".into())))?;
    /// assert_eq!(user.to_string(), "john@user.com:D:/work/x");
    ///
    /// assert!(Location::new(None, Some(PathSpec::Relative("site=berlin".into()))).is_err());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(party: Option<Party>, path: Option<PathSpec>) -> Result<Location, Error> {
        let location = Location { party, path };
        let text = location.to_string();
        match Location::parse(&text) {
            Ok(back) if back == location => Ok(location),
            _ => Err(Error::InvalidLocation {
                input: text,
                reason: "these parts print as text that reads back differently; check for empty codes, `:` in relative paths or a relative path that looks like a party",
            }),
        }
    }

    /// A path on a share: `<kind>=<target>[/<path>]`. An empty `path` names the share itself.
    ///
    /// Unchecked: a code containing `/` would print as text that reads back differently.
    /// [`Location::new`] checks the parts when they come from untrusted input.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Location, ShareKind, ShareTarget};
    /// let l = Location::share(ShareKind::Share, ShareTarget::Code("myproject".into()), "assets.zip");
    /// assert_eq!(l.to_string(), "share=myproject/assets.zip");
    /// ```
    pub fn share(kind: ShareKind, target: ShareTarget, path: &str) -> Location {
        let path = (!path.is_empty()).then(|| path.to_owned());
        Location {
            party: None,
            path: Some(PathSpec::Share { kind, target, path }),
        }
    }

    /// The location of a path without a party (the workspace, or the session's own client
    /// for local paths).
    ///
    /// Unchecked: a relative path that looks like a party (`site=berlin`, `ab:c`) would read
    /// back as one; [`Location::new`] refuses such parts.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Location, PathSpec};
    /// let l = Location::from_path(PathSpec::Absolute("/tmp".into()));
    /// assert_eq!(l.to_string(), "/tmp");
    /// ```
    pub fn from_path(path: PathSpec) -> Location {
        Location {
            party: None,
            path: Some(path),
        }
    }

    /// A party without a path (paths are mirrored on that end).
    ///
    /// Unchecked: a bare workspace code prints as a word that reads back as a relative path;
    /// [`Location::new`] refuses it.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Location, Party};
    /// assert_eq!(Location::from_party(Party::Site("berlin".into())).to_string(), "site=berlin");
    /// ```
    pub fn from_party(party: Party) -> Location {
        Location {
            party: Some(party),
            path: None,
        }
    }

    /// The party, when given (none means the workspace, or the session's client).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Location, Party};
    /// let l: Location = "site=berlin:thefilm/OUTPUT".parse()?;
    /// assert_eq!(l.party(), Some(&Party::Site("berlin".into())));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn party(&self) -> Option<&Party> {
        self.party.as_ref()
    }

    /// The path, when given (none means mirrored paths).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::{Location, PathSpec};
    /// let l: Location = "~/Document.pdf".parse()?;
    /// assert_eq!(l.path(), Some(&PathSpec::UserHome { path: Some("Document.pdf".into()) }));
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn path(&self) -> Option<&PathSpec> {
        self.path.as_ref()
    }

    /// Parses `[<party>:]<path>`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLocation`] for empty text, an empty path after a party's `:`, a
    /// `client=` without a valid id, or an empty share or site code.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Location;
    /// assert!(Location::parse("client=nope:/tmp").is_err());
    /// assert!(Location::parse("site=berlin:thefilm/OUTPUT").is_ok());
    /// ```
    pub fn parse(text: &str) -> Result<Location, Error> {
        let fail = |reason| Error::InvalidLocation {
            input: text.to_owned(),
            reason,
        };
        if text.is_empty() {
            return Err(fail("it is empty; expected [<party>:]<path>"));
        }
        let (party, rest) = party::parse(text).map_err(fail)?;
        let path = match rest {
            None => None,
            Some(rest) => Some(path::parse(rest).map_err(fail)?),
        };
        Ok(Location { party, path })
    }
}

impl FromStr for Location {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Location::parse(text)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.party, &self.path) {
            (Some(party), Some(path)) => write!(f, "{party}:{path}"),
            (Some(party), None) => write!(f, "{party}"),
            (None, Some(path)) => write!(f, "{path}"),
            (None, None) => Ok(()),
        }
    }
}

crate::reference::serde_via_str!(Location);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityId;

    /// Parses, checks the structure with `expect`, and checks printing gives the text back.
    fn check(text: &str, expect: impl FnOnce(&Location) -> bool) {
        let location = Location::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(expect(&location), "{text} parsed as {location:?}");
        assert_eq!(location.to_string(), text);
    }

    #[test]
    fn job_specification_examples() {
        let code = |c: &str| ShareTarget::Code(c.to_owned());
        check("share=myproject/delivery/TRAILER_screening_v003.mov", |l| {
            l.party.is_none()
                && l.path
                    == Some(PathSpec::Share {
                        kind: ShareKind::Share,
                        target: code("myproject"),
                        path: Some("delivery/TRAILER_screening_v003.mov".into()),
                    })
        });
        check("volume=(default)/reference.tif", |l| {
            matches!(
                &l.path,
                Some(PathSpec::Share {
                    kind: ShareKind::Volume,
                    target: ShareTarget::Default,
                    ..
                })
            )
        });
        check("share=(default)/source/from_client", |l| {
            matches!(
                &l.path,
                Some(PathSpec::Share {
                    target: ShareTarget::Default,
                    ..
                })
            )
        });
        check("folder=6734b3ca8c3592a922bdb0de/TO_ACME/source.rar", |l| {
            matches!(
                &l.path,
                Some(PathSpec::Share {
                    kind: ShareKind::Folder,
                    target: ShareTarget::Id(_),
                    ..
                })
            )
        });
        check(
            "folder=thefilm/from_john/20180413/",
            |l| matches!(&l.path, Some(PathSpec::Share { path: Some(p), .. }) if p == "from_john/20180413/"),
        );
        check("folder=thefilm", |l| {
            matches!(&l.path, Some(PathSpec::Share { path: None, .. }))
        });
        check(
            "home=john@user.com/UPLOAD/test.abc",
            |l| matches!(&l.path, Some(PathSpec::Share { kind: ShareKind::Home, target: ShareTarget::Code(c), .. }) if c == "john@user.com"),
        );
        check("collection=admin/Legal.docx", |l| {
            matches!(
                &l.path,
                Some(PathSpec::Share {
                    kind: ShareKind::Collection,
                    ..
                })
            )
        });
        check("~", |l| l.path == Some(PathSpec::UserHome { path: None }));
        check("~/preproduction/", |l| {
            l.path
                == Some(PathSpec::UserHome {
                    path: Some("preproduction/".into()),
                })
        });
        check("/home/Adrian/pitches/Prototype.zip", |l| {
            matches!(&l.path, Some(PathSpec::Absolute(_)))
        });
        check("C:\\Users\\john\\Desktop\\image.png", |l| {
            matches!(&l.path, Some(PathSpec::Absolute(_)))
        });
        check("D:/work/ASSETS/Fireflies_001", |l| {
            l.party.is_none() && matches!(&l.path, Some(PathSpec::Absolute(_)))
        });
        check("myproject/reference.jpg", |l| {
            matches!(&l.path, Some(PathSpec::Relative(_)))
        });
        check(
            "client=6a479e243bed6009ac9d6763:/Users/Adrian/Downloads/",
            |l| matches!(&l.party, Some(Party::Client(_))),
        );
        check("client=6a479e243bed6009ac9d6763", |l| l.path.is_none());
        check("site=berlin", |l| {
            l.party == Some(Party::Site("berlin".into())) && l.path.is_none()
        });
        check("site=cloud:share=render/got/sc01", |l| {
            matches!(&l.party, Some(Party::Site(_)))
                && matches!(&l.path, Some(PathSpec::Share { .. }))
        });
        check("john@user.com", |l| {
            l.party == Some(Party::user("john@user.com")) && l.path.is_none()
        });
        check("emma@compers.com@PCLocal-001:/Users/Emma/Downloads/", |l| {
            l.party
                == Some(Party::User {
                    email: "emma@compers.com".into(),
                    hostname: Some("PCLocal-001".into()),
                })
        });
        check("emma@compers.com:share=thefilm/_FROM_THECOMPANY/", |l| {
            matches!(&l.party, Some(Party::User { .. }))
        });
        check("thecompany:volume=assets/Flies/Fireflies_001", |l| {
            l.party == Some(Party::Workspace("thecompany".into()))
        });
        check(
            "john@thecompany.com:D:/work/ASSETS/Fireflies_001",
            |l| matches!(&l.path, Some(PathSpec::Absolute(p)) if p == "D:/work/ASSETS/Fireflies_001"),
        );
    }

    #[test]
    fn malformed_locations_are_errors() {
        for bad in [
            "",
            "client=",
            "client=abc:/tmp",
            "client=6a479e243bed6009ac9d6763:",
            "site=",
            "site=:x",
            "share=",
            "share=/x",
            "volume=",
            "~user/x",
            "john@user.com:",
            "thecompany:",
        ] {
            assert!(Location::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn new_refuses_parts_that_read_back_differently() {
        let id = EntityId::parse("6a479e243bed6009ac9d6763").unwrap();
        assert!(Location::new(Some(Party::Client(id)), None).is_ok());
        assert!(Location::new(None, None).is_err());
        assert!(Location::new(None, Some(PathSpec::Relative("ab:c".into()))).is_err());
        assert!(Location::new(None, Some(PathSpec::Relative("john@user.com".into()))).is_err());
        assert!(Location::new(Some(Party::Site(String::new())), None).is_err());
    }
}
