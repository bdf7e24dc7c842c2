//! [`Timestamp`]: the backend's UTC date-time strings.
//!
//! A small hand-written type instead of a date-time crate: the backend has one textual form,
//! always UTC, and the only arithmetic callers need is conversion to and from Unix time.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

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
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
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
        check_parts(year, month, day, hour, minute, second).map_err(fail)?;
        Ok(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanos: 0,
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
        Timestamp {
            nanos: u32::from(millis.min(999)) * 1_000_000,
            fraction_digits: 3,
            ..self
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
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        // The clamp keeps a broken system clock from producing an error here.
        Timestamp::from_unix_seconds(seconds.clamp(0, MAX_UNIX_SECONDS)).unwrap_or(Timestamp::EPOCH)
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
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
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
        if !(MIN_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&seconds) {
            return Err(Error::InvalidTimestamp {
                input: seconds.to_string(),
                reason: "outside the years 0000-9999",
            });
        }
        let days = seconds.div_euclid(86_400);
        let rest = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        // The range check above keeps every part within its type.
        Ok(Timestamp {
            year: u16::try_from(year).unwrap_or(0),
            month,
            day,
            hour: u8::try_from(rest / 3600).unwrap_or(0),
            minute: u8::try_from(rest % 3600 / 60).unwrap_or(0),
            second: u8::try_from(rest % 60).unwrap_or(0),
            nanos: 0,
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
        days_from_civil(i64::from(self.year), self.month, self.day) * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
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
        self.year
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
        self.month
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
        self.day
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
        self.hour
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
        self.minute
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
        self.second
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
        u16::try_from(self.nanos / 1_000_000).unwrap_or(999)
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
        self.nanos
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

impl Timestamp {
    /// The parts that make the instant; `fraction_digits` only shapes the printed text.
    fn instant(&self) -> (u16, u8, u8, u8, u8, u8, u32) {
        (
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.nanos,
        )
    }
}

// By hand rather than derived: `2026-01-22T08:35:59.000` and `2026-01-22T08:35:59` (or
// `.1` and `.100`) are the same instant and must compare equal, though each prints back as
// it was parsed.
impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.instant() == other.instant()
    }
}

impl Eq for Timestamp {}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.instant().hash(state);
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant().cmp(&other.instant())
    }
}

const MIN_UNIX_SECONDS: i64 = -62_167_219_200; // 0000-01-01T00:00:00
const MAX_UNIX_SECONDS: i64 = 253_402_300_799; // 9999-12-31T23:59:59

fn check_parts(
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
) -> Result<(), &'static str> {
    if year > 9999 {
        return Err("the year has more than four digits");
    }
    if !(1..=12).contains(&month) {
        return Err("the month is not 01-12");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("the day does not exist in that month");
    }
    if hour > 23 {
        return Err("the hour is not 00-23");
    }
    if minute > 59 {
        return Err("the minute is not 00-59");
    }
    if second > 59 {
        return Err("the second is not 00-59");
    }
    Ok(())
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<u32> {
    let part = text.get(..len)?;
    if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

fn parse(text: &str) -> Result<Timestamp, &'static str> {
    // ASCII only: every slice below then falls on a character boundary.
    if !text.is_ascii() {
        return Err("it contains non-ASCII characters");
    }
    let date_end = text
        .find('T')
        .ok_or("there is no `T` between date and time")?;
    let (date, time) = (&text[..date_end], &text[date_end + 1..]);
    let year = match date.len() {
        10 => digits(date, 4).ok_or("the year is not four digits")?,
        8 => match digits(date, 2).ok_or("the year is not two digits")? {
            short @ 0..=68 => 2000 + short,
            short => 1900 + short,
        },
        _ => return Err("the date is not YYYY-MM-DD or YY-MM-DD"),
    };
    let rest = &date[date.len() - 6..];
    let (month, day) = match (
        rest.as_bytes()[0],
        &rest[1..3],
        rest.as_bytes()[3],
        &rest[4..],
    ) {
        (b'-', month, b'-', day) => (
            digits(month, 2).ok_or("the month is not two digits")?,
            digits(day, 2).ok_or("the day is not two digits")?,
        ),
        _ => return Err("the date is not YYYY-MM-DD or YY-MM-DD"),
    };
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    let b = clock.as_bytes();
    if b.len() != 8 || b[2] != b':' || b[5] != b':' {
        return Err("the time is not HH:MM:SS");
    }
    let hour = digits(&clock[0..2], 2).ok_or("the hour is not two digits")?;
    let minute = digits(&clock[3..5], 2).ok_or("the minute is not two digits")?;
    let second = digits(&clock[6..8], 2).ok_or("the second is not two digits")?;
    let (nanos, fraction_digits) = match fraction {
        None => (0, 0),
        Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            let value: u32 = f.parse().map_err(|_| "the fraction is not digits")?;
            let scale = 10u32.pow(9 - u32::try_from(f.len()).unwrap_or(9));
            (value * scale, u8::try_from(f.len()).unwrap_or(9))
        }
        Some(_) => return Err("the fraction is not 1-9 digits"),
    };
    let narrow = |v: u32| u8::try_from(v).map_err(|_| "a part is out of range");
    let year = u16::try_from(year).map_err(|_| "the year is out of range")?;
    let (month, day, hour, minute, second) = (
        narrow(month)?,
        narrow(day)?,
        narrow(hour)?,
        narrow(minute)?,
        narrow(second)?,
    );
    check_parts(year, month, day, hour, minute, second)?;
    Ok(Timestamp {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        fraction_digits,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = u8::try_from(day_of_year - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u8::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl FromStr for Timestamp {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.fraction_digits > 0 {
            let digits = u32::from(self.fraction_digits);
            let value = self.nanos / 10u32.pow(9 - digits);
            write!(
                f,
                ".{value:0width$}",
                width = usize::from(self.fraction_digits)
            )?;
        }
        Ok(())
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
