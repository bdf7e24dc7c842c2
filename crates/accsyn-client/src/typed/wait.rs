//! Waiting for a job to reach a status, watching its progress on the way.

use std::fmt;
use std::future::IntoFuture;
use std::time::{Duration, Instant};

use accsyn_model::{Delivery, DeliveryStatus, EntityId, Job, JobStatus, Request, Transfer};
use futures_util::{Stream, StreamExt, stream};
use serde_json::Value;

use super::{Entity, Handler};
use crate::raw::{BoxFuture, boxed};
use crate::{Error, Result};
use sync_wrapper::SyncStream;

/// How often a wait asks for the job, unless told otherwise.
const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);

/// A job whose progress can be waited for: transfers, jobs, deliveries and upload requests.
///
/// ```
/// use accsyn_client::{Progressing, model::{JobStatus, Transfer}};
/// assert!(Transfer::is_final(&JobStatus::Aborted));
/// assert!(!Transfer::is_final(&JobStatus::Running));
/// ```
pub trait Progressing: Entity {
    /// Its status type.
    type Status: PartialEq + Clone + fmt::Display + Send + Sync + 'static;

    /// Its status, when the reply had one.
    fn status(&self) -> Option<&Self::Status>;

    /// Whether a job in this status will not move on by itself (done, failed, aborted).
    fn is_final(status: &Self::Status) -> bool;

    /// What it says of its progress.
    fn progress(&self) -> Progress;
}

/// One look at a job on the way: status, percent done, speed and time remaining, as the
/// server reported them (each `None` when it did not).
///
/// ```
/// # fn show(p: &accsyn_client::Progress) {
/// println!("{} {}% at {:.1} MB/s, {:?} left", p.status, p.percent.unwrap_or(0),
///     p.speed_mb_per_s.unwrap_or(0.0), p.remaining);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// The status, as the server spells it.
    pub status: String,
    /// Percent done, 0 to 100.
    pub percent: Option<i64>,
    /// Current speed in MB/s (`None` when unknown: the server sends -1).
    pub speed_mb_per_s: Option<f64>,
    /// Estimated time remaining.
    pub remaining: Option<Duration>,
    /// The total size in bytes.
    pub size: Option<u64>,
}

impl fmt::Display for Progress {
    /// `running 42% 12.5 MB/s 1m 20s left`, leaving out what is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.status)?;
        if let Some(percent) = self.percent {
            write!(f, " {percent}%")?;
        }
        if let Some(speed) = self.speed_mb_per_s {
            write!(f, " {speed:.1} MB/s")?;
        }
        if let Some(left) = self.remaining {
            let secs = left.as_secs();
            match (secs / 3600, secs / 60 % 60, secs % 60) {
                (0, 0, s) => write!(f, " {s}s left")?,
                (0, m, s) => write!(f, " {m}m {s}s left")?,
                (h, m, _) => write!(f, " {h}h {m}m left")?,
            }
        }
        Ok(())
    }
}

/// `etr` as sent: seconds as a number, `HH:MM:SS` (or `MM:SS`) as text, else unknown.
fn time_remaining(etr: Option<&Value>) -> Option<Duration> {
    match etr? {
        Value::Number(n) => n
            .as_f64()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64),
        Value::String(text) => {
            let mut secs: u64 = 0;
            let parts: Vec<&str> = text.trim().split(':').collect();
            if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
                return None;
            }
            for part in parts {
                secs = secs
                    .checked_mul(60)?
                    .checked_add(part.trim().parse().ok()?)?;
            }
            Some(Duration::from_secs(secs))
        }
        _ => None,
    }
}

macro_rules! progressing {
    ($status:ty, [$($entity:ty),*], $finals:pat) => {$(
        impl Progressing for $entity {
            type Status = $status;

            fn status(&self) -> Option<&$status> {
                self.status.as_ref()
            }

            fn is_final(status: &$status) -> bool {
                matches!(status, $finals)
            }

            fn progress(&self) -> Progress {
                Progress {
                    status: self.status.as_ref().map(ToString::to_string).unwrap_or_default(),
                    percent: self.progress,
                    speed_mb_per_s: self.speed_mb_per_s().filter(|s| *s >= 0.0),
                    remaining: time_remaining(self.etr.as_ref()),
                    size: self.size,
                }
            }
        }
    )*};
}

progressing!(
    JobStatus,
    [Transfer, Job],
    JobStatus::Done | JobStatus::Failed | JobStatus::Aborted
);
progressing!(
    DeliveryStatus,
    [Delivery, Request],
    DeliveryStatus::Done | DeliveryStatus::Aborted
);

