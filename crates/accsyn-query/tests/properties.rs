//! Properties over generated input (10,000 cases each, set here so a plain
//! `cargo test` runs them all).

use accsyn_query::{Expr, Filter, Query, Value, attr, parse, parse_expression};
use proptest::collection::vec;
use proptest::prelude::*;

/// Values users might type, and values nobody should but someone will.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9@._:*+/-]{1,12}",
        r#"[ "'\\(),=<>!*aA]{0,8}"#,
        "(?i)(and|or|not|in|contains|matches|where)",
        any::<String>(),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z_][a-zA-Z0-9_-]{0,6}(\\.[a-z0-9_]{1,4}){0,2}",
        1 => any::<String>(),
    ]
}

fn comparison() -> impl Strategy<Value = Expr> {
    (name(), 0..12usize, value(), vec(value(), 1..4)).prop_map(|(n, op, v, list)| {
        let a = attr(n);
        match op {
            0 => a.eq(v),
            1 => a.ne(v),
            2 => a.lt(v),
            3 => a.gt(v),
            4 => a.le(v),
            5 => a.ge(v),
            6 => a.is_in(list),
            7 => a.not_in(list),
            8 => a.contains(v),
            9 => a.not_contains(v),
            10 => a.matches(v),
            _ => a.not_matches(v),
        }
    })
}

fn expr() -> impl Strategy<Value = Expr> {
    comparison().prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 2..5).prop_map(|ops| ops.into_iter().reduce(Expr::and).unwrap()),
            vec(inner.clone(), 2..5).prop_map(|ops| ops.into_iter().reduce(Expr::or).unwrap()),
            inner.prop_map(Expr::group),
        ]
    })
}

fn query() -> impl Strategy<Value = Query> {
    (name(), proptest::option::of(expr())).prop_map(|(ty, e)| match e {
        Some(e) => Query::new(ty).filter(e),
        None => Query::new(ty),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn generated_trees_print_and_parse_back_equal(q in query()) {
        let text = q.to_string();
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}\n{e}")))?;
        prop_assert_eq!(&parsed, &q, "{:?}", text);
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in prop_oneof![
        any::<String>(),
        r#"[a-zA-Z0-9 =<>!()'",\\.*\n]{0,60}"#,
        "(?i)t (where )?((\\(|not |in |and |or |contains |matches |[a-z.]+|[=<>!]+|'|\"|,|\\)) ?){0,12}",
    ]) {
        match parse(&s) {
            Ok(q) => {
                let text = q.to_string();
                prop_assert_eq!(parse(&text).ok(), Some(q.clone()), "{:?} printed as {:?}", s, text);
                let _ = Filter::new(&q).map(|f| f.matches(&serde_json::json!({"a": "x", "b": [1, "y"]})));
            }
            Err(e) => {
                prop_assert!(e.offset() <= s.len());
                let _ = e.to_string();
            }
        }
        if let Ok(e) = parse_expression(&s) {
            prop_assert_eq!(parse_expression(&e.to_string()).ok(), Some(e));
        }
    }

    #[test]
    fn builder_round_trips_arbitrary_values(ty in name(), v in value(), w in value()) {
        let q = Query::new(ty).filter(attr("name").eq(&v).and(attr("status").ne(&w)));
        let text = q.to_string();
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}\n{e}")))?;
        prop_assert_eq!(&parsed, &q);
        let Some(Expr::And(ops)) = parsed.expression() else {
            return Err(TestCaseError::fail(format!("not one AND: {text:?}")));
        };
        prop_assert_eq!(ops.len(), 2);
        let Expr::Compare(first) = &ops[0] else {
            return Err(TestCaseError::fail(format!("not a comparison: {text:?}")));
        };
        prop_assert_eq!(first.value(), &Value::Scalar(v.into()));
    }
}

/// Entity attribute values of every JSON kind the filter has a rule for.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        "[a-cA-C0-9*.:-]{0,6}".prop_map(|s| json!(s)),
        (-5i64..5).prop_map(|n| json!(n)),
        any::<bool>().prop_map(|b| json!(b)),
        Just(json!(null)),
        vec("[a-c0-9]{0,3}", 0..3).prop_map(|v| json!(v)),
        "[a-c0-9]{0,3}".prop_map(|s| json!({"id": s})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn negated_operators_are_exact_complements(
        v in json_value(),
        q in "[a-cA-C0-9*.:-]{0,6}",
        present in any::<bool>(),
    ) {
        let entity = if present { serde_json::json!({"a": v}) } else { serde_json::json!({}) };
        let pairs = [
            (attr("a").eq(&q), attr("a").ne(&q)),
            (attr("a").is_in([&q, "1"]), attr("a").not_in([&q, "1"])),
            (attr("a").contains(&q), attr("a").not_contains(&q)),
            (attr("a").matches(regex_escape(&q)), attr("a").not_matches(regex_escape(&q))),
        ];
        for (positive, negative) in pairs {
            let p = Filter::from_expression(&positive).unwrap().matches(&entity);
            let n = Filter::from_expression(&negative).unwrap().matches(&entity);
            prop_assert_ne!(p, n, "{} vs {} on {}", positive, negative, entity);
            if !present {
                prop_assert!(!p, "{} matched a missing attribute", positive);
            }
        }
    }
}

