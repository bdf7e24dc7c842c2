//! Retry policy, the shared retry budget and `Retry-After` parsing.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, SystemTime},
};

use backon::{BackoffBuilder, ExponentialBuilder};

/// When and how often to retry a call that is safe to repeat.
///
/// Only GETs, and requests whose connection failed before they were sent, are retried;
/// a 429 (the server refused without acting) is retried for any method. Delays grow
/// exponentially with jitter (backon), and a server's `Retry-After` replaces the computed
/// delay when it is no longer than [`with_max_retry_after`](Self::with_max_retry_after).
///
/// ```
/// use std::time::Duration;
/// use accsyn_transport::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_retries(5)
///     .with_min_delay(Duration::from_millis(100))
///     .with_budget(50);
/// assert_eq!(policy.max_retries(), 5);
/// assert_eq!(RetryPolicy::none().max_retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    min_delay: Duration,
    max_delay: Duration,
    factor: f32,
    jitter: bool,
    max_retry_after: Duration,
    budget: u32,
}

impl Default for RetryPolicy {
    /// 3 retries per call, 200 ms doubling up to 10 s with jitter, `Retry-After` up to 60 s,
    /// and a budget of 20 retries shared by the transport.
    fn default() -> Self {
        Self {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            factor: 2.0,
            jitter: true,
            max_retry_after: Duration::from_secs(60),
            budget: 20,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    ///
    /// ```
    /// assert_eq!(accsyn_transport::RetryPolicy::none().max_retries(), 0);
    /// ```
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Retries per call (after the first attempt).
    ///
    /// ```
    /// assert_eq!(accsyn_transport::RetryPolicy::default().with_max_retries(1).max_retries(), 1);
    /// ```
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The first delay.
    ///
    /// ```
    /// let p = accsyn_transport::RetryPolicy::default().with_min_delay(std::time::Duration::ZERO);
    /// # let _ = p;
    /// ```
    pub fn with_min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The longest computed delay.
    ///
    /// ```
    /// let p = accsyn_transport::RetryPolicy::default().with_max_delay(std::time::Duration::from_secs(2));
    /// # let _ = p;
    /// ```
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Turns jitter (a random extra of up to one delay) on or off.
    ///
    /// ```
    /// let p = accsyn_transport::RetryPolicy::default().with_jitter(false);
    /// # let _ = p;
    /// ```
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` honoured by waiting; a longer one ends the call with
    /// [`Error::Unavailable`](crate::Error::Unavailable) carrying the server's delay.
    ///
    /// ```
    /// let p = accsyn_transport::RetryPolicy::default().with_max_retry_after(std::time::Duration::from_secs(5));
    /// # let _ = p;
    /// ```
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The retry budget: how many retries the transport may spend in total before it stops
    /// retrying. Every call that succeeds at its first attempt earns back a tenth of a retry,
    /// so a healthy server refills it and a failing one is not hammered.
    ///
    /// ```
    /// let p = accsyn_transport::RetryPolicy::default().with_budget(0);
    /// # let _ = p;
    /// ```
    pub fn with_budget(mut self, retries: u32) -> Self {
        self.budget = retries;
        self
    }

    /// Retries per call.
    ///
    /// ```
    /// assert_eq!(accsyn_transport::RetryPolicy::default().max_retries(), 3);
    /// ```
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    pub(crate) fn budget(&self) -> u32 {
        self.budget
    }

    /// The delays between attempts of one call.
    pub(crate) fn backoff(&self) -> backon::ExponentialBackoff {
        let mut builder = ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_factor(self.factor)
            .with_max_times(self.max_retries as usize);
        if self.jitter {
            builder = builder.with_jitter();
        }
        builder.build()
    }
}

/// Budget units per retry; a first-attempt success deposits one unit (a tenth of a retry).
const UNITS_PER_RETRY: u64 = 10;

/// A token bucket of retries shared by every call of one transport.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    units: AtomicU64,
    capacity: u64,
}

impl RetryBudget {
    pub(crate) fn new(retries: u32) -> Self {
        let capacity = u64::from(retries) * UNITS_PER_RETRY;
        Self {
            units: AtomicU64::new(capacity),
            capacity,
        }
    }

    /// Takes one retry from the budget; false when it is spent.
    pub(crate) fn try_withdraw(&self) -> bool {
        self.units
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| {
                u.checked_sub(UNITS_PER_RETRY)
            })
            .is_ok()
    }

    /// Earns back a tenth of a retry after a call that needed none.
    pub(crate) fn deposit(&self) {
        // Skips the atomic write on the hot path when the bucket is already full.
        if self.units.load(Ordering::Relaxed) < self.capacity {
            let _ = self
                .units
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| {
                    (u < self.capacity).then_some(u + 1)
                });
        }
    }
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_spends_and_refills_by_tenths() {
        let b = RetryBudget::new(2);
        assert!(b.try_withdraw());
        assert!(b.try_withdraw());
        assert!(!b.try_withdraw(), "budget of 2 must refuse a third retry");
        for _ in 0..9 {
            b.deposit();
        }
        assert!(!b.try_withdraw(), "nine tenths are not a retry");
        b.deposit();
        assert!(b.try_withdraw());
    }

    #[test]
    fn budget_never_exceeds_capacity() {
        let b = RetryBudget::new(1);
        for _ in 0..100 {
            b.deposit();
        }
        assert!(b.try_withdraw());
        assert!(!b.try_withdraw());
    }

    #[test]
    fn backoff_without_jitter_doubles_and_stops_at_max_retries() {
        let p = RetryPolicy::default()
            .with_jitter(false)
            .with_max_retries(4)
            .with_min_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(300));
        let delays: Vec<_> = p.backoff().map(|d| d.as_millis()).collect();
        assert_eq!(delays, vec![100, 200, 300, 300]);
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
