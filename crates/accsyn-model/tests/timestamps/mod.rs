//! `Timestamp` against the workspace's one table of timestamp cases
//! (`tests/fixtures/timestamps.txt`), which accsyn-query's evaluator, accsyn-transport and the
//! emulator are tested against too: every `accept` row parses to its instant and prints back as
//! the table says, every `reject` row is refused.

use accsyn_model::Timestamp;

const TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/timestamps.txt"));

/// One row: the text, and for an accepted one its unix seconds, nanoseconds and printed form.
struct Case {
    text: String,
    accepted: Option<(i64, u32, String)>,
}

fn cases() -> Vec<Case> {
    let cases: Vec<Case> = TABLE
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let columns: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(columns.len(), 6, "{line}");
            let text = if columns[1].starts_with('"') {
                serde_json::from_str(columns[1]).unwrap()
            } else {
                columns[1].to_owned()
            };
            let accepted = match columns[0] {
                "accept" => Some((
                    columns[2].parse().unwrap(),
                    columns[3].parse().unwrap(),
                    columns[4].to_owned(),
                )),
                "reject" => None,
                other => panic!("verdict {other:?} in {line}"),
            };
            Case { text, accepted }
        })
        .collect();
    assert!(cases.iter().filter(|c| c.accepted.is_some()).count() >= 15);
    assert!(cases.iter().filter(|c| c.accepted.is_none()).count() >= 40);
    cases
}

#[test]
fn timestamp_agrees_with_the_shared_table() {
    for case in cases() {
        let parsed = Timestamp::parse(&case.text);
        match (&case.accepted, parsed) {
            (Some((seconds, nanos, printed)), Ok(t)) => {
                assert_eq!(t.unix_seconds(), *seconds, "{:?}", case.text);
                assert_eq!(t.nanosecond(), *nanos, "{:?}", case.text);
                assert_eq!(&t.to_string(), printed, "{:?}", case.text);
                // What is printed reads back as the same instant.
                assert_eq!(Timestamp::parse(printed).unwrap(), t);
                if *nanos == 0 {
                    let whole = Timestamp::from_unix_seconds(*seconds).unwrap();
                    assert_eq!(whole, t, "{:?}", case.text);
                }
            }
            (None, Err(e)) => {
                let message = e.to_string();
                assert!(message.contains("invalid timestamp"), "{message}");
            }
            (expected, got) => panic!(
                "{:?}: the table says {}, Timestamp::parse gave {got:?}",
                case.text,
                if expected.is_some() {
                    "accept"
                } else {
                    "reject"
                }
            ),
        }
    }
}
