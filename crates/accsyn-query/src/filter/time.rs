//! Timestamps as accsyn writes them, for chronological comparison.

/// Microseconds since 1970-01-01 UTC for `YYYY-MM-DD`, optionally followed by
/// `T` or a space and `HH:MM[:SS[.ffffff]]`, optionally followed by `Z` or
/// `+HH:MM` / `-HH:MM`. Timestamps without a zone are taken as UTC, as
/// accsyn sends them.
pub(crate) fn parse(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut micros = days_from_civil(year, month, day) * 86_400_000_000;
    let mut rest = &b[10..];
    if let [b'T' | b't' | b' ', time @ ..] = rest {
        if time.len() < 5 || time[2] != b':' {
            return None;
        }
        let (hour, minute) = (digits(&time[0..2])?, digits(&time[3..5])?);
        let mut second = 0;
        rest = &time[5..];
        if let [b':', s1, s2, tail @ ..] = rest {
            second = digits(&[*s1, *s2])?;
            rest = tail;
            if let [b'.', tail @ ..] = rest {
                let n = tail.iter().take_while(|d| d.is_ascii_digit()).count();
                if n == 0 {
                    return None;
                }
                // Keep microsecond precision; pad or cut the fraction to six digits.
                let frac = tail[..n]
                    .iter()
                    .chain(std::iter::repeat(&b'0'))
                    .take(6)
                    .fold(0, |f, d| f * 10 + i64::from(d - b'0'));
                micros += frac;
                rest = &tail[n..];
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        micros += ((hour * 60 + minute) * 60 + second) * 1_000_000;
    }
    match rest {
        [] | [b'Z' | b'z'] => Some(micros),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let offset = (digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?) * 60_000_000;
            Some(if *sign == b'+' {
                micros - offset
            } else {
                micros + offset
            })
        }
        _ => None,
    }
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn orders_the_forms_accsyn_uses() {
        let a = parse("2026-01-22T08:35:59").unwrap();
        let b = parse("2026-01-22T08:43:05").unwrap();
        assert!(a < b);
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("1970-01-01T00:00:01Z"), Some(1_000_000));
        assert_eq!(
            parse("2018-06-04 07:06:41.028619").map(|t| t % 1_000_000),
            Some(28_619)
        );
        assert_eq!(parse("2026-01-22T10:35:59+02:00"), Some(a));
        assert!(parse("2026-01-22").unwrap() < a);
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for s in [
            "",
            "2026",
            "2026-13-01",
            "2026-01-22T8:35",
            "2026-01-22Tx",
            "lisa@x.com",
            "2026-01-22T08:35:59.",
            "2026-01-22T08:35+1",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
