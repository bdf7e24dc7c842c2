//! Timestamps as accsyn writes them, for chronological comparison.
//!
//! The calendar is jiff's (which dates and times exist); this file only reads the protocol's
//! fixed-width form, `YYYY-MM-DDTHH:MM:SS` or `YY-MM-DDTHH:MM:SS` with an optional fraction of
//! 1-9 digits, UTC, exactly as accsyn-model's `Timestamp` and accsyn-transport do. The three
//! cannot share code (none depends on another), so all are tested against one table of
//! cases, `tests/fixtures/timestamps.txt` in the workspace.

use jiff::civil::{Date, DateTime, Time};

/// The date and time `s` stands for, if it is a backend timestamp. All are UTC, so the civil
/// order is the order in time.
///
/// Anything else is `None` and is compared as text by the caller: a date alone
/// (`2026-01-22`), a zone or offset, a leap second, a day that does not exist.
#[inline]
pub(crate) fn parse(s: &str) -> Option<DateTime> {
    let (year, rest) = match s.as_bytes() {
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
            number(digits)? * 10i32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let two = |a: &u8, b: &u8| number(&[*a, *b]).and_then(|n| i8::try_from(n).ok());
    let date = Date::new(i16::try_from(year).ok()?, two(m1, m2)?, two(d1, d2)?).ok()?;
    let time = Time::new(two(h1, h2)?, two(n1, n2)?, two(s1, s2)?, nanos).ok()?;
    Some(DateTime::from_parts(date, time))
}

/// ASCII digits as a number (at most 9, so no overflow).
#[inline]
fn number(digits: &[u8]) -> Option<i32> {
    digits.iter().try_fold(0i32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    const TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/timestamps.txt"));

    /// The workspace's one table of timestamp cases (accsyn-model, accsyn-transport and the
    /// emulator are tested against it too): `accept` rows read as their instant, `reject`
    /// rows are not timestamps.
    #[test]
    fn agrees_with_the_shared_table() {
        let epoch = jiff::civil::DateTime::constant(1970, 1, 1, 0, 0, 0, 0);
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
            match (columns[0], parse(&text)) {
                ("accept", Some(t)) => {
                    let since = t.duration_since(epoch);
                    let seconds: i64 = columns[2].parse().unwrap();
                    let nanos: i32 = columns[3].parse().unwrap();
                    assert_eq!(since, jiff::SignedDuration::new(seconds, nanos), "{text:?}");
                    accepted += 1;
                }
                ("reject", None) => rejected += 1,
                (verdict, got) => panic!("{text:?}: the table says {verdict}, parse gave {got:?}"),
            }
        }
        assert!(accepted >= 15 && rejected >= 40, "{accepted} / {rejected}");
    }

    #[test]
    fn orders_the_forms_accsyn_uses() {
        let a = parse("2026-01-22T08:35:59").unwrap();
        let b = parse("2026-01-22T08:43:05").unwrap();
        assert!(a < b);
        assert_eq!(parse("26-01-22T08:35:59"), Some(a));
        assert!(parse("2026-01-22T08:35:59.5").unwrap() > a);
        assert_eq!(
            parse("2026-01-22T08:35:59.50"),
            parse("2026-01-22T08:35:59.5")
        );
    }
}