impl<T: Progressing> Handler<T> {
    /// Waits until the job reaches `status`, asking every [`poll_interval`](WaitFor::poll_interval)
    /// (2 s unless set), for at most [`timeout`](WaitFor::timeout) (none unless set); `.await`
    /// it for the job as it then is, or read its progress on the way with
    /// [`on_progress`](WaitFor::on_progress) or [`progress`](WaitFor::progress).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use accsyn_client::model::JobStatus;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let done = session
    ///     .transfers()
    ///     .wait_for(&id, JobStatus::Done)
    ///     .timeout(Duration::from_secs(3600))
    ///     .poll_interval(Duration::from_secs(5))
    ///     .on_progress(|p| println!("{p}"))
    ///     .await?;
    /// # let _ = done; Ok(()) }
    /// ```
    pub fn wait_for(&self, id: &EntityId, status: T::Status) -> WaitFor<T> {
        WaitFor {
            plan: Plan {
                handler: self.clone(),
                id: *id,
                target: status,
                timeout: None,
                interval: DEFAULT_POLL_INTERVAL,
            },
            on_progress: None,
        }
    }
}

type ProgressCallback = Box<dyn FnMut(&Progress) + Send>;

/// A wait for a job's status, made by [`Handler::wait_for`]: set the timeout, poll interval
/// and progress callback, then `.await` it, or read [`progress`](Self::progress) as a stream.
///
/// It ends with the job once it has the status; with [`Error::JobEnded`] when the job ends
/// otherwise (failed, aborted, or done when waiting for another status); with
/// [`Error::WaitTimedOut`] when the timeout passes first.
#[must_use = "a wait does nothing until it is awaited or its progress read"]
pub struct WaitFor<T: Progressing> {
    plan: Plan<T>,
    on_progress: Option<ProgressCallback>,
}

/// What to wait for, and how: everything but the callback, which stays out of the looks so
/// that they are `Send` (the callback need not be `Sync`).
struct Plan<T: Progressing> {
    handler: Handler<T>,
    id: EntityId,
    target: T::Status,
    timeout: Option<Duration>,
    interval: Duration,
}

impl<T: Progressing> fmt::Debug for WaitFor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plan = &self.plan;
        f.debug_struct("WaitFor")
            .field("entity_type", &plan.handler.entity_type())
            .field("id", &plan.id)
            .field("target", &plan.target.to_string())
            .field("timeout", &plan.timeout)
            .field("interval", &plan.interval)
            .finish_non_exhaustive()
    }
}

/// Where a wait stands between two looks at the job.
struct State<T: Progressing> {
    wait: Plan<T>,
    started: Instant,
    looked: bool,
    over: bool,
}

impl<T: Progressing> WaitFor<T> {
    /// Gives up with [`Error::WaitTimedOut`] once this long has passed.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// use accsyn_client::model::DeliveryStatus;
    /// session.deliveries().wait_for(&id, DeliveryStatus::Pending).timeout(Duration::from_secs(60)).await?;
    /// # Ok(()) }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.plan.timeout = Some(timeout);
        self
    }

    /// Asks for the job this often (2 s by default; at least 10 ms).
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// use accsyn_client::model::JobStatus;
    /// session.transfers().wait_for(&id, JobStatus::Done).poll_interval(Duration::from_secs(10)).await?;
    /// # Ok(()) }
    /// ```
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.plan.interval = interval.max(Duration::from_millis(10));
        self
    }

    /// Calls `f` with the progress each time the job is looked at, the last time included.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// use accsyn_client::model::JobStatus;
    /// session.transfers().wait_for(&id, JobStatus::Done).on_progress(|p| eprintln!("{p}")).await?;
    /// # Ok(()) }
    /// ```
    pub fn on_progress(mut self, f: impl FnMut(&Progress) + Send + 'static) -> Self {
        self.on_progress = Some(Box::new(f));
        self
    }

    /// The progress each time the job is looked at, ending after the look that finds the
    /// status (or with the error that ends the wait).
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// use accsyn_client::model::JobStatus;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let mut progress = std::pin::pin!(session.transfers().wait_for(&id, JobStatus::Done).progress());
    /// while let Some(p) = progress.try_next().await? {
    ///     println!("{}% {:?} left", p.percent.unwrap_or(0), p.remaining);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn progress(self) -> impl Stream<Item = Result<Progress>> + Send + Sync + 'static {
        SyncStream::new(looks(self.plan).map(|look| look.map(|(progress, _)| progress)))
    }

    /// Sends the wait: the job, once it has the status.
    ///
    /// # Errors
    /// [`Error::JobEnded`], [`Error::WaitTimedOut`], [`Error::NotFound`] when there is no such
    /// job, or the calls' errors.
    ///
    /// ```no_run
    /// use accsyn_client::model::JobStatus;
    /// # async fn run(session: accsyn_client::Session, id: accsyn_client::model::EntityId) -> accsyn_client::Result<()> {
    /// let transfer = session.transfers().wait_for(&id, JobStatus::Done).send().await?;
    /// # let _ = transfer; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<T> {
        let mut on_progress = self.on_progress;
        let mut looks = std::pin::pin!(looks(self.plan));
        while let Some(look) = looks.next().await {
            let (progress, done) = look?;
            if let Some(f) = on_progress.as_mut() {
                f(&progress);
            }
            if let Some(job) = done {
                return Ok(job);
            }
        }
        // `looks` ends only after a look that is done or failed.
        Err(Error::InvalidArgument(
            "the wait ended without an answer; this is a bug in accsyn-client".into(),
        ))
    }
}

