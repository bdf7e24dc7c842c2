//! The canonical printer.
//!
//! Keywords are upper-case, the entity type is printed as written, and a
//! value is quoted only when reading it bare would give something else.

use std::fmt::{self, Display, Formatter, Write};

use super::{Comparison, Expr, Group, Query, Text, Value};

use crate::syntax;

impl Display for Query {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if is_bare_entity_type(&self.entity_type) {
            f.write_str(&self.entity_type)?;
        } else {
            write_quoted(f, &self.entity_type)?;
        }
        if let Some(expr) = &self.expression {
            write!(f, " WHERE {expr}")?;
        }
        Ok(())
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_expr(f, self, Style::Canonical)
    }
}

/// How an expression is printed: canonically (keywords upper-case, names as
/// written), or as the official client sends it on the wire.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Canonical,
    Wire,
}

impl Style {
    fn keyword(self, f: &mut Formatter<'_>, upper: &str) -> fmt::Result {
        match self {
            Style::Canonical => f.write_str(upper),
            // Keywords are ASCII: lowering them cannot change their length.
            Style::Wire => upper
                .chars()
                .try_for_each(|c| f.write_char(c.to_ascii_lowercase())),
        }
    }
}

/// An expression printed as the accsyn backend has always received it from
/// the official client: attribute names and keywords in lower case, values
/// as written (the official client lowers those too; here they keep their
/// case and quoting). Made by [`Expr::wire_form`].
#[derive(Debug, Clone, Copy)]
pub struct WireForm<'a>(&'a Expr);

impl Display for WireForm<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_expr(f, self.0, Style::Wire)
    }
}

impl Expr {
    /// The expression as it goes on the wire: attribute names and keywords
    /// lower-cased, as the official client sends them, values untouched.
    /// Queries are case-insensitive, but the backend has only ever received
    /// lower-case names, so that is what to send it.
    ///
    /// ```
    /// let expr = accsyn_query::parse_expression(r#"Status=Done AND Name CONTAINS "Big Backup""#)?;
    /// assert_eq!(expr.wire_form().to_string(), r#"status=Done and name contains "Big Backup""#);
    /// assert_eq!(expr.to_string(), r#"Status=Done AND Name CONTAINS "Big Backup""#);
    /// # Ok::<(), accsyn_query::ParseError>(())
    /// ```
    pub fn wire_form(&self) -> WireForm<'_> {
        WireForm(self)
    }
}

fn write_expr(f: &mut Formatter<'_>, expr: &Expr, style: Style) -> fmt::Result {
    match expr {
        Expr::Compare(c) => write_comparison(f, c, style),
        Expr::Group(g) => {
            f.write_char('(')?;
            write_expr(f, &g.expr, style)?;
            f.write_char(')')
        }
        Expr::Or(operands) => join(f, operands, "OR", style, |_| false),
        // An ungrouped OR inside an AND can only come from a hand-built
        // tree; parenthesise it so the printed text keeps its meaning.
        Expr::And(operands) => join(f, operands, "AND", style, |e| matches!(e, Expr::Or(_))),
    }
}

fn join(
    f: &mut Formatter<'_>,
    operands: &[Expr],
    keyword: &str,
    style: Style,
    needs_parens: impl Fn(&Expr) -> bool,
) -> fmt::Result {
    for (i, operand) in operands.iter().enumerate() {
        if i > 0 {
            f.write_char(' ')?;
            style.keyword(f, keyword)?;
            f.write_char(' ')?;
        }
        if needs_parens(operand) {
            f.write_char('(')?;
            write_expr(f, operand, style)?;
            f.write_char(')')?;
        } else {
            write_expr(f, operand, style)?;
        }
    }
    Ok(())
}

impl Display for Group {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "({})", self.expr)
    }
}

impl Display for Comparison {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_comparison(f, self, Style::Canonical)
    }
}

fn write_comparison(f: &mut Formatter<'_>, c: &Comparison, style: Style) -> fmt::Result {
    let lowered;
    let attribute = match style {
        Style::Canonical => c.attribute.as_str(),
        Style::Wire => {
            lowered = c.attribute.as_str().to_lowercase();
            &lowered
        }
    };
    if is_bare_attribute(attribute) {
        f.write_str(attribute)?;
    } else {
        write_quoted(f, attribute)?;
    }
    if c.operator.is_word() {
        f.write_char(' ')?;
        style.keyword(f, c.operator.as_str())?;
        f.write_char(' ')?;
    } else {
        f.write_str(c.operator.as_str())?;
    }
    match style {
        Style::Canonical => c.value.fmt(f),
        Style::Wire => write_wire_value(f, &c.value),
    }
}

/// A value as typed: a parsed quoted value in its own quotes, anything else as the canonical
/// form writes it (quoted only when needed, so a built value never turns into syntax).
fn write_wire_value(f: &mut Formatter<'_>, value: &Value) -> fmt::Result {
    let one = |f: &mut Formatter<'_>, text: &Text| match text.quote() {
        Some(quote) => write_quoted_in(f, text, quote),
        None => write_value(f, text),
    };
    match value {
        Value::Scalar(text) => one(f, text),
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_char(',')?;
                }
                one(f, item)?;
            }
            Ok(())
        }
    }
}

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Value::Scalar(s) => write_value(f, s),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_value(f, item)?;
                }
                Ok(())
            }
        }
    }
}

