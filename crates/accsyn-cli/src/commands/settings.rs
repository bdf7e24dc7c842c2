//! `settings get|set|rm`: settings of the workspace or of one entity.

use clap::{Args, Subcommand};
use serde_json::Value;

use super::{Context, act};
use crate::error::{CliError, Exit};

/// `accsyn settings`.
#[derive(Debug, Subcommand)]
pub(crate) enum SettingsCommand {
    /// One setting, or every one that differs from the defaults
    Get {
        /// The setting's name; all of them when absent
        name: Option<String>,
        #[command(flatten)]
        owner: Owner,
    },
    /// Set a setting
    Set {
        /// The setting's name
        name: String,
        /// Its new value
        value: String,
        #[command(flatten)]
        owner: Owner,
    },
    /// Delete a setting (back to its default)
    Rm {
        /// The setting's name
        name: String,
        #[command(flatten)]
        owner: Owner,
    },
}

/// Whose settings: the workspace's unless an entity is named.
#[derive(Debug, Args)]
pub(crate) struct Owner {
    /// The entity type, such as queue or volume
    #[arg(long, default_value = "workspace")]
    entity_type: String,
    /// The entity's id (none for the workspace)
    #[arg(long)]
    id: Option<String>,
}

impl Owner {
    fn describe(&self) -> String {
        match &self.id {
            Some(id) => format!("{} {id}", self.entity_type),
            None => self.entity_type.clone(),
        }
    }
}

pub(crate) async fn run(command: SettingsCommand, cx: &Context) -> Result<Exit, CliError> {
    match command {
        SettingsCommand::Get { name, owner } => {
            let id = owner.id.as_deref();
            let answer = match &name {
                Some(name) => cx.session.get_setting(&owner.entity_type, id, name).await,
                None => cx.session.get_settings(&owner.entity_type, id).await,
            }
            .map_err(CliError::client(format!(
                "read the settings of {}",
                owner.describe()
            )))?;
            cx.printer.one(&answer)?;
        }
        SettingsCommand::Set { name, value, owner } => {
            let id = owner.id.as_deref();
            let call =
                cx.session
                    .set_setting(&owner.entity_type, id, &name, Value::String(value.clone()));
            let doing = format!("set {name} of {}", owner.describe());
            let sentence = format!("Set {name} of {} to {value}.", owner.describe());
            return act(cx, doing, sentence, async { call.await.map(Value::Bool) }).await;
        }
        SettingsCommand::Rm { name, owner } => {
            let id = owner.id.as_deref();
            let call = cx.session.delete_setting(&owner.entity_type, id, &name);
            let doing = format!("delete {name} of {}", owner.describe());
            let sentence = format!("Deleted {name} of {}.", owner.describe());
            return act(cx, doing, sentence, async { call.await.map(Value::Bool) }).await;
        }
    }
    Ok(Exit::Ok)
}
