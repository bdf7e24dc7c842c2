//! Building expressions in code, safely.
//!
//! Values are stored as data, never spliced into text, and the printer
//! quotes and escapes them; so no user input can change a query's shape.

use std::fmt::Display;

use crate::ast::{Comparison, Expr, Group, Operator, Span, Text, Value};

/// Starts a comparison on `name` (dotted for nested attributes, `job.id`).
///
/// ```
/// use accsyn_query::{attr, Query};
///
/// let user_input = "x\" OR status=failed";
/// let q = Query::new("Transfer").filter(attr("name").eq(user_input).and(attr("status").ne("failed")));
/// assert_eq!(q.to_string(), r#"Transfer WHERE name="x\" OR status=failed" AND status!=failed"#);
/// assert_eq!(accsyn_query::parse(&q.to_string())?, q);
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
pub fn attr(name: impl Into<String>) -> Attr {
    Attr {
        name: Text::from(name.into()),
    }
}

/// An attribute waiting for its operator; made by [`attr`].
///
/// Each method takes the value as anything `Display` (`&str`, `String`,
/// numbers) and returns an [`Expr`] to combine with [`Expr::and`] and
/// [`Expr::or`].
///
/// ```
/// let expr = accsyn_query::attr("size").ge(1024);
/// assert_eq!(expr.to_string(), "size>=1024");
/// ```
#[derive(Debug, Clone)]
#[must_use = "an attribute does nothing until an operator method makes an Expr"]
pub struct Attr {
    name: Text,
}

impl Attr {
    fn compare(self, operator: Operator, value: Value) -> Expr {
        Expr::Compare(Comparison {
            attribute: self.name,
            operator,
            value,
            span: Span::default(),
        })
    }

    fn scalar(self, operator: Operator, value: impl Display) -> Expr {
        self.compare(operator, Value::Scalar(Text::display(value)))
    }

