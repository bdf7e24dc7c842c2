//! The seeds' workflows as verbs: deliveries, upload requests and transfers, through the
//! SDK's typed handlers.

use accsyn_model::{
    DeliveryStatus, EntityId, JobStatus, Location, NewDelivery, NewRequest, NewTransfer,
};
use clap::{Args, Subcommand};
use serde_json::Value;

use super::Context;
use super::entities::columns_for;
use crate::error::{CliError, Exit};
use crate::output::to_json as json;

/// `accsyn delivery`.
#[derive(Debug, Subcommand)]
pub(crate) enum DeliveryCommand {
    /// Create a delivery: of files on storage (--file), or temporary (files uploaded later)
    Create {
        /// Its name
        name: String,
        /// Who receives it (an email or user id; repeat for more)
        #[arg(long = "recipient", value_name = "EMAIL")]
        recipients: Vec<String>,
        /// A file on storage to deliver, such as `share=projects/delivery/a.mov` (repeat for more)
        #[arg(long = "file", value_name = "PATH")]
        files: Vec<String>,
    },
    /// Submit it to its recipients (it needs a file and a recipient)
    Submit(JobId),
    /// Abort it
    Abort(JobId),
    /// Its recipients, and whether each has downloaded it
    Recipients(JobId),
}

/// `accsyn request`.
#[derive(Debug, Subcommand)]
pub(crate) enum RequestCommand {
    /// Ask someone to upload files to you
    Create {
        /// Its name
        name: String,
        /// Who is asked (an email or user id; repeat for more)
        #[arg(long = "recipient", value_name = "EMAIL")]
        recipients: Vec<String>,
        /// Where the files go, such as `share=projects/incoming`
        #[arg(long, value_name = "PATH")]
        destination: Option<String>,
        /// Create it without submitting it yet
        #[arg(long)]
        submit_later: bool,
    },
}

/// `accsyn transfer`.
#[derive(Debug, Subcommand)]
pub(crate) enum TransferCommand {
    /// Create a transfer of one file or folder
    Create {
        /// Where from, such as `share=projects/delivery/a.mov` (storage) or a desktop-app path
        #[arg(long, value_name = "PATH")]
        from: String,
        /// Where to, such as `/Volumes/EDIT/from_client/`
        #[arg(long, value_name = "PATH")]
        to: String,
        /// Its name (the first file's name when absent)
        #[arg(long)]
        name: Option<String>,
        /// Create it paused
        #[arg(long)]
        paused: bool,
    },
    /// Pause it
    Pause(JobId),
    /// Resume it
    Resume(JobId),
    /// Abort it
    Abort(JobId),
    /// Its tasks (files)
    Tasks {
        #[command(flatten)]
        job: JobId,
        /// Only tasks with this status, such as onhold or failed
        #[arg(long)]
        status: Option<String>,
    },
}

/// A job's id, as the argument of a verb.
#[derive(Debug, Args)]
pub(crate) struct JobId {
    /// The job's id (24 hex characters)
    id: String,
}

impl JobId {
    fn parse(&self) -> Result<EntityId, CliError> {
        self.id.parse().map_err(|e| {
            CliError::Usage(format!(
                "`{}` is not a job id ({e}); copy it from `accsyn find`",
                self.id
            ))
        })
    }
}

