//! One compiled comparison.

use std::cmp::Ordering;

use regex::Regex;
use serde_json::Value as Json;

use super::lookup::lookup;
use super::slots::{Memo, Slots};
use super::text::{self, Pattern};
use super::time;
use crate::ast::{Comparison, Operator, Text, Value};
use crate::error::{ParseError, ParseErrorKind};

/// Largest compiled regex accepted: bounds the memory a hostile pattern
/// can take.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

#[derive(Debug, Clone)]
pub(super) struct Leaf {
    path: Box<[Box<str>]>,
    /// Where a [`Memo`] keeps `path[0]`'s value.
    slot: usize,
    /// The operator is the negation of `test` (`!=`, `NOT IN`, ...), so a
    /// missing attribute makes it true.
    negated: bool,
    test: Test,
}

#[derive(Debug, Clone)]
enum Test {
    Eq(Scalar),
    Order(fn(Ordering) -> bool, Ordered),
    In(Box<[Scalar]>),
    Contains { needle: Box<str>, member: Scalar },
    Matches(Regex),
}

/// A value to test equality against: text and, if it reads as one, a number.
#[derive(Debug, Clone)]
struct Scalar {
    text: Pattern,
    number: Option<Number>,
}

/// A value to order against, in each reading that applies.
#[derive(Debug, Clone)]
struct Ordered {
    lowered: Box<str>,
    number: Option<Number>,
    time: Option<jiff::civil::DateTime>,
}

/// A number read from text: exact when it is an integer, since sizes and
/// numeric ids past 2^53 share their nearest `f64` with their neighbours.
#[derive(Debug, Clone, Copy)]
struct Number {
    float: f64,
    integer: Option<i128>,
}

impl Number {
    fn of_json(n: &serde_json::Number) -> Option<Number> {
        let integer = n.as_i64().map(i128::from);
        Some(Number {
            float: n.as_f64()?,
            integer: integer.or_else(|| n.as_u64().map(i128::from)),
        })
    }

    fn cmp(self, other: Number) -> Ordering {
        match (self.integer, other.integer) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Both are finite, so they always compare.
            _ => self
                .float
                .partial_cmp(&other.float)
                .unwrap_or(Ordering::Equal),
        }
    }
}

impl Leaf {
    pub(super) fn new(c: &Comparison, slots: &mut Slots) -> Result<Leaf, ParseError> {
        let op = c.operator();
        let value = match c.value() {
            Value::Scalar(s) => s.as_str(),
            // The parser and builder pair lists only with IN / NOT IN, which
            // read `c.value()` themselves; no other operator gets here with one.
            Value::List(_) => "",
        };
        let test = match op {
            Operator::Eq | Operator::Ne => Test::Eq(Scalar::new(value, true)),
            Operator::Lt => Test::Order(Ordering::is_lt, Ordered::new(value)),
            Operator::Le => Test::Order(Ordering::is_le, Ordered::new(value)),
            Operator::Gt => Test::Order(Ordering::is_gt, Ordered::new(value)),
            Operator::Ge => Test::Order(Ordering::is_ge, Ordered::new(value)),
            Operator::In | Operator::NotIn => Test::In(list_items(c.value())),
            Operator::Contains | Operator::NotContains => Test::Contains {
                needle: text::lower(value).into_boxed_str(),
                member: Scalar::new(value, false),
            },
            Operator::Matches | Operator::NotMatches => Test::Matches(regex(c, value)?),
        };
        // Lowered once here: attribute names are case-insensitive, and
        // lookups try lower-case keys first (see `lookup`).
        let path: Box<[Box<str>]> = c.path().map(|s| s.to_lowercase().into()).collect();
        let slot = slots.slot(path.first().map_or("", |first| first));
        Ok(Leaf {
            path,
            slot,
            negated: op.is_negated(),
            test,
        })
    }