    fn list<I>(self, operator: Operator, items: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Display,
    {
        let mut items: Vec<Text> = items.into_iter().map(Text::display).collect();
        // The language cannot write an empty list; an empty string is the
        // closest thing that prints and parses back to the same tree.
        if items.is_empty() {
            items.push(Text::default());
        }
        self.compare(operator, Value::List(items))
    }

    /// `name=value` (case-insensitive; `*` in the value is a wildcard).
    ///
    /// ```
    /// assert_eq!(accsyn_query::attr("code").eq("* backup").to_string(), "code=\"* backup\"");
    /// ```
    pub fn eq(self, value: impl Display) -> Expr {
        self.scalar(Operator::Eq, value)
    }

    /// `name!=value`.
    ///
    /// ```
    /// assert_eq!(accsyn_query::attr("status").ne("failed").to_string(), "status!=failed");
    /// ```
    pub fn ne(self, value: impl Display) -> Expr {
        self.scalar(Operator::Ne, value)
    }

    /// `name<value`.
    ///
    /// ```
    /// assert_eq!(accsyn_query::attr("size").lt(10).to_string(), "size<10");
    /// ```
    pub fn lt(self, value: impl Display) -> Expr {
        self.scalar(Operator::Lt, value)
    }

    /// `name>value`.
    ///
    /// ```
    /// let e = accsyn_query::attr("created").gt("2026-01-22T08:35:59");
    /// assert_eq!(e.to_string(), "created>2026-01-22T08:35:59");
    /// ```
    pub fn gt(self, value: impl Display) -> Expr {
        self.scalar(Operator::Gt, value)
    }

    /// `name<=value`.
    ///
    /// ```
    /// assert_eq!(accsyn_query::attr("size").le(10).to_string(), "size<=10");
    /// ```
    pub fn le(self, value: impl Display) -> Expr {
        self.scalar(Operator::Le, value)
    }

    /// `name>=value`.
    ///
    /// ```
    /// assert_eq!(accsyn_query::attr("size").ge(10).to_string(), "size>=10");
    /// ```
    pub fn ge(self, value: impl Display) -> Expr {
        self.scalar(Operator::Ge, value)
    }

    /// `name IN a,b,...`.
    ///
    /// An item containing a comma is quoted, but accsyn splits list items at
    /// commas, so it still means two items: the language has no way to write
    /// a comma inside an `IN` item. For untrusted values, where a comma could
    /// widen the match (`"mine,theirs"`), join [`Attr::eq`] comparisons with
    /// [`Expr::or`] instead; those take any value literally.
    ///
    /// The language cannot write an empty list either: no items gives the
    /// one item `""`, which matches only an empty-string attribute.
    ///
    /// ```
    /// use accsyn_query::{attr, Filter};
    /// use serde_json::json;
    ///
    /// assert_eq!(attr("type").is_in([0, 2]).to_string(), "type IN 0,2");
    ///
    /// let untrusted = "done,failed";
    /// let widened = Filter::from_expression(&attr("status").is_in([untrusted]))?;
    /// assert!(widened.matches(&json!({"status": "failed"})));
    /// let literal = Filter::from_expression(&attr("status").eq(untrusted).or(attr("status").eq("x")))?;
    /// assert!(!literal.matches(&json!({"status": "failed"})));
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn is_in<I>(self, items: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Display,
    {
        self.list(Operator::In, items)
    }

    /// `name NOT IN a,b,...`; items are split at commas as for
    /// [`Attr::is_in`].
    ///
    /// ```
    /// let e = accsyn_query::attr("status").not_in(["done", "failed"]);
    /// assert_eq!(e.to_string(), "status NOT IN done,failed");
    /// ```
    pub fn not_in<I>(self, items: I) -> Expr
    where
        I: IntoIterator,
        I::Item: Display,
    {
        self.list(Operator::NotIn, items)
    }

    /// `name CONTAINS value`: substring of a string, member of an array.
    ///
    /// ```
    /// let e = accsyn_query::attr("roles").contains("storage");
    /// assert_eq!(e.to_string(), "roles CONTAINS storage");
    /// ```
    pub fn contains(self, value: impl Display) -> Expr {
        self.scalar(Operator::Contains, value)
    }

    /// `name NOT CONTAINS value`.
    ///
    /// ```
    /// let e = accsyn_query::attr("name").not_contains("tmp");
    /// assert_eq!(e.to_string(), "name NOT CONTAINS tmp");
    /// ```
    pub fn not_contains(self, value: impl Display) -> Expr {
        self.scalar(Operator::NotContains, value)
    }

    /// `name MATCHES regex` (case-insensitive, unanchored).
    ///
    /// ```
    /// let e = accsyn_query::attr("name").matches(r"backup.*\.zip");
    /// assert_eq!(e.to_string(), r"name MATCHES backup.*\.zip");
    /// ```
    pub fn matches(self, regex: impl Display) -> Expr {
        self.scalar(Operator::Matches, regex)
    }

    /// `name NOT MATCHES regex`.
    ///
    /// ```
    /// let e = accsyn_query::attr("name").not_matches("^tmp");
    /// assert_eq!(e.to_string(), "name NOT MATCHES ^tmp");
    /// ```
    pub fn not_matches(self, regex: impl Display) -> Expr {
        self.scalar(Operator::NotMatches, regex)
    }
}

impl Expr {
    /// Joins two expressions with `AND`, parenthesising an `OR` operand so
    /// the result means what the calls say.
    ///
    /// ```
    /// use accsyn_query::attr;
    ///
    /// let e = attr("a").eq(1).or(attr("b").eq(2)).and(attr("c").eq(3));
    /// assert_eq!(e.to_string(), "(a=1 OR b=2) AND c=3");
    /// ```
    pub fn and(self, other: Expr) -> Expr {
        let mut operands = match self {
            Expr::And(operands) => operands,
            or @ Expr::Or(_) => vec![or.group()],
            other => vec![other],
        };
        match other {
            Expr::And(more) => operands.extend(more),
            or @ Expr::Or(_) => operands.push(or.group()),
            other => operands.push(other),
        }
        Expr::And(operands)
    }

    /// Joins two expressions with `OR`.
    ///
    /// ```
    /// use accsyn_query::attr;
    ///
    /// let e = attr("a").eq(1).and(attr("b").eq(2)).or(attr("c").eq(3));
    /// assert_eq!(e.to_string(), "a=1 AND b=2 OR c=3");
    /// ```
    pub fn or(self, other: Expr) -> Expr {
        let mut operands = match self {
            Expr::Or(operands) => operands,
            other => vec![other],
        };
        match other {
            Expr::Or(more) => operands.extend(more),
            other => operands.push(other),
        }
        Expr::Or(operands)
    }

    /// Wraps the expression in parentheses.
    ///
    /// ```
    /// assert_eq!(accsyn_query::attr("a").eq(1).group().to_string(), "(a=1)");
    /// ```
    pub fn group(self) -> Expr {
        Expr::Group(Group {
            expr: Box::new(self),
            span: Span::default(),
        })
    }
}
