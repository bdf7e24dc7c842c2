//! The grammar, as a hand-written recursive-descent parser in nom's style.
//!
//! ```text
//! query      := ws name (ws WHERE ws expr)? ws
//! expr       := and_expr (ws OR ws and_expr)*
//! and_expr   := primary (ws AND ws primary)*
//! primary    := '(' ws expr ws ')' | comparison
//! comparison := name ws operator ws (list | value)
//! list       := value (ws ',' ws value)*
//! value      := quoted | bare          (a bare keyword is not a value)
//! name       := quoted | identifier    (dotted for attributes)
//! ```
//!
//! Every rule returns nom's `IResult` with a private error type, and fails
//! with `nom::Err::Failure` (nom's `cut`) once it has seen its first token:
//! there is no backtracking, so the first failure is the real one and the
//! error points at the spot. Tokens are matched on bytes, since keywords are
//! ASCII: nom's generic `tag_no_case` and `alt` were 40% of the parse time in
//! the benchmark.

mod fail;
mod lexer;

use self::fail::{Expected, Fail};
use self::lexer::{PResult, fail, keyword, ws};
use crate::ast::{Comparison, Expr, Group, Query, Span, Value};
use crate::{ParseError, syntax};

/// How deep parentheses may nest; deeper input is refused, not overflowed.
pub(crate) const MAX_DEPTH: usize = 64;

/// Parses a whole query.
pub(crate) fn parse_query(input: &str) -> Result<Query, ParseError> {
    finish(input, Grammar::new(input).query(input))
}

/// Parses a bare expression (what follows `WHERE`).
pub(crate) fn parse_expression(input: &str) -> Result<Expr, ParseError> {
    let grammar = Grammar::new(input);
    let parsed = grammar.expr(ws(input), 0).and_then(|(rest, expr)| {
        let rest = ws(rest);
        if rest.is_empty() {
            Ok((rest, expr))
        } else {
            fail(rest, Expected::AndOrEnd)
        }
    });
    finish(input, parsed)
}

fn finish<T>(input: &str, parsed: PResult<'_, T>) -> Result<T, ParseError> {
    match parsed {
        Ok((_, value)) => Ok(value),
        Err(nom::Err::Error(f) | nom::Err::Failure(f)) => Err(f.into_parse_error(input)),
        // Only streaming parsers ask for more input; these are all complete.
        Err(nom::Err::Incomplete(_)) => Err(Fail {
            at: "",
            expected: Expected::Internal,
        }
        .into_parse_error(input)),
    }
}

struct Grammar {
    /// Length of the whole input: every slice is a suffix of it, so a
    /// slice's offset is `len - slice.len()`.
    len: usize,
}

impl Grammar {
    fn new(input: &str) -> Grammar {
        Grammar { len: input.len() }
    }

    fn offset(&self, rest: &str) -> usize {
        self.len - rest.len()
    }

    fn span(&self, from: &str, to: &str) -> Span {
        Span::new(self.offset(from), self.offset(to))
    }

    fn query<'a>(&self, input: &'a str) -> PResult<'a, Query> {
        let start = ws(input);
        let (i, entity_type) = lexer::name(start, syntax::entity_type_len, Expected::EntityType)?;
        let after = ws(i);
        if after.is_empty() {
            let span = self.span(start, i);
            return Ok((
                after,
                Query {
                    entity_type,
                    expression: None,
                    span,
                },
            ));
        }
        let Some(i) = keyword(after, "WHERE") else {
            return fail(after, Expected::WhereOrEnd);
        };
        let (i, expr) = self.expr(ws(i), 0)?;
        let end = ws(i);
        if !end.is_empty() {
            return fail(end, Expected::AndOrEnd);
        }
        let span = self.span(start, i);
        Ok((
            end,
            Query {
                entity_type,
                expression: Some(expr),
                span,
            },
        ))
    }

    fn expr<'a>(&self, i: &'a str, depth: usize) -> PResult<'a, Expr> {
        self.chain(i, depth, "OR", Grammar::and_expr, Expr::Or)
    }

    fn and_expr<'a>(&self, i: &'a str, depth: usize) -> PResult<'a, Expr> {
        self.chain(i, depth, "AND", Grammar::primary, Expr::And)
    }

    /// `operand (word operand)*`, flattened into one node when there is
    /// more than one operand. Returns before trailing whitespace so spans
    /// end at the last token.
    ///
    /// Generic rather than taking `fn` pointers so each level inlines its
    /// operand parser: the hot path of a long chain.
    fn chain<'a, F>(
        &self,
        i: &'a str,
        depth: usize,
        word: &'static str,
        operand: F,
        node: fn(Vec<Expr>) -> Expr,
    ) -> PResult<'a, Expr>
    where
        F: Fn(&Grammar, &'a str, usize) -> PResult<'a, Expr>,
    {
        let (mut i, first) = operand(self, i, depth)?;
        let mut first = Some(first);
        let mut operands = Vec::new();
        while let Some(rest) = keyword(ws(i), word) {
            let (rest, next) = operand(self, ws(rest), depth)?;
            if let Some(first) = first.take() {
                // Two is the common case; four avoids regrowth for short chains.
                operands.reserve(4);
                operands.push(first);
            }
            operands.push(next);
            i = rest;
        }
        match first {
            Some(single) => Ok((i, single)),
            None => Ok((i, node(operands))),
        }
    }

    fn primary<'a>(&self, i: &'a str, depth: usize) -> PResult<'a, Expr> {
        let Some(inside) = i.strip_prefix('(') else {
            let (rest, comparison) = self.comparison(i)?;
            return Ok((rest, Expr::Compare(comparison)));
        };
        if depth >= MAX_DEPTH {
            return fail(i, Expected::Depth);
        }
        let (rest, expr) = self.expr(ws(inside), depth + 1)?;
        let close = ws(rest);
        let Some(rest) = close.strip_prefix(')') else {
            return fail(close, Expected::AndOrClose);
        };
        let span = self.span(i, rest);
        Ok((
            rest,
            Expr::Group(Group {
                expr: Box::new(expr),
                span,
            }),
        ))
    }

    fn comparison<'a>(&self, start: &'a str) -> PResult<'a, Comparison> {
        let (i, attribute) = lexer::name(start, syntax::attribute_len, Expected::Condition)?;
        let (i, operator) = lexer::operator(ws(i))?;
        let i = ws(i);
        let (i, value) = if operator.takes_list() {
            let (i, items) = lexer::list(i)?;
            (i, Value::List(items))
        } else {
            let (i, value) = lexer::scalar(i, Expected::Value)?;
            (i, Value::Scalar(value))
        };
        let span = self.span(start, i);
        Ok((
            i,
            Comparison {
                attribute,
                operator,
                value,
                span,
            },
        ))
    }
}