    /// For the fast path: the attribute, the pattern and whether the
    /// operator is `!=`, when this is `=` / `!=` on one top-level attribute
    /// with a pattern the fast path takes ([`Pattern::is_simple`]).
    pub(super) fn simple_text(&self) -> Option<(&str, &Pattern, bool)> {
        match (&*self.path, &self.test) {
            ([name], Test::Eq(scalar)) if scalar.text.is_simple() => {
                Some((name, &scalar.text, self.negated))
            }
            _ => None,
        }
    }

    /// A rough cost of deciding this comparison, to try cheap ones first:
    /// each path segment is a map lookup, then the test itself.
    pub(super) fn cost(&self) -> usize {
        let test = match &self.test {
            Test::Eq(_) | Test::Order(..) | Test::Contains { .. } => 1,
            Test::In(items) => items.len(),
            Test::Matches(_) => 8,
        };
        self.path.len() * 4 + test
    }

    /// Decides `entity`; `memo` remembers its top-level attributes when
    /// the filter asks for that (only for an object entity).
    #[inline(never)] // Kept out of the graph's loop, which the fast path needs lean.
    pub(super) fn matches(&self, entity: &Json, memo: Option<&mut Memo<'_>>) -> bool {
        let mut test = |v: &Json| self.test.matches(v);
        let found = match (memo, &*self.path, entity) {
            // The same as `resolve` on the object: its first step is this lookup.
            (Some(memo), [first, rest @ ..], _) => memo
                .get(self.slot, first)
                .is_some_and(|child| resolve(child, rest, &mut test)),
            (None, _, Json::Object(_)) => resolve(entity, &self.path, &mut test),
            // Anything else has no attributes; `resolve` would take a string
            // for a `job.id`-style id and step into an array's objects.
            _ => false,
        };
        found != self.negated
    }
}

/// Calls `test` on what `path` leads to in `v`, stepping into every element
/// of an array of objects on the way; true if any call is.
fn resolve(v: &Json, path: &[Box<str>], test: &mut impl FnMut(&Json) -> bool) -> bool {
    let Some((segment, rest)) = path.split_first() else {
        return test(v);
    };
    match v {
        Json::Object(map) => lookup(map, segment).is_some_and(|child| resolve(child, rest, test)),
        Json::Array(items) => items
            .iter()
            .any(|item| item.is_object() && resolve(item, path, test)),
        // `job.id` where `job` is stored as the id itself.
        Json::String(_) if rest.is_empty() && &**segment == "id" => test(v),
        _ => false,
    }
}

impl Test {
    fn matches(&self, v: &Json) -> bool {
        match (self, v) {
            (_, Json::Null) => false,
            (Test::Contains { needle, .. }, Json::String(s)) => text::contains(s, needle),
            (Test::Contains { member, .. }, Json::Array(items)) => {
                items.iter().any(|item| member.matches(item))
            }
            (_, Json::Array(items)) => items.iter().any(|item| self.matches_one(item)),
            _ => self.matches_one(v),
        }
    }

    /// The test on a value that is not an array.
    fn matches_one(&self, v: &Json) -> bool {
        match self {
            Test::Eq(scalar) => scalar.matches(v),
            Test::In(items) => items.iter().any(|item| item.matches(v)),
            Test::Order(accept, ordered) => ordered.cmp(v).is_some_and(accept),
            Test::Contains { needle, .. } => with_text(v, |s| text::contains(s, needle)),
            Test::Matches(regex) => with_text(v, |s| regex.is_match(s)),
        }
    }
}

/// Runs `f` on the text of a string, number or boolean.
fn with_text(v: &Json, f: impl FnOnce(&str) -> bool) -> bool {
    match v {
        Json::String(s) => f(s),
        Json::Number(n) => f(&n.to_string()),
        Json::Bool(b) => f(if *b { "true" } else { "false" }),
        _ => false,
    }
}

impl Scalar {
    fn new(value: &str, wildcards: bool) -> Scalar {
        Scalar {
            text: Pattern::new(value, wildcards),
            number: number(value),
        }
    }

