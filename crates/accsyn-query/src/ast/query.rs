use super::{Expr, Span, Text};
use crate::ParseError;

/// A whole query: an entity type, optionally followed by `WHERE` and a filter
/// expression.
///
/// Parse one with [`parse`](crate::parse), [`Query::parse`] or `str::parse`,
/// or build one with [`Query::new`] and [`attr`](crate::attr). `Display`
/// prints the canonical form, which parses back to an equal query.
///
/// ```
/// use accsyn_query::{attr, Query};
///
/// let parsed: Query = "transfer where name=\"x and y.png\"".parse()?;
/// let built = Query::new("transfer").filter(attr("name").eq("x and y.png"));
/// assert_eq!(parsed, built);
/// assert_eq!(built.to_string(), "transfer WHERE name=\"x and y.png\"");
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Query {
    pub(crate) entity_type: Text,
    pub(crate) expression: Option<Expr>,
    pub(crate) span: Span,
}

impl Query {
    /// Starts a query for every entity of `entity_type`; add conditions with
    /// [`Query::filter`].
    ///
    /// The entity type is printed as given, or quoted if it is not a plain
    /// word, so it cannot smuggle in a `WHERE` of its own.
    ///
    /// ```
    /// let q = accsyn_query::Query::new("Delivery");
    /// assert_eq!(q.to_string(), "Delivery");
    /// ```
    pub fn new(entity_type: impl Into<String>) -> Query {
        Query {
            entity_type: Text::from(entity_type.into()),
            expression: None,
            span: Span::default(),
        }
    }

    /// Adds a condition; a second call is joined to the first with `AND`.
    ///
    /// ```
    /// use accsyn_query::{attr, Query};
    ///
    /// let q = Query::new("Transfer")
    ///     .filter(attr("user").eq("lisa@example.com"))
    ///     .filter(attr("status").ne("failed"));
    /// assert_eq!(q.to_string(), "Transfer WHERE user=lisa@example.com AND status!=failed");
    /// ```
    #[must_use]
    pub fn filter(mut self, condition: Expr) -> Query {
        self.expression = Some(match self.expression.take() {
            Some(existing) => existing.and(condition),
            None => condition,
        });
        self
    }

    /// Parses a query; the same as [`crate::parse`].
    ///
    /// ```
    /// let q = accsyn_query::Query::parse("Transfer WHERE status=done")?;
    /// assert_eq!(q.entity_type(), "Transfer");
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Query, ParseError> {
        crate::parser::parse_query(input)
    }

    /// Reads a query as the official client sends it: the entity type from
    /// the event's uri (`transfer/find`) and the `query` field, which is
    /// usually the bare expression (`status=done`) but for ACL lookups a whole
    /// query (`acl WHERE target=share:<id>`). Both forms are accepted; an
    /// empty field means no filter.
    ///
    /// When neither form parses, the error is the one for the expression
    /// form, and its offsets point into `query`.
    ///
    /// ```
    /// use accsyn_query::Query;
    ///
    /// let q = Query::from_wire("transfer", "status=done")?;
    /// assert_eq!(q.to_string(), "transfer WHERE status=done");
    /// let acl = Query::from_wire("acl", "acl WHERE target=share:0123456789abcdef01234567")?;
    /// assert_eq!(acl.entity_type(), "acl");
    /// assert_eq!(Query::from_wire("transfer", "")?.to_string(), "transfer");
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn from_wire(entity_type: &str, query: &str) -> Result<Query, ParseError> {
        if query.trim().is_empty() {
            return Ok(Query::new(entity_type));
        }
        match crate::parser::parse_expression(query) {
            Ok(expr) => Ok(Query::new(entity_type).filter(expr)),
            Err(expr_error) => crate::parser::parse_query(query).map_err(|_| expr_error),
        }
    }

    /// The entity type, as written (`Transfer`, `transfer`, `entitytypes`).
    ///
    /// accsyn treats entity types case-insensitively; compare with
    /// `eq_ignore_ascii_case`.
    ///
    /// ```
    /// let q = accsyn_query::parse("attributes WHERE entitytype=delivery")?;
    /// assert_eq!(q.entity_type(), "attributes");
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn entity_type(&self) -> &str {
        &self.entity_type
    }

    /// The filter expression after `WHERE`, if there is one.
    ///
    /// This is what the official client sends as the `query` field.
    ///
    /// ```
    /// let q = accsyn_query::parse("Transfer WHERE status=done")?;
    /// assert_eq!(q.expression().map(ToString::to_string).as_deref(), Some("status=done"));
    /// assert!(accsyn_query::parse("Transfer")?.expression().is_none());
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn expression(&self) -> Option<&Expr> {
        self.expression.as_ref()
    }

    /// Splits the query into its entity type and filter expression.
    ///
    /// ```
    /// let (ty, expr) = accsyn_query::parse("Task WHERE status=onhold")?.into_parts();
    /// assert_eq!((ty.as_str(), expr.is_some()), ("Task", true));
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn into_parts(self) -> (String, Option<Expr>) {
        (self.entity_type.into(), self.expression)
    }

    /// Where the query sits in the parsed text (leading and trailing
    /// whitespace excluded).
    ///
    /// ```
    /// let q = accsyn_query::parse("  Transfer  ")?;
    /// assert_eq!((q.span().start(), q.span().end()), (2, 10));
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }
}

impl PartialEq for Query {
    // Spans are deliberately left out: equal queries may be written differently.
    fn eq(&self, other: &Query) -> bool {
        self.entity_type == other.entity_type && self.expression == other.expression
    }
}

impl Eq for Query {}

impl std::str::FromStr for Query {
    type Err = ParseError;

    fn from_str(input: &str) -> Result<Query, ParseError> {
        Query::parse(input)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Query {
    // As the canonical string: the form every accsyn tool already reads.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Query {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Query, D::Error> {
        let text = String::deserialize(deserializer)?;
        Query::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(all(test, feature = "serde"))]
mod serde_tests {
    use super::Query;

    #[test]
    fn serializes_as_the_canonical_string() {
        let q = Query::parse("transfer where status<>failed").unwrap();
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(json, r#""transfer WHERE status!=failed""#);
        assert_eq!(serde_json::from_str::<Query>(&json).unwrap(), q);
        let err = serde_json::from_str::<Query>(r#""transfer WHERE""#).unwrap_err();
        assert!(err.to_string().contains("expected a comparison"));
    }
}
