//! [`Timestamp`]: the backend's UTC date-time strings.
//!
//! The calendar is jiff's: which dates exist, Unix time, printing. What is written here is
//! only the protocol's fixed-width form (which digits stand where), read before jiff sees the
//! values, so that `2026-1-22`, a sign, a zone or a date alone are refused as the backend
//! never writes them. The same rules hold in accsyn-query's evaluator and accsyn-transport;
//! `tests/fixtures/timestamps.txt` is the one table of cases all of them are tested against.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::DateTimePrinter;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A UTC date and time as the backend writes it: `YYYY-MM-DDTHH:MM:SS`, optionally with a
/// fraction (`.mmm`).
///
/// Parsing also takes a two-digit year (`26-01-22T08:35:59`; 00-68 are 2000-2068, 69-99 are
/// 1969-1999, as in POSIX `strptime`). Printing and serializing use the backend's form: a
/// four-digit year, and the fraction with as many digits as were parsed (none, or `.mmm` for
/// [`Timestamp::with_millis`]), so a value read from the backend is written back unchanged.
///
/// # Examples
///
/// ```
/// use accsyn_model::Timestamp;
///
/// let created: Timestamp = "2026-01-22T08:35:59".parse()?;
/// assert_eq!(created.to_string(), "2026-01-22T08:35:59");
///
/// let precise: Timestamp = "2026-01-22T08:35:59.250".parse()?;
/// assert_eq!(precise.millisecond(), 250);
///
/// let short: Timestamp = "26-01-22T08:35:59".parse()?;
/// assert_eq!(short, created);
/// assert_eq!(short.to_string(), "2026-01-22T08:35:59");
///
/// assert_eq!(created.unix_seconds(), 1_769_070_959);
///
/// // Equality and order compare the instant, not the text: `.000` is the same second.
/// assert_eq!("2026-01-22T08:35:59.000".parse::<Timestamp>()?, created);
/// assert!(precise > created);
/// # Ok::<(), accsyn_model::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Timestamp {
    /// Always within the years 0000-9999, UTC.
    datetime: DateTime,
    /// How many fraction digits to print (0 = no fraction), so parsing then printing is exact.
    fraction_digits: u8,
}

impl Timestamp {
    /// A timestamp from its parts, without fraction.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTimestamp`] when a part is out of range (month 1-12, a day that exists
    /// in that month, hour < 24, minute < 60, second < 60, year < 10000).
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Timestamp;
    /// let t = Timestamp::new(2024, 2, 29, 23, 59, 59)?;
    /// assert_eq!(t.to_string(), "2024-02-29T23:59:59");
    /// assert!(Timestamp::new(2023, 2, 29, 0, 0, 0).is_err());
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Timestamp, Error> {
        let fail = |reason| Error::InvalidTimestamp {
            input: format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"),
            reason,
        };
        let datetime = civil(u32::from(year), month, day, hour, minute, second, 0).map_err(fail)?;
        Ok(Timestamp {
            datetime,
            fraction_digits: 0,
        })
    }

