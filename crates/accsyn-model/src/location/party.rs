//! The party part of a location: who sends or receives.

use std::fmt;

use crate::EntityId;

/// The sending or receiving end of a transfer.
///
/// # Examples
///
/// ```
/// use accsyn_model::{Location, Party};
///
/// let l: Location = "emma@compers.com@PCLocal-001:/Users/Emma/Downloads/".parse()?;
/// assert_eq!(
///     l.party(),
///     Some(&Party::User { email: "emma@compers.com".into(), hostname: Some("PCLocal-001".into()) })
/// );
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Party {
    /// The workspace by its code (`thecompany:`): the main site's servers.
    Workspace(String),
    /// A user by email, running a desktop app or user server; with a hostname
    /// (`<email>@<hostname>`) a specific client of theirs.
    User {
        /// The user's email.
        email: String,
        /// The client's hostname, when one client is meant.
        hostname: Option<String>,
    },
    /// A site by its code (`site=berlin`).
    Site(String),
    /// An explicit client by id (`client=<id>`), for a user running several clients.
    Client(EntityId),
}

impl Party {
    /// A user party without hostname.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(accsyn_model::Party::user("john@user.com").to_string(), "john@user.com");
    /// ```
    pub fn user(email: impl Into<String>) -> Party {
        Party::User {
            email: email.into(),
            hostname: None,
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Party::Workspace(code) => f.write_str(code),
            Party::User {
                email,
                hostname: None,
            } => f.write_str(email),
            Party::User {
                email,
                hostname: Some(host),
            } => write!(f, "{email}@{host}"),
            Party::Site(code) => write!(f, "site={code}"),
            Party::Client(id) => write!(f, "client={id}"),
        }
    }
}

/// Characters that never occur in a party's code, email or hostname.
fn is_plain(part: &str) -> bool {
    !part.is_empty()
        && !part.chars().any(|c| {
            c.is_whitespace() || matches!(c, '/' | '\\' | ':' | '=' | '@' | '~' | '(' | ')')
        })
}

/// `local@domain` or `local@domain@hostname`.
fn user(head: &str) -> Option<Party> {
    let parts: Vec<&str> = head.split('@').collect();
    if !parts.iter().all(|p| is_plain(p)) {
        return None;
    }
    match parts.as_slice() {
        [local, domain] => Some(Party::user(format!("{local}@{domain}"))),
        [local, domain, host] => Some(Party::User {
            email: format!("{local}@{domain}"),
            hostname: Some((*host).to_owned()),
        }),
        _ => None,
    }
}

/// Splits the party off `text`: returns the party (if any) and the path text that follows
/// (`None` when the text is only a party).
pub(super) fn parse(text: &str) -> Result<(Option<Party>, Option<&str>), &'static str> {
    let (head, tail) = match text.split_once(':') {
        Some((head, tail)) => (head, Some(tail)),
        None => (text, None),
    };
    if let Some(id) = head.strip_prefix("client=") {
        let id = EntityId::parse(id)
            .ok()
            .filter(|_| EntityId::is_valid(id))
            .ok_or("client= must be followed by a 24 hex character client id")?;
        return Ok((Some(Party::Client(id)), nonempty(tail)?));
    }
    if let Some(code) = head.strip_prefix("site=") {
        if !is_plain(code) {
            return Err("site= must be followed by the site's code");
        }
        return Ok((Some(Party::Site(code.to_owned())), nonempty(tail)?));
    }
    if path_prefix(text) {
        return Ok((None, Some(text)));
    }
    if let Some(party) = user(head) {
        return Ok((Some(party), nonempty(tail)?));
    }
    // A workspace code needs two characters, so `C:` stays a Windows drive.
    if tail.is_some() && head.chars().count() >= 2 && is_plain(head) {
        return Ok((Some(Party::Workspace(head.to_owned())), nonempty(tail)?));
    }
    Ok((None, Some(text)))
}

/// Rejects `party:` with nothing after the colon.
fn nonempty(tail: Option<&str>) -> Result<Option<&str>, &'static str> {
    match tail {
        Some("") => Err("nothing follows the party's `:`; give a path or drop the `:`"),
        other => Ok(other),
    }
}

/// Whether `text` starts with a share path prefix (`share=`, `volume=`, ...), which never
/// carries a party.
fn path_prefix(text: &str) -> bool {
    super::ShareKind::ALL.iter().any(|kind| {
        text.strip_prefix(kind.as_str())
            .is_some_and(|rest| rest.starts_with('='))
    })
}