    fn matches(&self, v: &Json) -> bool {
        match (v, self.number) {
            (Json::Number(n), Some(x)) => Number::of_json(n).is_some_and(|n| n.cmp(x).is_eq()),
            // `job=<id>` where `job` is an object carrying its id.
            (Json::Object(map), _) => {
                lookup(map, "id").is_some_and(|id| id.is_string() && self.matches(id))
            }
            _ => with_text(v, |s| self.text.matches(s)),
        }
    }
}

impl Ordered {
    fn new(value: &str) -> Ordered {
        Ordered {
            lowered: text::lower(value).into_boxed_str(),
            number: number(value),
            time: time::parse(value),
        }
    }

    fn cmp_text(&self, s: &str) -> Ordering {
        // The entity's text is read as a time only when the query's value is one.
        if let Some(st) = self.time.and_then(|t| Some(time::parse(s)?.cmp(&t))) {
            return st;
        }
        if let (Some(x), Some(sx)) = (self.number, number(s)) {
            return sx.cmp(x);
        }
        text::cmp(s, &self.lowered)
    }

    fn cmp(&self, v: &Json) -> Option<Ordering> {
        match v {
            Json::Number(n) if self.number.is_some() => Some(Number::of_json(n)?.cmp(self.number?)),
            Json::String(s) => Some(self.cmp_text(s)),
            Json::Number(_) | Json::Bool(_) => {
                let mut ordering = None;
                with_text(v, |s| {
                    ordering = Some(text::cmp(s, &self.lowered));
                    true
                });
                ordering
            }
            _ => None,
        }
    }
}

/// The list's items, each split at commas as the accsyn backend splits the
/// string it receives (so `status IN "done,failed"` has two items).
fn list_items(value: &Value) -> Box<[Scalar]> {
    let items: &[Text] = match value {
        Value::List(items) => items,
        Value::Scalar(s) => std::slice::from_ref(s),
    };
    items
        .iter()
        .flat_map(|item| item.split(','))
        .map(|item| Scalar::new(item.trim(), false))
        .collect()
}

/// A finite number, if `s` reads as one (`inf` and `nan` do not count).
fn number(s: &str) -> Option<Number> {
    let starts_numeric = s
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.'));
    if !starts_numeric {
        return None;
    }
    let float = s.parse::<f64>().ok().filter(|x| x.is_finite())?;
    Some(Number {
        float,
        integer: s.parse().ok(),
    })
}

fn regex(c: &Comparison, pattern: &str) -> Result<Regex, ParseError> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            // The regex crate renders its own caret over several lines; its
            // last line is the reason.
            let message = e.to_string();
            let reason = message
                .lines()
                .last()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_owned();
            let shown = c.to_string();
            let value_chars = c.value().to_string().chars().count();
            let caret_at = shown.chars().count().saturating_sub(value_chars);
            ParseError::in_snippet(
                &shown,
                caret_at,
                ParseErrorKind::InvalidPattern,
                format!("expected a valid regular expression ({reason})").into(),
                quoted_for_message(pattern),
            )
            .with_offset(c.span().start())
        })
}

/// `pattern` in quotes for an error message, control characters escaped so
/// none reaches a terminal.
fn quoted_for_message(pattern: &str) -> String {
    let mut shown = String::with_capacity(pattern.len() + 2);
    shown.push('\'');
    for c in pattern.chars() {
        if c.is_control() {
            shown.extend(c.escape_debug());
        } else {
            shown.push(c);
        }
    }
    shown.push('\'');
    shown
}

#[cfg(test)]
mod tests {
    #[test]
    fn invalid_pattern_messages_escape_control_characters() {
        let q = crate::parse("t WHERE a matches \"(\u{1b}[2J\"").unwrap();
        let err = crate::Filter::new(&q).unwrap_err();
        assert_eq!(err.found(), "'(\\u{1b}[2J'");
        assert!(!err.to_string().contains('\u{1b}'));
    }
}