    /// The same instant with a millisecond fraction, printed as `.mmm`; values above 999 are
    /// clamped to 999.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Timestamp;
    /// let t = Timestamp::new(2026, 1, 22, 8, 35, 59)?.with_millis(7);
    /// assert_eq!(t.to_string(), "2026-01-22T08:35:59.007");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn with_millis(self, millis: u16) -> Timestamp {
        let nanos = i32::from(millis.min(999)) * 1_000_000;
        Timestamp {
            // Any nanosecond below one second is valid, so `with` cannot fail here.
            datetime: self
                .datetime
                .with()
                .subsec_nanosecond(nanos)
                .build()
                .unwrap_or(self.datetime),
            fraction_digits: 3,
        }
    }

    /// The current time, to the second (the form the protocol's `created` field uses).
    ///
    /// # Examples
    ///
    /// ```
    /// let now = accsyn_model::Timestamp::now();
    /// assert!(now.year() >= 2024);
    /// ```
    pub fn now() -> Timestamp {
        // The clamp keeps a broken system clock from producing an error here.
        let seconds = jiff::Timestamp::now().as_second();
        Timestamp::from_unix_seconds(seconds.clamp(MIN_UNIX_SECONDS, MAX_UNIX_SECONDS))
            .unwrap_or(Timestamp::EPOCH)
    }

    /// 1970-01-01T00:00:00.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Timestamp;
    /// assert_eq!(Timestamp::EPOCH.to_string(), "1970-01-01T00:00:00");
    /// ```
    pub const EPOCH: Timestamp = Timestamp {
        datetime: UNIX_EPOCH,
        fraction_digits: 0,
    };

    /// The timestamp `seconds` after the Unix epoch.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTimestamp`] outside years 0000-9999.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Timestamp;
    /// let t = Timestamp::from_unix_seconds(1_769_070_959)?;
    /// assert_eq!(t.to_string(), "2026-01-22T08:35:59");
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn from_unix_seconds(seconds: i64) -> Result<Timestamp, Error> {
        let outside = || Error::InvalidTimestamp {
            input: seconds.to_string(),
            reason: "outside the years 0000-9999",
        };
        if !(MIN_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&seconds) {
            return Err(outside());
        }
        // Civil arithmetic rather than `jiff::Timestamp`, whose range stops a day short of the
        // year 9999's end (it leaves room for any offset).
        let datetime = UNIX_EPOCH
            .checked_add(jiff::SignedDuration::from_secs(seconds))
            .map_err(|_| outside())?;
        Ok(Timestamp {
            datetime,
            fraction_digits: 0,
        })
    }

    /// Whole seconds since the Unix epoch (negative before 1970); the fraction is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Timestamp;
    /// assert_eq!(Timestamp::EPOCH.unix_seconds(), 0);
    /// ```
    pub fn unix_seconds(&self) -> i64 {
        let since = self.datetime.duration_since(UNIX_EPOCH);
        // Rounded down, so 1969-12-31T23:59:59.5 is second -1 as its whole part says.
        since.as_secs() - i64::from(since.subsec_nanos() < 0)
    }

    /// The four-digit year.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("26-01-22T08:35:59")?;
    /// assert_eq!(t.year(), 2026);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn year(&self) -> u16 {
        // Always 0-9999.
        u16::try_from(self.datetime.year()).unwrap_or(0)
    }
    /// The month, 1-12.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("2026-01-22T08:35:59")?;
    /// assert_eq!(t.month(), 1);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn month(&self) -> u8 {
        u8::try_from(self.datetime.month()).unwrap_or(0)
    }
    /// The day of the month, from 1.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("2026-01-22T08:35:59")?;
    /// assert_eq!(t.day(), 22);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn day(&self) -> u8 {
        u8::try_from(self.datetime.day()).unwrap_or(0)
    }
    /// The hour, 0-23.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("2026-01-22T08:35:59")?;
    /// assert_eq!(t.hour(), 8);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn hour(&self) -> u8 {
        u8::try_from(self.datetime.hour()).unwrap_or(0)
    }
    /// The minute, 0-59.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("2026-01-22T08:35:59")?;
    /// assert_eq!(t.minute(), 35);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn minute(&self) -> u8 {
        u8::try_from(self.datetime.minute()).unwrap_or(0)
    }
    /// The second, 0-59.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("2026-01-22T08:35:59")?;
    /// assert_eq!(t.second(), 59);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn second(&self) -> u8 {
        u8::try_from(self.datetime.second()).unwrap_or(0)
    }
    /// The milliseconds of the fraction (0 without one).
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("2026-01-22T08:35:59.250")?;
    /// assert_eq!(t.millisecond(), 250);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn millisecond(&self) -> u16 {
        u16::try_from(self.datetime.millisecond()).unwrap_or(0)
    }
    /// The nanoseconds of the fraction (0 without one).
    ///
    /// # Examples
    ///
    /// ```
    /// let t = accsyn_model::Timestamp::parse("2018-06-04T07:06:41.028619")?;
    /// assert_eq!(t.nanosecond(), 28_619_000);
    /// # Ok::<(), accsyn_model::Error>(())
    /// ```
    pub fn nanosecond(&self) -> u32 {
        u32::try_from(self.datetime.subsec_nanosecond()).unwrap_or(0)
    }

    /// Parses the backend's form (see the type's docs).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTimestamp`] saying what is wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use accsyn_model::Timestamp;
    /// assert!(Timestamp::parse("2020-08-04T09:52:27").is_ok());
    /// assert!(Timestamp::parse("2020-08-04 09:52:27").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Timestamp, Error> {
        parse(text).map_err(|reason| Error::InvalidTimestamp {
            input: text.to_owned(),
            reason,
        })
    }
}

