//! `accsyn query`: every query of the seeds' corpus (accsyn-query's tests/corpus.txt) checks
//! and formats; malformed ones exit 2 with the caret under the mistake.

use crate::support::{Run, accsyn, run, run_with_stdin};

/// The corpus of every query in the product documents, kept by accsyn-query's tests.
const CORPUS: &str = include_str!("../../accsyn-query/tests/corpus.txt");

/// (query, canonical form) pairs of one section of the corpus.
fn corpus(section: &str) -> Vec<(&'static str, &'static str)> {
    let mut in_section = false;
    let mut pairs = Vec::new();
    for line in CORPUS.lines() {
        match line.trim() {
            "" => {}
            c if c.starts_with('#') => {}
            c if c.starts_with('[') => in_section = c == section,
            _ if in_section => pairs.push(line.split_once("  =>  ").unwrap_or((line, line))),
            _ => {}
        }
    }
    assert!(pairs.len() >= 4, "the corpus has a {section} section");
    pairs
}

fn query(args: &[&str], stdin: Option<&str>) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut command = accsyn(dir.path());
    command.arg("query").args(args);
    match stdin {
        Some(input) => run_with_stdin(&mut command, input),
        None => run(&mut command),
    }
}

#[test]
fn every_corpus_query_checks_one_by_one() {
    let queries = corpus("[queries]");
    assert!(queries.len() >= 60);
    for (q, _) in queries {
        let out = query(&["check", q], None);
        assert_eq!(out.code, 0, "{q:?}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "{q:?}: {}", out.stderr);
    }
}

#[test]
fn the_corpus_checks_and_formats_from_stdin() {
    for (section, flags) in [
        ("[queries]", &[][..]),
        ("[expressions]", &["--expression"][..]),
    ] {
        let pairs = corpus(section);
        let input: String = pairs.iter().map(|(q, _)| format!("{q}\n")).collect();
        query(&[&["check", "-"], flags].concat(), Some(&input)).code(0);
        let out = query(&[&["fmt", "-"], flags].concat(), Some(&input));
        out.code(0);
        let canonical: Vec<&str> = pairs.iter().map(|(_, c)| *c).collect();
        assert_eq!(
            out.stdout.lines().collect::<Vec<_>>(),
            canonical,
            "{section}"
        );
    }
}

/// The column of the caret in a rendered error (its last line, indented two spaces).
fn caret_column(stderr: &str) -> usize {
    let caret = stderr.trim_end().lines().last().expect("a caret line");
    caret.find('^').expect("a caret") - 2 + 1
}

#[test]
fn a_malformed_query_exits_2_with_the_caret_under_the_mistake() {
    let cases = [
        ("Transfer WHERE name foo", 21),
        ("Transfer WHERE status=", 23),
        ("Transfer WHERE (status=done", 28),
        ("Transfer status=done", 10),
        ("Transfer WHERE name=x and y.png", 32),
        ("Delivery WHERE name='Project references", 21),
    ];
    for (q, column) in cases {
        let out = query(&["check", q], None);
        out.code(2);
        assert!(
            out.stderr.starts_with("accsyn: error: expected"),
            "{q:?}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains(&format!("column {column}")),
            "{q:?}: {}",
            out.stderr
        );
        assert_eq!(caret_column(&out.stderr), column, "{q:?}:\n{}", out.stderr);
        assert!(
            out.stderr.contains(&format!("\n  {q}\n")),
            "the query is shown: {}",
            out.stderr
        );
    }
}

#[test]
fn every_corpus_query_broken_at_its_end_points_there() {
    // Each query of the corpus with a dangling AND: the caret goes right after it.
    for (q, _) in corpus("[queries]") {
        let broken = if q.contains("WHERE") || q.contains("where") {
            format!("{q} AND")
        } else {
            format!("{q} WHERE")
        };
        let out = query(&["check", &broken], None);
        out.code(2);
        let column = broken.chars().count() + 1;
        assert!(
            out.stderr.contains(&format!("column {column}\n")),
            "{broken:?}:\n{}",
            out.stderr
        );
        // Long queries are shown as a window ending at the mistake: the caret sits right
        // after the last character shown.
        let lines: Vec<&str> = out.stderr.trim_end().lines().collect();
        let shown = lines[lines.len() - 2];
        assert_eq!(
            caret_column(&out.stderr),
            shown.chars().count() - 2 + 1,
            "{broken:?}:\n{}",
            out.stderr
        );
    }
}

#[test]
fn stdin_errors_name_their_line_and_json_reports_them_for_editors() {
    let input = "User\nTransfer WHERE status=\n\nDelivery WHERE name foo\n";
    let out = query(&["check", "-"], Some(input));
    out.code(2);
    assert!(out.stderr.contains("stdin line 2: "), "{}", out.stderr);
    assert!(out.stderr.contains("stdin line 4: "), "{}", out.stderr);

    let out = query(&["check", "-", "--format", "json"], Some(input));
    out.code(2);
    let reports: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["line"], 2);
    assert_eq!(reports[0]["column"], 23);
    assert_eq!(reports[0]["offset"], 22);
    assert!(
        reports[0]["expected"]
            .as_str()
            .is_some_and(|e| e.starts_with("expected a value"))
    );
    assert!(
        reports[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("found the end of the query"))
    );
    assert_eq!(
        (reports[1]["line"].as_u64(), reports[1]["column"].as_u64()),
        (Some(4), Some(21))
    );
    assert!(
        out.stderr.is_empty(),
        "JSON reports go to stdout only: {}",
        out.stderr
    );
}

#[test]
fn fmt_prints_the_canonical_form_and_refuses_a_malformed_query() {
    let out = query(
        &[
            "fmt",
            "transfer where name CONTAINS \"backup\" and status<>failed",
        ],
        None,
    );
    out.code(0);
    assert_eq!(
        out.stdout,
        "transfer WHERE name CONTAINS backup AND status!=failed\n"
    );
    query(&["fmt", "transfer where"], None).code(2);
}

#[test]
fn explain_shows_the_tree() {
    let out = query(
        &[
            "explain",
            "Transfer WHERE (user=lisa@example.com AND destination=hq) OR status<>failed",
        ],
        None,
    );
    out.code(0);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn eval_exits_0_on_a_match_and_1_otherwise() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let entity = dir.path().join("transfer.json");
    std::fs::write(
        &entity,
        r#"{"name": "Nightly BACKUP", "status": "done", "size": 2048}"#,
    )
    .expect("written");
    let entity = entity.to_str().expect("a UTF-8 path");
    query(
        &[
            "eval",
            "Transfer WHERE name CONTAINS backup AND size>1024",
            "--entity",
            entity,
        ],
        None,
    )
    .code(0);
    query(
        &["eval", "Transfer WHERE status=failed", "--entity", entity],
        None,
    )
    .code(1);
    query(
        &["eval", "status=done", "--expression", "--entity", entity],
        None,
    )
    .code(0);
    query(
        &["eval", "Transfer WHERE status=", "--entity", entity],
        None,
    )
    .code(2);
    let out = query(
        &[
            "eval",
            "Transfer WHERE status=done",
            "--entity",
            "-",
            "-o",
            "jsonl",
        ],
        Some(r#"[{"status": "done", "n": 1}, {"status": "failed", "n": 2}]"#),
    );
    out.code(0);
    assert_eq!(out.stdout, "{\"n\":1,\"status\":\"done\"}\n");
}