/// `q` as a regex that matches it literally.
fn regex_escape(q: &str) -> String {
    q.chars().fold(String::new(), |mut out, c| {
        if !c.is_ascii_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

/// Small comparisons over two attributes, so generated entities hit them.
fn small_comparison() -> impl Strategy<Value = Expr> {
    let name = prop_oneof![Just("a"), Just("b"), Just("a.id"), Just("c")];
    let value = "[a-c0-9*]{0,3}";
    (name, 0..10usize, value).prop_map(|(n, op, v)| {
        let a = attr(n);
        match op {
            0 => a.eq(v),
            1 => a.ne(v),
            2 => a.lt(v),
            3 => a.ge(v),
            4 => a.is_in([v.as_str(), "1"]),
            5 => a.not_in([v]),
            6 => a.contains(v),
            7 => a.not_contains(v),
            8 => a.matches(regex_escape(&v)),
            _ => a.not_matches(regex_escape(&v)),
        }
    })
}

fn small_expr() -> impl Strategy<Value = Expr> {
    small_comparison().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 2..5).prop_map(|ops| ops.into_iter().reduce(Expr::and).unwrap()),
            vec(inner.clone(), 2..5).prop_map(|ops| ops.into_iter().reduce(Expr::or).unwrap()),
            inner.prop_map(Expr::group),
        ]
    })
}

/// The filter decided the slow, obvious way: each comparison compiled on
/// its own, combined in the written order.
fn reference(expr: &Expr, entity: &serde_json::Value) -> bool {
    match expr {
        Expr::Compare(_) => Filter::from_expression(expr).unwrap().matches(entity),
        Expr::And(ops) => ops.iter().all(|e| reference(e, entity)),
        Expr::Or(ops) => ops.iter().any(|e| reference(e, entity)),
        Expr::Group(g) => reference(g.expr(), entity),
        _ => unreachable!("no other expression kinds yet"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The compiled filter reorders operands by cost and remembers lookups;
    /// neither may change an answer.
    #[test]
    fn compiled_filter_agrees_with_comparisons_one_by_one(
        e in small_expr(),
        a in proptest::option::of(json_value()),
        b in proptest::option::of(json_value()),
    ) {
        let mut entity = serde_json::Map::new();
        if let Some(a) = a { entity.insert("a".into(), a); }
        if let Some(b) = b { entity.insert("b".into(), b); }
        let entity = serde_json::Value::Object(entity);
        let filter = Filter::from_expression(&e).unwrap();
        prop_assert_eq!(filter.matches(&entity), reference(&e, &entity), "{} on {}", e, entity);
    }
}

/// Text mixing ASCII case with characters whose lowering changes length
/// (KELVIN SIGN to `k`, `İ` to `i` + U+0307) or stays outside ASCII, and
/// the `*` wildcard: what the filter's fast paths must get right.
fn tricky_text() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        Just('a'),
        Just('A'),
        Just('k'),
        Just('K'),
        Just('\u{212A}'),
        Just('i'),
        Just('\u{130}'),
        Just('\u{307}'),
        Just('ß'),
        Just('\u{1E9E}'),
        Just('Å'),
        Just('å'),
        Just(' '),
        Just('*'),
    ];
    vec(chars, 0..8).prop_map(|chars| chars.into_iter().collect())
}

fn lowered(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// `=` by its definition: both sides lowered; `*` splits the value into
/// parts that start, end and occur in order in the text.
fn eq_by_definition(text: &str, value: &str) -> bool {
    let (text, value) = (lowered(text), lowered(value));
    let parts: Vec<&str> = value.split('*').collect();
    let (first, last) = match parts.as_slice() {
        [only] => return text == *only,
        [first, .., last] => (*first, *last),
        [] => unreachable!("split yields at least one part"),
    };
    if text.len() < first.len() + last.len() || !text.starts_with(first) || !text.ends_with(last) {
        return false;
    }
    let mut middle = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match middle.find(part) {
            Some(at) => middle = &middle[at + part.len()..],
            None => return false,
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The filter decides `=` from lengths and ASCII folding where it can;
    /// it must answer as lowering both sides would.
    #[test]
    fn eq_agrees_with_lowering_both_sides(text in tricky_text(), value in tricky_text()) {
        let entity = serde_json::json!({ "a": text });
        let expected = eq_by_definition(&text, &value);
        let eq = Filter::from_expression(&attr("a").eq(value.as_str())).unwrap();
        let ne = Filter::from_expression(&attr("a").ne(value.as_str())).unwrap();
        prop_assert_eq!(eq.matches(&entity), expected, "{:?} = {:?}", text, value);
        prop_assert_eq!(ne.matches(&entity), !expected, "{:?} != {:?}", text, value);
    }
}
