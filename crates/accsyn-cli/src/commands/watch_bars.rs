//! The bars `accsyn watch` draws on a terminal: one for the job (percent, size, speed, time
//! remaining), and one per task under it when asked.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::watch::{Look, details, task_name, task_status};

/// The job's bar spans percent; a task's spans its bytes (full once the task is done).
const JOB_TEMPLATE: &str = "{prefix:.bold} [{bar:32.green/white}] {percent:>3}% {msg}";
const TASK_TEMPLATE: &str = "  {prefix} [{bar:32.cyan/white}] {msg}";
/// Redraws a second at most this often: the job changes once per look anyway.
const REFRESH_HZ: u8 = 4;

/// The bars, drawn on stdout.
pub(crate) struct Bars {
    all: MultiProgress,
    job: ProgressBar,
    tasks: Vec<ProgressBar>,
}

impl Bars {
    pub(crate) fn new() -> Bars {
        let all = MultiProgress::with_draw_target(ProgressDrawTarget::stdout_with_hz(REFRESH_HZ));
        let job = all.add(ProgressBar::new(100).with_style(style(JOB_TEMPLATE)));
        Bars {
            all,
            job,
            tasks: Vec::new(),
        }
    }

    /// Moves the bars to this look; `ended` leaves them drawn as they are.
    pub(crate) fn show(&mut self, look: &Look, ended: bool) {
        let p = &look.progress;
        self.job.set_prefix(look.name.clone());
        let percent = match p.status.as_str() {
            "done" => 100,
            _ => p.percent.unwrap_or(0).clamp(0, 100),
        };
        self.job.set_position(percent.unsigned_abs());
        let mut msg = p.status.clone();
        for detail in details(p) {
            msg.push_str(&format!(" · {detail}"));
        }
        self.job.set_message(msg);
        for (index, task) in look.tasks.iter().enumerate() {
            if index == self.tasks.len() {
                let bar = ProgressBar::new(task.size.unwrap_or(0).max(1))
                    .with_style(style(TASK_TEMPLATE));
                self.tasks.push(self.all.add(bar));
            }
            let bar = &self.tasks[index];
            let status = task_status(task);
            bar.set_prefix(task_name(task));
            let length = bar.length().unwrap_or(1);
            bar.set_position(if status == "done" { length } else { 0 });
            bar.set_message(status);
        }
        if ended {
            self.job.abandon();
            for bar in &self.tasks {
                bar.abandon();
            }
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants checked by the tests: a bad one falls back to the default
    // bar rather than failing a watch.
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_valid() {
        for template in [JOB_TEMPLATE, TASK_TEMPLATE] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }
}
