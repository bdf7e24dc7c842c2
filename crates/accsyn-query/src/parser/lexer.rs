//! Tokens: whitespace, keywords, operators, names and values.

use nom::{Err, IResult};

use super::fail::{Expected, Fail};
use crate::ast::{Operator, Text};
use crate::syntax;

pub(crate) type PResult<'a, T> = IResult<&'a str, T, Fail<'a>>;

/// Stops the parse: every rule here is committed once it has started, so
/// there is nothing to backtrack to and the first failure is the real one.
pub(crate) fn fail<T>(at: &str, expected: Expected) -> PResult<'_, T> {
    Err(Err::Failure(Fail { at, expected }))
}

/// Skips ASCII whitespace (space, tab, newlines, form feed).
///
/// Runs before and after every token, so it counts bytes rather than
/// decoding chars; an ASCII byte never sits inside a multi-byte char, so the
/// cut is always on a char boundary.
pub(crate) fn ws(i: &str) -> &str {
    let skipped = i.bytes().take_while(u8::is_ascii_whitespace).count();
    i.get(skipped..).unwrap_or_default()
}

/// The rest after `word` (any case) if `i` starts with it as a whole word.
///
/// Keywords are ASCII, so a byte comparison suffices; it runs between every
/// two comparisons, where nom's Unicode-aware `tag_no_case` was the single
/// largest cost in the parse benchmark.
pub(crate) fn keyword<'a>(i: &'a str, word: &'static str) -> Option<&'a str> {
    let head = i.as_bytes().get(..word.len())?;
    if !head.eq_ignore_ascii_case(word.as_bytes()) {
        return None;
    }
    // `word` is ASCII and matched, so its length is a char boundary.
    let rest = &i[word.len()..];
    syntax::ends_word(rest).then_some(rest)
}

/// A comparison operator, symbol or word.
pub(crate) fn operator(i: &str) -> PResult<'_, Operator> {
    let b = i.as_bytes();
    let symbol = match (b.first(), b.get(1)) {
        (Some(b'<'), Some(b'=')) => Some((2, Operator::Le)),
        (Some(b'<'), Some(b'>')) => Some((2, Operator::Ne)),
        (Some(b'<'), _) => Some((1, Operator::Lt)),
        (Some(b'>'), Some(b'=')) => Some((2, Operator::Ge)),
        (Some(b'>'), _) => Some((1, Operator::Gt)),
        (Some(b'!'), Some(b'=')) => Some((2, Operator::Ne)),
        (Some(b'='), _) => Some((1, Operator::Eq)),
        _ => None,
    };
    if let Some((len, op)) = symbol {
        return Ok((&i[len..], op));
    }
    if let Some(rest) = keyword(i, "NOT") {
        let after = ws(rest);
        return match word_operator(after) {
            Some((rest, op)) => Ok((rest, op.negate())),
            None => fail(after, Expected::AfterNot),
        };
    }
    match word_operator(i) {
        Some(found) => Ok(found),
        None => fail(i, Expected::Operator),
    }
}

fn word_operator(i: &str) -> Option<(&str, Operator)> {
    [
        ("IN", Operator::In),
        ("CONTAINS", Operator::Contains),
        ("MATCHES", Operator::Matches),
    ]
    .into_iter()
    .find_map(|(word, op)| keyword(i, word).map(|rest| (rest, op)))
}

/// A quoted string, `"..."` or `'...'`, unescaped.
///
/// `\"`, `\'` and `\\` are escapes; any other backslash is kept as written,
/// so regexes such as `backup.*\.zip` pass through unchanged.
pub(crate) fn quoted(i: &str) -> PResult<'_, Text> {
    let bytes = i.as_bytes();
    let Some(&quote) = bytes.first() else {
        return fail(i, Expected::Value);
    };
    let body = &i[1..];
    let bytes = body.as_bytes();
    let mut unescaped: Option<String> = None;
    let (mut from, mut k) = (0, 0);
    while k < bytes.len() {
        match bytes[k] {
            b if b == quote => {
                let text = match unescaped {
                    None => Text::from(&body[..k]),
                    Some(mut text) => {
                        text.push_str(&body[from..k]);
                        Text::from(text)
                    }
                };
                return Ok((&body[k + 1..], text.quoted_in(quote)));
            }
            b'\\' => match bytes.get(k + 1) {
                Some(&escaped @ (b'"' | b'\'' | b'\\')) => {
                    let text = unescaped.get_or_insert_with(String::new);
                    text.push_str(&body[from..k]);
                    text.push(char::from(escaped));
                    k += 2;
                    from = k;
                }
                _ => k += 1,
            },
            _ => k += 1,
        }
    }
    fail(i, Expected::ClosingQuote(quote))
}

/// Whether `i` starts with a quote.
pub(crate) fn starts_quoted(i: &str) -> bool {
    matches!(i.as_bytes().first(), Some(b'"' | b'\''))
}

/// One value: quoted, or a bare run of value characters.
pub(crate) fn scalar(i: &str, expected: Expected) -> PResult<'_, Text> {
    if starts_quoted(i) {
        return quoted(i);
    }
    match syntax::bare_value_len(i) {
        0 => fail(i, expected),
        // `status= AND x=1` is a missing value, not the value "AND"; the
        // printer quotes keyword values, so nothing is lost.
        len if syntax::is_keyword(&i[..len]) => fail(i, expected),
        len => Ok((&i[len..], Text::from(&i[..len]))),
    }
}

/// The comma-separated items of `IN` / `NOT IN`.
pub(crate) fn list(i: &str) -> PResult<'_, Vec<Text>> {
    let (mut i, first) = scalar(i, Expected::Value)?;
    let mut items = vec![first];
    loop {
        let after = ws(i);
        let Some(rest) = after.strip_prefix(',') else {
            return Ok((i, items));
        };
        let (rest, item) = scalar(ws(rest), Expected::ListItem)?;
        items.push(item);
        i = rest;
    }
}

/// A name (entity type or attribute): quoted, or a bare identifier that is
/// not a keyword. `bare_len` measures the bare form.
pub(crate) fn name(i: &str, bare_len: fn(&str) -> usize, expected: Expected) -> PResult<'_, Text> {
    if starts_quoted(i) {
        return quoted(i);
    }
    match bare_len(i) {
        0 => fail(i, expected),
        len if syntax::is_keyword(&i[..len]) => fail(i, expected),
        len => Ok((&i[len..], Text::from(&i[..len]))),
    }
}