/// Whether an entity type can be printed without quotes.
fn is_bare_entity_type(s: &str) -> bool {
    !s.is_empty() && syntax::entity_type_len(s) == s.len() && !syntax::is_keyword(s)
}

/// Whether an attribute can be printed without quotes.
fn is_bare_attribute(s: &str) -> bool {
    !s.is_empty() && syntax::attribute_len(s) == s.len() && !syntax::is_keyword(s)
}

/// Whether a value can be printed without quotes: the parser must read back
/// exactly `s`, and the reader should not mistake it for syntax.
fn is_bare_value(s: &str) -> bool {
    !s.is_empty()
        && syntax::bare_value_len(s) == s.len()
        // Non-ASCII whitespace and controls are legal bare but invisible.
        && (s.is_ascii() || !s.chars().any(|c| c.is_whitespace() || c.is_control()))
        && !syntax::is_keyword(s)
}

fn write_value(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    if is_bare_value(s) {
        f.write_str(s)
    } else {
        write_quoted(f, s)
    }
}

/// Writes `s` in double quotes, escaping only what the parser would otherwise
/// read differently: `"`, and a backslash that precedes `\`, `"`, `'` or the
/// closing quote. Other backslashes stay as written so regexes such as
/// `backup.*\.zip` print the way users type them.
fn write_quoted(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    write_quoted_in(f, s, '"')
}

/// As [`write_quoted`], in `quote` (`"` or `'`): only that quote is escaped.
fn write_quoted_in(f: &mut Formatter<'_>, s: &str, quote: char) -> fmt::Result {
    f.write_char(quote)?;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c == quote => {
                f.write_char('\\')?;
                f.write_char(c)?;
            }
            '\\' if matches!(chars.peek(), None | Some('\\' | '"' | '\'')) => {
                f.write_str("\\\\")?;
            }
            c => f.write_char(c)?,
        }
    }
    f.write_char(quote)
}

#[cfg(test)]
mod tests {
    use crate::{Query, attr};

    #[test]
    fn quotes_only_when_needed() {
        let q = Query::new("Transfer").filter(
            attr("a")
                .eq("plain@x.com")
                .and(attr("b").eq("two words"))
                .and(attr("c").eq("and"))
                .and(attr("d").eq("")),
        );
        assert_eq!(
            q.to_string(),
            r#"Transfer WHERE a=plain@x.com AND b="two words" AND c="and" AND d="""#
        );
    }

    #[test]
    fn escapes_only_ambiguous_backslashes() {
        let q = Query::new("t").filter(attr("n").matches(r#"a\.b "q" end\"#));
        assert_eq!(q.to_string(), r#"t WHERE n MATCHES "a\.b \"q\" end\\""#);
    }

    #[test]
    fn hand_built_nesting_prints_with_its_meaning() {
        use crate::Expr;
        let (a, b, c) = (attr("a").eq(1), attr("b").eq(2), attr("c").eq(3));
        let nested_and = Expr::And(vec![Expr::And(vec![a.clone(), b.clone()]), c.clone()]);
        assert_eq!(nested_and.to_string(), "a=1 AND b=2 AND c=3");
        let or_in_and = Expr::And(vec![Expr::Or(vec![a, b]), c]);
        assert_eq!(or_in_and.to_string(), "(a=1 OR b=2) AND c=3");
    }

    #[test]
    fn odd_names_are_quoted() {
        let q = Query::new("Transfer WHERE x").filter(attr("a b").eq("1"));
        assert_eq!(q.to_string(), r#""Transfer WHERE x" WHERE "a b"=1"#);
    }

    #[test]
    fn wire_form_lowers_names_and_keywords_but_not_values() {
        let expr = crate::parse_expression(
            r#"(Status=Done OR STATUS IN Failed,"Aborted") AND Name NOT CONTAINS "Big Backup" AND Job.ID=5A7325F8B7EF72F5F9D74BF4 AND code MATCHES "^A.*\.ZIP$""#,
        )
        .unwrap();
        assert_eq!(
            expr.wire_form().to_string(),
            r#"(status=Done or status in Failed,"Aborted") and name not contains "Big Backup" and job.id=5A7325F8B7EF72F5F9D74BF4 and code matches "^A.*\.ZIP$""#
        );
        // The wire form parses back to the same query, but for the names' case.
        let back = crate::parse_expression(&expr.wire_form().to_string()).unwrap();
        assert_eq!(back.wire_form().to_string(), expr.wire_form().to_string());
        // Values keep the quotes they were typed in; built ones are quoted when needed.
        let typed =
            crate::parse_expression(r#"name='Project references' AND note='it\'s "x"'"#).unwrap();
        assert_eq!(
            typed.wire_form().to_string(),
            r#"name='Project references' and note='it\'s "x"'"#
        );
        let back = crate::parse_expression(&typed.wire_form().to_string()).unwrap();
        assert_eq!(back, typed);
        assert_eq!(
            attr("name")
                .eq("Project references")
                .wire_form()
                .to_string(),
            r#"name="Project references""#
        );
        // A name that lowers to a keyword stays quoted, so it stays a name.
        let odd = attr("AND").eq("x");
        assert_eq!(odd.wire_form().to_string(), r#""and"=x"#);
    }
}