// By hand rather than derived: `2026-01-22T08:35:59.000` and `2026-01-22T08:35:59` (or
// `.1` and `.100`) are the same instant and must compare equal, though each prints back as
// it was parsed.
impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.datetime == other.datetime
    }
}

impl Eq for Timestamp {}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.datetime.hash(state);
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // All in UTC: the civil order is the order in time.
        self.datetime.cmp(&other.datetime)
    }
}

const UNIX_EPOCH: DateTime = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);
const MIN_UNIX_SECONDS: i64 = -62_167_219_200; // 0000-01-01T00:00:00
const MAX_UNIX_SECONDS: i64 = 253_402_300_799; // 9999-12-31T23:59:59

/// The parts as a jiff date-time: jiff decides which dates and times exist.
fn civil(
    year: u32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
) -> Result<DateTime, &'static str> {
    let year = i16::try_from(year)
        .ok()
        .filter(|y| *y <= 9999)
        .ok_or("the year has more than four digits")?;
    let narrow = |v: u8| i8::try_from(v).unwrap_or(i8::MAX);
    let date = Date::new(year, narrow(month), narrow(day))
        .map_err(|_| "the date does not exist (month 01-12, a day of that month)")?;
    let time = Time::new(
        narrow(hour),
        narrow(minute),
        narrow(second),
        i32::try_from(nanos).unwrap_or(i32::MAX),
    )
    .map_err(|_| "the time does not exist (hour 00-23, minute and second 00-59)")?;
    Ok(DateTime::from_parts(date, time))
}

/// `n` ASCII digits as a number.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// Reads the protocol's fixed-width form; jiff checks the values.
fn parse(text: &str) -> Result<Timestamp, &'static str> {
    let bytes = text.as_bytes();
    let (year, rest) = match bytes {
        [a, b, c, d, b'-', rest @ ..] if [a, b, c, d].iter().all(|x| x.is_ascii_digit()) => {
            (number(&[*a, *b, *c, *d]), rest)
        }
        [a, b, b'-', rest @ ..] => match number(&[*a, *b]) {
            // Two-digit years pivot as POSIX strptime's %y does.
            Some(short @ 0..=68) => (Some(2000 + short), rest),
            short => (short.map(|s| 1900 + s), rest),
        },
        _ => (None, bytes),
    };
    let year = year.ok_or("the date is not YYYY-MM-DD or YY-MM-DD")?;
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
        return Err("the text is not YYYY-MM-DDTHH:MM:SS (or YY-MM-DDTHH:MM:SS)");
    };
    let two = |a: &u8, b: &u8, what| {
        number(&[*a, *b])
            .and_then(|n| u8::try_from(n).ok())
            .ok_or(what)
    };
    let month = two(m1, m2, "the month is not two digits")?;
    let day = two(d1, d2, "the day is not two digits")?;
    let hour = two(h1, h2, "the hour is not two digits")?;
    let minute = two(n1, n2, "the minute is not two digits")?;
    let second = two(s1, s2, "the second is not two digits")?;
    let (nanos, fraction_digits) = match fraction {
        [] => (0, 0),
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let value = number(digits).ok_or("the fraction is not digits")?;
            // 1-9 digits: the scale is 10^(9 - len), at most 10^8.
            let len = u32::try_from(digits.len()).unwrap_or(9);
            (value * 10u32.pow(9 - len), u8::try_from(len).unwrap_or(9))
        }
        [b'.', ..] => return Err("the fraction is not 1-9 digits"),
        _ => return Err("something follows the seconds that is not a fraction"),
    };
    let datetime = civil(year, month, day, hour, minute, second, nanos)?;
    Ok(Timestamp {
        datetime,
        fraction_digits,
    })
}

