//! `accsyn watch`: a job's progress until it ends, as bars on a terminal and as periodic
//! lines (or JSON lines) elsewhere; the exit code says how it ended.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use accsyn_client::model::{EntityId, Job, Task};
use accsyn_client::{Progress, Progressing};
use clap::Args;

use super::Context;
use super::watch_bars::Bars;
use crate::error::{CliError, Exit};
use crate::{output, readable};

/// `accsyn watch`.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// The job's id: a transfer, delivery or upload request
    id: String,
    /// One bar per task (file) under the job's (a task's bar fills when it is done: accsyn
    /// reports speed and time remaining per job)
    #[arg(long)]
    tasks: bool,
    /// Seconds between looks at the job
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    interval: f64,
    /// Give up after this many seconds (exit 3)
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
}

/// One look at the job.
pub(crate) struct Look {
    pub(crate) name: String,
    pub(crate) progress: Progress,
    pub(crate) tasks: Vec<Task>,
}

/// How a job ended, when it has.
fn ending(status: &str) -> Option<Exit> {
    match status {
        "done" => Some(Exit::Ok),
        "failed" => Some(Exit::JobFailed),
        "aborted" => Some(Exit::JobAborted),
        _ => None,
    }
}

pub(crate) async fn run(args: WatchArgs, cx: &Context) -> Result<Exit, CliError> {
    let id: EntityId = args.id.parse().map_err(|e| {
        CliError::Usage(format!(
            "`{}` is not a job id ({e}); copy it from `accsyn find Transfer`",
            args.id
        ))
    })?;
    let interval = seconds("--interval", args.interval)?;
    let timeout = args.timeout.map(|t| seconds("--timeout", t)).transpose()?;
    let started = Instant::now();
    let mut bars = (cx.printer.is_table() && std::io::stdout().is_terminal()).then(Bars::new);
    loop {
        let look = look(cx, &id, args.tasks).await?;
        let ended = ending(&look.progress.status);
        match &mut bars {
            Some(bars) => bars.show(&look, ended.is_some()),
            None if cx.printer.is_table() => print_line(&look, started.elapsed())?,
            None => print_json(cx, &look)?,
        }
        if let Some(exit) = ended {
            return Ok(exit);
        }
        if timeout.is_some_and(|t| started.elapsed() >= t) {
            return Err(CliError::TimedOut(format!(
                "job {id} is still {} after {}; watch it again, or check that its clients are \
                 online",
                look.progress.status,
                readable::duration(started.elapsed())
            )));
        }
        tokio::time::sleep(interval).await;
    }
}

async fn look(cx: &Context, id: &EntityId, with_tasks: bool) -> Result<Look, CliError> {
    let job: Job = cx
        .session
        .jobs()
        .get(id)
        .await
        .map_err(CliError::client(format!("look at job {id}")))?
        .ok_or_else(|| {
            CliError::NotFound(format!(
                "no job with id {id} in this workspace; look for it with `accsyn find Transfer`"
            ))
        })?;
    let tasks = if with_tasks {
        cx.session
            .transfers()
            .tasks(id)
            .await
            .map_err(CliError::client(format!("list the tasks of job {id}")))?
    } else {
        Vec::new()
    };
    Ok(Look {
        name: job.name.clone().unwrap_or_else(|| id.to_string()),
        progress: job.progress(),
        tasks,
    })
}

/// What a look says besides its status and percent: the size, and while running the speed
/// and time remaining.
pub(crate) fn details(p: &Progress) -> Vec<String> {
    let running = p.status == "running";
    let mut details: Vec<String> = p.size.map(readable::size).into_iter().collect();
    if let Some(speed) = p.speed_mb_per_s.filter(|_| running) {
        details.push(format!("{speed:.1} MB/s"));
    }
    if let Some(left) = p.remaining.filter(|_| running) {
        details.push(format!("{} left", readable::duration(left)));
    }
    details
}

/// `[3s] Trailer: running 42%, 48.0 MiB, 10.5 MB/s, 3s left` (and a line per task).
fn print_line(look: &Look, elapsed: Duration) -> std::io::Result<()> {
    let p = &look.progress;
    let mut line = format!(
        "[{}] {}: {}",
        readable::duration(elapsed),
        look.name,
        p.status
    );
    if let Some(percent) = p.percent {
        line.push_str(&format!(" {percent}%"));
    }
    for detail in details(p) {
        line.push_str(&format!(", {detail}"));
    }
    for task in &look.tasks {
        line.push_str(&format!("\n  {}: {}", task_name(task), task_status(task)));
    }
    output::say(&line)
}

fn print_json(cx: &Context, look: &Look) -> Result<(), CliError> {
    let p = &look.progress;
    let value = serde_json::json!({
        "name": look.name,
        "status": p.status,
        "progress": p.percent,
        "size": p.size,
        "speed": p.speed_mb_per_s,
        "remaining_seconds": p.remaining.map(|d| d.as_secs()),
        "tasks": look.tasks.iter().map(|t| serde_json::json!({
            "name": task_name(t),
            "status": task_status(t),
            "size": t.size,
        })).collect::<Vec<_>>(),
    });
    cx.printer.one(&value)?;
    Ok(())
}

/// A task as people name it: its file's name, else its uri.
pub(crate) fn task_name(task: &Task) -> String {
    let path = task
        .source
        .as_ref()
        .and_then(|s| s.path.clone())
        .unwrap_or_default();
    match path.rsplit(['/', '\\']).find(|part| !part.is_empty()) {
        Some(name) => name.to_owned(),
        None => task.uri.clone().unwrap_or_default(),
    }
}

pub(crate) fn task_status(task: &Task) -> String {
    task.status
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn seconds(flag: &str, value: f64) -> Result<Duration, CliError> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero() || flag == "--timeout")
        .ok_or_else(|| CliError::Usage(format!("{flag} must be a positive number of seconds")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ending_decides_the_exit_code() {
        assert_eq!(ending("done"), Some(Exit::Ok));
        assert_eq!(ending("failed"), Some(Exit::JobFailed));
        assert_eq!(ending("aborted"), Some(Exit::JobAborted));
        assert_eq!(ending("running"), None);
    }

    #[test]
    fn intervals_must_be_positive() {
        assert!(seconds("--interval", 0.0).is_err());
        assert!(seconds("--interval", -1.0).is_err());
        assert_eq!(
            seconds("--interval", 0.5).ok(),
            Some(Duration::from_millis(500))
        );
    }
}
