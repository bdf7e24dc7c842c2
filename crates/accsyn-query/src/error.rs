//! The crate's one error type.

use std::borrow::Cow;

/// Lines longer than this are shown as a window around the caret.
const MAX_SNIPPET_CHARS: usize = 100;

/// What kind of mistake a [`ParseError`] reports.
///
/// ```
/// let err = accsyn_query::parse("Transfer WHERE status=").unwrap_err();
/// assert_eq!(err.kind(), accsyn_query::ParseErrorKind::Syntax);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text does not follow the grammar.
    Syntax,
    /// Parentheses are nested deeper than the parser allows (64 levels), or
    /// a built expression deeper than [`Filter`](crate::Filter) compiles
    /// (256 levels of `AND`, `OR` and grouping).
    TooDeep,
    /// A `MATCHES` pattern is not a valid regular expression; reported by
    /// [`Filter::new`](crate::Filter::new).
    InvalidPattern,
}

/// A malformed query, with where and why.
///
/// `Display` names what was expected and what was found, then shows the
/// offending line with a caret under the spot:
///
/// ```
/// let err = accsyn_query::parse("Transfer WHERE name foo").unwrap_err();
/// assert_eq!((err.offset(), err.line(), err.column()), (20, 1, 21));
/// assert_eq!(err.found(), "'foo'");
/// assert!(err.to_string().ends_with("\n  Transfer WHERE name foo\n                      ^"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{details}")]
pub struct ParseError {
    // Boxed so a `Result<Query, ParseError>` stays small on the happy path.
    details: Box<Details>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    kind: ParseErrorKind,
    offset: usize,
    line: usize,
    column: usize,
    expected: Cow<'static, str>,
    found: String,
    snippet: String,
    caret: String,
}

impl std::fmt::Display for Details {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, found {} at line {}, column {}\n  {}\n  {}",
            self.expected, self.found, self.line, self.column, self.snippet, self.caret
        )
    }
}

