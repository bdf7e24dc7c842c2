//! Malformed queries: every one gets a ParseError that points at the spot.

use accsyn_query::{Filter, ParseErrorKind, parse, parse_expression};

/// Queries users get wrong, each with a rendered error in the snapshot.
const MALFORMED: &[&str] = &[
    "",
    "   ",
    // using.txt's `find_one(' WHERE id=')` once its placeholders are stripped.
    " WHERE id=",
    "Transfer WHERE",
    "Transfer WHERE status=",
    "Transfer WHERE status done",
    "Transfer WHERE status==done",
    "Transfer WHERE (status=done",
    "Transfer WHERE status=done)",
    "Transfer WHERE ()",
    "Transfer WHERE status=done AND",
    "Transfer WHERE AND status=done",
    "Transfer WHERE name=x and y.png",
    "Transfer WHERE name=\"unterminated",
    "Transfer WHERE name='it's'",
    "Transfer WHERE name like x",
    "Transfer WHERE name not like x",
    "Transfer WHERE type in 0,",
    "Transfer WHERE type in0,2",
    "Transfer status=done",
    "Transfer WHEREstatus=done",
    "Transfer WHERE job.=1",
    "Transfer WHERE 1=status",
    "Transfer WHERE name=a,b",
    "Transfer WHERE status= AND x=1",
    "Transfer WHERE user=lisa@example.com\n  AND status=\n  OR x=1",
    "Transfer WHERE name=\u{1}",
];

#[test]
fn malformed_queries_render_a_caret() {
    let mut rendered = String::new();
    for q in MALFORMED {
        let err = parse(q).expect_err(q);
        assert!(err.offset() <= q.len());
        assert!(q.is_char_boundary(err.offset()));
        rendered.push_str(&format!("--- {q:?}\n{err}\n\n"));
    }
    insta::assert_snapshot!(rendered);
}

#[test]
fn position_is_offset_line_and_column() {
    let q = "Transfer WHERE user=lisa\n  AND status=";
    let err = parse(q).unwrap_err();
    assert_eq!(err.offset(), q.len());
    assert_eq!((err.line(), err.column()), (2, 14));
    assert!(err.expected().starts_with("expected a value"));
    assert_eq!(err.found(), "the end of the query");
    assert_eq!(err.kind(), ParseErrorKind::Syntax);
}

#[test]
fn error_is_a_std_error() {
    fn check(_: &(dyn std::error::Error + Send + Sync + 'static)) {}
    check(&parse("").unwrap_err());
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let q = format!("t WHERE {}a=1{}", "(".repeat(100_000), ")".repeat(100_000));
    let err = parse(&q).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::TooDeep);
    assert_eq!(err.offset(), 8 + 64);
    let ok = format!("t WHERE {}a=1{}", "(".repeat(64), ")".repeat(64));
    assert!(parse(&ok).is_ok());
}

#[test]
fn expression_errors_point_into_the_expression() {
    let err = parse_expression("status=done OR").unwrap_err();
    assert_eq!(err.offset(), 14);
    insta::assert_snapshot!(err.to_string());
}

#[test]
fn invalid_regex_is_reported_by_the_filter() {
    let q = parse(r#"Transfer WHERE status=done AND name matches "backup(.zip""#).unwrap();
    let err = Filter::new(&q).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::InvalidPattern);
    assert_eq!(err.offset(), 31);
    insta::assert_snapshot!(err.to_string());
}

#[test]
fn keyword_after_an_operator_is_a_missing_value() {
    // Once read as the value "AND", which moved the error to the wrong spot.
    let err = parse("Transfer WHERE status= AND x=1").unwrap_err();
    assert_eq!(err.offset(), 23);
    assert!(err.expected().starts_with("expected a value"));
    assert_eq!(err.found(), "'AND'");
}
