//! Refusing expressions nested too deeply to compile.
//!
//! Compiling walks the expression recursively, and a built expression can
//! nest without limit: `a.or(b).and(c).or(d)...` adds two levels (a group
//! and an `AND`) per call. A few hundred levels would overflow a 2 MiB
//! thread stack (tokio's workers have that much), which aborts the process.
//! The parser caps parentheses at 64, which gives at most about 200 levels
//! (group, `OR`, `AND` per parenthesis), so everything that parses compiles.

use crate::ast::Expr;
use crate::error::{ParseError, ParseErrorKind};

/// Most levels of `AND`, `OR` and grouping a filter compiles.
pub(super) const MAX_LEVELS: usize = 256;

/// `Ok` if `expr` nests at most [`MAX_LEVELS`] deep; measured without
/// recursion, so any depth is safe to check.
pub(super) fn check(expr: &Expr) -> Result<(), ParseError> {
    let mut pending = vec![(expr, 1usize)];
    while let Some((expr, level)) = pending.pop() {
        if level > MAX_LEVELS {
            return Err(ParseError::in_snippet(
                "",
                0,
                ParseErrorKind::TooDeep,
                format!("expected at most {MAX_LEVELS} levels of nested AND, OR and parentheses")
                    .into(),
                "a built expression nested deeper".to_owned(),
            ));
        }
        match expr {
            Expr::Compare(_) => {}
            Expr::And(operands) | Expr::Or(operands) => {
                pending.extend(operands.iter().map(|e| (e, level + 1)));
            }
            Expr::Group(group) => pending.push((group.expr(), level + 1)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr;

    /// `((a OR b) AND c) OR d ...`: two levels per step.
    fn alternating(steps: usize) -> Expr {
        (0..steps).fold(attr("a").eq(0), |e, i| {
            if i % 2 == 0 {
                e.or(attr("b").eq(i))
            } else {
                e.and(attr("c").eq(i))
            }
        })
    }

    #[test]
    fn deep_built_expressions_are_refused_not_overflowed() {
        assert!(check(&alternating(100)).is_ok());
        let err = check(&alternating(1_000)).unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::TooDeep);
        assert!(err.to_string().contains("at most 256 levels"), "{err}");
        // The filter refuses it too, instead of recursing into it.
        let err = crate::Filter::from_expression(&alternating(1_000)).unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::TooDeep);
    }

    #[test]
    fn everything_the_parser_accepts_compiles() {
        // 64 parentheses, the parser's limit, each holding an OR of ANDs.
        let mut text = String::from("a=1");
        for _ in 0..64 {
            text = format!("(x=1 AND y=2 OR {text} AND z=3)");
        }
        let expr = crate::parse_expression(&text).unwrap();
        assert!(check(&expr).is_ok());
        assert!(crate::Filter::from_expression(&expr).is_ok());
    }
}
