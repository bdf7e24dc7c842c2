//! The syntax tree: what a query says, with where it said it.
//!
//! Nodes carry [`Span`]s for error reporting, but equality ignores them, so a
//! parsed query equals the same query built in code or parsed from its
//! canonical form.

mod display;
mod query;
mod text;

pub use display::WireForm;
pub use query::Query;
pub use text::Text;

/// A byte range into the text a query was parsed from.
///
/// Nodes built in code (see [`attr`](crate::attr)) have the empty span `0..0`.
///
/// ```
/// let q = accsyn_query::parse("Transfer WHERE status=done")?;
/// let span = q.span();
/// assert_eq!((span.start(), span.end()), (0, 26));
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets, `end` exclusive).
    ///
    /// ```
    /// let span = accsyn_query::Span::new(15, 26);
    /// assert_eq!(span.len(), 11);
    /// ```
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Byte offset of the first byte.
    ///
    /// ```
    /// assert_eq!(accsyn_query::Span::new(3, 5).start(), 3);
    /// ```
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the last byte.
    ///
    /// ```
    /// assert_eq!(accsyn_query::Span::new(3, 5).end(), 5);
    /// ```
    pub fn end(&self) -> usize {
        self.end
    }

    /// Length in bytes.
    ///
    /// ```
    /// assert_eq!(accsyn_query::Span::new(3, 5).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes (as for nodes built in code).
    ///
    /// ```
    /// assert!(accsyn_query::Span::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A filter expression: the part of a query after `WHERE`.
///
/// `AND` binds tighter than `OR`, so `a=1 OR b=2 AND c=3` is an [`Expr::Or`]
/// whose second operand is an [`Expr::And`]. Runs of the same operator are
/// flat (`a=1 OR b=2 OR c=3` is one `Or` of three operands), which keeps long
/// generated chains cheap to build, walk and drop. Parentheses are kept as
/// [`Expr::Group`] so printing reproduces them.
///
/// ```
/// use accsyn_query::{parse_expression, Expr};
///
/// let expr = parse_expression("(user=lisa OR user=john) AND status=done")?;
/// match &expr {
///     Expr::And(operands) => assert!(matches!(operands[0], Expr::Group(_))),
///     other => panic!("unexpected {other:?}"),
/// }
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expr {
    /// One comparison, `attribute op value`.
    Compare(Comparison),
    /// Operands joined by `AND` (two or more; none of them an ungrouped `Or`).
    ///
    /// The parser and [`Expr::and`] keep that shape. A tree built directly
    /// with an `And` operand inside an `And` prints with the same meaning
    /// (`a=1 AND b=2 AND c=3`) but parses back flat, so it is not equal to
    /// its re-parse; an `Or` operand is printed in parentheses and comes
    /// back as an [`Expr::Group`]. An empty `And` prints nothing and is not
    /// a valid expression.
    And(Vec<Expr>),
    /// Operands joined by `OR` (two or more; none of them an ungrouped `Or`).
    ///
    /// As for [`Expr::And`], build it with [`Expr::or`] to keep the shape the
    /// parser gives.
    Or(Vec<Expr>),
    /// A parenthesised expression.
    Group(Group),
}

/// A parenthesised expression, `( ... )`.
///
/// ```
/// use accsyn_query::{parse_expression, Expr};
///
/// let Expr::Group(group) = parse_expression("(status=done)")? else { panic!() };
/// assert_eq!(group.expr().to_string(), "status=done");
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Group {
    pub(crate) expr: Box<Expr>,
    pub(crate) span: Span,
}

impl Group {
    /// The expression inside the parentheses.
    ///
    /// ```
    /// let expr = accsyn_query::attr("status").eq("done").group();
    /// let accsyn_query::Expr::Group(group) = &expr else { panic!() };
    /// assert_eq!(group.expr().to_string(), "status=done");
    /// ```
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// Where the group, parentheses included, sits in the parsed text.
    ///
    /// ```
    /// let expr = accsyn_query::parse_expression("a=1 AND (b=2)")?;
    /// let accsyn_query::Expr::And(ops) = &expr else { panic!() };
    /// let accsyn_query::Expr::Group(group) = &ops[1] else { panic!() };
    /// assert_eq!(group.span().start(), 8);
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }
}

