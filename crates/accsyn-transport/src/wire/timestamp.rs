//! The envelope's `created` field: UTC, `YYYY-MM-DDTHH:MM:SS`.
//!
//! The calendar is jiff's. Written here is only the protocol's fixed-width form, read the same
//! way as in accsyn-model's `Timestamp` and accsyn-query's evaluator (which this crate does not
//! depend on); `tests/fixtures/timestamps.txt` in the workspace is the one table of cases all
//! three are tested against.

use std::time::{SystemTime, UNIX_EPOCH};

use jiff::SignedDuration;
use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::DateTimePrinter;

const EPOCH: DateTime = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);
const LAST: DateTime = DateTime::constant(9999, 12, 31, 23, 59, 59, 0);
/// Whole seconds, no fraction: the form the official client sends.
const PRINTER: DateTimePrinter = DateTimePrinter::new().precision(Some(0));

/// Formats a point in time as the protocol's UTC timestamp, `YYYY-MM-DDTHH:MM:SS`.
///
/// Times before 1970 are printed as the epoch and times after the year 9999 as its last
/// second: "now" is neither.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use accsyn_transport::utc_timestamp;
///
/// let t = UNIX_EPOCH + Duration::from_secs(1_795_872_723);
/// assert_eq!(utc_timestamp(t), "2026-11-28T13:32:03");
/// ```
pub fn utc_timestamp(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let datetime = EPOCH
        .checked_add(SignedDuration::from_secs(seconds))
        .map_or(LAST, |t| t.min(LAST));
    let mut out = String::with_capacity(19);
    // Printing to a String cannot fail.
    let _ = PRINTER.print_datetime(&datetime, &mut out);
    out
}

/// The date and time `text` stands for, if it is a backend timestamp: `YYYY-MM-DDTHH:MM:SS` or
/// `YY-MM-DDTHH:MM:SS`, optionally a fraction of 1-9 digits, a date and time that exist.
pub(crate) fn parse(text: &str) -> Option<DateTime> {
    let (year, rest) = match text.as_bytes() {
        [a, b, c, d, b'-', rest @ ..] => (number(&[*a, *b, *c, *d])?, rest),
        [a, b, b'-', rest @ ..] => match number(&[*a, *b])? {
            // Two-digit years pivot as POSIX strptime's %y does.
            short @ 0..=68 => (2000 + short, rest),
            short => (1900 + short, rest),
        },
        _ => return None,
    };
    let [
        m1,
        m2,
        b'-',
        d1,
        d2,
        b'T',
        h1,
        h2,
        b':',
        n1,
        n2,
        b':',
        s1,
        s2,
        fraction @ ..,
    ] = rest
    else {
        return None;
    };
    let nanos = match fraction {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            // 1-9 digits: the scale is 10^(9 - len).
            number(digits)? * 10i32.pow(9 - u32::try_from(digits.len()).ok()?)
        }
        _ => return None,
    };
    let two = |a: &u8, b: &u8| number(&[*a, *b]).and_then(|n| i8::try_from(n).ok());
    let date = Date::new(i16::try_from(year).ok()?, two(m1, m2)?, two(d1, d2)?).ok()?;
    let time = Time::new(two(h1, h2)?, two(n1, n2)?, two(s1, s2)?, nanos).ok()?;
    Some(DateTime::from_parts(date, time))
}

/// ASCII digits as a number (at most 9, so no overflow).
fn number(digits: &[u8]) -> Option<i32> {
    digits.iter().try_fold(0i32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiRequest, Envelope, EventContext};
    use std::time::Duration;

    fn at(secs: u64) -> String {
        utc_timestamp(UNIX_EPOCH + Duration::from_secs(secs))
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0), "1970-01-01T00:00:00");
        // 2000-02-29 (leap day in a century leap year) 12:34:56
        assert_eq!(at(951_827_696), "2000-02-29T12:34:56");
        // 2024-12-31T23:59:59, last second of a leap year
        assert_eq!(at(1_735_689_599), "2024-12-31T23:59:59");
        assert_eq!(at(1_735_689_600), "2025-01-01T00:00:00");
        // Before the epoch and past the year 9999: clamped, never an error.
        assert_eq!(
            utc_timestamp(UNIX_EPOCH - Duration::from_secs(1)),
            "1970-01-01T00:00:00"
        );
        assert_eq!(at(253_402_300_800), "9999-12-31T23:59:59");
        // A fraction of a second is dropped, not rounded.
        assert_eq!(
            utc_timestamp(UNIX_EPOCH + Duration::from_millis(1_999)),
            "1970-01-01T00:00:01"
        );
    }

    const TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/timestamps.txt"));

    /// The workspace's one table of timestamp cases (accsyn-model, accsyn-query's evaluator
    /// and the emulator are tested against it too): an envelope takes exactly the `accept`
    /// rows as its `created`, and `utc_timestamp` prints their instants as the table does.
    #[test]
    fn agrees_with_the_shared_table() {
        let ctx = EventContext {
            workspace: "w".into(),
            username: "u".into(),
            session_id: "s".into(),
            hostname: "h".into(),
        };
        let request = ApiRequest::get("transfer/find");
        let (mut accepted, mut rejected) = (0, 0);
        for line in TABLE.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let columns: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(columns.len(), 6, "{line}");
            let text: String = if columns[1].starts_with('"') {
                serde_json::from_str(columns[1]).unwrap()
            } else {
                columns[1].to_owned()
            };
            let envelope = Envelope::build(&ctx, &request, "e".into(), text.clone());
            match columns[0] {
                "accept" => {
                    assert!(envelope.is_ok(), "{text:?} was refused: {envelope:?}");
                    let seconds: i64 = columns[2].parse().unwrap();
                    let nanos: i32 = columns[3].parse().unwrap();
                    let since = parse(&text).unwrap().duration_since(EPOCH);
                    assert_eq!(since, SignedDuration::new(seconds, nanos), "{text:?}");
                    // Whole seconds since the epoch print as the table's four-digit form.
                    let printed = columns[4];
                    if let (Ok(secs), false) = (u64::try_from(seconds), printed.contains('.')) {
                        assert_eq!(at(secs), printed, "{text:?}");
                    }
                    accepted += 1;
                }
                "reject" => {
                    let error = envelope.unwrap_err().to_string();
                    assert!(error.contains("created"), "{text:?}: {error}");
                    rejected += 1;
                }
                verdict => panic!("verdict {verdict:?} in {line}"),
            }
        }
        assert!(accepted >= 15 && rejected >= 40, "{accepted} / {rejected}");
    }
}
