//! The parser's private error: where it stopped and what it wanted there.
//!
//! It is nom's error type inside the parser and becomes a public
//! [`ParseError`] at the boundary, so no nom type leaks out.

use crate::error::{ParseError, ParseErrorKind};
use crate::syntax;

/// What the parser wanted at the point it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    EntityType,
    WhereOrEnd,
    Condition,
    Operator,
    AfterNot,
    Value,
    ListItem,
    ClosingQuote(u8),
    AndOrEnd,
    AndOrClose,
    Depth,
    /// A nom primitive failed where no grammar rule gave a better message.
    Internal,
}

impl Expected {
    fn message(self) -> &'static str {
        match self {
            Expected::EntityType => "expected an entity type such as Transfer or Delivery",
            Expected::WhereOrEnd => "expected WHERE or the end of the query",
            Expected::Condition => "expected a comparison such as status=done, or '('",
            Expected::Operator => {
                "expected an operator (=, !=, <>, <, >, <=, >=, IN, NOT IN, CONTAINS, \
                 NOT CONTAINS, MATCHES or NOT MATCHES)"
            }
            Expected::AfterNot => "expected IN, CONTAINS or MATCHES after NOT",
            Expected::Value => {
                "expected a value (quote it if it has spaces, quotes, commas, \
                 parentheses or operator characters)"
            }
            Expected::ListItem => "expected another list item after ','",
            Expected::ClosingQuote(b'\'') => {
                "expected a closing ' for the string that starts here \
                 (write a quote inside it as \\')"
            }
            Expected::ClosingQuote(_) => {
                "expected a closing \" for the string that starts here \
                 (write a quote inside it as \\\")"
            }
            Expected::AndOrEnd => "expected AND, OR or the end of the query",
            Expected::AndOrClose => "expected AND, OR or ')' to close a parenthesis",
            Expected::Depth => "expected at most 64 levels of nested parentheses",
            Expected::Internal => "expected valid query syntax",
        }
    }
}

/// nom's error type for this parser.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fail<'a> {
    pub(crate) at: &'a str,
    pub(crate) expected: Expected,
}

impl<'a> nom::error::ParseError<&'a str> for Fail<'a> {
    fn from_error_kind(input: &'a str, _kind: nom::error::ErrorKind) -> Fail<'a> {
        Fail {
            at: input,
            expected: Expected::Internal,
        }
    }

    fn append(_input: &'a str, _kind: nom::error::ErrorKind, other: Fail<'a>) -> Fail<'a> {
        // The innermost failure knows best what was wrong.
        other
    }
}

impl Fail<'_> {
    /// The public error, located in `input` (which `self.at` is a suffix of).
    pub(crate) fn into_parse_error(self, input: &str) -> ParseError {
        let offset = input.len() - self.at.len();
        let found = match self.expected {
            Expected::ClosingQuote(_) => "the end of the query".to_owned(),
            _ => describe(self.at),
        };
        let kind = match self.expected {
            Expected::Depth => ParseErrorKind::TooDeep,
            _ => ParseErrorKind::Syntax,
        };
        ParseError::at(input, offset, kind, self.expected.message().into(), found)
    }
}

/// Longest excerpt of the input quoted in a message.
const MAX_FOUND_CHARS: usize = 24;

/// A short, quoted description of the token at the start of `rest`.
pub(crate) fn describe(rest: &str) -> String {
    let Some(first) = rest.chars().next() else {
        return "the end of the query".to_owned();
    };
    let token: &str = match first {
        '(' | ')' | ',' => &rest[..1],
        '=' | '<' | '>' | '!' => {
            let len = rest
                .bytes()
                .take(2)
                .take_while(|b| matches!(b, b'=' | b'<' | b'>' | b'!'))
                .count();
            &rest[..len]
        }
        '"' | '\'' => match rest[1..].find(first) {
            Some(end) => &rest[..end + 2],
            None => rest,
        },
        _ => match syntax::bare_value_len(rest) {
            0 => &rest[..first.len_utf8()],
            len => &rest[..len],
        },
    };
    let mut shown: String = token.chars().take(MAX_FOUND_CHARS).collect();
    if shown.len() < token.len() {
        shown.push_str("...");
    }
    // Control characters are invisible in a terminal; show them escaped.
    let mut quoted = String::with_capacity(shown.len() + 2);
    quoted.push('\'');
    for c in shown.chars() {
        if c.is_control() {
            quoted.extend(c.escape_debug());
        } else {
            quoted.push(c);
        }
    }
    quoted.push('\'');
    quoted
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn describes_one_token() {
        assert_eq!(describe(""), "the end of the query");
        assert_eq!(describe("foo bar"), "'foo'");
        assert_eq!(describe("== x"), "'=='");
        assert_eq!(describe("\"a b\" c"), "'\"a b\"'");
        assert_eq!(describe("\u{1}"), "'\\u{1}'");
        assert_eq!(
            describe(&"x".repeat(40)),
            format!("'{}...'", "x".repeat(24))
        );
    }
}
