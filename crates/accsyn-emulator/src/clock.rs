//! The emulator's clock: wall time scaled by `--time-scale`, which tests can
//! push forward so that expiry and transfer progress need no sleeping.

use accsyn_model::Timestamp;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Emulated time in milliseconds since the Unix epoch.
pub(crate) type Millis = i64;

#[derive(Debug)]
struct Anchor {
    real: Instant,
    emulated: Millis,
}

/// A clock that runs `scale` times as fast as the wall clock from an anchor.
///
/// Advancing re-anchors rather than keeping an offset, so changing speed later
/// (or advancing many times) never makes time go backwards.
#[derive(Debug)]
pub(crate) struct Clock {
    anchor: Mutex<Anchor>,
    scale: f64,
}

impl Clock {
    /// A clock starting at `start` that runs at `scale` (0 freezes it).
    pub(crate) fn new(start: Millis, scale: f64) -> Self {
        Clock {
            anchor: Mutex::new(Anchor {
                real: Instant::now(),
                emulated: start,
            }),
            scale,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Anchor> {
        // The anchor is two plain numbers: a panic elsewhere cannot leave it
        // half-updated, so a poisoned lock is still safe to use.
        self.anchor.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Emulated now, in milliseconds since the epoch.
    pub(crate) fn now(&self) -> Millis {
        let anchor = self.lock();
        let elapsed = anchor.real.elapsed().as_secs_f64() * 1000.0 * self.scale;
        anchor.emulated.saturating_add(elapsed as Millis)
    }

    /// Moves emulated time forward by `by`; returns the new now.
    pub(crate) fn advance(&self, by: Duration) -> Millis {
        let now = self.now();
        let mut anchor = self.lock();
        let by = Millis::try_from(by.as_millis()).unwrap_or(Millis::MAX);
        anchor.emulated = now.saturating_add(by);
        anchor.real = Instant::now();
        anchor.emulated
    }
}

/// Wall-clock now in milliseconds since the epoch.
pub(crate) fn wall_now() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX))
        .unwrap_or(0)
}

/// Converts emulated milliseconds to a [`SystemTime`].
pub(crate) fn to_system_time(ms: Millis) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// Formats as the backend does: `YYYY-MM-DDTHH:MM:SS`, UTC.
///
/// The model's [`Timestamp`] does the calendar arithmetic; an emulated clock
/// pushed past the years it can print reads as its last second.
pub(crate) fn format_timestamp(ms: Millis) -> String {
    Timestamp::from_unix_seconds(ms.div_euclid(1000))
        .map(|t| t.to_string())
        .unwrap_or_else(|_| {
            String::from(if ms < 0 {
                "0000-01-01T00:00:00"
            } else {
                "9999-12-31T23:59:59"
            })
        })
}

/// Reads a timestamp as the backend writes it (see [`Timestamp`]: two-digit years and
/// fractions too) as emulated milliseconds; `None` for anything else.
///
/// The model's [`Timestamp`] does the reading, so the emulator accepts exactly what the SDK
/// does; times are compared as instants, never as text.
pub(crate) fn parse_timestamp(text: &str) -> Option<Millis> {
    let t = Timestamp::parse(text).ok()?;
    Some(t.unix_seconds() * 1000 + Millis::from(t.millisecond()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/timestamps.txt"));

    /// The workspace's one table of timestamp cases (accsyn-model, accsyn-query's evaluator
    /// and accsyn-transport are tested against it too): the emulator reads exactly the
    /// `accept` rows, to the millisecond, and prints whole seconds as the table does.
    #[test]
    fn agrees_with_the_shared_table() {
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
            match (columns[0], parse_timestamp(&text)) {
                ("accept", Some(ms)) => {
                    let seconds: Millis = columns[2].parse().unwrap();
                    let nanos: Millis = columns[3].parse().unwrap();
                    assert_eq!(ms, seconds * 1000 + nanos / 1_000_000, "{text:?}");
                    if !columns[4].contains('.') {
                        assert_eq!(format_timestamp(ms), columns[4], "{text:?}");
                    }
                    accepted += 1;
                }
                ("reject", None) => rejected += 1,
                (verdict, got) => panic!("{text:?}: the table says {verdict}, got {got:?}"),
            }
        }
        assert!(accepted >= 15 && rejected >= 40, "{accepted} / {rejected}");
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00");
        // 2026-11-23T13:18:43Z, the recorded traffic's date.
        assert_eq!(format_timestamp(1_795_439_923_000), "2026-11-23T13:18:43");
        // A leap day.
        assert_eq!(format_timestamp(951_782_400_000), "2000-02-29T00:00:00");
        // A clock advanced past what the backend's form can print stays printable.
        assert_eq!(format_timestamp(Millis::MAX), "9999-12-31T23:59:59");
    }

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let clock = Clock::new(1_000, 0.0);
        assert_eq!(clock.now(), 1_000);
        assert_eq!(
            clock.advance(Duration::from_secs(8 * 3600)),
            1_000 + 8 * 3_600_000
        );
        assert_eq!(clock.now(), 1_000 + 8 * 3_600_000);
    }

    #[test]
    fn scaled_clock_runs_faster_than_the_wall() {
        let clock = Clock::new(0, 1000.0);
        std::thread::sleep(Duration::from_millis(5));
        assert!(clock.now() >= 5_000, "{}", clock.now());
    }
}