impl FromStr for Timestamp {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // jiff prints years 0000-9999 with four digits, and exactly this many fraction digits
        // (none for 0).
        DateTimePrinter::new()
            .precision(Some(self.fraction_digits))
            .print_datetime(&self.datetime, jiff::fmt::StdFmtWrite(f))
            .map_err(|_| fmt::Error)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_malformed_text_with_a_reason() {
        for bad in [
            "",
            "T",
            "2026-01-22",
            "2026-01-22T",
            "2026-13-01T00:00:00",
            "2026-02-30T00:00:00",
            "2026-01-22T24:00:00",
            "2026-01-22T08:60:00",
            "2026-01-22T08:35:60",
            "2026-01-22T08:35:59.",
            "2026-01-22T08:35:59.1234567890",
            "2026/01/22T08:35:59",
            "2026-1-22T08:35:59",
            "+026-01-22T08:35:59",
            "2026-01-22T08:35:59Z",
            "é026-01-22T08:35:59",
            "2026-01-22T08:35:5é",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn unix_conversion_matches_known_instants() {
        assert_eq!(
            Timestamp::parse("2000-03-01T00:00:00")
                .unwrap()
                .unix_seconds(),
            951_868_800
        );
        assert_eq!(
            Timestamp::parse("1969-12-31T23:59:59")
                .unwrap()
                .unix_seconds(),
            -1
        );
        assert_eq!(
            Timestamp::from_unix_seconds(MIN_UNIX_SECONDS)
                .unwrap()
                .to_string(),
            "0000-01-01T00:00:00"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(MAX_UNIX_SECONDS)
                .unwrap()
                .to_string(),
            "9999-12-31T23:59:59"
        );
        assert!(Timestamp::from_unix_seconds(MAX_UNIX_SECONDS + 1).is_err());
    }

    #[test]
    fn two_digit_years_pivot_like_strptime() {
        assert_eq!(Timestamp::parse("68-01-01T00:00:00").unwrap().year(), 2068);
        assert_eq!(Timestamp::parse("69-01-01T00:00:00").unwrap().year(), 1969);
    }

    /// Regression: equality compared the printed precision too, so the same instant
    /// written with and without `.000` was unequal.
    #[test]
    fn the_same_instant_is_equal_whatever_its_precision() {
        let plain = Timestamp::parse("2026-01-22T08:35:59").unwrap();
        let millis = Timestamp::parse("2026-01-22T08:35:59.000").unwrap();
        let short = Timestamp::parse("26-01-22T08:35:59.000000").unwrap();
        assert_eq!(plain, millis);
        assert_eq!(plain, short);
        assert_eq!(plain.cmp(&millis), std::cmp::Ordering::Equal);
        let set: std::collections::HashSet<Timestamp> = [plain, millis, short].into();
        assert_eq!(set.len(), 1);
        assert_eq!(
            Timestamp::parse("2026-01-22T08:35:59.1").unwrap(),
            Timestamp::parse("2026-01-22T08:35:59.100").unwrap()
        );
        assert!(Timestamp::parse("2026-01-22T08:35:59.001").unwrap() > plain);
        // Each still prints as it was read.
        assert_eq!(millis.to_string(), "2026-01-22T08:35:59.000");
        assert_eq!(plain.to_string(), "2026-01-22T08:35:59");
    }

    #[test]
    fn the_fraction_prints_with_the_parsed_precision() {
        for text in [
            "2026-01-22T08:35:59.1",
            "2026-01-22T08:35:59.028",
            "2026-01-22T08:35:59.028619",
            "2026-01-22T08:35:59.000000001",
        ] {
            assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
        }
    }
}