impl ParseError {
    /// An error at byte `offset` of `input`; line, column and the snippet
    /// are worked out from the input.
    pub(crate) fn at(
        input: &str,
        offset: usize,
        kind: ParseErrorKind,
        expected: Cow<'static, str>,
        found: String,
    ) -> ParseError {
        let offset = floor_char_boundary(input, offset.min(input.len()));
        let line_start = input[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = input[offset..]
            .find('\n')
            .map_or(input.len(), |i| offset + i);
        let line = input[..line_start].matches('\n').count() + 1;
        let text = input[line_start..line_end].trim_end_matches('\r');
        let caret_at = input[line_start..offset].chars().count();
        let mut error = ParseError::in_snippet(text, caret_at, kind, expected, found);
        error.details.offset = offset;
        error.details.line = line;
        error
    }

    /// An error shown against `text`, a single line, with the caret under
    /// char `caret_at` (0-based).
    pub(crate) fn in_snippet(
        text: &str,
        caret_at: usize,
        kind: ParseErrorKind,
        expected: Cow<'static, str>,
        found: String,
    ) -> ParseError {
        let (snippet, caret_col) = window(text, caret_at);
        let pad: usize = snippet.chars().take(caret_col).map(columns).sum();
        let details = Details {
            kind,
            offset: 0,
            line: 1,
            column: caret_at + 1,
            expected,
            found,
            snippet,
            caret: format!("{}^", " ".repeat(pad)),
        };
        ParseError {
            details: Box::new(details),
        }
    }

    pub(crate) fn with_offset(mut self, offset: usize) -> ParseError {
        self.details.offset = offset;
        self
    }

    /// What kind of mistake this is.
    ///
    /// ```
    /// let deep = format!("t WHERE {}a=1", "(".repeat(100));
    /// let err = accsyn_query::parse(&deep).unwrap_err();
    /// assert_eq!(err.kind(), accsyn_query::ParseErrorKind::TooDeep);
    /// ```
    pub fn kind(&self) -> ParseErrorKind {
        self.details.kind
    }

    /// Byte offset of the mistake in the parsed text.
    ///
    /// For [`ParseErrorKind::InvalidPattern`] it is the start of the
    /// comparison in the text the query was parsed from (0 for a built query).
    ///
    /// ```
    /// let err = accsyn_query::parse("Transfer WHERE").unwrap_err();
    /// assert_eq!(err.offset(), 14);
    /// ```
    pub fn offset(&self) -> usize {
        self.details.offset
    }

    /// Line of the mistake, from 1.
    ///
    /// For [`ParseErrorKind::InvalidPattern`], line and column locate the
    /// value within the comparison shown in the message.
    ///
    /// ```
    /// let err = accsyn_query::parse("Transfer WHERE\n  status").unwrap_err();
    /// assert_eq!((err.line(), err.column()), (2, 9));
    /// ```
    pub fn line(&self) -> usize {
        self.details.line
    }

    /// Column of the mistake, from 1, counted in characters.
    ///
    /// ```
    /// let err = accsyn_query::parse("Transfer WHERE ü=").unwrap_err();
    /// assert_eq!(err.column(), 16);
    /// ```
    pub fn column(&self) -> usize {
        self.details.column
    }

    /// What the parser expected, as a phrase (`expected a value ...`).
    ///
    /// ```
    /// let err = accsyn_query::parse("Transfer WHERE status=").unwrap_err();
    /// assert!(err.expected().starts_with("expected a value"));
    /// ```
    pub fn expected(&self) -> &str {
        &self.details.expected
    }

    /// What it found instead: a quoted excerpt, or `the end of the query`.
    ///
    /// ```
    /// let err = accsyn_query::parse("Transfer WHERE status=").unwrap_err();
    /// assert_eq!(err.found(), "the end of the query");
    /// ```
    pub fn found(&self) -> &str {
        &self.details.found
    }
}

/// Cuts `text` to at most [`MAX_SNIPPET_CHARS`] around char `caret_at`;
/// returns the shown text and the caret's column in it.
fn window(text: &str, caret_at: usize) -> (String, usize) {
    let total = text.chars().count();
    if total <= MAX_SNIPPET_CHARS {
        return (text.chars().map(visible).collect(), caret_at);
    }
    let start = caret_at.saturating_sub(MAX_SNIPPET_CHARS * 2 / 3);
    let end = (start + MAX_SNIPPET_CHARS).min(total);
    let mut shown = String::new();
    let mut caret_col = caret_at - start;
    if start > 0 {
        shown.push_str("...");
        caret_col += 3;
    }
    shown.extend(text.chars().skip(start).take(end - start).map(visible));
    if end < total {
        shown.push_str("...");
    }
    (shown, caret_col)
}

/// `c` as shown in the snippet: one column per char, so the caret lines up,
/// and no control character reaches the terminal (a query from untrusted
/// input could otherwise carry escape sequences into a log or a shell).
fn visible(c: char) -> char {
    match c {
        '\t' => ' ',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

/// Terminal columns `c` takes, near enough to put the caret under the
/// right char: 2 for the wide CJK, Hangul and emoji blocks, 0 for combining
/// marks, 1 otherwise. (A full East Asian Width table is not worth a
/// dependency here; a caret off by one on rare scripts is harmless.)
fn columns(c: char) -> usize {
    match u32::from(c) {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_windowed_around_the_caret() {
        let text = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let err = ParseError::at(
            &text,
            500,
            ParseErrorKind::Syntax,
            "expected b".into(),
            "'X'".into(),
        );
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1].chars().nth(lines[2].len() - 1), Some('X'));
        assert!(lines[1].len() < 120);
        assert_eq!(err.column(), 501);
    }

    #[test]
    fn control_characters_never_reach_the_snippet() {
        let err = crate::parse("t WHERE a=1 \u{1b}[2J\u{7}").unwrap_err();
        let shown = err.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], "  t WHERE a=1 \u{fffd}[2J\u{fffd}");
        assert_eq!(
            lines[2].chars().count(),
            lines[1].chars().position(|c| c == '\u{fffd}').unwrap() + 1
        );
        let long = format!("t WHERE a=1 {}\u{1b}x", "b".repeat(200));
        assert!(
            !crate::parse(&long)
                .unwrap_err()
                .to_string()
                .contains('\u{1b}')
        );
    }

    #[test]
    fn caret_sits_under_the_spot_after_wide_characters() {
        let err = crate::parse("t WHERE a=日本語 AND b").unwrap_err();
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        // Indent 2, "t WHERE a=" 10 columns, 日本語 6, " AND b" 6: the caret after 24.
        assert_eq!(lines[2], format!("{}^", " ".repeat(24)));
        assert_eq!(err.column(), 20, "column() still counts chars");
    }

    #[test]
    fn offsets_inside_a_char_are_moved_to_its_start() {
        let err = ParseError::at("é", 1, ParseErrorKind::Syntax, "x".into(), "y".into());
        assert_eq!(err.offset(), 0);
    }
}
