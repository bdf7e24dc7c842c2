//! Evaluation against JSON entities, one test per rule of the issue.

use accsyn_query::{Filter, attr, parse, parse_expression};
use serde_json::{Value, json};

fn filter(expr: &str) -> Filter {
    Filter::from_expression(&parse_expression(expr).unwrap()).unwrap()
}

fn check(expr: &str, entity: Value, expected: bool) {
    assert_eq!(
        filter(expr).matches(&entity),
        expected,
        "{expr} on {entity}"
    );
}

#[test]
fn strings_compare_case_insensitively() {
    check(
        "user=LISA@example.com",
        json!({"user": "lisa@EXAMPLE.com"}),
        true,
    );
    check("user=lisa", json!({"user": "lisa2"}), false);
    check("name=åsa", json!({"name": "ÅSA"}), true);
    check("status!=Failed", json!({"status": "FAILED"}), false);
    check("status!=failed", json!({"status": "done"}), true);
}

#[test]
fn attribute_names_are_case_insensitive() {
    check("STATUS=running", json!({"status": "running"}), true);
    check("Status!=running", json!({"status": "running"}), false);
    check("status=running", json!({"Status": "running"}), true);
    check(
        "JOB.Id=5a7325f8b7ef72f5f9d74bf4",
        json!({"job": {"ID": "5a7325f8b7ef72f5f9d74bf4"}}),
        true,
    );
    // Several comparisons of one attribute in different cases share its lookup.
    check("Size>1 AND SIZE<9 AND size!=5", json!({"size": 4}), true);
    check("Size>1 AND SIZE<9 AND size!=5", json!({"size": 5}), false);
    check("STATUS IN done,failed", json!({"status": "failed"}), true);
    check(
        "NAME contains back",
        json!({"name": "nightly backup"}),
        true,
    );
    check("MISSING!=x", json!({"status": "running"}), true);
}

