//! What the query-taking calls accept: text to parse, or a query built with the query crate.

use accsyn_query::Query;

use crate::{Error, Result};

/// A query argument: `&str` / `String` (parsed locally, before any round trip) or an
/// [`accsyn_query::Query`] (already parsed or built with [`accsyn_query::attr`]).
///
/// ```
/// use accsyn_client::{IntoQuery, query::{attr, Query}};
///
/// let parsed = "Transfer WHERE status=done".into_query()?;
/// let built = Query::new("Transfer").filter(attr("status").eq("done")).into_query()?;
/// assert_eq!(parsed, built);
/// assert!("Transfer WHERE".into_query().is_err());
/// # Ok::<(), accsyn_client::Error>(())
/// ```
pub trait IntoQuery {
    /// Parses (or passes through) the query.
    ///
    /// # Errors
    /// [`Error::Query`] when the text does not parse.
    fn into_query(self) -> Result<Query>;
}

impl IntoQuery for Query {
    fn into_query(self) -> Result<Query> {
        Ok(self)
    }
}

impl IntoQuery for &Query {
    fn into_query(self) -> Result<Query> {
        Ok(self.clone())
    }
}

impl IntoQuery for &str {
    fn into_query(self) -> Result<Query> {
        Ok(Query::parse(self)?)
    }
}

impl IntoQuery for String {
    fn into_query(self) -> Result<Query> {
        self.as_str().into_query()
    }
}

impl IntoQuery for &String {
    fn into_query(self) -> Result<Query> {
        self.as_str().into_query()
    }
}

/// The entity type as it goes into a uri: lowercased, and refused unless it is one plain word,
/// so that `transfer/delete` can never be smuggled in as an entity type.
pub(crate) fn wire_type(entity_type: &str) -> Result<String> {
    let trimmed = entity_type.trim();
    let plain = !trimmed.is_empty()
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        Ok(trimmed.to_ascii_lowercase())
    } else {
        Err(Error::InvalidEntityType {
            entity_type: entity_type.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_types_are_lowercased_plain_words() {
        assert_eq!(wire_type(" Transfer ").unwrap(), "transfer");
        assert_eq!(wire_type("publish_entry").unwrap(), "publish_entry");
        for bad in ["", "transfer/delete", "a b", "usér", "x?y"] {
            assert!(
                matches!(wire_type(bad), Err(Error::InvalidEntityType { .. })),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn strings_and_built_queries_are_accepted() {
        let owned = String::from("delivery WHERE name='Project references'");
        let q = (&owned).into_query().unwrap();
        assert_eq!(q.entity_type(), "delivery");
        assert_eq!(owned.into_query().unwrap(), q);
        assert!(matches!("".into_query(), Err(Error::Query(_))));
    }
}
