//! Built queries print safely and parse back to exactly what was built.

use accsyn_query::{Expr, Query, Value, attr, parse};

fn round_trips(q: &Query) -> String {
    let text = q.to_string();
    let parsed = parse(&text).unwrap_or_else(|e| panic!("{text:?} does not parse:\n{e}"));
    assert_eq!(&parsed, q, "{text:?}");
    text
}

#[test]
fn issue_example() {
    let user_input = "x and y.png";
    let q =
        Query::new("Transfer").filter(attr("name").eq(user_input).and(attr("status").ne("failed")));
    assert_eq!(
        round_trips(&q),
        r#"Transfer WHERE name="x and y.png" AND status!=failed"#
    );
}

#[test]
fn hostile_values_stay_one_value() {
    for hostile in [
        "x\" OR status=failed OR name=\"",
        "x' OR 1=1 --",
        ") OR (a=1",
        "AND",
        "or",
        "a\\",
        "\\\"",
        "tab\there",
        "new\nline",
        "",
        "*",
        "a,b",
        "=",
        "<>",
        "\u{a0}nbsp",
    ] {
        let q = Query::new("Transfer")
            .filter(attr("name").eq(hostile).and(attr("status").ne("failed")));
        round_trips(&q);
        let Some(Expr::And(ops)) = q.expression() else {
            panic!()
        };
        assert_eq!(ops.len(), 2, "{hostile:?}");
        let Expr::Compare(c) = &ops[0] else { panic!() };
        assert_eq!(c.value(), &Value::Scalar(hostile.into()));
    }
}

#[test]
fn hostile_names_are_quoted() {
    let q = Query::new("Transfer WHERE status=done").filter(attr("a=1 OR b").eq(1));
    assert_eq!(
        round_trips(&q),
        r#""Transfer WHERE status=done" WHERE "a=1 OR b"=1"#
    );
}

#[test]
fn every_operator() {
    let q = Query::new("Transfer")
        .filter(attr("a").eq(1))
        .filter(attr("b").ne(2))
        .filter(attr("c").lt(3).or(attr("d").gt(4)))
        .filter(attr("e").le(5).and(attr("f").ge(6)))
        .filter(attr("g").is_in(["x", "y z"]))
        .filter(attr("h").not_in([7]))
        .filter(
            attr("i")
                .contains("in")
                .or(attr("j").not_contains("out"))
                .group(),
        )
        .filter(attr("k").matches(r"^a\.b$"))
        .filter(attr("l").not_matches("c"));
    assert_eq!(
        round_trips(&q),
        r#"Transfer WHERE a=1 AND b!=2 AND (c<3 OR d>4) AND e<=5 AND f>=6 AND g IN x,"y z" AND h NOT IN 7 AND (i CONTAINS "in" OR j NOT CONTAINS out) AND k MATCHES ^a\.b$ AND l NOT MATCHES c"#
    );
}

#[test]
fn or_of_ands_needs_no_parentheses() {
    let e = attr("a")
        .eq(1)
        .and(attr("b").eq(2))
        .or(attr("c").eq(3).and(attr("d").eq(4)));
    assert_eq!(e.to_string(), "a=1 AND b=2 OR c=3 AND d=4");
    round_trips(&Query::new("t").filter(e));
}

#[test]
fn empty_list_becomes_one_empty_item() {
    let q = Query::new("t").filter(attr("a").is_in(Vec::<String>::new()));
    assert_eq!(round_trips(&q), r#"t WHERE a IN """#);
}
