//! The envelope's `created` field: UTC, `YYYY-MM-DDTHH:MM:SS`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Formats a point in time as the protocol's UTC timestamp, `YYYY-MM-DDTHH:MM:SS`.
///
/// Written by hand (days-to-civil conversion) because this is the only date the transport
/// formats, and a date crate would cost build time for one line.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use accsyn_transport::utc_timestamp;
///
/// let t = UNIX_EPOCH + Duration::from_secs(1_795_872_723);
/// assert_eq!(utc_timestamp(t), "2026-11-28T13:32:03");
/// ```
pub fn utc_timestamp(time: SystemTime) -> String {
    // Times before 1970 do not occur for "now"; clamp rather than fail.
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    // Digits pushed by hand: `format!` with padding costs more than the rest of this
    // function, and it runs on every call.
    let mut out = String::with_capacity(19);
    push_digits(&mut out, year.clamp(0, 9999) as u64, 4);
    out.push('-');
    push_digits(&mut out, u64::from(month), 2);
    out.push('-');
    push_digits(&mut out, u64::from(day), 2);
    out.push('T');
    push_digits(&mut out, rem / 3600, 2);
    out.push(':');
    push_digits(&mut out, (rem % 3600) / 60, 2);
    out.push(':');
    push_digits(&mut out, rem % 60, 2);
    out
}

/// Pushes the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u64, width: u32) {
    for i in (0..width).rev() {
        let digit = (value / 10u64.pow(i)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
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
    }

    #[test]
    fn every_day_of_four_years_is_consecutive() {
        // Walk day by day through 2023..2027 and check the date only ever steps by one day.
        let mut prev: Option<(i64, u32, u32)> = None;
        for day in 19_358..(19_358 + 4 * 366) {
            let cur = civil_from_days(day);
            if let Some((y, m, d)) = prev {
                let next_same_month = (y, m, d + 1);
                let next_month = if m == 12 {
                    (y + 1, 1, 1)
                } else {
                    (y, m + 1, 1)
                };
                assert!(
                    cur == next_same_month || cur == next_month,
                    "{prev:?} -> {cur:?}"
                );
            }
            prev = Some(cur);
        }
    }
}