impl PartialEq for Group {
    // Spans are deliberately left out: equal queries may be written differently.
    fn eq(&self, other: &Group) -> bool {
        self.expr == other.expr
    }
}

impl Eq for Group {}

/// One comparison: `attribute op value`, such as `job.id=5a73` or
/// `status IN done,failed`.
///
/// ```
/// use accsyn_query::{parse_expression, Expr, Operator};
///
/// let Expr::Compare(c) = parse_expression("name CONTAINS \"backup\"")? else { panic!() };
/// assert_eq!(c.attribute(), "name");
/// assert_eq!(c.operator(), Operator::Contains);
/// assert_eq!(c.value().as_str(), Some("backup"));
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Comparison {
    pub(crate) attribute: Text,
    pub(crate) operator: Operator,
    pub(crate) value: Value,
    pub(crate) span: Span,
}

impl Comparison {
    /// The attribute on the left, dotted for nested objects (`job.id`).
    ///
    /// ```
    /// let expr = accsyn_query::attr("metadata.shot").eq("sh010");
    /// let accsyn_query::Expr::Compare(c) = &expr else { panic!() };
    /// assert_eq!(c.attribute(), "metadata.shot");
    /// ```
    pub fn attribute(&self) -> &str {
        &self.attribute
    }

    /// The attribute split at its dots: `job.id` gives `job`, `id`.
    ///
    /// ```
    /// let expr = accsyn_query::attr("job.id").eq("5a73");
    /// let accsyn_query::Expr::Compare(c) = &expr else { panic!() };
    /// assert_eq!(c.path().collect::<Vec<_>>(), ["job", "id"]);
    /// ```
    pub fn path(&self) -> impl Iterator<Item = &str> {
        self.attribute.split('.')
    }

    /// The operator.
    ///
    /// ```
    /// let expr = accsyn_query::attr("status").ne("failed");
    /// let accsyn_query::Expr::Compare(c) = &expr else { panic!() };
    /// assert_eq!(c.operator(), accsyn_query::Operator::Ne);
    /// ```
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The value on the right, unquoted and unescaped.
    ///
    /// ```
    /// let expr = accsyn_query::attr("name").eq("x and y.png");
    /// let accsyn_query::Expr::Compare(c) = &expr else { panic!() };
    /// assert_eq!(c.value().as_str(), Some("x and y.png"));
    /// ```
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Where the comparison sits in the parsed text.
    ///
    /// ```
    /// let expr = accsyn_query::parse_expression("a=1 AND b=2")?;
    /// let accsyn_query::Expr::And(ops) = &expr else { panic!() };
    /// let accsyn_query::Expr::Compare(c) = &ops[1] else { panic!() };
    /// assert_eq!((c.span().start(), c.span().end()), (8, 11));
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }
}

impl PartialEq for Comparison {
    // Spans are deliberately left out: equal queries may be written differently.
    fn eq(&self, other: &Comparison) -> bool {
        self.attribute == other.attribute
            && self.operator == other.operator
            && self.value == other.value
    }
}

impl Eq for Comparison {}

/// A comparison operator.
///
/// `<>` and `!=` are the same operator; the canonical form prints `!=`.
///
/// ```
/// use accsyn_query::Operator;
///
/// assert_eq!(Operator::NotIn.as_str(), "NOT IN");
/// assert!(Operator::NotIn.is_negated());
/// assert_eq!(Operator::NotIn.negate(), Operator::In);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operator {
    /// `=`: equal (case-insensitive; `*` is a wildcard).
    Eq,
    /// `!=` or `<>`: not equal.
    Ne,
    /// `<`: less than.
    Lt,
    /// `>`: greater than.
    Gt,
    /// `<=`: less than or equal.
    Le,
    /// `>=`: greater than or equal.
    Ge,
    /// `IN`: one of a comma-separated list.
    In,
    /// `NOT IN`: none of a comma-separated list.
    NotIn,
    /// `CONTAINS`: substring of a string, member of an array.
    Contains,
    /// `NOT CONTAINS`: the negation of `CONTAINS`.
    NotContains,
    /// `MATCHES`: matches a case-insensitive regular expression.
    Matches,
    /// `NOT MATCHES`: the negation of `MATCHES`.
    NotMatches,
}

