//! The string type of the syntax tree.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use compact_str::{CompactString, ToCompactString};

/// An immutable string that stores up to 24 bytes inline.
///
/// Attribute names and values are nearly always that short, so parsing a
/// comparison allocates nothing. It derefs to `str` and compares with `str`
/// and `String`.
///
/// ```
/// use accsyn_query::Text;
///
/// let t = Text::from("lisa@example.com");
/// assert_eq!(t, "lisa@example.com");
/// assert!(t.ends_with(".com"));
/// assert_eq!(String::from(t), "lisa@example.com");
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(CompactString);

impl Text {
    /// The text as a `&str`.
    ///
    /// ```
    /// assert_eq!(accsyn_query::Text::from("hq").as_str(), "hq");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Formats any `Display` value without a heap allocation when short.
    pub(crate) fn display(value: impl fmt::Display) -> Text {
        Text(value.to_compact_string())
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(CompactString::new(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(CompactString::from(s))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.into_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}
