//! Evaluating a query against JSON entities.

mod bytes;
mod depth;
mod fast;
mod graph;
mod leaf;
mod lookup;
mod slots;
mod text;
mod time;

use serde_json::Value as Json;

use self::graph::{Graph, Tree};
use self::leaf::Leaf;
use self::slots::{Memo, Slots};
use crate::ParseError;
use crate::ast::{Expr, Query};

/// A query's filter expression compiled for evaluation against JSON entities.
///
/// Compile once with [`Filter::new`], then call [`Filter::matches`] per
/// entity: regexes are built, wildcards split and strings lowered up front,
/// so comparing ASCII strings allocates nothing (only `CONTAINS` and
/// `MATCHES` on a number or boolean print it first). On 100,000 entities
/// shaped like the seeds' transfer, the seeds' nested query runs at about
/// 5 million entities a second on one core (BENCHMARKS.md in the repository).
///
/// The rules, per comparison:
/// - attribute names are case-insensitive (`STATUS=running` reads an
///   entity's `status`); they are lowered once, here, so entities with
///   lower-case keys, as the backend sends them, pay nothing for it;
/// - strings compare case-insensitively; `*` in an `=` / `!=` value is a
///   wildcard (`code="* backup"` ends with " backup");
/// - `<`, `>`, `<=`, `>=` compare numbers numerically, timestamps
///   chronologically, anything else as strings. A timestamp is the
///   backend's form: `2026-01-22T08:35:59`, optionally with a fraction
///   (`.250`) or a two-digit year (`26-01-22T08:35:59`), UTC, a date that
///   exists; a date alone, a zone or a leap second is text (which still
///   orders four-digit-year timestamps correctly);
/// - `IN` / `NOT IN` test membership of the comma-separated list;
/// - `CONTAINS` is a substring test on strings and a membership test on
///   arrays; `MATCHES` is a case-insensitive, unanchored regular expression;
/// - dotted attributes walk nested objects (and arrays of objects); `job.id`
///   also matches when `job` holds the id as a plain string, and `job=<id>`
///   when `job` is an object with that `id`; an array attribute matches when
///   any element does;
/// - a missing (or `null`) attribute makes every positive comparison false
///   (`=`, `<`, `>`, `<=`, `>=`, `IN`, `CONTAINS`, `MATCHES`) and every
///   negated one true: `!=`, `NOT IN`, `NOT CONTAINS` and `NOT MATCHES` are
///   always the exact complement of `=`, `IN`, `CONTAINS` and `MATCHES`,
///   arrays included (`tags!=x` holds only when no element equals `x`).
///   The ordering operators have no negated form, so `a<1` and `a>=1` are
///   both false when `a` is missing.
///
/// The entity type is not checked: a filter only looks at attributes.
///
/// ```
/// use accsyn_query::{parse, Filter};
/// use serde_json::json;
///
/// let query = parse(r#"transfer WHERE ((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#)?;
/// let filter = Filter::new(&query)?;
/// assert!(filter.matches(&json!({"user": "Lisa@example.com", "destination": "hq", "status": "failed", "code": "nightly backup"})));
/// assert!(!filter.matches(&json!({"user": "john@example.com", "status": "failed", "code": "nightly backup"})));
/// # Ok::<(), accsyn_query::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Filter {
    graph: Graph,
    /// Whether to remember each entity's top-level lookups
    /// ([`Slots::worth_remembering`]).
    remember: bool,
}

impl Filter {
    /// Compiles the query's filter expression; a query without `WHERE`
    /// matches every entity.
    ///
    /// Fails on a `MATCHES` / `NOT MATCHES` pattern that is not a valid
    /// regular expression (or is too large to compile), and with
    /// [`ParseErrorKind::TooDeep`](crate::ParseErrorKind::TooDeep) on a built
    /// expression nested more than 256 levels deep (anything parsed is
    /// shallower).
    ///
    /// ```
    /// let query = accsyn_query::parse(r#"Transfer WHERE name matches "backup(.zip""#)?;
    /// let err = accsyn_query::Filter::new(&query).unwrap_err();
    /// assert_eq!(err.kind(), accsyn_query::ParseErrorKind::InvalidPattern);
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn new(query: &Query) -> Result<Filter, ParseError> {
        match query.expression() {
            Some(expr) => Filter::from_expression(expr),
            None => Ok(Filter {
                graph: Graph::accept_all(),
                remember: false,
            }),
        }
    }

    /// Compiles a bare expression, such as one from
    /// [`parse_expression`](crate::parse_expression).
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// let expr = accsyn_query::parse_expression("type in 0,2")?;
    /// let filter = accsyn_query::Filter::from_expression(&expr)?;
    /// assert!(filter.matches(&json!({"type": 2})));
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn from_expression(expr: &Expr) -> Result<Filter, ParseError> {
        depth::check(expr)?;
        let mut slots = Slots::default();
        let tree = compile(expr, &mut slots)?;
        let remember = slots.worth_remembering();
        Ok(Filter {
            graph: Graph::new(tree, !remember),
            remember,
        })
    }

    /// Whether `entity` satisfies the filter. Anything but a JSON object has
    /// no attributes, so every one is missing (`id!=x` holds on `"x"`).
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// let query = accsyn_query::parse("task WHERE job.id=5a7325f8b7ef72f5f9d74bf4")?;
    /// let filter = accsyn_query::Filter::new(&query)?;
    /// assert!(filter.matches(&json!({"job": {"id": "5a7325f8b7ef72f5f9d74bf4"}})));
    /// assert!(filter.matches(&json!({"job": "5a7325f8b7ef72f5f9d74bf4"})));
    /// assert!(!filter.matches(&json!({"name": "no job"})));
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    #[inline]
    pub fn matches(&self, entity: &Json) -> bool {
        match entity {
            Json::Object(map) if self.remember => {
                self.graph.matches(entity, Some(&mut Memo::new(map)))
            }
            _ => self.graph.matches(entity, None),
        }
    }
}

impl Tree {
    /// A rough cost of deciding the tree when every operand is evaluated.
    fn cost(&self) -> usize {
        match self {
            Tree::All(trees) | Tree::Any(trees) => {
                trees.iter().map(Tree::cost).fold(0, usize::saturating_add)
            }
            Tree::Leaf(leaf) => leaf.cost(),
        }
    }
}

fn compile(expr: &Expr, slots: &mut Slots) -> Result<Tree, ParseError> {
    let mut all = |operands: &[Expr]| {
        let mut nodes = operands
            .iter()
            .map(|e| compile(e, slots))
            .collect::<Result<Vec<Tree>, _>>()?;
        // Evaluation has no side effects, so operands may run in any order:
        // the cheapest first lets AND / OR stop early more cheaply. In the
        // seeds' nested query, `code="* backup"` (one lookup) now runs before
        // the three-comparison group and decides most entities alone. The
        // sort is stable, so equal costs keep the written order.
        nodes.sort_by_cached_key(Tree::cost);
        Ok::<_, ParseError>(nodes)
    };
    Ok(match expr {
        Expr::Compare(c) => Tree::Leaf(Leaf::new(c, slots)?),
        Expr::And(operands) => Tree::All(all(operands)?),
        Expr::Or(operands) => Tree::Any(all(operands)?),
        // Grouping only matters to the printer.
        Expr::Group(group) => compile(group.expr(), slots)?,
    })
}