#[test]
fn star_is_a_wildcard_in_eq_and_ne() {
    check(
        r#"code="* backup""#,
        json!({"code": "Nightly Backup"}),
        true,
    );
    check(r#"code="* backup""#, json!({"code": "backup"}), false);
    check("code=*back*", json!({"code": "a BACKUP b"}), true);
    check("code!=*.tmp", json!({"code": "x.TMP"}), false);
    check("code contains *", json!({"code": "no star"}), false);
}

#[test]
fn ordering_is_numeric_chronological_or_textual() {
    check("size>9", json!({"size": 10}), true);
    check("size>9", json!({"size": "10"}), true);
    check("size<=10.0", json!({"size": 10}), true);
    check("size<2", json!({"size": 10}), false);
    check(
        "created>=2026-01-22T08:35:59",
        json!({"created": "2026-01-22T08:43:05"}),
        true,
    );
    // A date alone is not a timestamp; as text it still orders four-digit-year timestamps.
    check(
        "created<2026-01-22",
        json!({"created": "2026-01-21T23:59:59"}),
        true,
    );
    // Two-digit years and fractions compare as times, where text order would differ.
    check(
        "created>=26-01-22T08:00:00",
        json!({"created": "2026-01-22T08:35:59"}),
        true,
    );
    check(
        "created>=2026-01-22T08:35:59.50",
        json!({"created": "2026-01-22T08:35:59.5"}),
        true,
    );
    // What is not the backend's form is text, even where it names a time: an offset, a day
    // that does not exist, a leap second.
    check(
        "created<2026-01-22T10:00:00+02:00",
        json!({"created": "2026-01-22T09:59:59"}),
        true,
    );
    // (Read as a time, 2026-02-31 would be March 3rd, after this.)
    check(
        "created>2026-02-31T00:00:00",
        json!({"created": "2026-03-01T00:00:00"}),
        true,
    );
    check("name<b", json!({"name": "Alpha"}), true);
    check("name>b", json!({"name": "alpha"}), false);
    check("size>1", json!({"size": null}), false);
}

#[test]
fn in_tests_membership() {
    check("type in 0,2", json!({"type": 2}), true);
    check("type in 0,2", json!({"type": 1}), false);
    check(
        r#"status in "done,failed""#,
        json!({"status": "Failed"}),
        true,
    );
    check(
        r#"status in "done, failed""#,
        json!({"status": "failed"}),
        true,
    );
    check(
        r#"status not in "done,failed""#,
        json!({"status": "queued"}),
        true,
    );
    check(
        "status not in done,failed",
        json!({"status": "done"}),
        false,
    );
    check("status in done", json!({"status": "don"}), false);
}

#[test]
fn contains_is_substring_or_membership() {
    check(
        r#"name CONTAINS "backup""#,
        json!({"name": "My BACKUP.zip"}),
        true,
    );
    check(
        "roles CONTAINS storage",
        json!({"roles": ["admin", "Storage"]}),
        true,
    );
    check(
        "roles CONTAINS stor",
        json!({"roles": ["admin", "storage"]}),
        false,
    );
    check(
        "roles NOT CONTAINS storage",
        json!({"roles": ["admin"]}),
        true,
    );
    check("size contains 12", json!({"size": 3123}), true);
}

#[test]
fn matches_is_a_case_insensitive_regex() {
    check(
        r#"name matches "backup.*\.zip""#,
        json!({"name": "old_BACKUP_1.ZIP"}),
        true,
    );
    check(
        r#"name matches "backup.*\.zip""#,
        json!({"name": "backup_zip"}),
        false,
    );
    check(r#"name not matches "^tmp""#, json!({"name": "tmp1"}), false);
    check("tags matches ^a", json!({"tags": ["b", "A1"]}), true);
}

#[test]
fn dotted_attributes_walk_objects() {
    check(
        "metadata.shot=sh010",
        json!({"metadata": {"shot": "SH010"}}),
        true,
    );
    check(
        "metadata.shot=sh010",
        json!({"metadata": {"seq": "sh010"}}),
        false,
    );
    check("job.id=5a73", json!({"job": {"id": "5a73"}}), true);
    check("job.id=5a73", json!({"job": "5a73"}), true);
    check("job.code=5a73", json!({"job": "5a73"}), false);
    check("job=5a73", json!({"job": {"id": "5a73"}}), true);
    check(
        "tasks.status=failed",
        json!({"tasks": [{"status": "done"}, {"status": "failed"}]}),
        true,
    );
}

#[test]
fn missing_attribute_fails_positive_and_passes_negative() {
    let empty = json!({});
    for positive in [
        "a=1",
        "a<1",
        "a>1",
        "a in 1",
        "a contains 1",
        "a matches 1",
        "a=*",
    ] {
        check(positive, empty.clone(), false);
    }
    for negative in ["a!=1", "a not in 1", "a not contains 1", "a not matches 1"] {
        check(negative, empty.clone(), true);
    }
    check("a=1", json!({"a": null}), false);
    check("a!=1", json!({"a": null}), true);
}

#[test]
fn numbers_and_booleans() {
    check("size=1024", json!({"size": 1024.0}), true);
    check("finished=true", json!({"finished": true}), true);
    check("finished=TRUE", json!({"finished": false}), false);
    check("id=abc", json!({"id": 7}), false);
}

#[test]
fn nested_seed_query_and_grouping() {
    let q = parse(
        r#"transfer WHERE ((user=lisa@example.com AND destination=hq) OR status<>failed) AND code="* backup""#,
    )
    .unwrap();
    let f = Filter::new(&q).unwrap();
    let e = |user: &str, dest: &str, status: &str, code: &str| json!({"user": user, "destination": dest, "status": status, "code": code});
    assert!(f.matches(&e("lisa@example.com", "hq", "failed", "x backup")));
    assert!(f.matches(&e("john@example.com", "la", "done", "x backup")));
    assert!(!f.matches(&e("john@example.com", "la", "failed", "x backup")));
    assert!(!f.matches(&e("lisa@example.com", "hq", "done", "backup x")));
}

#[test]
fn query_without_where_matches_everything() {
    let f = Filter::new(&parse("Transfer").unwrap()).unwrap();
    assert!(f.matches(&json!({})) && f.matches(&json!(null)));
}

/// Integers past 2^53 (file sizes, numeric ids) compare exactly, not as the
/// nearest `f64`, which two neighbours share.
#[test]
fn large_integers_compare_exactly() {
    let (below, at) = (9_007_199_254_740_992_u64, 9_007_199_254_740_993_u64);
    check("size=9007199254740993", json!({ "size": below }), false);
    check("size=9007199254740993", json!({ "size": at }), true);
    check("size!=9007199254740993", json!({ "size": below }), true);
    check("size in 9007199254740993", json!({ "size": below }), false);
    check("size>9007199254740992", json!({ "size": at }), true);
    check("size<9007199254740993", json!({ "size": below }), true);
    check(
        "size>9007199254740992",
        json!({ "size": "9007199254740993" }),
        true,
    );
    check("id=18446744073709551614", json!({ "id": u64::MAX }), false);
    check("id=-9223372036854775808", json!({ "id": i64::MIN }), true);
    // Floats still compare as floats, and integers with them.
    check("size=5", json!({ "size": 5.0 }), true);
    check("size=5.0", json!({ "size": 5 }), true);
    check("size<5.5", json!({ "size": 5 }), true);
}

/// The corners the fast path and the key scan special-case, decided
/// through the public API.
#[test]
fn empty_and_non_ascii_names_stars_and_large_maps() {
    let eq = |name: &str, value: &str| Filter::from_expression(&attr(name).eq(value)).unwrap();
    assert!(eq("", "x").matches(&json!({"": "X", "a": "y"})));
    assert!(!eq("", "x").matches(&json!({"a": "x"})));
    assert!(eq("\u{fc}mlaut", "\u{d6}").matches(&json!({"\u{fc}mlaut": "\u{f6}"})));
    // Names are case-insensitive beyond ASCII too.
    assert!(eq("\u{dc}mlaut", "\u{f6}").matches(&json!({"\u{fc}mlaut": "\u{f6}"})));
    assert!(eq("\u{fc}mlaut", "\u{f6}").matches(&json!({"\u{dc}MLAUT": "\u{f6}"})));
    assert!(!eq("\u{fc}mlaut", "\u{f6}").matches(&json!({"umlaut": "\u{f6}"})));
    for stars in ["*", "**", "***"] {
        for text in ["", "x", "\u{212A}"] {
            assert!(
                eq("a", stars).matches(&json!({ "a": text })),
                "{stars} on {text:?}"
            );
        }
        assert!(
            !eq("a", stars).matches(&json!({})),
            "{stars} on a missing attribute"
        );
    }
    assert!(eq("a", "").matches(&json!({"a": ""})));
    assert!(!eq("a", "").matches(&json!({"a": " "})));
    // Past 32 keys the lookup walks the tree instead of scanning.
    let large: serde_json::Map<String, Value> = (0..40)
        .map(|i| (format!("k{i}"), json!(format!("V{i}"))))
        .collect();
    let large = Value::Object(large);
    assert!(eq("k39", "v39").matches(&large) && eq("k0", "v*").matches(&large));
    assert!(eq("K39", "v39").matches(&large) && !eq("k40", "*").matches(&large));
}

/// A string or an array is not an entity with attributes: `id=x` must not
/// take the string `"x"` for an entity whose id is x (the `job.id` rule is
/// for an attribute holding an id), nor an array for any of its elements.
#[test]
fn entities_that_are_not_objects_have_no_attributes() {
    for entity in [
        json!("x"),
        json!(["x"]),
        json!([{"id": "x"}]),
        json!(5),
        json!(null),
    ] {
        for (expr, memo) in [("id=x", "id=x OR id=y"), ("id!=x", "id!=x AND id!=y")] {
            let negated = expr.contains('!');
            check(expr, entity.clone(), negated);
            check(memo, entity.clone(), negated);
            check("id.id=x", entity.clone(), false);
        }
    }
}

#[test]
fn attributes_read_by_several_comparisons_give_the_same_answers() {
    // These filters remember each entity's lookups; every answer must match
    // the comparisons decided one at a time.
    let entities = [
        json!({"status": "done", "job": {"id": "5a73"}, "size": 5}),
        json!({"status": "FAILED", "job": "5a73", "size": 12}),
        json!({"status": "queued", "size": null}),
        json!({"job": [{"id": "x"}, {"id": "5a73"}]}),
        json!("not an object"),
    ];
    for (combined, parts, any) in [
        (
            "status=done OR status=failed",
            &["status=done", "status=failed"][..],
            true,
        ),
        ("size>1 AND size<10", &["size>1", "size<10"], false),
        (
            "job.id=5a73 OR job=5a73 OR job.id!=x",
            &["job.id=5a73", "job=5a73", "job.id!=x"],
            true,
        ),
        (
            "status!=done AND status not in queued",
            &["status!=done", "status not in queued"],
            false,
        ),
    ] {
        for entity in &entities {
            let one_by_one = parts.iter().map(|p| filter(p).matches(entity));
            let expected = if any {
                one_by_one.into_iter().any(|m| m)
            } else {
                one_by_one.into_iter().all(|m| m)
            };
            assert_eq!(
                filter(combined).matches(entity),
                expected,
                "{combined} on {entity}"
            );
        }
    }
}
