//! The string type of the syntax tree.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
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
///
/// A value parsed from quotes remembers which quote (see [`Text::quote`]), so the wire form
/// sends it as typed; equality, order and hashing look at the text alone.
#[derive(Clone, Default)]
pub struct Text {
    text: CompactString,
    /// `b'"'` or `b'\''` when parsed from that quote; 0 otherwise.
    quote: u8,
}

impl Text {
    /// The text as a `&str`.
    ///
    /// ```
    /// assert_eq!(accsyn_query::Text::from("hq").as_str(), "hq");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The quote the text was written in, when it was parsed from a quoted string: `'"'` or
    /// `'\''`. Built text has none.
    ///
    /// ```
    /// use accsyn_query::{Expr, Value, parse_expression};
    /// let Expr::Compare(c) = parse_expression("name='Project references'")? else { panic!() };
    /// let Value::Scalar(name) = c.value() else { panic!() };
    /// assert_eq!((name.as_str(), name.quote()), ("Project references", Some('\'')));
    /// assert_eq!(accsyn_query::Text::from("x").quote(), None);
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn quote(&self) -> Option<char> {
        (self.quote != 0).then(|| char::from(self.quote))
    }

    /// The same text, marked as written in `quote` (`b'"'` or `b'\''`).
    pub(crate) fn quoted_in(mut self, quote: u8) -> Text {
        self.quote = quote;
        self
    }

    /// Formats any `Display` value without a heap allocation when short.
    pub(crate) fn display(value: impl fmt::Display) -> Text {
        Text {
            text: value.to_compact_string(),
            quote: 0,
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.text == other.text
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.text.cmp(&other.text)
    }
}

// As `str` hashes, so that `Borrow<str>` lookups find it.
impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text {
            text: CompactString::new(s),
            quote: 0,
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text {
            text: CompactString::from(s),
            quote: 0,
        }
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.text.into_string()
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
