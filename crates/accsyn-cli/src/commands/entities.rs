//! `find`, `get`, `create`, `update`, `delete`: the official client's calls on any entity type.

use clap::Args;
use serde_json::json;

use super::{Context, act};
use crate::error::{CliError, Exit};
use crate::input::JsonInput;

/// `accsyn find`.
#[derive(Debug, Args)]
pub(crate) struct FindArgs {
    /// The query, such as "Transfer WHERE status=failed", "User", "entitytypes"
    query: String,
    /// Return at most this many
    #[arg(long)]
    limit: Option<u64>,
    /// Skip this many first (pagination)
    #[arg(long)]
    skip: Option<u64>,
    /// Ask the server for only these attributes (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    attributes: Vec<String>,
    /// Search finished and aborted jobs instead of live ones
    #[arg(long)]
    finished: bool,
    /// Search the archive (deleted entities)
    #[arg(long)]
    archived: bool,
    /// Search deactivated users and shares
    #[arg(long)]
    inactive: bool,
    /// The parent entity's id (the job of tasks, the collection of files)
    #[arg(long, value_name = "ID")]
    parent: Option<String>,
}

/// `accsyn get`.
#[derive(Debug, Args)]
pub(crate) struct GetArgs {
    /// The entity type, such as transfer, delivery, user, volume
    entity_type: String,
    /// Its id
    id: String,
}

/// `accsyn create`.
#[derive(Debug, Args)]
pub(crate) struct CreateArgs {
    /// The entity type, such as delivery, user, volume, folder
    entity_type: String,
    #[command(flatten)]
    input: JsonInput,
    /// The parent entity's id (the job of tasks, the collection of files)
    #[arg(long, value_name = "ID")]
    parent: Option<String>,
    /// Let a job be created again with the same name
    #[arg(long)]
    allow_duplicates: bool,
}

/// `accsyn update`.
#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// The entity type
    entity_type: String,
    /// Its id
    id: String,
    #[command(flatten)]
    input: JsonInput,
}

/// `accsyn delete`.
#[derive(Debug, Args)]
pub(crate) struct DeleteArgs {
    /// The entity type
    entity_type: String,
    /// Its id
    id: String,
    /// Delete even what the server asks to confirm (a volume in use)
    #[arg(long)]
    force: bool,
}

impl FindArgs {
    /// Parses the query; its entity type picks the table's columns.
    pub(crate) fn check(&self) -> Result<accsyn_query::Query, CliError> {
        Ok(accsyn_query::parse(&self.query)?)
    }
}

pub(crate) async fn find(args: FindArgs, cx: &Context) -> Result<Exit, CliError> {
    let parsed = args.check()?;
    let mut find = cx.session.find(args.query.as_str());
    if let Some(limit) = args.limit {
        find = find.limit(limit);
    }
    if let Some(skip) = args.skip {
        find = find.skip(skip);
    }
    if !args.attributes.is_empty() {
        find = find.attributes(args.attributes);
    }
    if args.finished {
        find = find.finished(true);
    }
    if args.archived {
        find = find.archived(true);
    }
    if args.inactive {
        find = find.inactive(true);
    }
    if let Some(parent) = args.parent {
        find = find.parent(parent);
    }
    let found = find
        .await
        .map_err(CliError::client(format!("find `{}`", args.query)))?;
    cx.printer.list(&found, columns_for(parsed.entity_type()))?;
    Ok(Exit::Ok)
}

pub(crate) async fn get(args: GetArgs, cx: &Context) -> Result<Exit, CliError> {
    let found = cx
        .session
        .get_entity(&args.entity_type, &args.id)
        .await
        .map_err(CliError::client(format!(
            "get {} {}",
            args.entity_type, args.id
        )))?;
    match found {
        Some(entity) => {
            cx.printer.one(&entity)?;
            Ok(Exit::Ok)
        }
        None => Err(CliError::NotFound(format!(
            "no {} with id {} in this workspace; look for it with `accsyn find {}`",
            args.entity_type, args.id, args.entity_type
        ))),
    }
}

pub(crate) async fn create(args: CreateArgs, cx: &Context) -> Result<Exit, CliError> {
    let data = args.input.read()?;
    let mut create = cx.session.create(args.entity_type.as_str(), data);
    if let Some(parent) = args.parent {
        create = create.parent(parent);
    }
    if args.allow_duplicates {
        create = create.allow_duplicates(true);
    }
    let created = create
        .await
        .map_err(CliError::client(format!("create {}", args.entity_type)))?;
    cx.printer.one(&created)?;
    Ok(Exit::Ok)
}

pub(crate) async fn update(args: UpdateArgs, cx: &Context) -> Result<Exit, CliError> {
    let data = args.input.read()?;
    let updated = cx
        .session
        .update(&args.entity_type, &args.id, data)
        .await
        .map_err(CliError::client(format!(
            "update {} {}",
            args.entity_type, args.id
        )))?;
    cx.printer.one(&updated)?;
    Ok(Exit::Ok)
}

pub(crate) async fn delete(args: DeleteArgs, cx: &Context) -> Result<Exit, CliError> {
    let data = args.force.then(|| json!({"force": true}));
    let call = async {
        match data {
            Some(data) => {
                cx.session
                    .delete_one_with(&args.entity_type, &args.id, data)
                    .await
            }
            None => cx.session.delete_one(&args.entity_type, &args.id).await,
        }
    };
    let doing = format!("delete {} {}", args.entity_type, args.id);
    let sentence = format!("Deleted {} {}.", args.entity_type, args.id);
    act(cx, doing, sentence, call).await
}

/// The columns a table of this entity type shows unless `--fields` says otherwise: what
/// tells one entity from another at a glance.
pub(crate) fn columns_for(entity_type: &str) -> &'static [&'static str] {
    match entity_type.to_ascii_lowercase().as_str() {
        "user" => &["id", "code", "role", "status", "created"],
        "transfer" | "job" => &[
            "id", "name", "status", "progress", "size", "speed", "user_hr", "created",
        ],
        "delivery" | "request" => &["id", "name", "status", "size", "user_hr", "created"],
        "task" => &[
            "id",
            "uri",
            "status",
            "size",
            "source.path",
            "destination.path",
        ],
        "volume" | "folder" | "home" | "collection" | "share" => {
            &["id", "code", "type", "path", "status", "created"]
        }
        "acl" => &["id", "user_hr", "share_hr", "read", "write", "path"],
        "client" => &["id", "code", "type", "status", "user_hr"],
        _ => &[],
    }
}