impl Operator {
    /// The canonical spelling (`=`, `!=`, `NOT IN`, ...).
    ///
    /// ```
    /// assert_eq!(accsyn_query::Operator::Ne.as_str(), "!=");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "=",
            Operator::Ne => "!=",
            Operator::Lt => "<",
            Operator::Gt => ">",
            Operator::Le => "<=",
            Operator::Ge => ">=",
            Operator::In => "IN",
            Operator::NotIn => "NOT IN",
            Operator::Contains => "CONTAINS",
            Operator::NotContains => "NOT CONTAINS",
            Operator::Matches => "MATCHES",
            Operator::NotMatches => "NOT MATCHES",
        }
    }

    /// Whether this is the negated form of another operator (`!=`, `NOT ...`).
    ///
    /// A negated comparison is true when the attribute is missing.
    ///
    /// ```
    /// assert!(accsyn_query::Operator::Ne.is_negated());
    /// assert!(!accsyn_query::Operator::Lt.is_negated());
    /// ```
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            Operator::Ne | Operator::NotIn | Operator::NotContains | Operator::NotMatches
        )
    }

    /// The operator with the opposite meaning, where there is one as a single
    /// operator (`=` and `!=`, `IN` and `NOT IN`, ...); ordering operators
    /// flip (`<` and `>=`).
    ///
    /// For the ordering operators the flip is the opposite only on values
    /// that compare: a [`Filter`](crate::Filter) finds both `a<1` and `a>=1`
    /// false when `a` is missing or `null`. The other pairs are exact
    /// complements.
    ///
    /// ```
    /// assert_eq!(accsyn_query::Operator::Lt.negate(), accsyn_query::Operator::Ge);
    /// ```
    pub fn negate(self) -> Operator {
        match self {
            Operator::Eq => Operator::Ne,
            Operator::Ne => Operator::Eq,
            Operator::Lt => Operator::Ge,
            Operator::Ge => Operator::Lt,
            Operator::Gt => Operator::Le,
            Operator::Le => Operator::Gt,
            Operator::In => Operator::NotIn,
            Operator::NotIn => Operator::In,
            Operator::Contains => Operator::NotContains,
            Operator::NotContains => Operator::Contains,
            Operator::Matches => Operator::NotMatches,
            Operator::NotMatches => Operator::Matches,
        }
    }

    /// Whether the operator takes a comma-separated list (`IN`, `NOT IN`).
    ///
    /// ```
    /// assert!(accsyn_query::Operator::In.takes_list());
    /// ```
    pub fn takes_list(self) -> bool {
        matches!(self, Operator::In | Operator::NotIn)
    }

    /// Whether the canonical spelling is a word, printed with spaces around it.
    fn is_word(self) -> bool {
        self.as_str().starts_with(|c: char| c.is_ascii_alphabetic())
    }
}

impl std::fmt::Display for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value side of a comparison, unquoted and unescaped.
///
/// Quoting is only syntax: `name="hq"` and `name=hq` have equal values.
///
/// ```
/// use accsyn_query::{parse_expression, Expr, Value};
///
/// let Expr::Compare(c) = parse_expression("type in 0,2")? else { panic!() };
/// assert_eq!(c.value(), &Value::List(vec!["0".into(), "2".into()]));
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Value {
    /// A single value, for every operator but `IN` / `NOT IN`.
    Scalar(Text),
    /// The comma-separated items of `IN` / `NOT IN`. A quoted item is kept
    /// whole here; evaluation splits it at commas as the accsyn backend does,
    /// so `status IN "done,failed"` means either status.
    List(Vec<Text>),
}

impl Value {
    /// The scalar value, or `None` for a list.
    ///
    /// ```
    /// assert_eq!(accsyn_query::Value::Scalar("hq".into()).as_str(), Some("hq"));
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Scalar(s) => Some(s),
            Value::List(_) => None,
        }
    }

    /// The list items, or `None` for a scalar.
    ///
    /// ```
    /// let v = accsyn_query::Value::List(vec!["0".into(), "2".into()]);
    /// assert_eq!(v.as_list().map(<[accsyn_query::Text]>::len), Some(2));
    /// ```
    pub fn as_list(&self) -> Option<&[Text]> {
        match self {
            Value::Scalar(_) => None,
            Value::List(items) => Some(items),
        }
    }
}