/// Each look at the job: its progress, and the job once it has the status.
fn looks<T: Progressing>(
    plan: Plan<T>,
) -> impl Stream<Item = Result<(Progress, Option<T>)>> + Send + 'static {
    let state = State {
        wait: plan,
        started: Instant::now(),
        looked: false,
        over: false,
    };
    stream::unfold(state, |mut state| async move {
        if state.over {
            return None;
        }
        let look = state.look().await;
        state.over = !matches!(look, Ok((_, None)));
        Some((look, state))
    })
}

impl<T: Progressing> State<T> {
    /// Sleeps the poll interval (not before the first look), then looks.
    async fn look(&mut self) -> Result<(Progress, Option<T>)> {
        let wait = &self.wait;
        if self.looked {
            let elapsed = self.started.elapsed();
            if let Some(timeout) = wait.timeout {
                if elapsed.saturating_add(wait.interval) > timeout {
                    tokio::time::sleep(timeout.saturating_sub(elapsed)).await;
                    return Err(self.timed_out().await);
                }
            }
            tokio::time::sleep(wait.interval).await;
        }
        self.looked = true;
        let job = self.fetch().await?;
        let progress = job.progress();
        match job.status() {
            Some(status) if *status == wait.target => Ok((progress, Some(job))),
            Some(status) if T::is_final(status) => Err(Error::JobEnded {
                entity_type: wait.handler.entity_type().to_owned(),
                id: wait.id.to_string(),
                status: status.to_string(),
                target: wait.target.to_string(),
            }),
            _ => Ok((progress, None)),
        }
    }

    async fn fetch(&self) -> Result<T> {
        let wait = &self.wait;
        wait.handler
            .get(&wait.id)
            .await?
            .ok_or_else(|| Error::NotFound {
                entity_type: wait.handler.entity_type().to_owned(),
                ident: wait.id.to_string(),
            })
    }

    /// The timeout's error, naming the status the job was last seen in.
    async fn timed_out(&self) -> Error {
        let status = match self.fetch().await {
            Ok(job) => job.progress().status,
            Err(_) => String::from("unknown"),
        };
        Error::WaitTimedOut {
            entity_type: self.wait.handler.entity_type().to_owned(),
            id: self.wait.id.to_string(),
            status,
            target: self.wait.target.to_string(),
            waited: self.started.elapsed(),
        }
    }
}

impl<T: Progressing> IntoFuture for WaitFor<T> {
    type Output = Result<T>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        boxed(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn time_remaining_reads_seconds_and_clock_text() {
        let read = |v: Value| time_remaining(Some(&v));
        assert_eq!(read(json!(90)), Some(Duration::from_secs(90)));
        assert_eq!(read(json!("01:02:03")), Some(Duration::from_secs(3723)));
        assert_eq!(read(json!("02:03")), Some(Duration::from_secs(123)));
        for unknown in [
            json!(""),
            json!(-1),
            json!("soon"),
            json!("1::2"),
            json!(null),
        ] {
            assert_eq!(read(unknown.clone()), None, "{unknown}");
        }
        assert_eq!(time_remaining(None), None);
    }

    #[test]
    fn progress_reads_the_job_and_prints_what_it_knows() {
        let transfer: Transfer = serde_json::from_value(json!({
            "id": "6971e16fceadd67b955b1995", "status": "running", "progress": 42, "speed": 12.5, "etr": 80, "size": 1024
        }))
        .unwrap();
        let p = transfer.progress();
        assert_eq!(p.to_string(), "running 42% 12.5 MB/s 1m 20s left");
        let unknown: Transfer = serde_json::from_value(
            json!({"id": "6971e16fceadd67b955b1995", "status": "waiting", "speed": -1, "etr": ""}),
        )
        .unwrap();
        assert_eq!(unknown.progress().to_string(), "waiting");
        assert!(Delivery::is_final(&DeliveryStatus::Done));
        assert!(!Delivery::is_final(&DeliveryStatus::Pending));
    }
}