pub(crate) async fn delivery(command: DeliveryCommand, cx: &Context) -> Result<Exit, CliError> {
    let deliveries = cx.session.deliveries();
    match command {
        DeliveryCommand::Create {
            name,
            recipients,
            files,
        } => {
            let mut payload = if files.is_empty() {
                NewDelivery::temporary(name.clone())
            } else {
                NewDelivery::from_files(name.clone(), locations(&files)?, Vec::<String>::new())
            };
            for recipient in recipients {
                payload = payload.with_recipient(recipient);
            }
            let created = deliveries
                .create(&payload)
                .await
                .map_err(CliError::client(format!("create the delivery {name}")))?;
            cx.printer.one(&json(&created)?)?;
        }
        DeliveryCommand::Submit(id) => {
            let submitted = deliveries
                .submit(&id.parse()?)
                .await
                .map_err(CliError::client(format!("submit delivery {}", id.id)))?;
            cx.printer.one(&json(&submitted)?)?;
        }
        DeliveryCommand::Abort(id) => {
            let aborted = deliveries
                .set_status(&id.parse()?, DeliveryStatus::Aborted)
                .await
                .map_err(CliError::client(format!("abort delivery {}", id.id)))?;
            cx.printer.one(&json(&aborted)?)?;
        }
        DeliveryCommand::Recipients(id) => {
            let recipients =
                deliveries
                    .recipients(&id.parse()?)
                    .await
                    .map_err(CliError::client(format!(
                        "list the recipients of delivery {}",
                        id.id
                    )))?;
            cx.printer.list(
                as_list(&json(&recipients)?),
                &["user_hr", "user", "actioned"],
            )?;
        }
    }
    Ok(Exit::Ok)
}

pub(crate) async fn request(command: RequestCommand, cx: &Context) -> Result<Exit, CliError> {
    match command {
        RequestCommand::Create {
            name,
            recipients,
            destination,
            submit_later,
        } => {
            let mut payload = NewRequest::new(name.clone());
            if let Some(destination) = destination {
                payload = payload.with_destination(location(&destination)?);
            }
            for recipient in recipients {
                payload = payload.with_recipient(recipient);
            }
            if submit_later {
                payload = payload.submit_later();
            }
            let created = cx
                .session
                .requests()
                .create(&payload)
                .await
                .map_err(CliError::client(format!("create the request {name}")))?;
            cx.printer.one(&json(&created)?)?;
        }
    }
    Ok(Exit::Ok)
}

pub(crate) async fn transfer(command: TransferCommand, cx: &Context) -> Result<Exit, CliError> {
    let transfers = cx.session.transfers();
    let (id, status, verb) = match command {
        TransferCommand::Create {
            from,
            to,
            name,
            paused,
        } => {
            let mut payload = NewTransfer::single(Some(location(&from)?), Some(location(&to)?));
            if let Some(name) = name {
                payload = payload.with_name(name);
            }
            if paused {
                payload = payload.with_status(JobStatus::Paused);
            }
            let created = transfers
                .create(&payload)
                .await
                .map_err(CliError::client(format!(
                    "create a transfer from {from} to {to}"
                )))?;
            cx.printer.one(&json(&created)?)?;
            return Ok(Exit::Ok);
        }
        TransferCommand::Tasks { job, status } => {
            let id = job.parse()?;
            let find = match &status {
                Some(status) => transfers.find_tasks(&id, format!("status={status}").as_str()),
                None => transfers.tasks(&id),
            };
            let tasks = find.await.map_err(CliError::client(format!(
                "list the tasks of transfer {}",
                job.id
            )))?;
            cx.printer
                .list(as_list(&json(&tasks)?), columns_for("task"))?;
            return Ok(Exit::Ok);
        }
        TransferCommand::Pause(id) => (id, JobStatus::Paused, "pause"),
        TransferCommand::Resume(id) => (id, JobStatus::Waiting, "resume"),
        TransferCommand::Abort(id) => (id, JobStatus::Aborted, "abort"),
    };
    let changed = transfers
        .set_status(&id.parse()?, status)
        .await
        .map_err(CliError::client(format!("{verb} transfer {}", id.id)))?;
    cx.printer.one(&json(&changed)?)?;
    Ok(Exit::Ok)
}

fn location(text: &str) -> Result<Location, CliError> {
    text.parse()
        .map_err(|e| CliError::Usage(format!("`{text}` is not a path accsyn understands: {e}")))
}

fn locations(texts: &[String]) -> Result<Vec<Location>, CliError> {
    texts.iter().map(|t| location(t)).collect()
}

fn as_list(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}
