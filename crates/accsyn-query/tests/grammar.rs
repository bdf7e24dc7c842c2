//! The grammar over every query the product documents and the official
//! client use (tests/corpus.txt), plus the tree shapes that matter.

use accsyn_query::{Expr, Operator, Query, Value, parse, parse_expression};

/// Parses `q`, checks it prints as `canonical`, and that the canonical form
/// parses to an equal tree and prints as itself.
fn parses_to(q: &str, canonical: &str) -> Query {
    let parsed = parse(q).unwrap_or_else(|e| panic!("{q:?} does not parse:\n{e}"));
    assert_eq!(parsed.to_string(), canonical, "canonical form of {q:?}");
    let reparsed = parse(canonical).unwrap_or_else(|e| panic!("{canonical:?}:\n{e}"));
    assert_eq!(reparsed, parsed, "{canonical:?} parses to a different tree");
    assert_eq!(reparsed.to_string(), canonical);
    assert_eq!(q.parse::<Query>().as_ref(), Ok(&parsed), "FromStr agrees");
    parsed
}

/// Parses `q` and checks it is already canonical.
fn verified(q: &str) -> Query {
    parses_to(q, q)
}

fn expression_parses_to(q: &str, canonical: &str) -> Expr {
    let parsed = parse_expression(q).unwrap_or_else(|e| panic!("{q:?} does not parse:\n{e}"));
    assert_eq!(parsed.to_string(), canonical, "canonical form of {q:?}");
    assert_eq!(parse_expression(canonical).as_ref(), Ok(&parsed));
    parsed
}

#[test]
fn corpus_of_documented_queries() {
    let corpus = include_str!("corpus.txt");
    let mut expressions = false;
    let mut checked = 0;
    for line in corpus.lines() {
        match line.trim() {
            "" => continue,
            c if c.starts_with('#') => continue,
            "[queries]" => expressions = false,
            "[expressions]" => expressions = true,
            _ => {
                let (q, canonical) = line.split_once("  =>  ").unwrap_or((line, line));
                if expressions {
                    expression_parses_to(q, canonical);
                } else {
                    parses_to(q, canonical);
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "only {checked} corpus lines checked");
}

#[test]
fn facade_example_prints_as_written() {
    verified("Transfer WHERE status=done");
}

#[test]
fn nested_seed_query_keeps_grouping_and_precedence() {
    let q = parse(
        r#"transfer WHERE ((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#,
    )
    .unwrap();
    assert_eq!(q.entity_type(), "transfer");
    insta::assert_debug_snapshot!(q.expression().unwrap());
}

#[test]
fn and_binds_tighter_than_or() {
    let expr = parse_expression("a=1 OR b=2 AND c=3 OR d=4").unwrap();
    let Expr::Or(operands) = &expr else {
        panic!("{expr:?}")
    };
    assert_eq!(operands.len(), 3);
    assert!(matches!(&operands[1], Expr::And(ands) if ands.len() == 2));
}

#[test]
fn chains_are_flat() {
    let q = format!("t WHERE {}", vec!["a=1"; 500].join(" OR "));
    let Some(Expr::Or(operands)) = parse(&q).unwrap().expression().cloned() else {
        panic!()
    };
    assert_eq!(operands.len(), 500);
}

#[test]
fn word_operators_are_case_insensitive() {
    for (text, op) in [
        ("in", Operator::In),
        ("Not In", Operator::NotIn),
        ("contains", Operator::Contains),
        ("NOT\tCONTAINS", Operator::NotContains),
        ("matches", Operator::Matches),
        ("not  matches", Operator::NotMatches),
    ] {
        let expr = parse_expression(&format!("name {text} x")).unwrap();
        let Expr::Compare(c) = expr else { panic!() };
        assert_eq!(c.operator(), op, "{text}");
    }
}

#[test]
fn lists_and_scalars() {
    let Expr::Compare(c) = parse_expression(r#"status in "done,failed""#).unwrap() else {
        panic!()
    };
    assert_eq!(c.value(), &Value::List(vec!["done,failed".into()]));
    let Expr::Compare(c) = parse_expression("type in 0, 2 ,3").unwrap() else {
        panic!()
    };
    assert_eq!(c.value().as_list().unwrap(), ["0", "2", "3"]);
    let Expr::Compare(c) = parse_expression(r#"name matches "backup.*\.zip""#).unwrap() else {
        panic!()
    };
    assert_eq!(
        c.value().as_str(),
        Some(r"backup.*\.zip"),
        "unknown escapes are kept"
    );
}

#[test]
fn spans_locate_nodes_and_do_not_affect_equality() {
    let a = parse("Transfer WHERE status=done").unwrap();
    let b = parse("   Transfer   WHERE   status  =  done").unwrap();
    assert_eq!(a, b);
    assert_ne!(a.span(), b.span());
    let Some(Expr::Compare(c)) = b.expression() else {
        panic!()
    };
    assert_eq!(
        &"   Transfer   WHERE   status  =  done"[c.span().start()..c.span().end()],
        "status  =  done"
    );
}

#[test]
fn keywords_inside_words_are_not_keywords() {
    let q = verified("Transfer WHERE origin=x AND android=y");
    let Some(Expr::And(ops)) = q.expression() else {
        panic!()
    };
    assert_eq!(ops.len(), 2);
}

#[test]
fn wire_query_field_in_both_forms() {
    // The recorded official client sends these `query` fields.
    let cases = [
        ("transfer", "status=done", "transfer WHERE status=done"),
        (
            "transfer",
            "name contains backup",
            "transfer WHERE name CONTAINS backup",
        ),
        (
            "delivery",
            "name='project references'",
            r#"delivery WHERE name="project references""#,
        ),
        (
            "acl",
            "acl WHERE target=share:0123456789abcdef01234567",
            "acl WHERE target=share:0123456789abcdef01234567",
        ),
        ("transfer", "  ", "transfer"),
    ];
    for (ty, field, canonical) in cases {
        let q = Query::from_wire(ty, field).unwrap_or_else(|e| panic!("{field:?}:\n{e}"));
        assert_eq!(q.to_string(), canonical);
    }
    let err = Query::from_wire("transfer", "status=").unwrap_err();
    assert_eq!(err.offset(), 7);
}
