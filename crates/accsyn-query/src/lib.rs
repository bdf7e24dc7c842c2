//! Parser, canonical printer, builder and evaluator for the accsyn query
//! language.
//!
//! Every accsyn workflow starts with a query such as
//! `Transfer WHERE status=failed`. This crate reads one into a [`Query`]
//! (an entity type and an optional filter [`Expr`] of [`Comparison`]s),
//! prints it back in a canonical form, builds one safely from user input
//! with [`attr`], and decides whether a JSON entity matches it with a
//! [`Filter`]. A malformed query gives a [`ParseError`] that points at the
//! mistake. The official client sends only the expression after `WHERE`
//! (`status=done`); read that with [`parse_expression`] or
//! [`Query::from_wire`].
//!
//! # Design: the tree keeps what was written, the printer decides quoting
//!
//! The syntax tree stores values unquoted and unescaped, and keeps
//! parentheses as [`Expr::Group`]; spans record where each node came from
//! but equality ignores them. The printer then quotes a value only when the
//! parser would otherwise read something else, so printing and re-parsing
//! always gives an equal tree, and a built query can never be injected into:
//! `attr("name").eq("x OR 1=1")` stays one comparison. Names and values are
//! [`Text`], which keeps short strings inline, so parsing a typical
//! comparison allocates nothing. The crate does no I/O
//! and uses no async runtime, so it builds for `wasm32` and embeds anywhere.
//!
//! # Example
//!
//! ```
//! use accsyn_query::{attr, parse, Filter, Query};
//! use serde_json::json;
//!
//! // Parse and print: keywords upper-case, values quoted only when needed.
//! let q = parse(r#"transfer where name CONTAINS "backup" and status<>failed"#)?;
//! assert_eq!(q.to_string(), "transfer WHERE name CONTAINS backup AND status!=failed");
//!
//! // Build from untrusted input.
//! let built = Query::new("transfer")
//!     .filter(attr("name").contains("backup").and(attr("status").ne("failed")));
//! assert_eq!(built, q);
//!
//! // Evaluate against JSON entities.
//! let filter = Filter::new(&q)?;
//! assert!(filter.matches(&json!({"name": "Nightly BACKUP", "status": "done"})));
//!
//! // Errors point at the spot.
//! let err = parse("Transfer WHERE status=").unwrap_err();
//! assert_eq!(err.to_string(), "\
//! expected a value (quote it if it has spaces, quotes, commas, parentheses or operator characters), \
//! found the end of the query at line 1, column 23
//!   Transfer WHERE status=
//!                         ^");
//! # Ok::<(), accsyn_query::ParseError>(())
//! ```
#![warn(clippy::unwrap_used, clippy::expect_used)]

mod ast;
mod builder;
mod error;
mod filter;
mod parser;
mod syntax;

pub use ast::{Comparison, Expr, Group, Operator, Query, Span, Text, Value, WireForm};
pub use builder::{Attr, attr};
pub use error::{ParseError, ParseErrorKind};
pub use filter::Filter;

// Runs the README's example as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

/// Parses a query: `<EntityType>` or `<EntityType> WHERE <expression>`.
///
/// Keywords and word operators are case-insensitive; the entity type is kept
/// as written.
///
/// ```
/// let q = accsyn_query::parse("Transfer WHERE status=done")?;
/// assert_eq!(q.to_string(), "Transfer WHERE status=done");
/// assert_eq!(q.entity_type(), "Transfer");
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
pub fn parse(input: &str) -> Result<Query, ParseError> {
    Query::parse(input)
}

/// Parses a bare filter expression, without the entity type and `WHERE`.
///
/// This is the form the official client sends in an event's `query` field
/// (`status=done`), so a server or emulator reads it with this.
///
/// ```
/// let expr = accsyn_query::parse_expression("name='project references'")?;
/// assert_eq!(expr.to_string(), "name=\"project references\"");
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
pub fn parse_expression(input: &str) -> Result<Expr, ParseError> {
    parser::parse_expression(input)
}
